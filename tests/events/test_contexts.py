"""Context lexicon: coverage of the 37 PLOVER contexts and detection on sample sentences."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import yaml

from newsevents.events.contexts import context_scores, detect_contexts, load_lexicon
from newsevents.ontology import default_ontology


def test_lexicon_covers_every_context() -> None:
    text = resources.files("newsevents.events").joinpath("data", "contexts.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    assert set(data) == set(default_ontology().contexts)
    for context, spec in data.items():
        assert len(spec["strong"]) >= 5, context
        assert all(isinstance(t, str) and t.strip() for t in spec["strong"] + spec.get("weak", [])), context


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("More than 200 migrants were stranded at sea.", {"migration"}),
        ("Asylum seekers waited at the border.", {"migration", "asylum"}),
        ("The UN said refugees had fled the fighting.", {"migration", "asylum"}),
        ("Troops and the army were deployed.", {"military"}),
        ("Voters went to the polls in a second-round ballot.", {"election"}),
        ("Police broke up a human trafficking ring.", {"trafficking"}),
        ("Human rights groups condemned the arrests.", {"human_rights"}),
        ("The court sentenced him to ten years for bribery.", {"legal", "corruption"}),
        ("An earthquake struck the coast, triggering a tsunami warning.", {"disasters"}),
        ("Hackers used ransomware against the ministry.", {"cyber"}),
        ("The IAEA inspected the uranium enrichment site.", {"cbrn"}),
        ("Peacekeepers from the UN mission were withdrawn.", {"peacekeeping"}),
        ("Cocaine seized by the navy was worth millions.", {"illegal_drugs", "military"}),
    ],
)
def test_sentence_contexts(sentence: str, expected: set[str]) -> None:
    assert expected <= set(detect_contexts(sentence))


def test_nothing_in_neutral_text() -> None:
    assert detect_contexts("The weather was pleasant and the café was full.") == []
    assert detect_contexts("") == []


def test_acronyms_are_case_sensitive() -> None:
    assert "diplomatic" in detect_contexts("The UN envoy arrived.")
    assert detect_contexts("an un-named man and a who's who") == []


def test_inflections_and_phrases() -> None:
    assert detect_contexts("Immigration and migratory flows") == ["migration"]
    assert "pro_democracy" in detect_contexts("pro-democracy activists marched")
    assert "pro_democracy" in detect_contexts("pro democracy activists marched")
    assert "executive" in detect_contexts("new policies were announced by the president")


def test_paragraph_counts_only_strong_terms() -> None:
    sentence = "The minister spoke to reporters on Tuesday."
    para_strong = sentence + " Thousands of migrants have arrived this year."
    para_weak = sentence + " The deal was about the friendship of allies."
    assert "migration" in detect_contexts(sentence, paragraph=para_strong)
    assert "diplomatic" not in detect_contexts(sentence, paragraph=para_weak)
    assert "migration" not in detect_contexts(sentence)


def test_sentence_hits_outrank_paragraph_hits() -> None:
    sentence = "Soldiers patrolled the streets."
    paragraph = "Migrants crossed overnight. " + sentence
    scores = context_scores(sentence, paragraph=paragraph)
    assert list(scores) == ["military", "migration"]
    assert scores["military"] > scores["migration"]
    # the sentence's own words are not counted twice through the paragraph
    assert context_scores(sentence, paragraph=paragraph)["military"] == context_scores(sentence)["military"]


def test_order_is_deterministic() -> None:
    s = "Migrants and refugees fled the war; troops and soldiers followed."
    assert detect_contexts(s) == detect_contexts(s)
    scores = context_scores(s)
    assert list(scores.values()) == sorted(scores.values(), reverse=True)


def test_custom_lexicon(tmp_path: Path) -> None:
    path = tmp_path / "ctx.yaml"
    path.write_text(yaml.safe_dump({"health": {"strong": ["vaccin*", "WHO"], "weak": ["sick"]}}))
    lex = load_lexicon(path)
    assert list(context_scores("Vaccination drive by WHO", lexicon=lex)) == ["health"]
    assert context_scores("who is sick?", lexicon=lex) == {"health": 1.0}
