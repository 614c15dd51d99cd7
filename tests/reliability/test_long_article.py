"""One article of 1.2 million characters (over spaCy's 1,000,000-character limit) is coded in
pieces: no error, and every offset of every event indexes the original text. An article over
the engine's limit is one clear InputError naming it, and the other articles are still coded."""

from __future__ import annotations

from typing import Any

import pytest

from newsevents.errors import InputError
from newsevents.record import Article, Event

SENTENCES = (
    "The foreign minister of France met the president of Germany in Berlin on Monday.",
    "Police arrested 40 protesters in Lagos after a march against fuel prices.",
    "Russia threatened to cut gas supplies to Ukraine next week.",
    "The United Nations sent food aid to Sudan, officials said.",
    "Italy closed its ports to a rescue ship carrying 200 migrants.",
)


def long_text(chars: int) -> str:
    """Paragraphs of our own sentences, rotated so that paragraphs differ, up to `chars` characters."""
    paragraphs: list[str] = []
    size = i = 0
    while size < chars:
        paragraph = " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(4 + i % 3))
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
        i += 1
    return "\n\n".join(paragraphs)[:chars]


def assert_offsets_index(text: str, events: list[Event]) -> None:
    for ev in events:
        ti = ev.text_info
        assert text[ti.start : ti.end] == ti.sentence
        assert ti.trigger_start is not None and ti.trigger_end is not None
        assert ti.start <= ti.trigger_start < ti.trigger_end <= ti.end
        for m in ev.mentions:
            assert text[m.start : m.end] == m.sentence
        for party in (*ev.actor, *ev.recipient):
            if party.start is not None and party.end is not None and party.entity_text:
                assert text[party.start : party.end] == party.entity_text


def test_article_over_the_parser_limit_is_coded_in_pieces(engine: Any) -> None:
    text = long_text(1_200_000)
    assert len(text) > engine.nlp.max_length
    [(article, events)] = list(engine.process([Article(id="long", text=text, published="2020-03-02")]))  # type: ignore[arg-type]
    assert article.text == text
    assert events, "the long article codes to events"
    assert len({e.id for e in events}) == len(events)
    assert_offsets_index(text, events)
    assert max(e.text_info.end for e in events) > 1_000_000, "events come from the last pieces too"


def test_too_long_article_is_one_error_and_the_batch_goes_on(engine: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "max_article_chars", 5_000)
    errors: list[InputError] = []
    articles = [
        Article(id="ok-1", text=SENTENCES[0]),
        Article(id="huge", text=long_text(6_000), source="feed.jsonl:2"),
        Article(id="ok-2", text=SENTENCES[2]),
    ]
    done = [a.id for a, _ in engine.process(articles, on_error=errors.append)]
    assert done == ["ok-1", "ok-2"]
    assert [str(e) for e in errors] == ["feed.jsonl:2: article is 6,000 characters long; the limit is 5,000"]
    with pytest.raises(InputError, match="the limit is 5,000"):
        engine.extract(long_text(6_000))
