"""The grammar coder's word lists: packaged data, loaded once, each list explained where it is kept."""

from __future__ import annotations

from importlib import resources

import pytest

from newsevents.errors import ResourceError
from newsevents.events.grammar import _words, load_grammar


def test_lists_load_once_as_words() -> None:
    words = load_grammar("en")
    assert load_grammar("en") is words
    # words YAML 1.1 would read as something else stay words
    assert "off" in words.particle_adverbs
    assert "'ll" in words.future_modals
    assert "expect" in words.stative_passives and "expect" in words.intent_verbs
    assert words.two_party_cues[0] == "two countries"


def test_each_list_says_what_it_is_for() -> None:
    text = resources.files("newsevents.events").joinpath("data", "grammar_en.yaml").read_text("utf-8")
    lines = text.splitlines()
    keys = [i for i, line in enumerate(lines) if line and not line.startswith((" ", "#"))]
    assert len(keys) == 23
    for i in keys:
        assert lines[i - 1].startswith("# "), f"no comment above {lines[i]!r}"


def test_a_bare_yaml_boolean_is_refused() -> None:
    with pytest.raises(ResourceError, match="quote it"):
        _words("grammar_en.yaml", "particle_adverbs", ["back", False])


def test_unknown_language() -> None:
    with pytest.raises(ResourceError, match="no grammar word lists"):
        load_grammar("xx")


def test_public_names_stay_in_the_coder() -> None:
    from newsevents.events import coder

    assert {"COOPERATIVE", "Candidate", "Memory", "Party", "SentenceCoder"} <= set(dir(coder))
