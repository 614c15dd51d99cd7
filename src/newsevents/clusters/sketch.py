"""What clustering looks at in an event: its category, parties, day, place and evidence words.

In: an `Event` and the day its article was reported. Out: an `EventSketch`, small and hashable.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from newsevents.record import Event

UNKNOWN_CODES = frozenset({"", "---"})
"""Codes that say nothing about who acted: they neither match nor contradict another code."""

_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d[\d,.]*", re.UNICODE)
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|[\"“‘(]\s*)$")


@dataclass(frozen=True)
class EventSketch:
    """An event as clustering sees it."""

    id: str
    article_id: str
    category: str
    day: dt.date
    """the event's own date when known to the day, else the day it was reported"""
    reported: dt.date
    actors: frozenset[str]
    recipients: frozenset[str]
    country: str | None
    tentative: bool
    """planned or hypothetical: a plan is not the happening it plans"""
    words: frozenset[str]
    names: frozenset[str]
    """words written with a capital inside a sentence (people, places, organisations)"""
    story: frozenset[str] = frozenset()
    """the content words of the whole article (title and text): what story the event belongs to"""
    position: int = 0
    mentions: int = 1
    confidence: float = 0.5

    @property
    def parties(self) -> frozenset[str]:
        return self.actors | self.recipients

    def order_key(self) -> tuple[dt.date, dt.date, str, int, str]:
        """The order events are clustered in: by day, report day, article, place in the article."""
        return (self.day, self.reported, self.article_id, self.position, self.id)


def evidence_words(sentences: list[str]) -> tuple[frozenset[str], frozenset[str]]:
    """Content words (lower case, no stop words) and capitalised names of the sentences."""
    words: set[str] = set()
    names: set[str] = set()
    for sentence in sentences:
        for m in _WORD.finditer(sentence):
            token = m.group().strip("'’-.,")
            low = token.lower()
            if len(low) < 3 or low in STOP_WORDS:
                continue
            words.add(low)
            if token[0].isupper() and not _SENTENCE_START.search(sentence[: m.start()]):
                names.add(low)
    return frozenset(words), frozenset(names)


def story_words(title: str | None, text: str) -> frozenset[str]:
    """The content words of an article, for `sketch_event`."""
    return evidence_words([title or "", text])[0]


def _known(codes: list[str]) -> frozenset[str]:
    return frozenset(c for c in codes if c not in UNKNOWN_CODES)


def _own_day(ev: Event) -> dt.date | None:
    if ev.date and len(ev.date) == 10:
        try:
            return dt.date.fromisoformat(ev.date)
        except ValueError:
            return None
    return None


def sketch_event(ev: Event, reported: dt.date, story: frozenset[str] = frozenset()) -> EventSketch:
    """The sketch of `ev`, an event of an article reported on `reported` whose words are `story`
    (`story_words` of its title and text)."""
    sentences = [ev.text_info.sentence, *(m.sentence for m in ev.mentions if m.sentence != ev.text_info.sentence)]
    words, names = evidence_words(sentences)
    return EventSketch(
        id=ev.id,
        article_id=ev.article_id,
        category=ev.event,
        day=_own_day(ev) or reported,
        reported=reported,
        actors=_known([a.code for a in ev.actor]),
        recipients=_known([r.code for r in ev.recipient]),
        country=ev.event_loc.country_code if ev.event_loc else None,
        tentative=ev.modality in ("planned", "hypothetical"),
        words=words,
        names=names,
        story=story,
        position=ev.text_info.start,
        mentions=max(1, len(ev.mentions)),
        confidence=ev.confidence,
    )
