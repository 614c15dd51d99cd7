"""When a clause tells no time of its own: the date of the clause it belongs to, or of the story
its paragraph is telling; never a date that only bounds what the event set going, and never
across reported speech (the sentence rules; the learned ranker of `events.setting` may choose
otherwise and says why). Places: calendar words are times, not towns."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from newsevents.pipeline import Engine


def _events(engine: Any, text: str, published: str) -> dict[str, Any]:
    return {ev.event: ev for ev in engine.extract(text, published=published)}


def test_a_clause_inside_a_dated_clause_takes_its_date(engine: Any) -> None:
    text = (
        "Later on Tuesday the prime minister met with the International Monetary Fund, then with "
        "President Trump, where he denounced the agreement between Turkey and Libya."
    )
    events = _events(engine, text, "2020-01-10")
    assert events["CONSULT"].date == "2020-01-07"
    assert events["ACCUSE"].date == "2020-01-07"
    assert any("from the clause it belongs to" in d for d in events["ACCUSE"].decisions)


def test_the_next_sentence_of_a_paragraph_continues_its_date(engine: Any) -> None:
    text = (
        "On Tuesday, Georgian police arrested opposition leader Nika Melia in Tbilisi. "
        "Prosecutors charged him with organising violence."
    )
    events = _events(engine, text, "2024-03-14")
    assert events["COERCE"].date == "2024-03-12"
    assert events["ACCUSE"].date == "2024-03-12"
    assert any("the paragraph's last date" in d for d in events["ACCUSE"].decisions)


@lru_cache(maxsize=1)
def _rules() -> Engine:
    """The engine with the sentence rules alone deciding dates and places (no learned ranker)."""
    return Engine(actor_files=[], setting_model=None)


def test_a_new_paragraph_starts_without_the_last_date_under_the_rules(engine: Any) -> None:
    text = (
        "On Tuesday, Georgian police arrested opposition leader Nika Melia in Tbilisi.\n\n"
        "Prosecutors charged him with organising violence."
    )
    events = _events(_rules(), text, "2024-03-14")
    assert events["COERCE"].date == "2024-03-12"
    assert events["ACCUSE"].date == "2024-03-14"  # the news day, as any undated report
    # the ranker may carry the story's time over (what our labels do more often); it says so
    learned = _events(engine, text, "2024-03-14")
    assert learned["COERCE"].date == "2024-03-12"
    charged = learned["ACCUSE"]
    assert charged.date == "2024-03-12"
    assert any("the last date told before ('Tuesday')" in d for d in charged.decisions), charged.decisions


def test_an_end_bound_is_not_the_date_of_the_event(engine: Any) -> None:
    dated = _events(engine, "On Thursday, the mayor of Moscow extended the city lockdown to May 1.", "2020-04-05")
    assert dated["COERCE"].date == "2020-04-02"
    undated = _events(
        engine, "The governor announced the state had extended its stay-at-home order until May 1.", "2020-04-05"
    )
    assert undated["COERCE"].date == "2020-04-05"


def test_a_deadline_still_dates_the_act_it_bounds(engine: Any) -> None:
    from newsevents.nlp.pipeline import load_nlp
    from newsevents.timex import event_date

    doc = load_nlp()("The parties have until Friday to appeal the ruling.")
    found = event_date(doc[:], next(t for t in doc if t.text == "appeal"), __import__("datetime").date(2024, 10, 15))
    assert found is not None and found.iso == "2024-10-18"


def test_what_is_reported_does_not_take_the_date_of_the_report_under_the_rules(engine: Any) -> None:
    text = "The ministry said on Tuesday that troops had attacked the village."
    assert _events(_rules(), text, "2024-03-14")["ASSAULT"].date != "2024-03-12"
    # our labels date such reports' content by the report more often than not: the ranker may, and says why
    learned = _events(engine, text, "2024-03-14")["ASSAULT"]
    assert learned.date == "2024-03-12"
    assert any("named in its sentence ('Tuesday')" in d for d in learned.decisions), learned.decisions


def test_a_month_name_is_a_time_not_a_place(engine: Any) -> None:
    events = _events(
        engine, "In March, thousands of protesters marched against the government in the capital.", "2024-04-14"
    )
    assert events["PROTEST"].date == "2024-03"
    assert events["PROTEST"].event_loc is None  # "March" is also a town in Cambridgeshire
    lockdown = _events(engine, "Bangladesh imposed a nationwide lockdown in March.", "2020-04-05")
    place = lockdown["COERCE"].event_loc
    assert place is None or place.name == "Bangladesh"  # the country whose lockdown it is, never March


def test_a_background_date_does_not_carry_over(engine: Any) -> None:
    text = (
        "In 2018, Georgian police arrested opposition leader Nika Melia in Tbilisi. "
        "Prosecutors charged him with organising violence."
    )
    events = _events(engine, text, "2024-03-14")
    assert events["COERCE"].date == "2018"
    assert events["ACCUSE"].date != "2018"
