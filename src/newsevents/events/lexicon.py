"""Trigger lexicon: the YAML data that maps words to PLOVER categories and modes.

In: `events/data/triggers_<lang>.yaml`. Out: a `TriggerLexicon` the coder queries by
lemma: `senses_for_verb("refuse")`, `senses_for_noun("summit")`, `mode_from_cues(...)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from newsevents.errors import ResourceError


@dataclass(frozen=True)
class Sense:
    """One reading of a trigger word, with the conditions under which it applies."""

    category: str
    mode: str | None = None
    particle: str | None = None
    objects: frozenset[str] = frozenset()
    not_objects: frozenset[str] = frozenset()
    preps: frozenset[str] = frozenset()
    not_preps: frozenset[str] = frozenset()
    actor_sectors: frozenset[str] = frozenset()
    compounds: frozenset[str] = frozenset()
    light: frozenset[str] = frozenset()
    swap: bool = False
    needs_complement: bool = False
    active_only: bool = False
    needs_object: bool = False
    not_questions: bool = False
    other_party: bool = False
    needs_dobj: bool = False
    source_actor: bool = False


@dataclass(frozen=True)
class TriggerLexicon:
    """Verb and noun senses, light verbs and mode cues of one language."""

    verbs: dict[str, tuple[Sense, ...]]
    nouns: dict[str, tuple[Sense, ...]]
    light_verbs: frozenset[str]
    recipient_preps: frozenset[str]
    patient_nouns: frozenset[str] = frozenset()
    symmetric_nouns: frozenset[str] = frozenset()
    mode_cues: dict[str, dict[str, str]] = field(default_factory=dict)

    def mode_from_cues(self, category: str, lemmas: set[str]) -> str | None:
        """The first mode whose cue word occurs among `lemmas` (cue order is priority order)."""
        for cue, mode in self.mode_cues.get(category, {}).items():
            if cue in lemmas:
                return mode
        return None


def _word(value: object) -> str:
    """A lexicon word as text: YAML 1.1 reads the bare words on/off as booleans."""
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value).lower()


def _sense(raw: dict[str, Any]) -> Sense:
    def words(key: str) -> frozenset[str]:
        return frozenset(_word(w) for w in raw.get(key, []) or [])

    return Sense(
        category=str(raw["category"]),
        mode=raw.get("mode"),
        particle=_word(raw["particle"]) if raw.get("particle") is not None else None,
        objects=words("objects"),
        not_objects=words("not_objects"),
        preps=words("preps"),
        not_preps=words("not_preps"),
        actor_sectors=frozenset(str(s) for s in raw.get("actor_sectors", []) or []),
        compounds=words("compounds"),
        light=words("light"),
        swap=bool(raw.get("swap", False)),
        needs_complement=bool(raw.get("needs_complement", False)),
        active_only=bool(raw.get("active_only", False)),
        needs_object=bool(raw.get("needs_object", False)),
        not_questions=bool(raw.get("not_questions", False)),
        other_party=bool(raw.get("other_party", False)),
        needs_dobj=bool(raw.get("needs_dobj", False)),
        source_actor=bool(raw.get("source_actor", False)),
    )


def _senses(table: dict[str, list[dict[str, Any]]]) -> dict[str, tuple[Sense, ...]]:
    return {str(lemma).lower(): tuple(_sense(s) for s in senses) for lemma, senses in (table or {}).items()}


@lru_cache(maxsize=4)
def load_lexicon(language: str = "en") -> TriggerLexicon:
    """Load the packaged trigger lexicon of `language` (cached)."""
    name = f"triggers_{language}.yaml"
    try:
        text = resources.files("newsevents.events").joinpath("data", name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ResourceError(f"no trigger lexicon for language {language!r} ({name})") from exc
    raw = yaml.safe_load(text)
    return TriggerLexicon(
        verbs=_senses(raw.get("verbs", {})),
        nouns=_senses(raw.get("nouns", {})),
        light_verbs=frozenset(_word(w) for w in raw.get("light_verbs", [])),
        recipient_preps=frozenset(_word(w) for w in raw.get("default_recipient_preps", [])),
        patient_nouns=frozenset(_word(w) for w in raw.get("patient_nouns", [])),
        symmetric_nouns=frozenset(_word(w) for w in raw.get("symmetric_nouns", [])),
        mode_cues={k: {_word(c): m for c, m in v.items()} for k, v in (raw.get("mode_cues") or {}).items()},
    )
