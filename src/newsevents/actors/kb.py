"""The actor knowledge base: countries, organisations, people and role nouns, read from YAML.

In: the packaged YAML files under `actors/data/` plus any user files (same schema, see
docs/actors.md). Out: an `ActorKB` holding lookup dictionaries keyed by folded token tuples,
built once at load time so the resolver only does dictionary look-ups. A user file that cannot be
used raises `InputError(path, problem)` naming the entry at fault.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pycountry
import yaml

from newsevents.actors.text import deletions, fold, key_of, singular
from newsevents.errors import InputError, ResourceError
from newsevents.ontology import NON_STATE_CODES as ONTOLOGY_NON_STATE_CODES

DEFAULT_FILES: tuple[str, ...] = ("countries.yaml", "roles.yaml", "organisations.yaml", "people.yaml")
NON_STATE_CODES: frozenset[str] = ONTOLOGY_NON_STATE_CODES | {"---"}
"""Codes an actor may have besides a country's: the ontology's non-state codes, and '---' (unknown)."""
EXTRA_CODES: frozenset[str] = frozenset({"KOS"})
# Which kind of hit wins when one key names several things (lower wins).
KIND_RANK: dict[str, int] = {
    "person": 0, "org": 1, "pre": 2, "country": 3, "demonym": 4, "capital": 5, "city": 6, "role": 7,
}
_TOP_KEYS = frozenset(
    {"countries", "exclude", "partially_recognised", "organisations", "people", "roles", "sectors",
     "stopwords", "quantities", "prepositions", "given_names", "common_words"}
)
PREPOSITION_ROLES: frozenset[str] = frozenset({"fill", "agent", "none"})
_THE = re.compile(r"^the\s+", re.IGNORECASE)
_FLAG_WORDS: dict[str, bool] = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, except that only true/false are booleans.

    YAML 1.1 also reads yes/no/on/off (any case) as booleans, so a bare `on:` among the prepositions
    or `no` in a word list would silently become True/False. Here they stay the words they are;
    flag fields (`weak: true`) still take true/false, and `_flag` also accepts yes/no/on/off.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass(frozen=True, slots=True)
class Tenure:
    """One KB entry for a person or organisation, valid from `start` to `end` (inclusive)."""

    name: str
    code: str
    sector: str | None
    office: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None

    def valid_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Hit:
    """What a key names. `kind` is one of KIND_RANK; people and organisations carry tenures."""

    kind: str
    code: str | None = None
    sector: str | None = None
    weak: bool = False
    override: bool = False
    name: str | None = None
    tenures: tuple[Tenure, ...] = ()
    needs_owner: bool = False  # a role noun that is an actor only with an owner ("Russian aircraft")
    supporter: bool = False  # "supporters of X": civilians of X's country, not X

    @property
    def rank(self) -> int:
        return KIND_RANK[self.kind]

    @property
    def several(self) -> bool:
        """A person hit whose tenures belong to more than one person ("Bush", "Assad")."""
        return len({t.name for t in self.tenures}) > 1


@dataclass
class ActorKB:
    """Lookup tables of the actor knowledge base. Build it with `ActorKB.load()`."""

    index: dict[tuple[str, ...], list[Hit]] = field(default_factory=dict)
    acronyms: dict[tuple[str, ...], list[Hit]] = field(default_factory=dict)
    surnames: dict[str, Hit] = field(default_factory=dict)
    typos: dict[str, list[tuple[str, Hit]]] = field(default_factory=dict)
    sectors: frozenset[str] = frozenset()
    stopwords: frozenset[str] = frozenset()
    quantities: frozenset[str] = frozenset()
    given_names: frozenset[str] = frozenset()
    prepositions: dict[str, str] = field(default_factory=dict)
    # keys of names made only of ordinary lower-case words ("labour", "shell", "national front"):
    # they name the organisation only when capitalised in the text (True: only in capitals, "PLAN")
    cased: dict[tuple[str, ...], bool] = field(default_factory=dict)
    max_len: int = 1
    people: dict[str, list[Tenure]] = field(default_factory=dict)
    organisations: dict[str, list[Tenure]] = field(default_factory=dict)

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, extra: Iterable[Path | str] = (), *, defaults: bool = True) -> ActorKB:
        """Read the packaged YAML (unless `defaults` is False) and then each user file in order."""
        builder = _Builder()
        if defaults:
            base = resources.files("newsevents.actors") / "data"
            for name in DEFAULT_FILES:
                res = base / name
                try:
                    text = res.read_text(encoding="utf-8")
                except OSError as exc:
                    raise ResourceError(f"packaged actor file {name} is missing: {exc}") from exc
                builder.add_document(_parse(text, f"newsevents/actors/data/{name}"), f"actors/data/{name}")
        for path in extra:
            p = Path(path)
            try:
                text = p.read_text(encoding="utf-8")
            except OSError as exc:
                raise InputError(str(p), f"cannot read actor file: {exc.strerror or exc}") from exc
            builder.add_document(_parse(text, str(p)), str(p))
        return builder.build()

    # ------------------------------------------------------------------ look-ups
    def lookup(self, key: tuple[str, ...], upper: bool) -> list[Hit]:
        """Hits for a folded key; all-capital short acronyms only match when written in capitals."""
        hits = self.index.get(key, [])
        if upper:
            acr = self.acronyms.get(key)
            if acr:
                return acr + hits
        return hits

    def typo(self, word: str) -> Hit | None:
        """A country, demonym or city one edit away from `word` (only if unambiguous)."""
        if len(word) < 6:
            return None
        found: dict[str, Hit] = {}
        for variant in deletions(word) | {word}:
            for target, hit in self.typos.get(variant, []):
                found[target] = hit
        codes = {h.code for h in found.values()}
        if len(codes) == 1:
            return next(iter(found.values()))
        return None


def _merge(hits: list[Hit]) -> Hit:
    tenures = tuple(t for h in hits for t in h.tenures)
    return Hit("person", code=hits[0].code, sector=hits[0].sector, name=None, tenures=tenures)


def _parse(text: str, source: str) -> dict[str, Any]:
    try:
        doc = yaml.load(text, Loader=_Loader)  # a SafeLoader with fewer booleans
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise InputError(source, f"not valid YAML{where}: {getattr(exc, 'problem', exc)}") from exc
    if doc is None:
        return {}
    if not isinstance(doc, dict):
        raise InputError(source, "an actor file must be a mapping with keys such as 'people' or 'organisations'")
    unknown = set(doc) - _TOP_KEYS
    if unknown:
        raise InputError(source, f"unknown top-level key(s) {sorted(unknown)}; expected some of {sorted(_TOP_KEYS)}")
    return doc


def _date(value: Any, source: str, where: str, name: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int) and 1000 <= value <= 9999:
        return dt.date(value, 1, 1)
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise InputError(source, f"{where} ({name}): '{value}' is not a date (use YYYY-MM-DD)") from exc


def _strings(value: Any, source: str, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, bool) or (isinstance(value, list) and any(isinstance(v, bool) for v in value)):
        raise InputError(source, f"{where}: {value!r} holds a YAML boolean where a word is expected; "
                                 "quote the word (\"true\", \"false\")")
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str | int) for v in value):
        return [str(v) for v in value]
    raise InputError(source, f"{where}: expected a list of names, got {value!r}")


def _flag(value: Any, source: str, where: str) -> bool:
    """A yes/no field ("weak: true"); anything but a boolean or yes/no/on/off fails loudly."""
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, str) and value.lower() in _FLAG_WORDS:
        return _FLAG_WORDS[value.lower()]
    raise InputError(source, f"{where}: expected true or false, got {value!r}")


def _word(value: Any, source: str, where: str) -> str:
    """A mapping key or value that must be a word (a preposition, a role): never a YAML boolean."""
    if isinstance(value, bool) or not isinstance(value, str) or not value.strip():
        raise InputError(source, f"{where}: expected a word, got {value!r}"
                                 + ("; quote it" if isinstance(value, bool) else ""))
    return value.strip()


def _letters(name: str) -> str:
    """The letters of a name without a leading "the" ("the UN" -> "UN")."""
    return "".join(c for c in _THE.sub("", name.strip()) if c.isalpha())


def _all_capitals(name: str) -> bool:
    """Whether a name is written in capitals ("PLAN", "the UN", "U.N.")."""
    letters = _letters(name)
    return bool(letters) and letters.isupper()


class _Builder:
    """Collects entries from YAML documents, validates them and builds the lookup tables."""

    def __init__(self) -> None:
        self.country_codes: set[str] = {c.alpha_3 for c in pycountry.countries} | EXTRA_CODES
        self.excluded: set[str] = set()
        self.sectors: set[str] = set()
        self.stopwords: set[str] = set()
        self.quantities: set[str] = set()
        self.given_names: set[str] = set()
        self.prepositions: dict[str, str] = {}
        self.common_words: set[str] = set()
        self.role_words: set[str] = set()
        self.name_keys: dict[tuple[str, ...], list[str]] = defaultdict(list)  # key -> names written
        self.index: dict[tuple[str, ...], list[Hit]] = defaultdict(list)
        self.acronyms: dict[tuple[str, ...], list[Hit]] = defaultdict(list)
        self.people: dict[str, list[Tenure]] = defaultdict(list)
        self.orgs: dict[str, list[Tenure]] = defaultdict(list)
        self.people_aliases: dict[str, set[str]] = defaultdict(set)
        self.org_aliases: dict[str, set[str]] = defaultdict(set)
        self.typo_names: list[tuple[str, Hit]] = []
        self.pycountry_done = False

    # ---------------------------------------------------------------- helpers
    def _add(self, name: str, hit: Hit, *, lemma: bool = False) -> None:
        key = key_of(name)
        if not key:
            return
        if hit.kind == "role":
            self.role_words.update(key)
        else:
            self.name_keys[key].append(name)
        # short acronyms ("UN", "U.N.", "the UN", "MS13") match only when written in capitals
        short = len(key) == 1 and len(_letters(name)) <= 3 and _all_capitals(name)
        bucket = self.acronyms[key] if short else self.index[key]
        if hit not in bucket:
            bucket.append(hit)
        if lemma:
            lkey = key[:-1] + (singular(key[-1]),)
            if lkey != key and hit not in self.index[lkey]:
                self.index[lkey].append(hit)
                if hit.kind != "role":
                    self.name_keys[lkey].append(name)

    def _code(self, code: Any, source: str, where: str) -> str:
        if not isinstance(code, str) or not (code in self.country_codes or code in NON_STATE_CODES):
            raise InputError(source, f"{where}: unknown code {code!r} (ISO 3166 alpha-3, KOS, or one of "
                                     f"{sorted(NON_STATE_CODES)})")
        return code

    def _sector(self, sector: Any, source: str, where: str) -> str | None:
        if sector is None or sector == "":
            return None
        if not isinstance(sector, str) or (self.sectors and sector not in self.sectors):
            raise InputError(source, f"{where}: unknown sector {sector!r}")
        return sector

    # ---------------------------------------------------------------- sections
    def add_document(self, doc: Mapping[str, Any], source: str) -> None:
        for sector in _strings(doc.get("sectors"), source, "sectors"):
            self.sectors.add(sector)
        self.stopwords.update(w.lower() for w in _strings(doc.get("stopwords"), source, "stopwords"))
        self.quantities.update(w.lower() for w in _strings(doc.get("quantities"), source, "quantities"))
        self.given_names.update(w.lower() for w in _strings(doc.get("given_names"), source, "given_names"))
        for word in _strings(doc.get("common_words"), source, "common_words"):
            self.common_words.update(key_of(word))
        preps = doc.get("prepositions") or {}
        if not isinstance(preps, dict):
            raise InputError(source, "prepositions: expected a mapping word -> fill|agent|none")
        for word, role in preps.items():
            where = f"prepositions.{word}"
            word = _word(word, source, where).lower()  # a bare `on:` would be True in YAML 1.1
            role = _word(role, source, where)
            if role not in PREPOSITION_ROLES:
                raise InputError(source, f"{where}: expected one of {sorted(PREPOSITION_ROLES)}, got {role!r}")
            self.prepositions[word] = role
        self.excluded.update(_strings(doc.get("exclude"), source, "exclude"))
        self._countries(doc.get("countries"), source)
        self._partial(doc.get("partially_recognised"), source)
        self._roles(doc.get("roles"), source)
        self._entries(doc.get("organisations"), source, "organisations")
        self._entries(doc.get("people"), source, "people")

    def _countries(self, section: Any, source: str) -> None:
        if section is None:
            return
        if not isinstance(section, dict):
            raise InputError(source, "countries: expected a mapping CODE -> {names, demonyms, capitals, cities}")
        if not self.pycountry_done:
            self._pycountry()
        for code, body in section.items():
            where = f"countries.{code}"
            code = self._code(code, source, where)
            if body is None:
                continue
            if not isinstance(body, dict):
                raise InputError(source, f"{where}: expected a mapping with names/demonyms/capitals/cities")
            unknown = set(body) - {"names", "demonyms", "capitals", "cities"}
            if unknown:
                raise InputError(source, f"{where}: unknown field(s) {sorted(unknown)}")
            for kind, field_name in (("country", "names"), ("demonym", "demonyms"),
                                     ("capital", "capitals"), ("city", "cities")):
                # a capital as an actor is its government ("Moscow said"), another city its people
                sector = {"capital": "GOV", "city": "CVL"}.get(kind)
                for name in _strings(body.get(field_name), source, f"{where}.{field_name}"):
                    hit = Hit(kind, code=code, sector=sector, name=name)
                    self._add(name, hit, lemma=kind == "demonym")
                    if kind != "capital" and len(key_of(name)) == 1:
                        self.typo_names.append((key_of(name)[0], hit))

    def _pycountry(self) -> None:
        self.pycountry_done = True
        for country in pycountry.countries:
            if country.alpha_3 in self.excluded:
                continue
            for attr in ("name", "official_name", "common_name"):
                name = getattr(country, attr, None)
                if name and "," not in name:
                    hit = Hit("country", code=country.alpha_3, name=name)
                    self._add(name, hit)
                    if len(key_of(name)) == 1:
                        self.typo_names.append((key_of(name)[0], hit))

    def _partial(self, section: Any, source: str) -> None:
        if section is None:
            return
        if not isinstance(section, list):
            raise InputError(source, "partially_recognised: expected a list of {name, code, aliases}")
        for i, body in enumerate(section):
            where = f"partially_recognised[{i}]"
            if not isinstance(body, dict) or not isinstance(body.get("name"), str):
                raise InputError(source, f"{where}: each entry needs a 'name'")
            code = self._code(body.get("code"), source, f"{where} ({body['name']})")
            hit = Hit("pre", code=code, sector="PRE", name=body["name"])
            for name in [body["name"], *_strings(body.get("aliases"), source, where)]:
                self._add(name, hit)

    def _roles(self, section: Any, source: str) -> None:
        if section is None:
            return
        if not isinstance(section, list):
            raise InputError(source, "roles: expected a list of {sector, nouns, weak, code, override, "
                                     "needs_owner, supporter}")
        for i, body in enumerate(section):
            where = f"roles[{i}]"
            if not isinstance(body, dict) or "nouns" not in body:
                raise InputError(source, f"{where}: each role group needs 'nouns'")
            unknown = set(body) - {"sector", "nouns", "weak", "code", "override", "needs_owner", "supporter"}
            if unknown:
                raise InputError(source, f"{where}: unknown field(s) {sorted(unknown)}")
            sector = self._sector(body.get("sector"), source, where)
            code = self._code(body["code"], source, where) if body.get("code") else None
            hit = Hit("role", code=code, sector=sector, weak=_flag(body.get("weak"), source, f"{where}.weak"),
                      override=_flag(body.get("override"), source, f"{where}.override"),
                      needs_owner=_flag(body.get("needs_owner"), source, f"{where}.needs_owner"),
                      supporter=_flag(body.get("supporter"), source, f"{where}.supporter"))
            for noun in _strings(body.get("nouns"), source, f"{where}.nouns"):
                self._add(noun, dataclasses.replace(hit, name=noun), lemma=True)

    def _entries(self, section: Any, source: str, what: str) -> None:
        if section is None:
            return
        if not isinstance(section, list):
            raise InputError(source, f"{what}: expected a list of entries")
        person = what == "people"
        allowed = {"name", "aliases", "country" if person else "code", "sector", "office", "start", "end"}
        for i, body in enumerate(section):
            where = f"{what}[{i}]"
            if not isinstance(body, dict) or not isinstance(body.get("name"), str) or not body["name"].strip():
                raise InputError(source, f"{where}: each entry needs a 'name'")
            name = body["name"].strip()
            unknown = set(body) - allowed
            if unknown:
                raise InputError(source, f"{where} ({name}): unknown field(s) {sorted(unknown)}; "
                                         f"allowed: {sorted(allowed)}")
            code_field = "country" if person else "code"
            if code_field not in body:
                raise InputError(source, f"{where} ({name}): missing '{code_field}'")
            code = self._code(body[code_field], source, f"{where} ({name})")
            sector = self._sector(body.get("sector"), source, f"{where} ({name})")
            start = _date(body.get("start"), source, f"{where}.start", name)
            end = _date(body.get("end"), source, f"{where}.end", name)
            if start and end and end < start:
                raise InputError(source, f"{where} ({name}): end {end} is before start {start}")
            office = body.get("office")
            if office is not None and not isinstance(office, str):
                raise InputError(source, f"{where} ({name}): 'office' must be text")
            tenure = Tenure(name, code, sector, office, start, end)
            (self.people if person else self.orgs)[name].append(tenure)
            aliases = self.people_aliases if person else self.org_aliases
            aliases[name].add(name)
            aliases[name].update(_strings(body.get("aliases"), source, f"{where}.aliases"))

    # ---------------------------------------------------------------- output
    def build(self) -> ActorKB:
        given = self.given_names
        by_surname: dict[str, list[Hit]] = defaultdict(list)
        for kind, table, alias_table in (("org", self.orgs, self.org_aliases),
                                         ("person", self.people, self.people_aliases)):
            for name, tenures in table.items():
                hit = Hit(kind, code=tenures[0].code, sector=tenures[0].sector, name=name,
                          tenures=tuple(tenures))
                for alias in alias_table[name]:
                    key = key_of(alias)
                    if kind == "person" and len(key) == 1 and key[0] in given:
                        continue  # a common given name alone never names one person
                    self._add(alias, hit)
                    last_word = fold(alias).split()[-1] if alias.split() else ""
                    if (kind == "person" and len(key) >= 2 and len(key[-1]) >= 4 and key[-1] not in given
                            and "-" not in last_word and hit not in by_surname[key[-1]]):
                        by_surname[key[-1]].append(hit)  # "Kim Il-sung": "sung" is not a surname
        # one key naming several people ("Assad": Hafez and Bashar) becomes one hit with all their
        # tenures; the resolver picks among them by date and title
        for key, hits in self.index.items():
            people = [h for h in hits if h.kind == "person"]
            if len(people) > 1:
                merged = _merge(people)
                self.index[key] = [merged] + [h for h in hits if h.kind != "person"]
        surnames: dict[str, Hit] = {}
        for last, hits in by_surname.items():
            if (last,) not in self.index and (last,) not in self.acronyms:
                surnames[last] = hits[0] if len(hits) == 1 else _merge(hits)
        typos: dict[str, list[tuple[str, Hit]]] = defaultdict(list)
        for word, hit in self.typo_names:
            if len(word) < 6:
                continue
            for variant in deletions(word) | {word}:
                typos[variant].append((word, hit))
        for hits in self.index.values():
            hits.sort(key=lambda h: h.rank)
        lengths = [len(k) for k in self.index] + [len(k) for k in self.acronyms]
        return ActorKB(
            cased=self._cased(),
            index=dict(self.index), acronyms=dict(self.acronyms), surnames=surnames, typos=dict(typos),
            sectors=frozenset(self.sectors), stopwords=frozenset(self.stopwords),
            quantities=frozenset(self.quantities), given_names=frozenset(given), prepositions=dict(self.prepositions),
            max_len=max(lengths, default=1), people=dict(self.people), organisations=dict(self.orgs),
        )

    def _cased(self) -> dict[tuple[str, ...], bool]:
        """Name keys made only of ordinary lower-case words, and whether they need all capitals.

        Ordinary words are the `common_words` plus every word of a role noun, stopword, quantity or
        preposition: "Labour", "Shell", "National Front", "the Alliance" must be capitalised to name
        the organisation ("its labour market", "four shell bombs", "the ruling alliance" must not),
        and a name written only in capitals ("PLAN", "MODEL") must be written so.
        """
        vocab = self.common_words | self.role_words | self.stopwords | self.quantities | set(self.prepositions)
        cased: dict[tuple[str, ...], bool] = {}
        for key, names in self.name_keys.items():
            if all(w in vocab or singular(w) in vocab for w in key):
                cased[key] = all(_all_capitals(n) for n in names)
        return cased
