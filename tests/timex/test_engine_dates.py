"""Dates through the engine, in an article of Tuesday 2024-10-15: direction and one date per clause."""

from __future__ import annotations

from newsevents.pipeline import Engine

TUESDAY = "2024-10-15"


def test_future_travel_is_planned_next_week(engine: Engine) -> None:
    events = engine.extract(
        "The finance minister will travel to Brussels next week to meet her European counterparts.", published=TUESDAY
    )
    assert events
    for e in events:
        assert (e.date, e.enddate, e.modality) == ("2024-10-21", "2024-10-27", "planned")


def test_rally_announced_for_saturday_is_the_coming_saturday(engine: Engine) -> None:
    events = engine.extract("Opposition leaders said they would hold another rally on Saturday.", published=TUESDAY)
    dated = [e for e in events if e.date_text]
    assert dated and all(e.date == "2024-10-19" for e in dated)


def test_events_of_one_clause_share_its_date(engine: Engine) -> None:
    events = engine.extract(
        "Border guards exchanged fire on Monday night, detaining at least 63 people.", published=TUESDAY
    )
    assert len(events) >= 2
    assert {e.date for e in events} == {"2024-10-14"}
