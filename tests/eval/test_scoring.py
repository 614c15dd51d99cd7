"""Scoring on hand-made events: the seed gold rules and the sentence gold rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from export.records import make_event
from newsevents.eval import (
    ArticleGold,
    SentenceGold,
    evaluate,
    load_article_gold,
    score_article,
    score_sentences,
)
from newsevents.eval.models import GoldEvent
from newsevents.record import Entity, Event, Location

DATA = Path(__file__).parents[1] / "data"
GOLD_PATH = DATA / "seed_gold.json"


@pytest.fixture(scope="module")
def gold() -> ArticleGold:
    return load_article_gold(GOLD_PATH)


@pytest.fixture(scope="module")
def text() -> str:
    return (DATA / "seed_article.txt").read_text(encoding="utf-8")


def perfect_event(g: GoldEvent, text: str) -> Event:
    """A system event that codes gold event `g` exactly, on its first evidence string."""
    snippet = g.evidence[0]
    start = text.find(snippet)
    loc = g.location
    event = make_event(
        g.event,
        start=start,
        end=start + len(snippet),
        sentence=snippet,
        event_id=f"{g.id}-0",
        mode=g.mode,
        modality=g.modality,
        context=g.context,
        date=(g.date_window or [g.date])[0],
        location=Location(name=loc.name or "", country_code=loc.country_code) if loc else None,
    )
    actor = [Entity(code=a.code or "---", sector=a.sector) for a in g.actor]
    recipient = [Entity(code=r.code or "---", sector=r.sector) for r in g.recipient]
    return event.model_copy(update={"actor": actor, "recipient": recipient})


def perfect_system(gold: ArticleGold, text: str) -> list[Event]:
    return [perfect_event(g, text) for g in gold.events if g.required]


def test_gold_evidence_is_in_the_article(gold: ArticleGold, text: str) -> None:
    assert score_article(gold, text, []).evidence_not_found == []


def test_a_perfect_system_scores_one(gold: ArticleGold, text: str) -> None:
    report = score_article(gold, text, perfect_system(gold, text))
    assert (report.recall, report.precision, report.f1) == (1.0, 1.0, 1.0)
    assert report.found == report.required == 14
    assert report.missed == [] and report.unmatched == [] and report.modality_errors == []
    assert report.planned_ok
    assert all(score.accuracy == 1.0 for score in report.fields.values()), report.fields
    assert all(row.recall == 1.0 for row in report.per_category)


def test_no_events(gold: ArticleGold, text: str) -> None:
    report = score_article(gold, text, [])
    assert (report.recall, report.precision, report.f1) == (0.0, 0.0, 0.0)
    assert len(report.missed) == 14


def test_a_missing_event_lowers_recall_only(gold: ArticleGold, text: str) -> None:
    events = [e for e in perfect_system(gold, text) if not e.id.startswith("g03")]
    report = score_article(gold, text, events)
    assert report.recall == round(13 / 14, 3)
    assert report.precision == 1.0
    assert report.missed == ["g03:CONSULT"]
    consult = next(row for row in report.per_category if row.category == "CONSULT")
    assert (consult.gold, consult.found) == (3, 2)


def test_planned_reported_as_asserted_is_an_error(gold: ArticleGold, text: str) -> None:
    events = [
        e.model_copy(update={"modality": "asserted"}) if e.id.startswith("g14") else e
        for e in perfect_system(gold, text)
    ]
    report = score_article(gold, text, events)
    assert report.recall == 1.0  # still found ...
    assert not report.planned_ok  # ... but reported as having happened
    [error] = report.modality_errors
    assert (error.gold_id, error.expected, error.got) == ("g14", "planned", "asserted")
    assert report.fields["modality"].correct == report.fields["modality"].total - 1


def test_wrong_parties_or_sentence_or_category_do_not_match(gold: ArticleGold, text: str) -> None:
    g01 = next(g for g in gold.events if g.id == "g01")
    good = perfect_event(g01, text)
    wrong_recipient = good.model_copy(
        update={"recipient": make_event(recipient=["FRA"]).recipient, "id": "x1"}
    )
    wrong_sentence = good.model_copy(
        update={"text_info": good.text_info.model_copy(update={"start": 0, "end": 10}), "id": "x2"}
    )
    wrong_category = good.model_copy(update={"event": "ASSAULT", "id": "x3"})
    report = score_article(gold, text, [good, wrong_recipient, wrong_sentence, wrong_category])
    assert report.matched_events == 1
    assert [u.event_id for u in report.unmatched] == ["x1", "x2", "x3"]
    assert report.precision == 0.25


def test_a_mention_can_carry_the_match(gold: ArticleGold, text: str) -> None:
    g01 = next(g for g in gold.events if g.id == "g01")
    good = perfect_event(g01, text)
    tweet = text.find(g01.evidence[2])
    moved = make_event(
        "CONSULT",
        actor=["ITA"],
        recipient=["LBY"],
        start=0,
        end=10,
        mentions=[(tweet, tweet + 20)],
    )
    assert score_article(gold, text, [moved]).found == 1
    assert good.event == "CONSULT"


def test_alt_events_symmetric_and_optional(gold: ArticleGold, text: str) -> None:
    g09 = next(g for g in gold.events if g.id == "g09")  # symmetric ITA/MLT, alt REJECT
    o01 = next(g for g in gold.events if g.id == "o01")  # optional
    start = text.find(g09.evidence[0])
    swapped = make_event(
        "REJECT", actor=["MLT"], recipient=["ITA"], start=start, end=start + 30, event_id="s"
    )
    one_side = make_event("ACCUSE", actor=["ITA"], recipient=[], start=start, end=start + 30, event_id="o")
    optional = perfect_event(o01, text)
    report = score_article(gold, text, [swapped, one_side, optional])
    assert report.found == 1  # the swapped one; a symmetric gold needs both parties
    assert [u.event_id for u in report.unmatched] == ["o"]
    assert report.matched_events == 2  # an optional gold event is not a false positive
    assert report.strict_category_matches == 1


def test_date_window(gold: ArticleGold, text: str) -> None:
    g14 = next(g for g in gold.events if g.id == "g14")
    base = perfect_event(g14, text)
    inside = score_article(gold, text, [base.model_copy(update={"date": "2018-06-29"})])
    outside = score_article(gold, text, [base.model_copy(update={"date": "2018-06-25"})])
    assert inside.fields["date"].correct == 1
    assert outside.fields["date"].correct == 0


def test_evaluate_reads_events_jsonl(tmp_path: Path, gold: ArticleGold, text: str) -> None:
    events = perfect_system(gold, text)
    path = tmp_path / "events.jsonl"
    path.write_text("".join(e.model_dump_json() + "\n" for e in events))

    def no_engine() -> None:
        raise AssertionError("the engine must not run when events are given")

    report = evaluate(GOLD_PATH, str(path), engine_factory=no_engine)  # type: ignore[arg-type]
    assert report.model_dump()["recall"] == 1.0


SENTENCES = [
    SentenceGold(
        id="s1",
        text="Jordan and Britain have agreed to hold joint exercises.",
        event="AGREE",
        actor=[{"code": "JOR"}, {"code": "GBR"}],  # type: ignore[list-item]
        comment="Compound actor",
    ),
    SentenceGold(
        id="s2",
        text="Israeli troops shelled Lebanese villages.",
        event="ASSAULT",
        actor=[{"code": "ISR", "sector": "MIL"}],  # type: ignore[list-item]
        recipient=[{"code": "LBN", "sector": "CVL"}],  # type: ignore[list-item]
        mode_v05="heavy-weapons",
        context_v05="military",
    ),
    SentenceGold(
        id="s3",
        text="Sudan rejected the UN proposal.",
        event="REJECT",
        actor=[{"code": "SDN"}],  # type: ignore[list-item]
        recipient=[{"code": "IGO"}],  # type: ignore[list-item]
    ),
]


def test_sentence_scoring() -> None:
    events = {
        "s1": [
            make_event("AGREE", actor=["GBR"], recipient=["JOR"], article_id="s1")
        ],  # compound: sides may swap
        "s2": [
            make_event(
                "ASSAULT",
                actor=["ISR"],
                recipient=["LBN"],
                sector="MIL",
                context=["military"],
                mode="heavy-weapons",
                article_id="s2",
            ),
            make_event("THREATEN", actor=["ISR"], recipient=["LBN"], article_id="s2", event_id="e2"),
        ],
        "s3": [
            make_event("REJECT", actor=["IGO"], recipient=["SDN"], article_id="s3")
        ],  # swapped: not compound
    }
    report = score_sentences(SENTENCES, events)
    assert report.sentences == 3
    assert report.category_recall == 1.0
    assert report.full_recall == round(2 / 3, 3)
    assert report.events_per_sentence == round(4 / 3, 3)
    assert report.category_precision == 0.75
    assert [m.id for m in report.misses] == ["s3"]
    assert report.fields["context"].accuracy == 1.0
    assert report.fields["mode"].accuracy == 1.0
    assert (report.fields["sector"].correct, report.fields["sector"].total) == (1, 1)
    reject = next(row for row in report.per_category if row.category == "REJECT")
    assert (reject.category_recall, reject.full_recall) == (1.0, 0.0)


def test_sentence_gold_through_evaluate(tmp_path: Path) -> None:
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_text("".join(json.dumps(s.model_dump()) + "\n" for s in SENTENCES))

    class Engine:
        def process(self, articles, *, batch_size=16):  # type: ignore[no-untyped-def]
            for article in articles:
                yield article, [make_event("REJECT", actor=["SDN"], recipient=["IGO"], article_id=article.id)]

    report = evaluate(gold_path, str(gold_path), engine_factory=Engine)
    assert report.model_dump()["full_recall"] == round(1 / 3, 3)


def test_sentence_gold_igo_accepts_un_and_eu_codes() -> None:
    row = SentenceGold(
        id="s",
        text="The UN urged Sudan to stop.",
        event="REQUEST",
        actor=[{"code": "IGO"}],  # type: ignore[list-item]
        recipient=[{"code": "SDN"}],  # type: ignore[list-item]
    )
    un = make_event("REQUEST", actor=["UNO"], recipient=["SDN"], article_id="s")
    ngo = make_event("REQUEST", actor=["NGO"], recipient=["SDN"], article_id="s")
    assert score_sentences([row], {"s": [un]}).full_recall == 1.0
    assert score_sentences([row], {"s": [ngo]}).full_recall == 0.0
