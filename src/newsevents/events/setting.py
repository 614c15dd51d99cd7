"""When and where each event of an article happened, chosen among what the whole article tells.

In: a parsed article (`StoryContext`: its sentences, every date and place they name, the
publication date) and its events as the sentence rules coded them (the
date and place of the event's own clause, when it has them).
Out: the same events with `date` and `event_loc` chosen by `SettingModel`, a learned ranker, and a
`decisions` note saying where each came from.

News tells a story's time and place once ("On Sunday, voters in Minsk ...") and the sentences
that follow ("The vote was boycotted") happened then and there; statements to the press happen
nowhere in particular. Which of these readings applies is learned, not written as rules: for each
event the candidates are
- dates: for an event whose own clause names none (a date it names is its date), the date of the
  clause above it, any other date of its sentence (noting when it dates a report of the event:
  "said on Tuesday that troops had attacked"), the last date told earlier in its paragraph, the
  last one in earlier paragraphs, the article's first date, the publication date, and no date;
- places: the place of the event's clause, every other place the article names (with how often,
  where first and how near the event), and no place (a dateline's place then fills it, as
  `ingest.hints` says: the labelled news has too few datelines to learn from);
each described by a few features (what kind of candidate, how far, how old against the
publication date, the event's category, modality and tense). A linear ranker scores them and the
best wins. It is trained on our date and place labels (`benchmarks/data/fields_gold_*.jsonl`) by
`newsevents.events.setting_training`, cross-validated by article.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token

from newsevents.errors import ResourceError
from newsevents.geo import Gazetteer, event_location, find_places
from newsevents.geo.eventloc import region_nouns
from newsevents.record import Event, Location
from newsevents.timex import enclosing_date, event_date, find_dates
from newsevents.timex.resolve import DateRange
from newsevents.timex.spans import clause_tense, is_reported

__all__ = ["Candidate", "Ranker", "SettingModel", "StoryContext", "load_setting_model", "place_name", "settle_events"]

MODEL_FILE = "setting_model.json"
FORWARD_MODALITIES = frozenset({"planned", "hypothetical"})
TOLD_BEFORE = frozenset({"paragraph", "story", "lede"})


@dataclass(frozen=True)
class Candidate:
    """One reading of an event's date or place: its value, how it was found and its features."""

    kind: str
    value: DateRange | dt.date | Location | None
    features: dict[str, float]
    note: str

    @property
    def iso(self) -> str | None:
        """The candidate's date in ISO form (dates only)."""
        if isinstance(self.value, DateRange):
            return self.value.iso
        if isinstance(self.value, dt.date):
            return self.value.isoformat()
        return None


@dataclass(frozen=True)
class _Told:
    sentence: int
    paragraph: int
    value: Any  # DateRange or Location


def _age(published: dt.date | None, date: DateRange | dt.date) -> str:
    """How long before publication a date lies, in coarse steps."""
    if published is None:
        return "unknown"
    start, end = (date, date) if isinstance(date, dt.date) else (date.start, date.end)
    if start > published:
        return "future"
    days = (published - end).days
    if days <= 0:
        return "0"
    for limit, name in ((3, "1-3"), (10, "4-10"), (40, "11-40"), (400, "41-400")):
        if days <= limit:
            return name
    return "older"


def _position(sentence: int) -> str:
    """Where in the article a sentence is, in coarse steps: the lede tells the news, the end background."""
    for limit, name in ((0, "0"), (2, "1-2"), (5, "3-5"), (10, "6-10")):
        if sentence <= limit:
            return name
    return "11+"


def place_name(name: str | None) -> str:
    """A place's name as compared: lower case, without "the" and the words that name its kind
    ("Borno state" is Borno, "New York City" New York, "the province of Idlib" Idlib)."""
    kinds = region_nouns() | {"city"}
    words = (name or "").lower().replace("the ", " ").replace("’", "'").split()
    while len(words) > 1 and words[-1] in kinds:
        words.pop()
    while len(words) > 1 and words[0] in kinds | {"of"}:
        words.pop(0)
    return " ".join(words)


class StoryContext:
    """Every date and place an article tells, by sentence and paragraph; built once per article."""

    def __init__(
        self,
        doc: Doc,
        *,
        published: dt.date | None,
        gazetteer: Gazetteer,
        context_countries: Sequence[str] = (),
        paragraph_starts: Sequence[int] = (0,),
    ) -> None:
        self.doc = doc
        self.published = published
        self.gazetteer = gazetteer
        self.context_countries = list(context_countries)
        self.sentences: list[Span] = list(doc.sents)
        self._starts = [s.start_char for s in self.sentences]
        self._paragraph_starts = list(paragraph_starts) or [0]
        self._clause_places: dict[str, Location | None] = {}
        self.dates: list[_Told] = []
        self.places: list[_Told] = []
        for si, sent in enumerate(self.sentences):
            para = self.paragraph_of(sent.start_char)
            for date in find_dates(sent, published):
                self.dates.append(_Told(si, para, date))
            for mention in find_places(sent, gazetteer, context_countries=context_countries):
                # a name the gazetteer does not know ("Charlevoix", "the Oval Office") stays a candidate
                self.places.append(_Told(si, para, mention.location))
        self.place_counts: Counter[str] = Counter(self._place_key(t.value) for t in self.places)
        self.country_counts: Counter[str] = Counter(t.value.country_code for t in self.places if t.value.country_code)

    @staticmethod
    def _place_key(loc: Location) -> str:
        return f"country:{loc.country_code}" if loc.feature == "country" else place_name(loc.name)

    def paragraph_of(self, offset: int) -> int:
        return bisect.bisect_right(self._paragraph_starts, offset) - 1

    def sentence_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._starts, offset) - 1)

    def trigger_of(self, event: Event) -> Token | None:
        """The root token of the event's trigger words (without trigger offsets: of its evidence's first
        word); None when the offsets fall outside the parsed text."""
        info = event.text_info
        start = info.trigger_start if info.trigger_start is not None else info.start
        end = info.trigger_end if info.trigger_end is not None else start + 1
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span.root if span is not None and len(span) else None

    # ------------------------------------------------------------------ dates

    def date_candidates(self, event: Event, trigger: Token) -> list[Candidate]:
        sent = trigger.sent
        si = self.sentence_of(sent.start_char)
        para = self.paragraph_of(sent.start_char)
        tense = clause_tense(trigger) or "present"
        base = {
            f"cat={event.event}": 1.0,
            f"modality={event.modality}": 1.0,
            f"tense={tense}": 1.0,
            f"position={_position(si)}": 1.0,
        }
        own = event_date(sent, trigger, self.published)
        above = enclosing_date(sent, trigger, self.published) if own is None else None
        in_sentence = [t for t in self.dates if t.sentence == si]
        out: list[Candidate] = []

        def add(kind: str, value: DateRange | dt.date | None, note: str, **extra: float) -> None:
            feats: dict[str, float] = {f"kind={kind}": 1.0}
            for key in base:
                feats[f"kind={kind}|{key}"] = 1.0
            if value is not None:
                age = _age(self.published, value)
                feats[f"age={age}"] = 1.0
                feats[f"kind={kind}|age={age}"] = 1.0
                feats[f"modality={event.modality}|age={age}"] = 1.0
                feats[f"tense={tense}|age={age}"] = 1.0
                if isinstance(value, DateRange):
                    feats[f"granularity={value.granularity}"] = 1.0
                iso = value.iso if isinstance(value, DateRange) else value.isoformat()
                feats["rules"] = float(iso == event.date)
            else:
                feats["rules"] = float(event.date is None)
            feats["sentence_has_date"] = float(bool(in_sentence))
            feats[f"kind={kind}|sentence_has_date={bool(in_sentence)}"] = 1.0
            feats.update(extra)
            out.append(Candidate(kind, value, feats, note))

        if own is not None:
            # a date the event's own clause states is its date ("will travel to Brussels next week")
            add("own", own, f"from its clause ({own.text!r})")
            return out
        if above is not None:
            add("above", above, f"from the clause it belongs to ({above.text!r})")
        # in "said on Tuesday that troops had attacked", Tuesday dates the saying; often the attack too
        reported = float(is_reported(trigger))
        for told in in_sentence:
            if told.value != above:
                add("sentence", told.value, f"named in its sentence ({told.value.text!r})", reported=reported)
        here = self.clause_place(event, trigger)
        earlier = [t for t in self.dates if t.sentence < si]
        in_para = [t for t in earlier if t.paragraph == para]
        before_para = [t for t in earlier if t.paragraph < para]
        told_before: list[tuple[str, _Told | None, str]] = [
            ("paragraph", in_para[-1] if in_para else None, "the paragraph's last date"),
            ("story", before_para[-1] if before_para else None, "the last date told before"),
        ]
        first = self.dates[0] if self.dates and self.dates[0].sentence < si else None
        if first is not None and all(first != earlier_told for _, earlier_told, _ in told_before):
            told_before.append(("lede", first, "the article's first date"))
        for kind, before, said in told_before:
            if before is not None:
                add(
                    kind,
                    before.value,
                    f"{said} ({before.value.text!r})",
                    distance=math.log1p(si - before.sentence),
                    elsewhere=self._elsewhere(before, here),
                )
        if self.published is not None:
            add("published", self.published, "the news day (publication date)")
        add("none", None, "no date the text tells")
        if event.modality in FORWARD_MODALITIES:
            # what is planned or conjectured has not happened: a past date told for the story before
            # is not its date (its own sentence's date may be: a threat is dated when it is made)
            out = [
                c
                for c in out
                if c.kind not in TOLD_BEFORE
                or not isinstance(c.value, DateRange | dt.date)
                or _age(self.published, c.value) == "future"
            ]
        return out

    # ----------------------------------------------------------------- places

    def clause_place(self, event: Event, trigger: Token) -> Location | None:
        """The place the event's own clause names (`geo.event_location`), its parties' names excluded;
        found once per event, though both its date and its place candidates ask."""
        if event.id in self._clause_places:
            return self._clause_places[event.id]
        exclude = [
            (e.start, e.end) for e in (*event.actor, *event.recipient) if e.start is not None and e.end is not None
        ]
        found = event_location(
            trigger.sent, trigger, self.gazetteer, context_countries=self.context_countries, exclude=exclude
        )
        self._clause_places[event.id] = found
        return found

    def _elsewhere(self, told: _Told, here: Location | None) -> float:
        """1 when the event's clause names a place and the sentence a date was told in names only others:
        a new scene, whose time is its own ("met in Tripoli" after "a day after leaders met in Brussels")."""
        if here is None:
            return 0.0
        there = {self._place_key(t.value) for t in self.places if t.sentence == told.sentence}
        return float(bool(there) and self._place_key(here) not in there)

    def place_candidates(self, event: Event, trigger: Token) -> list[Candidate]:
        sent = trigger.sent
        si = self.sentence_of(sent.start_char)
        para = self.paragraph_of(sent.start_char)
        parties = {e.code for e in (*event.actor, *event.recipient) if e.code}
        clause = self.clause_place(event, trigger)
        base = {
            f"cat={event.event}": 1.0,
            f"modality={event.modality}": 1.0,
            f"mode={event.mode}": 1.0,
            f"position={_position(si)}": 1.0,
        }
        top = self.place_counts.most_common(1)[0][0] if self.place_counts else None
        top_country = self.country_counts.most_common(1)[0][0] if self.country_counts else None
        out: list[Candidate] = []

        def add(kind: str, value: Location | None, note: str, **extra: float) -> None:
            feats: dict[str, float] = {f"kind={kind}": 1.0}
            for key in base:
                feats[f"kind={kind}|{key}"] = 1.0
            if value is not None:
                feats[f"feature={value.feature}"] = 1.0
                feats[f"kind={kind}|feature={value.feature}"] = 1.0
                feats["party_country"] = float(value.country_code in parties)
                feats["top_country"] = float(value.country_code is not None and value.country_code == top_country)
                feats["rules"] = float(
                    event.event_loc is not None and place_name(event.event_loc.name) == place_name(value.name)
                )
            else:
                feats["rules"] = float(event.event_loc is None)
                feats[f"places_in_article={min(len(self.place_counts), 3)}"] = 1.0
            feats["clause_has_place"] = float(clause is not None)
            feats[f"kind={kind}|clause_has_place={clause is not None}"] = 1.0
            feats.update(extra)
            out.append(Candidate(kind, value, feats, note))

        if clause is not None:
            add("clause", clause, f"named in its clause ({clause.name!r})")
        seen = {self._place_key(clause)} if clause is not None else set()
        by_key: dict[str, list[_Told]] = {}
        for told in self.places:
            by_key.setdefault(self._place_key(told.value), []).append(told)
        for key, tolds in by_key.items():
            if key in seen:
                continue
            before = [t for t in tolds if t.sentence <= si]
            after = [t for t in tolds if t.sentence > si]
            nearest = before[-1] if before else after[0]
            count = len(tolds)
            feats = {
                "count": math.log1p(count),
                "top": float(key == top),
                "first_sentence": math.log1p(tolds[0].sentence),
                "in_lede": float(tolds[0].sentence <= 1),
                "distance_before": math.log1p(si - before[-1].sentence) if before else 3.0,
                "distance_after": math.log1p(after[0].sentence - si) if after else 3.0,
                "same_sentence": float(any(t.sentence == si for t in tolds)),
                "same_paragraph": float(any(t.paragraph == para for t in tolds)),
                "only_after": float(not before),
            }
            feats[f"top={key == top}|cat={event.event}"] = 1.0
            feats[f"in_lede={tolds[0].sentence <= 1}|cat={event.event}"] = 1.0
            feats[f"feature={nearest.value.feature}|cat={event.event}"] = 1.0
            note = f"named in the article ({count}x, nearest in sentence {nearest.sentence + 1})"
            add("article", nearest.value, note, **feats)
        add("none", None, "no place the text tells")
        return out


@dataclass
class Ranker:
    """A linear scorer of candidates: the best-scoring candidate wins."""

    weights: dict[str, float]

    def score(self, candidate: Candidate) -> float:
        """The candidate's score; only differences between one event's candidates matter (softmax)."""
        return sum(self.weights.get(k, 0.0) * v for k, v in candidate.features.items())

    def choose(self, candidates: Sequence[Candidate]) -> Candidate:
        return max(candidates, key=self.score)


@dataclass
class SettingModel:
    """The two rankers: one for an event's date, one for its place."""

    date: Ranker
    place: Ranker
    info: dict[str, Any] = field(default_factory=dict)

    def save(self, path: Path) -> None:
        data = {
            "info": self.info,
            "date": {"weights": self.date.weights},
            "place": {"weights": self.place.weights},
        }
        path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path | str) -> SettingModel:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            rankers = {
                name: Ranker({str(k): float(v) for k, v in data[name]["weights"].items()}) for name in ("date", "place")
            }
            return cls(date=rankers["date"], place=rankers["place"], info=dict(data.get("info") or {}))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ResourceError(f"{path}: not a date and place model ({exc})") from exc


def load_setting_model() -> SettingModel | None:
    """The date and place model shipped with the package, or None when it has not been built."""
    resource = resources.files("newsevents.events").joinpath("data", MODEL_FILE)
    if not resource.is_file():
        return None
    with resources.as_file(resource) as path:
        return SettingModel.load(path)


def settle_events(story: StoryContext, events: Sequence[Event], model: SettingModel) -> list[Event]:
    """`events` with the date and place the model prefers among the article's candidates."""
    out: list[Event] = []
    for event in events:
        trigger = story.trigger_of(event) if event.language == "en" else None
        if trigger is None:
            out.append(event)
            continue
        update: dict[str, Any] = {}
        notes = list(event.decisions)
        date = model.date.choose(story.date_candidates(event, trigger))
        if date.iso != event.date:
            if isinstance(date.value, DateRange):
                update.update(date=date.value.iso, enddate=date.value.iso_end, date_text=date.value.text)
            else:
                update.update(date=date.iso, enddate=None, date_text=None)
            notes.append(f"date {date.iso or 'none'}: {date.note}")
        place = model.place.choose(story.place_candidates(event, trigger))
        loc = place.value if isinstance(place.value, Location) else None
        current = event.event_loc
        if (loc is None) != (current is None) or (
            loc is not None and current is not None and place_name(loc.name) != place_name(current.name)
        ):
            update["event_loc"] = loc
            notes.append(f"place {loc.name if loc else 'none'}: {place.note}")
        if update:
            update["decisions"] = notes
            event = event.model_copy(update=update)
        out.append(event)
    return out
