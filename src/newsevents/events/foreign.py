"""Light coder for non-English passages quoted in English reports.

In: the article text, a `Passage` found by `nlp.language` (language, author, date) and
the article's discourse memory. Out: `ForeignCandidate`s for languages with a trigger
lexicon (`events/data/triggers_<lang>.yaml`); none for the others, whose passages the
engine still reports as flagged, never dropped.

Without a parser for the language, arguments come from the passage's attribution (a
tweet's author speaks in the first person) and from country names, demonyms and
known people named in the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from newsevents.actors import ActorResolver
from newsevents.events.coder import Memory
from newsevents.nlp.language import Passage
from newsevents.record import Entity

SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
NAME = re.compile(r"\b[A-Z][a-zà-ÿ]+(?:\s+[A-Z][a-zà-ÿ]+)+\b")


@dataclass(frozen=True)
class ForeignTrigger:
    pattern: re.Pattern[str]
    category: str
    mode: str | None
    objects: re.Pattern[str] | None


@dataclass(frozen=True)
class ForeignLexicon:
    language: str
    triggers: tuple[ForeignTrigger, ...]
    countries: dict[str, str]
    contexts: dict[str, str]
    two_party_cues: tuple[str, ...]


@dataclass
class ForeignCandidate:
    """An event found in a non-English sentence; offsets are into the article text."""

    category: str
    mode: str | None
    start: int
    end: int
    trigger_text: str
    trigger_start: int
    trigger_end: int
    actors: list[Entity]
    recipients: list[Entity]
    contexts: list[str] = field(default_factory=list)
    confidence: float = 0.5


@lru_cache(maxsize=8)
def load_foreign_lexicon(language: str) -> ForeignLexicon | None:
    """The packaged lexicon of `language`, or None when there is none."""
    try:
        text = resources.files("newsevents.events").joinpath("data", f"triggers_{language}.yaml").read_text("utf-8")
    except (FileNotFoundError, ValueError):
        return None
    raw: dict[str, Any] = yaml.safe_load(text)
    triggers = tuple(
        ForeignTrigger(
            pattern=re.compile(rf"\b(?:{t['pattern']})\b", re.IGNORECASE),
            category=t["category"],
            mode=t.get("mode"),
            objects=re.compile(rf"\b(?:{t['objects']})\b", re.IGNORECASE) if t.get("objects") else None,
        )
        for t in raw.get("triggers", [])
    )
    return ForeignLexicon(
        language=language,
        triggers=triggers,
        countries={str(k).lower(): str(v) for k, v in (raw.get("countries") or {}).items()},
        contexts={str(k).lower(): str(v) for k, v in (raw.get("contexts") or {}).items()},
        two_party_cues=tuple(raw.get("two_party_cues") or ()),
    )


class ForeignCoder:
    """Codes quoted passages in languages that have a trigger lexicon."""

    def __init__(self, resolver: ActorResolver) -> None:
        self.resolver = resolver

    def has_lexicon(self, language: str) -> bool:
        return load_foreign_lexicon(language) is not None

    def code(self, text: str, passage: Passage, memory: Memory) -> list[ForeignCandidate]:
        lexicon = load_foreign_lexicon(passage.language)
        if lexicon is None:
            return []
        author = self.resolver.resolve(passage.author) if passage.author else None
        if author is None:
            return []  # without a parser, only an attributed passage (its author speaks) has an actor
        body_end = _body_end(text, passage)
        out: list[ForeignCandidate] = []
        for start, end in _sentences(text, passage.start, body_end):
            sentence = text[start:end]
            lower = sentence.lower()
            for trigger in lexicon.triggers:
                # patterns match case-insensitively on the original text, so offsets stay exact
                match = trigger.pattern.search(sentence)
                if match is None or (trigger.objects is not None and trigger.objects.search(sentence) is None):
                    continue
                actors = [author]
                recipients = self._recipients(sentence, start, lexicon, memory, author)
                contexts = sorted({ctx for word, ctx in lexicon.contexts.items() if word in lower})
                out.append(
                    ForeignCandidate(
                        category=trigger.category,
                        mode=trigger.mode,
                        start=start,
                        end=end,
                        trigger_text=sentence[match.start() : match.end()],
                        trigger_start=start + match.start(),
                        trigger_end=start + match.end(),
                        actors=actors,
                        recipients=recipients,
                        contexts=contexts,
                        confidence=0.5 if recipients else 0.4,
                    )
                )
                break
        return out

    def _recipients(
        self, sentence: str, offset: int, lexicon: ForeignLexicon, memory: Memory, actor: Entity
    ) -> list[Entity]:
        for match in NAME.finditer(sentence):
            entity = self.resolver.resolve(match.group(0))
            if entity is not None and entity.code != actor.code and entity.entity_name:
                return [entity.model_copy(update={"start": offset + match.start(), "end": offset + match.end()})]
        lower = sentence.lower()
        for word, code in lexicon.countries.items():
            found = re.search(rf"\b{re.escape(word)}\b", sentence, re.IGNORECASE)
            if found and code != actor.code:
                return [
                    Entity(
                        code=code,
                        sector="GOV",
                        entity_text=sentence[found.start() : found.end()],
                        start=offset + found.start(),
                        end=offset + found.end(),
                    )
                ]
        if any(cue in lower for cue in lexicon.two_party_cues):
            previous = memory.counterparts.get(actor.code)
            if previous:
                return [previous[-1].model_copy(update={"entity_text": None, "start": None, "end": None})]
        return []


def _body_end(text: str, passage: Passage) -> int:
    """Where the passage's own words stop: before a trailing link or signature line."""
    body = text[passage.start : passage.end]
    cut = len(body)
    for marker in ("pic.twitter.com", "https://", "http://", "\u2014 ", " - "):
        idx = body.find(marker)
        if 0 < idx < cut:
            cut = idx
    return passage.start + cut


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    chunk = text[start:end]
    out: list[tuple[int, int]] = []
    pos = 0
    for match in SENTENCE_END.finditer(chunk):
        piece = chunk[pos : match.start()]
        # a paragraph break inside a quoted tweet does not end its sentence
        if piece.strip():
            out.append((start + pos, start + match.start()))
        pos = match.end()
    if chunk[pos:].strip():
        out.append((start + pos, start + len(chunk.rstrip())))
    return out
