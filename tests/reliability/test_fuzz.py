"""Seeded fuzzing of the Python API: 2,000 generated texts (random unicode with lone surrogates,
control characters and NUL, huge tokens, odd whitespace, characters that change length under
case mapping or normalisation, invisible and bidirectional formatting, dates past the edges of
the calendar in the text) with publication dates at and beyond the accepted range, through
`Engine.process` and `extract_many`. The only errors allowed are the dates the engine refuses;
every event's offsets (evidence, mentions, parties) index the cleaned text, which has the
length of the text given, and every event survives a JSON round trip. The same
seed gives the same texts, so a failure is replayed by running the test again."""

from __future__ import annotations

import random
from typing import Any

import pytest

from newsevents.errors import InputError
from newsevents.ingest.clean import clean_text
from newsevents.pipeline import extract_many
from newsevents.record import Event
from reliability.fuzzgen import EDGE_DATES, hostile_published, hostile_text

SEED = 20240601
N_TEXTS = 2000
DATE_PROBLEMS = ("is out of range (1800-01-01 to 2200-12-31)", "(expected YYYY-MM-DD)")


def test_fuzzed_texts_code_without_unexpected_errors(engine: Any) -> None:
    rng = random.Random(SEED)
    items = [
        {"id": f"fuzz-{i}", "text": hostile_text(rng), "published": hostile_published(rng)} for i in range(N_TEXTS)
    ]
    texts = {item["id"]: item["text"] for item in items}
    errors: list[InputError] = []
    coded = 0
    for article, events in engine.process(items, on_error=errors.append):
        coded += 1
        original = texts[article.id]
        assert len(article.text) == len(original) and article.text == clean_text(original)
        article.text.encode("utf-8")
        for event in events:
            ti = event.text_info
            assert article.text[ti.start : ti.end] == ti.sentence
            for mention in event.mentions:
                assert article.text[mention.start : mention.end] == mention.sentence
            for entity in [*event.actor, *event.recipient]:
                if entity.start is not None and entity.entity_text is not None:
                    assert article.text[entity.start : entity.end] == entity.entity_text
            assert Event.model_validate_json(event.model_dump_json()) == event
    unexpected = [str(e) for e in errors if not e.problem.endswith(DATE_PROBLEMS)]
    assert unexpected == []
    assert coded + len(errors) == N_TEXTS
    accepted = {None, "", "2018-06-25", "1800-01-01", "2200-12-31", "2018-06-25T10:00:00Z"}
    assert accepted < set(EDGE_DATES)
    bad_dates = sum(1 for item in items if item["published"] not in accepted)
    assert len(errors) == bad_dates


def test_python_api_raises_only_input_errors() -> None:
    rng = random.Random(SEED + 1)
    for _ in range(20):
        published = hostile_published(rng)
        items = [{"text": hostile_text(rng), "published": published}, hostile_text(rng)]
        try:
            events = list(extract_many(items))
        except InputError as err:
            assert err.problem.endswith(DATE_PROBLEMS), err
        else:
            assert all(e.text_info.sentence for e in events)


@pytest.mark.parametrize("published", ["9999-12-31", "0001-01-01", "2018-06-25garbage"])
def test_extract_with_edge_dates_is_an_input_error(engine: Any, published: str) -> None:
    with pytest.raises(InputError):
        engine.extract("Russia threatened to cut gas supplies to Ukraine next week.", published=published)
