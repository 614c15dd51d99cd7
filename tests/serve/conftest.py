"""Fixtures for the API tests: a DuckDB store in tmp_path filled with hand-made events, and apps over it."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsevents.record import Article, Event, TextInfo
from newsevents.store import open_store
from serve.serve_sample import all_articles

warnings.filterwarnings("ignore", message=".*httpx2.*")
from fastapi.testclient import TestClient  # noqa: E402

from newsevents.serve import create_app  # noqa: E402


class FakeEngine:
    """Codes one CONSULT event on the first sentence; counts its calls."""

    calls = 0

    def extract_article(self, article: Article) -> list[Event]:
        FakeEngine.calls += 1
        text = article.text
        end = text.find(".")
        end = len(text) if end < 0 else end + 1
        words = text.split()
        trig = text.find(words[1]) if len(words) > 1 else 0
        return [
            Event(
                id=f"{article.id}-f1",
                article_id=article.id,
                event="CONSULT",
                mode="visit",
                quad_code=1,
                date=article.published.isoformat() if article.published else None,
                event_text=text[:end],
                text_info=TextInfo(
                    sentence=text[:end],
                    start=0,
                    end=end,
                    trigger_start=trig,
                    trigger_end=trig + len(words[1]) if len(words) > 1 else None,
                ),
            )
        ]


def fill(db: Path) -> None:
    with open_store(str(db)) as st:
        for art, events in all_articles():
            st.add_article(art, events)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "events.duckdb"
    fill(path)
    return path


@pytest.fixture
def client(db: Path) -> Iterator[TestClient]:
    app = create_app(str(db), engine_factory=FakeEngine)
    with TestClient(app) as c:
        yield c
