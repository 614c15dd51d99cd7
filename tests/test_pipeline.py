"""`Engine.process` takes what `newsevents.extract_many` takes: Articles, plain strings and dicts."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import pytest

from newsevents.errors import InputError
from newsevents.pipeline import Engine, as_articles
from newsevents.record import Article

THREAT = "Russia threatened to impose sanctions on Ukraine on Monday."


def test_process_takes_articles_strings_and_dicts(engine: Engine) -> None:
    items: list[Any] = [
        Article(id="obj", text=THREAT),
        THREAT,
        {"id": "row", "text": THREAT, "published": "2022-01-10", "title": "Threat"},
        MappingProxyType({"text": THREAT}),
    ]
    results = list(engine.process(items))
    assert [article.id for article, _ in results] == ["obj", "article-2", "row", "article-4"]
    for article, events in results:
        assert isinstance(article, Article)
        assert [e.event for e in events] == ["THREATEN"]
        assert all(e.article_id == article.id for e in events)
    row = results[2][0]
    assert row.title == "Threat" and str(row.published) == "2022-01-10"
    assert results[2][1][0].date == "2022-01-10"


def test_bad_items_are_input_errors_or_skipped(engine: Engine) -> None:
    with pytest.raises(InputError, match="item 1"):
        list(engine.process([42]))  # type: ignore[list-item]
    with pytest.raises(InputError, match="item 2.*text"):
        list(engine.process([THREAT, {"id": "x"}]))
    errors: list[InputError] = []
    done = list(engine.process([{"id": "x"}, THREAT], on_error=errors.append))
    assert [a.id for a, _ in done] == ["article-2"] and len(errors) == 1


def test_as_articles_keeps_articles_as_they_are() -> None:
    article = Article(id="a", text="t")
    rows: list[Mapping[str, Any] | str | Article] = [article, "plain"]
    assert list(as_articles(rows)) == [article, Article(id="article-2", text="plain")]
