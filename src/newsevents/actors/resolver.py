"""Resolve a noun phrase from a news sentence to a PLOVER actor.

In: a noun phrase as written ("Italy's Home Affairs Minister Matteo Salvini", "the Libyan coastguard",
"16 EU leaders", "a ship operated by German organisation Mission Lifeline"), optionally the article
date (people and groups change office) and a context hint naming a country.
Out: `Entity(code, sector, entity_text, entity_name, office)` or None when the phrase names no actor.

How: the phrase is tokenised (accents, case, curly apostrophes and possessives folded), KB names are
matched longest-first, the phrase is cut at commas (appositions) and prepositions ("leaders of the
EU-28", "police in Kyiv"), and each piece is read from its head noun: people and organisations carry
their own coding; role nouns give the sector; demonyms, countries, capitals and organisations before
the head give the country. Weak heads ("officials", "leaders", "members", "spokesman") take their
sector from a modifier or an "of" complement. "former"/"ex" gives ELI. Namesakes are told apart by
title and date; quantity heads, plural demonyms, owned hardware and "supporters of X" have their own
rules (docs/actors.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from newsevents.actors.kb import NON_STATE_CODES, ActorKB, Hit, Tenure
from newsevents.actors.text import Tok, tokenize
from newsevents.record import Entity

_NAME_KINDS = frozenset({"person", "org", "pre", "country", "demonym", "capital", "city"})
_PLACE_KINDS = frozenset({"pre", "country", "demonym", "capital", "city"})
_CACHE_LIMIT = 50_000
_BACKING = frozenset({"backed", "funded", "supported", "sponsored", "trained", "allied", "aligned", "linked",
                      "affiliated", "armed", "inspired", "friendly", "proxy"})
# "pro-Iranian Hizbollah", "anti-Syria journalist": the place after these is not the actor's country
_LEANING = frozenset({"pro", "anti"})


@dataclass(slots=True)
class _Item:
    """A matched span (`hit` set) or a single unmatched token classified by `kind`."""

    kind: str  # "hit", "word", "stop", "qty", "prep", "conj"
    toks: tuple[Tok, ...]
    hit: Hit | None = None


@dataclass(slots=True)
class _Reading:
    """What one piece of the phrase says about the actor."""

    code: str | None = None
    sector: str | None = None
    name: str | None = None
    office: str | None = None
    weak: bool = False
    person: bool = False
    eli: bool = False
    place: bool = False  # a bare place: as a complement it gives a country, not a sector
    unowned: bool = False  # hardware or a place noun still waiting for its owner ("the aircraft")


class ActorResolver:
    """Turns noun phrases into PLOVER entities using an `ActorKB` (the packaged one by default)."""

    def __init__(self, kb: ActorKB | None = None) -> None:
        self.kb = kb if kb is not None else ActorKB.load()
        self._cache: dict[tuple[str, dt.date | None, str | None], tuple[str, str | None, str | None,
                                                                          str | None] | None] = {}
        self._office_keys: dict[str, tuple[str, ...]] = {}

    # ------------------------------------------------------------------ public
    def resolve(self, text: str, on_date: dt.date | None = None, *, context: str | None = None) -> Entity | None:
        """The PLOVER coding of `text`, or None if it names no actor.

        `on_date` picks the KB entry valid at the article's date; `context` (e.g. "Mexican") supplies
        a country when the phrase itself names none.
        """
        key = (text, on_date, context)
        if key in self._cache:
            cached = self._cache[key]
        else:
            cached = self._resolve(text, on_date, context)
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            self._cache[key] = cached
        if cached is None:
            return None
        code, sector, name, office = cached
        return Entity(code=code, sector=sector, entity_text=text, entity_name=name, office=office)

    def country_of(self, word: str) -> str | None:
        """ISO3 code of a country name, alias or demonym ("Libyan", "Libya's", "U.S."), else None."""
        toks = [t for t in tokenize(word) if t is not None]
        if not toks:
            return None
        key = tuple(t.norm for t in toks)
        upper = all(t.upper for t in toks)
        for k in (key, key[:-1] + (toks[-1].lemma,)):
            for hit in self.kb.lookup(k, upper):
                if hit.kind in ("country", "demonym", "pre") and hit.code:
                    return hit.code
        return None

    def sector_of(self, noun: str) -> str | None:
        """PLOVER sector of a role noun or lemma ("minister" -> GOV, "troops" -> MIL), else None."""
        toks = [t for t in tokenize(noun) if t is not None]
        if not toks:
            return None
        key = tuple(t.norm for t in toks)
        for k in (key, key[:-1] + (toks[-1].lemma,)):
            for hit in self.kb.index.get(k, []):
                if hit.kind == "role" and hit.sector:
                    return hit.sector
        return None

    # ------------------------------------------------------------------ core
    def _resolve(self, text: str, day: dt.date | None,
                 context: str | None) -> tuple[str, str | None, str | None, str | None] | None:
        toks = tokenize(text)
        if not toks:
            return None
        lower_only = not any(t is not None and t.cap for t in toks)
        parts: list[list[Tok]] = [[]]
        for t in toks:
            if t is None:
                parts.append([])
            else:
                parts[-1].append(t)
        scanned = [self._scan(p, lower_only) for p in parts if p]
        titles = _Titles(
            {it.hit.sector for items in scanned for it in items
             if it.hit is not None and it.hit.kind == "role" and it.hit.sector},
            [tuple(t.norm for t in it.toks[:-1]) + (it.toks[-1].lemma,) for items in scanned for it in items
             if it.hit is not None and it.hit.kind == "role" and not it.hit.override],
        )
        readings = [r for r in (self._read_part(items, day, titles) for items in scanned) if r is not None]
        if not readings:
            reading = None
        else:
            people = [r for r in readings if r.person]
            reading = people[0] if people else readings[0]
            for other in readings:
                if other is reading:
                    continue
                if reading.code is None and other.code is not None:
                    reading.code = other.code
                if reading.sector is None and other.sector is not None and not reading.person:
                    reading.sector = other.sector
        if context and (reading is None or reading.code is None):
            hint = self._context_code(context)
            if hint and reading is not None:
                reading.code = hint
        if reading is None or (reading.code is None and reading.sector is None):
            return None
        sector = "ELI" if reading.eli else reading.sector
        return reading.code or "---", sector, reading.name, reading.office

    def _context_code(self, context: str) -> str | None:
        for items in [self._scan([t for t in tokenize(context) if t is not None], False)]:
            for it in reversed(items):
                if it.hit is not None and it.hit.code and it.hit.kind in _NAME_KINDS:
                    return it.hit.code
        return None

    # ------------------------------------------------------------------ scanning
    def _scan(self, toks: list[Tok], lower_only: bool) -> list[_Item]:
        kb = self.kb
        items: list[_Item] = []
        n = len(toks)
        i = 0
        while i < n:
            found: _Item | None = None
            for length in range(min(kb.max_len, n - i), 0, -1):
                span = toks[i : i + length]
                if length == 1 and (span[0].norm in kb.stopwords or span[0].norm in kb.prepositions):
                    break
                hit = self._match(span, lower_only)
                if hit is not None and length == 1 and hit.kind == "person" and self._part_of_name(toks, i, items):
                    hit = None  # "Bashir Gemayel": one word of someone else's name
                if hit is not None:
                    found = _Item("hit", tuple(span), hit)
                    break
            if found is None:
                found = self._classify(toks, i, items)
            items.append(found)
            i += len(found.toks)
        return items

    def _match(self, span: list[Tok], lower_only: bool) -> Hit | None:
        kb = self.kb
        upper = all(t.upper for t in span)
        key = tuple(t.norm for t in span)
        hits = kb.lookup(key, upper)
        if not hits and span[-1].lemma != span[-1].norm:
            key = key[:-1] + (span[-1].lemma,)
            hits = kb.lookup(key, upper)
        if not hits:
            return None
        # A name must be capitalised in the text; in an all-lower-case phrase any name may match,
        # except one made of ordinary words ("its labour market", "four shell bombs").
        capitals = kb.cased.get(key)
        if capitals is None:
            capitalised = lower_only or any(t.cap for t in span)
        else:
            capitalised = upper if capitals else any(t.cap for t in span)
        best: Hit | None = None
        for hit in hits:
            if hit.kind in _NAME_KINDS and not capitalised:
                continue
            if best is None or hit.rank < best.rank:
                best = hit
        return best

    def _classify(self, toks: list[Tok], i: int, items: list[_Item]) -> _Item:
        kb = self.kb
        tok = toks[i]
        if tok.norm in kb.prepositions:
            return _Item("prep", (tok,))
        if tok.norm in ("and", "or", "&"):
            return _Item("conj", (tok,))
        if tok.norm in kb.stopwords:
            return _Item("stop", (tok,))
        if tok.norm.isdigit() or tok.norm in kb.quantities or _ordinal(tok.norm):
            return _Item("qty", (tok,))
        if tok.cap:
            prev_name = bool(items) and items[-1].kind == "word" and items[-1].toks[-1].cap
            next_name = i + 1 < len(toks) and toks[i + 1].cap and not self._known(toks[i + 1])
            if not prev_name and not next_name:
                hit = kb.surnames.get(tok.norm)
                if hit is not None:
                    return _Item("hit", (tok,), hit)
            if not prev_name and not next_name:
                hit = kb.typo(tok.norm) or kb.typo(tok.lemma)
                if hit is not None:
                    return _Item("hit", (tok,), hit)
        return _Item("word", (tok,))

    def _known(self, tok: Tok) -> bool:
        return bool(self.kb.lookup((tok.norm,), tok.upper) or self.kb.index.get((tok.lemma,)))

    def _part_of_name(self, toks: list[Tok], i: int, items: list[_Item]) -> bool:
        """Whether the capitalised word at `i` sits next to an unknown capitalised word (a longer name)."""
        if not toks[i].cap:
            return False
        if items and items[-1].kind == "word" and items[-1].toks[-1].cap:
            return True
        return i + 1 < len(toks) and toks[i + 1].cap and not self._known(toks[i + 1])

    # ------------------------------------------------------------------ reading
    def _read_part(self, items: list[_Item], day: dt.date | None, titles: _Titles) -> _Reading | None:
        segments: list[tuple[str | None, list[_Item]]] = [(None, [])]
        for it in items:
            if it.kind == "prep":
                segments.append((it.toks[0].norm, []))
            else:
                segments[-1][1].append(it)
        eli = any(it.hit is not None and it.hit.override for it in items)
        head_seg = next((seg for _, seg in segments if any(it.kind in ("hit", "word") for it in seg)), [])
        # "supporters of former President Ben Bella": civilians of his country, not the person
        supporters = any(it.hit is not None and it.hit.supporter for it in head_seg)
        # A person named anywhere in the phrase is the actor ("Deputy Minister of Defense ... Kartapolov").
        for it in items if not supporters else head_seg:
            if it.hit is not None and it.hit.kind == "person":
                reading = self._person(it.hit, day, titles)
                if reading is None:
                    continue
                reading.eli = reading.eli or eli
                return reading
        if supporters:
            eli = False
        primary: _Reading | None = None
        started = False
        for prep, seg in segments:
            role = self.kb.prepositions.get(prep, "none") if prep else "head"
            if not started:
                if not any(it.kind in ("hit", "word") for it in seg):
                    continue  # "Several of ...", "some of ..."
                started = True
                primary = self._read_segment(seg, day, titles)
                if primary is None and role == "head":
                    # the head is not an actor; only an agent ("operated by X") can still name one
                    continue
                continue
            comp = self._read_segment(seg, day, titles)
            if comp is None:
                continue
            if primary is None:
                if role == "agent":
                    primary = comp
                    break
                continue
            if role == "fill":
                if comp.place:
                    comp.sector = None  # "officials in Kharkiv": the city's people are not the actor
                if primary.weak and comp.sector is not None:
                    primary.sector = comp.sector
                    primary.weak = False
                    if comp.code is not None:
                        primary.code = comp.code
                if primary.code is None and comp.code is not None:
                    primary.code = comp.code
                if primary.sector is None and comp.sector is not None:
                    primary.sector = comp.sector
        if primary is not None:
            if primary.unowned and primary.code is None:
                return None
            primary.eli = primary.eli or eli
        return primary

    def _read_segment(self, seg: list[_Item], day: dt.date | None, titles: _Titles) -> _Reading | None:
        content = [it for it in seg if it.kind in ("hit", "word")]
        if not content:
            return None
        # trailing unknown capitalised words after a title or organisation are a name
        end = len(content)
        while end > 0 and content[end - 1].kind == "word" and content[end - 1].toks[0].cap:
            end -= 1
        if end == 0:
            return None  # an unknown proper name
        body = content[:end]
        named = end < len(content)
        head_idx = len(body) - 1
        head = body[head_idx]
        if head.hit is None:
            # unknown head noun: fall back to a role or organisation before it ("army accountant")
            for j in range(head_idx - 1, -1, -1):
                cand = body[j].hit
                if cand is not None and cand.kind in ("role", "org"):
                    head_idx, head = j, body[j]
                    break
            else:
                return None
        hit = head.hit
        assert hit is not None
        # "Iranian-backed militias", "pro-Iranian Hizbollah": a backer is not the actor's country
        backers = {id(seg[k - 1]) for k in range(1, len(seg))
                   if seg[k].kind == "stop" and seg[k].toks[0].norm in _BACKING}
        backers.update(id(seg[k + 1]) for k in range(len(seg) - 1)
                       if seg[k].kind == "stop" and seg[k].toks[0].norm in _LEANING)
        mods = [it.hit for it in body[:head_idx] if it.hit is not None and id(it) not in backers]
        if hit.kind == "org":
            reading = self._org(hit, day)
            owners = [m for m in mods if m.kind in _PLACE_KINDS and m.code]
            if owners and reading.code not in NON_STATE_CODES and owners[-1].code != reading.code:
                reading.code, reading.name = owners[-1].code, None  # "Nigeria's House of Representatives"
            return reading
        if hit.kind == "person":
            return self._person(hit, day, titles)  # "supporters of Ben Bella": the complement
        if hit.kind == "pre":
            return _Reading(code=hit.code, sector="PRE", name=hit.name)
        if hit.kind in _PLACE_KINDS:
            if named and hit.kind in ("country", "capital", "city") and head_idx == len(body) - 1:
                return None  # "Jordan Peterson", "Sofia Ortiz": a person's name, not the place
            sector = hit.sector
            roles = [m for m in mods if m.kind == "role" and m.sector and not m.override]
            if roles:
                sector = roles[-1].sector
            elif hit.kind == "demonym" and head.toks[-1].norm != head.toks[-1].lemma:
                sector = "CVL"  # a plural demonym is people: "Palestinians", "young Algerians"
            return _Reading(code=hit.code, sector=sector, place=not roles)
        if named and hit.sector == "UNK":
            return None  # "He Zhihua": an unknown name, not a pronoun
        # a role noun
        reading = _Reading(sector=hit.sector, weak=hit.weak)
        org_mods = [self._org(m, day) for m in mods if m.kind == "org"]
        place_mods = [m for m in mods if m.kind in _PLACE_KINDS]
        if org_mods:
            org = org_mods[-1]
            reading.code, reading.name = org.code, org.name
            if org.sector is not None and not hit.supporter:  # "Hezbollah supporters" are civilians
                reading.sector, reading.weak = org.sector, False
        elif place_mods:
            reading.code = place_mods[-1].code
        elif hit.code is not None:
            reading.code = hit.code
        elif hit.needs_owner:
            reading.unowned = True  # "the aircraft": an actor only if an owner turns up ("... of Russia")
        if reading.weak:
            sectors = [m.sector for m in mods if m.kind in ("role", "capital") and m.sector and not m.override]
            if sectors:
                reading.sector, reading.weak = sectors[-1], False
        return reading

    def _org(self, hit: Hit, day: dt.date | None) -> _Reading:
        tenure = _pick(hit.tenures, day, set())
        if tenure is None:
            tenure = _nearest(hit.tenures, day)
        return _Reading(code=tenure.code, sector=tenure.sector, name=tenure.name)

    def _person(self, hit: Hit, day: dt.date | None, titles: _Titles) -> _Reading | None:
        tenures = hit.tenures

        def titled(t: Tenure) -> bool:
            return t.office is not None and any(self._office_fits(t.office, o) for o in titles.offices)

        if hit.several:
            # namesakes ("President Bush"): the title decides who, then the date
            if titles.offices:
                tenures = tuple(t for t in tenures if titled(t)) or tenures
            tenures = _one_person(tenures, day)
            if not tenures:
                return None  # several people of different countries, nothing to choose by
        tenure = _pick(tenures, day, titles.sectors, titled if titles.offices else None)
        if tenure is not None:
            return _Reading(code=tenure.code, sector=tenure.sector, name=tenure.name, office=tenure.office,
                            person=True)
        assert day is not None
        past = [t for t in tenures if t.end is not None and t.end < day]
        if past:
            last = max(past, key=lambda t: t.end or dt.date.min)
            office = f"former {last.office}" if last.office else None
            return _Reading(code=last.code, sector="ELI", name=last.name, office=office, person=True)
        # not yet in office: a title in the phrase ("President X") still says what they are
        first = _nearest(tenures, day)
        sector = next(iter(titles.sectors)) if len(titles.sectors) == 1 else None
        return _Reading(code=first.code, sector=sector, name=first.name, person=True)

    def _office_fits(self, office: str, title: tuple[str, ...]) -> bool:
        """Whether a title in the phrase ("president", "foreign minister") names this office."""
        words = self._office_keys.get(office)
        if words is None:
            words = self._office_keys[office] = tuple(t.lemma for t in tokenize(office) if t is not None)
        if words[: len(title)] == title:
            return True
        return len(title) > 1 and set(title) <= set(words)


@dataclass(slots=True)
class _Titles:
    """Titles in a phrase: their sectors ("Senator" -> LEG) and their words ("prime minister")."""

    sectors: set[str]
    offices: list[tuple[str, ...]]


def _one_person(tenures: tuple[Tenure, ...], day: dt.date | None) -> tuple[Tenure, ...]:
    """The tenures of one person among namesakes: the one in office on `day`, else the one who left office
    last, else the one nearest to it; with no date the latest, but only if all are of one country."""
    if day is None:
        if len({t.code for t in tenures}) > 1:
            return ()
        chosen = max(tenures, key=lambda t: t.start or dt.date.min).name
    else:
        valid = [t for t in tenures if t.valid_on(day)]
        past = [t for t in tenures if t.end is not None and t.end < day]
        if valid:
            chosen = max(valid, key=lambda t: t.start or dt.date.min).name
        elif past:  # the one most recently in office is now the former official
            chosen = max(past, key=lambda t: t.end or dt.date.min).name
        else:
            chosen = _nearest(tenures, day).name
    return tuple(t for t in tenures if t.name == chosen)


def _pick(tenures: tuple[Tenure, ...], day: dt.date | None, sectors: set[str],
          titled: Callable[[Tenure], bool] | None = None) -> Tenure | None:
    """The tenure valid on `day` (any if no day), preferring one whose office the phrase's title names,
    then one whose sector a title gives, then the latest."""
    pool = list(tenures) if day is None else [t for t in tenures if t.valid_on(day)]
    if not pool:
        return None
    preferred = [t for t in pool if titled(t)] if titled is not None else []
    if not preferred:
        preferred = [t for t in pool if t.sector in sectors]
    if preferred:
        pool = preferred
    return max(pool, key=lambda t: t.start or dt.date.min)


def _nearest(tenures: tuple[Tenure, ...], day: dt.date | None) -> Tenure:
    if day is None:
        return max(tenures, key=lambda t: t.start or dt.date.min)

    def distance(t: Tenure) -> int:
        if t.end is not None and t.end < day:
            return (day - t.end).days
        if t.start is not None and t.start > day:
            return (t.start - day).days
        return 0

    return min(tenures, key=distance)


def _ordinal(word: str) -> bool:
    return len(word) > 2 and word[:-2].isdigit() and word[-2:] in ("st", "nd", "rd", "th")


__all__ = ["ActorResolver"]
