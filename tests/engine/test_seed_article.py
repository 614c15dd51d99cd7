"""The seed article pinned against its hand-coded gold (tests/data/seed_gold.json)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsevents.eval import evaluate_article
from newsevents.pipeline import Engine
from newsevents.record import Event

DATA = Path(__file__).resolve().parents[1] / "data"
PUBLISHED = "2018-06-25"


@pytest.fixture(scope="module")
def events(engine: Engine) -> list[Event]:
    text = (DATA / "seed_article.txt").read_text(encoding="utf-8")
    return engine.extract(text, published=PUBLISHED, article_id="seed")


def _codes(entities: list) -> set[str]:  # type: ignore[type-arg]
    return {e.code for e in entities}


def test_seed_scores_against_gold(engine: Engine) -> None:
    report = evaluate_article(DATA / "seed_gold.json", engine_factory=lambda: engine)
    # 12 of the 14 required events since the model learned from more labelled news and reads sentence
    # meaning (out of fold on 413 unseen articles: type F1 0.545 -> 0.58); the two it misses ("closed its
    # ports to ships", "wanted Malta to take in the ship") are phrasings the labels do not teach
    assert report.recall >= 0.85, report.missed
    assert report.precision >= 0.8, report.unmatched
    assert report.planned_ok


def test_tripoli_meeting_is_one_event_with_mentions(events: list[Event]) -> None:
    meetings = [e for e in events if e.event == "CONSULT" and "ITA" in _codes(e.actor) and "LBY" in _codes(e.recipient)]
    assert len(meetings) == 1
    meeting = meetings[0]
    assert len(meeting.mentions) >= 3
    assert "it" in {m.language for m in meeting.mentions}, "the Italian tweet reports the same meeting"
    assert meeting.mode == "visit"
    assert meeting.date == "2018-06-25"
    assert meeting.event_loc is not None and meeting.event_loc.country_code == "LBY"
    salvini = [a for a in meeting.actor if a.entity_name == "Matteo Salvini"]
    assert salvini and salvini[0].sector == "GOV"


def test_summit_is_planned_at_the_end_of_the_week(events: list[Event]) -> None:
    summits = [e for e in events if "summit" in e.text_info.sentence and "EUR" in _codes(e.actor)]
    assert summits, "the EU-28 summit is coded"
    summit = summits[0]
    assert summit.modality == "planned"
    assert summit.date is not None and "2018-06-28" <= summit.date[:10] <= "2018-06-29"
    assert summit.event_loc is not None and summit.event_loc.country_code == "BEL"


def test_brussels_meeting_dated_a_day_before(events: list[Event]) -> None:
    met = [e for e in events if e.event == "CONSULT" and "16 EU leaders" in e.text_info.sentence]
    assert met and met[0].date == "2018-06-24"
    assert met[0].mode == "multilateral"


def test_negated_orders_code_as_reject(events: list[Event]) -> None:
    rejects = [e for e in events if e.event == "REJECT" and "MLT" in _codes(e.actor) and "ITA" in _codes(e.recipient)]
    assert rejects
    assert all(e.modality == "asserted" for e in rejects)


def test_compound_actor_refusal(events: list[Event]) -> None:
    refusals = [e for e in events if e.event == "REJECT" and {"ITA", "MLT"} <= _codes(e.actor)]
    assert refusals
    assert refusals[0].size.get("migrants") == 200
    assert refusals[0].size.get("qualifier") == "more than"


def test_evidence_offsets_point_into_the_text(events: list[Event]) -> None:
    text = (DATA / "seed_article.txt").read_text(encoding="utf-8")
    for event in events:
        info = event.text_info
        assert text[info.start : info.end] == info.sentence
        assert info.trigger_start is not None and info.trigger_end is not None
        assert info.start <= info.trigger_start < info.trigger_end <= info.end
        for party in [*event.actor, *event.recipient]:
            if party.start is not None and party.end is not None and party.entity_text:
                assert text[party.start : party.end] == party.entity_text
        assert event.quad_code in (1, 2, 3, 4)
        assert event.cameo_code


def test_historical_and_ongoing_are_not_asserted(events: list[Event]) -> None:
    training = [e for e in events if "training" in e.event_text]
    assert training and training[0].modality == "ongoing" and training[0].event == "AID"
