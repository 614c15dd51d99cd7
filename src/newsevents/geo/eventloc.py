"""Place mentions of a parsed sentence and the place of an event.

In: a spaCy sentence (`Span`), for `event_location` also the event's trigger
token, a `Gazetteer`, the article's context countries (ISO3, most frequent
first) and the character spans of the event's actor and recipient names.
Out: `newsevents.record.Location` records whose start/end are character
offsets in the document; a place the gazetteer does not know keeps its name
and has no coordinates.

How the event's place is chosen (all from the dependency parse):
- candidates are GPE/LOC/FAC entities, proper-noun conjuncts of them
  ("Homs and Aleppo" when the parser labels "Aleppo" otherwise), and
  prepositional objects naming a region or water body of the gazetteer
  ("in international waters"); "X, Y" where Y is a country or US state is
  one mention ("Geneva, Illinois"); a name followed by a region noun ("the
  Batken region", "Idlib province") or after one ("the province of
  Kherson") is the administrative region, with the region noun in the
  mention; demonyms and nationality adjectives ("Kyrgyz", "Tajik") are never
  places, whatever label the entity recogniser gives them;
- a candidate counts when it is the object of a locative preposition ("in",
  "at", "near", "outside", "off", ...) or, for movement words ("visit",
  "depart", "trip"), of a destination preposition ("to", "for", "into"), or
  the direct object of a movement verb ("visited Libya"), or a compound
  modifier of the trigger noun ("the Brussels summit");
- the preposition's head must be reachable from the trigger without entering
  a relative clause, a complement clause, a conjoined verb or a subordinate
  clause with a conjunction ("after 16 EU leaders met in Brussels" is not the
  place of "The visit comes"); climbing out of the trigger's own clause into
  the clause it depends on is allowed at a cost;
- the closest candidate wins, destinations beat other locatives for
  movement events, origins ("from") of movements lose.
The word lists are in `data/eventloc.yaml`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from spacy.tokens import Span, Token

from newsevents.geo.gazetteer import Gazetteer, Place
from newsevents.nlp.spans import sentence_ents
from newsevents.record import Location

__all__ = ["PlaceMention", "event_location", "event_locations", "find_places", "region_nouns"]


@dataclass(frozen=True)
class _Lexicon:
    locative: frozenset[str]
    destination: frozenset[str]
    origin: frozenset[str]
    movement: frozenset[str]
    labels: frozenset[str]
    place_nouns: frozenset[str]
    region_nouns: frozenset[str]
    calendar: frozenset[str]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    text = resources.files("newsevents.geo").joinpath("data", "eventloc.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    return _Lexicon(
        locative=frozenset(data["locative_preps"]),
        destination=frozenset(data["destination_preps"]),
        origin=frozenset(data["origin_preps"]),
        movement=frozenset(data["movement_lemmas"]),
        labels=frozenset(data["place_labels"]),
        place_nouns=frozenset(data["place_nouns"]),
        region_nouns=frozenset(data["region_nouns"]),
        calendar=frozenset(data["calendar_words"]),
    )


def region_nouns() -> frozenset[str]:
    """The nouns that name a kind of administrative region ("province", "state", "oblast")."""
    return _lexicon().region_nouns


@dataclass(frozen=True)
class PlaceMention:
    """A place named in a sentence: its words, its resolution and its syntactic root."""

    start: int  # character offsets in the document
    end: int
    text: str
    root: Token
    location: Location


_CLIMB_DEPS = {"compound", "appos", "conj", "poss", "amod", "nmod", "nummod", "det", "cc", "case", "punct"}
_HARD_CLAUSE_DEPS = {"relcl", "acl", "ccomp", "parataxis", "csubj", "csubjpass"}
_SOFT_CLAUSE_DEPS = {"xcomp", "advcl", "pcomp"}
_MARKS = {"mark"}


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _location(place: Place | None, text: str, start: int, end: int) -> Location:
    if place is None:
        return Location(name=text, start=start, end=end)
    return place.to_location(start, end)


def _entity_mention(ent: Span, place: Place | None) -> PlaceMention:
    """A place mention for a named entity span, resolved to `place` (None: a place we cannot name)."""
    return PlaceMention(
        ent.start_char, ent.end_char, ent.text, ent.root, _location(place, ent.text, ent.start_char, ent.end_char)
    )


def find_places(
    sent: Span,
    gz: Gazetteer,
    *,
    context_countries: Sequence[str] = (),
    exclude: Sequence[tuple[int, int]] = (),
) -> list[PlaceMention]:
    """The place mentions of a sentence in text order, resolved against the gazetteer."""
    lex = _lexicon()
    doc = sent.doc
    ents = [e for e in sentence_ents(sent) if e.label_ in lex.labels or e.label_ == "NORP"]
    mentions: list[PlaceMention] = []
    used: set[int] = set()
    i = 0
    while i < len(ents):
        ent = ents[i]
        if (
            _overlaps(ent.start_char, ent.end_char, exclude)
            or gz.is_demonym(ent.text)
            or ent.text.lower() in lex.calendar
        ):
            i += 1
            continue
        place: Place | None
        region = _region_mention(ent, gz, context_countries)
        if region is not None:
            mentions.append(region)
            used.update(range(ent.start, ent.end))
            i += 1
            continue
        # "Geneva, Illinois": a name qualified by the next entity
        if i + 1 < len(ents):
            nxt = ents[i + 1]
            between = doc[ent.end : nxt.start]
            if between.text.strip() == "," and nxt.label_ in lex.labels:
                place = gz.resolve_place(f"{ent.text}, {nxt.text}", context_countries=context_countries)
                if place is not None and place.kind != "country":
                    span = doc[ent.start : nxt.end]
                    mentions.append(
                        PlaceMention(
                            span.start_char,
                            span.end_char,
                            span.text,
                            ent.root,
                            place.to_location(span.start_char, span.end_char),
                        )
                    )
                    used.update(range(ent.start, nxt.end))
                    i += 2
                    continue
                if gz.is_qualifier(nxt.text):
                    # "Prague, Oklahoma" with no Prague in Oklahoma: unknown, not Prague in Czechia
                    mentions.append(_entity_mention(ent, None))
                    used.update(range(ent.start, ent.end))
                    i += 1
                    continue
        place = gz.resolve_place(ent.text, context_countries=context_countries)
        # parsers label some city names NORP ("Aleppo"); accept only proper nouns that resolve
        if ent.label_ == "NORP" and (place is None or ent.root.tag_ != "NNP"):
            i += 1
            continue
        mentions.append(_entity_mention(ent, place))
        used.update(range(ent.start, ent.end))
        i += 1

    # prepositional objects that name a region or water body, or proper nouns the NER missed
    for tok in sent:
        if tok.i in used or tok.dep_ not in ("pobj", "conj") or tok.lower_ in lex.calendar:
            continue
        head = tok.head
        if tok.dep_ == "conj":  # "the cities of Homs and Aleppo"
            if head.dep_ != "pobj" or head.i not in used:
                continue
            head = head.head
        after_place_noun = head.lower_ == "of" and head.head.lemma_.lower() in lex.place_nouns
        if head.lower_ not in lex.locative | lex.destination and not after_place_noun:
            continue
        left = tok.i
        for child in tok.lefts:
            if child.dep_ in ("amod", "compound") and child.i == left - 1:
                left = child.i
        span = doc[left : tok.i + 1]
        if any(t.i in used for t in span) or _overlaps(span.start_char, span.end_char, exclude):
            continue
        if gz.is_demonym(span.text):
            continue
        place = gz.resolve_place(span.text, context_countries=context_countries)
        if place is None:
            continue
        proper = all(t.tag_ in ("NNP", "NNPS") for t in span)
        if place.kind == "territory" or proper or (after_place_noun and span[0].is_title):
            loc = place.to_location(span.start_char, span.end_char)
            mentions.append(PlaceMention(span.start_char, span.end_char, span.text, tok, loc))
            used.update(range(span.start, span.end))
    mentions.sort(key=lambda m: m.start)
    return mentions


def _region_mention(ent: Span, gz: Gazetteer, context_countries: Sequence[str]) -> PlaceMention | None:
    """The region of "the Batken region", "Idlib province" or "the province of Kherson", or None."""
    lex = _lexicon()
    doc = ent.doc
    nxt = doc[ent.end] if ent.end < len(doc) else None
    noun_after = nxt is not None and nxt.lower_ in lex.region_nouns
    of = ent.root.head if ent.root.dep_ == "pobj" else None
    noun_before = of is not None and of.lower_ == "of" and of.head.lower_ in lex.region_nouns and of.head.i < ent.start
    if not (noun_after or noun_before):
        return None
    place = gz.resolve_region(ent.text, context_countries=context_countries)
    if place is None:
        return None
    span = doc[ent.start : ent.end + 1] if noun_after else ent
    loc = place.to_location(span.start_char, span.end_char)
    if place.kind == "region":
        # the record names the region as the text does ("Donetsk region", "Idlib province"), not by its
        # subdivision's local name ("Donetska oblast")
        noun = nxt.text if noun_after and nxt is not None else of.head.text if of is not None else "region"
        loc = loc.model_copy(update={"name": f"{ent.text} {noun}"})
    # "in the province of Kherson": the region noun is what "in" governs
    root = of.head if noun_before and of is not None else ent.root
    return PlaceMention(span.start_char, span.end_char, span.text, root, loc)


def _ancestors(tok: Token) -> list[Token]:
    chain = [tok]
    while chain[-1].head.i != chain[-1].i:
        chain.append(chain[-1].head)
    return chain


def _is_verb(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX")


def _path_cost(trigger: Token, gov: Token) -> float | None:
    """Cost of relating the trigger's clause to a preposition's head; None when not allowed."""
    up = _ancestors(trigger)
    down = _ancestors(gov)
    up_ids = {t.i: n for n, t in enumerate(up)}
    lca_pos_down = next((n for n, t in enumerate(down) if t.i in up_ids), None)
    if lca_pos_down is None:
        return None
    lca = down[lca_pos_down]
    cost = 0.0
    # climbing from the trigger to the common ancestor
    for t in up[: up_ids[lca.i]]:
        if t.dep_ in _HARD_CLAUSE_DEPS or t.dep_ in _SOFT_CLAUSE_DEPS or (t.dep_ == "conj" and _is_verb(t)):
            cost += 2.0
        elif not _is_verb(t):
            cost += 0.5
    # descending from the common ancestor to the preposition's head
    for t in down[:lca_pos_down]:
        if t.dep_ in _HARD_CLAUSE_DEPS or (t.dep_ == "conj" and _is_verb(t)):
            return None
        if t.dep_ in _SOFT_CLAUSE_DEPS:
            if any(c.dep_ in _MARKS for c in t.children):
                return None
            cost += 0.5
        elif t.dep_ == "prep":
            continue
        else:
            cost += 1.0
    return cost


def _attachment(mention: PlaceMention, trigger: Token) -> float | None:
    """Score of a mention as the place of the trigger's event (higher is better), or None."""
    found = _attached(mention, trigger)
    return None if found is None else found[0]


def _attached(mention: PlaceMention, trigger: Token) -> tuple[float, bool] | None:
    """(score, whether the mention is where a movement goes), or None when it is not the event's place."""
    lex = _lexicon()
    tok = mention.root
    while tok.dep_ in _CLIMB_DEPS and tok.head.i != tok.i and tok.dep_ != "compound":
        tok = tok.head
    # "the Brussels summit": a compound modifier of the trigger noun
    if tok.dep_ == "compound":
        head = tok.head
        if head.i == trigger.i:
            return 9.0, False
        while tok.dep_ in _CLIMB_DEPS and tok.head.i != tok.i:
            tok = tok.head
    movement_trigger = trigger.lemma_.lower() in lex.movement
    if tok.dep_ == "dobj" and tok.head.lemma_.lower() in lex.movement:
        cost = _path_cost(trigger, tok.head)
        return None if cost is None else (11.0 - cost, True)
    if tok.dep_ != "pobj":
        return None
    prep = tok.head
    word = prep.lower_
    gov = prep.head if prep.head.i != prep.i else prep
    # "from outside Libya": a preposition governed by another preposition
    if gov.dep_ == "pcomp" or gov.pos_ == "ADP":
        gov = gov.head
    moving = movement_trigger or gov.lemma_.lower() in lex.movement
    if word in lex.destination:
        if not moving:
            return None
        base = 11.0
    elif word in lex.origin:
        base = 4.0 if moving else 8.0
    elif word in lex.locative:
        base = 10.0
    else:
        return None
    cost = _path_cost(trigger, gov)
    if cost is None:
        return None
    return base - cost, word in lex.destination


def event_locations(
    sent: Span,
    trigger: Token,
    gz: Gazetteer,
    *,
    context_countries: Sequence[str] = (),
    exclude: Sequence[tuple[int, int]] = (),
) -> list[Location]:
    """The event's place and the places conjoined with it ("in Homs and Aleppo"), best first.

    A place that names the event's actor or recipient (`exclude`) is its place only when the event
    moves there: "visited Warsaw" took place in Warsaw although Warsaw is the one visited.
    """
    mentions = find_places(sent, gz, context_countries=context_countries)
    scored: list[tuple[float, int, PlaceMention]] = []
    for m in mentions:
        found = _attached(m, trigger)
        if found is None or found[0] <= 5.0:
            continue
        if _overlaps(m.start, m.end, exclude) and not found[1]:
            continue
        scored.append((found[0], -abs(m.root.i - trigger.i), m))
    if not scored:
        return []
    scored.sort(key=lambda x: (x[0], x[1]), reverse=True)
    best = scored[0][2]
    out = [best.location]
    # conjoined places: "in Homs and Aleppo"
    conj_ids = {t.i for t in best.root.conjuncts}
    for m in mentions:
        if m is not best and m.root.i in conj_ids:
            out.append(m.location)
    return out


def event_location(
    sent: Span,
    trigger: Token,
    gz: Gazetteer,
    *,
    context_countries: Sequence[str] = (),
    exclude: Sequence[tuple[int, int]] = (),
) -> Location | None:
    """The place of the event whose trigger is `trigger`, or None when the sentence names none.

    `exclude` holds document character spans (start, end) to skip: the names
    of the event's actor and recipient ("Italy" in "Italy has insisted").
    """
    found = event_locations(sent, trigger, gz, context_countries=context_countries, exclude=exclude)
    return found[0] if found else None
