"""Word lists of the grammar coder: the data behind its rules of sense, argument and modality.

In: `events/data/grammar_<lang>.yaml` (one list of words per key, each with a comment saying what
it is for). Out: `load_grammar(lang)` -> a frozen `GrammarWords` (cached), whose fields the coder's
modules test words against. Parser labels (nsubj, dobj, ...) are no words and stay in the code.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from importlib import resources

import yaml

from newsevents.errors import ResourceError


@dataclass(frozen=True)
class GrammarWords:
    """The grammar's word lists of one language; see the data file for what each is for."""

    # triggers
    particle_adverbs: frozenset[str]
    container_nouns: frozenset[str]
    quantity_nouns: frozenset[str]
    movement_verbs: frozenset[str]
    causatives: frozenset[str]
    question_words: frozenset[str]
    # arguments
    stative_passives: frozenset[str]
    subject_control_verbs: frozenset[str]
    speech_verbs: frozenset[str]
    message_nouns: frozenset[str]
    two_party_cues: tuple[str, ...]
    # parties
    person_pronouns: frozenset[str]
    other_pronouns: frozenset[str]
    relative_pronouns: frozenset[str]
    country_anaphors: tuple[str, ...]
    hazard_words: frozenset[str]
    # modality
    intent_verbs: frozenset[str]
    readiness_adjectives: frozenset[str]
    hypothetical_modals: frozenset[str]
    future_modals: frozenset[str]
    obligation_modals: frozenset[str]
    planned_noun_modifiers: frozenset[str]
    conditional_marks: frozenset[str]


def _words(name: str, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise ResourceError(f"{name}: {key!r} must be a non-empty list of words")
    for word in value:
        if not isinstance(word, str):
            # YAML 1.1 reads bare off/on/no/yes as booleans: such words must be quoted
            raise ResourceError(f"{name}: {key!r} holds {word!r}, not a word (quote it)")
    return tuple(value)


@lru_cache(maxsize=4)
def load_grammar(language: str = "en") -> GrammarWords:
    """Load the packaged grammar word lists of `language` (cached)."""
    name = f"grammar_{language}.yaml"
    try:
        text = resources.files("newsevents.events").joinpath("data", name).read_text(encoding="utf-8")
        raw = yaml.safe_load(text)
    except FileNotFoundError as exc:
        raise ResourceError(f"no grammar word lists for language {language!r} ({name})") from exc
    except (OSError, yaml.YAMLError) as exc:
        raise ResourceError(f"{name}: {exc}") from exc
    if not isinstance(raw, dict):
        raise ResourceError(f"{name}: expected a mapping of list names to words")
    keys = [f.name for f in fields(GrammarWords)]
    missing = [k for k in keys if k not in raw]
    unknown = sorted(str(k) for k in raw if k not in keys)
    if missing or unknown:
        raise ResourceError(f"{name}: missing lists {missing}, unknown lists {unknown}")

    def words(key: str) -> frozenset[str]:
        return frozenset(_words(name, key, raw[key]))

    def phrases(key: str) -> tuple[str, ...]:
        return _words(name, key, raw[key])

    return GrammarWords(
        particle_adverbs=words("particle_adverbs"),
        container_nouns=words("container_nouns"),
        quantity_nouns=words("quantity_nouns"),
        movement_verbs=words("movement_verbs"),
        causatives=words("causatives"),
        question_words=words("question_words"),
        stative_passives=words("stative_passives"),
        subject_control_verbs=words("subject_control_verbs"),
        speech_verbs=words("speech_verbs"),
        message_nouns=words("message_nouns"),
        two_party_cues=phrases("two_party_cues"),
        person_pronouns=words("person_pronouns"),
        other_pronouns=words("other_pronouns"),
        relative_pronouns=words("relative_pronouns"),
        country_anaphors=phrases("country_anaphors"),
        hazard_words=words("hazard_words"),
        intent_verbs=words("intent_verbs"),
        readiness_adjectives=words("readiness_adjectives"),
        hypothetical_modals=words("hypothetical_modals"),
        future_modals=words("future_modals"),
        obligation_modals=words("obligation_modals"),
        planned_noun_modifiers=words("planned_noun_modifiers"),
        conditional_marks=words("conditional_marks"),
    )
