"""Local scale-out: `--workers 2` gives what one process gives, in the same order; ingest is resumable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.record import Article, Event
from newsevents.scale import ProcessPoolCoder
from newsevents.scale.local import chunks
from newsevents.store import open_store

from .conftest import jsonl_of


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def stored(db: Path) -> dict[str, list[dict[str, Any]]]:
    """Every stored article's events (sorted by id), by article id."""
    with open_store(db) as store:
        out = {}
        for article in store.iter_articles():
            found = store.get_article(article.id)
            assert found is not None
            out[article.id] = sorted((e.model_dump() for e in found[1]), key=lambda e: e["id"])
        return out


def test_chunks_keep_order() -> None:
    items = [Article(id=str(i), text="x") for i in range(7)]
    assert [[a.id for a in c] for c in chunks(items, 3)] == [["0", "1", "2"], ["3", "4", "5"], ["6"]]
    assert list(chunks([], 3)) == []


def test_two_workers_equal_one_process(
    articles: list[Article], single: list[tuple[Article, list[Event]]], articles_file: Path, tmp_path: Path
) -> None:
    pool = ProcessPoolCoder(2)
    try:
        parallel = list(pool.process(articles, batch_size=2))  # chunks of 2: both workers take turns
    finally:
        pool.close()
    assert [a.id for a, _ in parallel] == [a.id for a, _ in single]
    assert [a.model_dump() for a, _ in parallel] == [a.model_dump() for a, _ in single]
    assert jsonl_of(parallel) == jsonl_of(single)
    assert sum(len(events) for _, events in single) > 10
    assert len(pool.stats) == 2, "both workers coded articles"
    assert sum(s.articles for s in pool.stats.values()) == len(articles)
    assert all(s.peak_rss_mib > 50 for s in pool.stats.values())

    # the command line: the same JSONL with --workers 2 as the engine gives in one process
    out = tmp_path / "events.jsonl"
    code, _, err = run("extract", str(articles_file), "--workers", "2", "-o", str(out))
    assert code == 0, err
    assert out.read_text(encoding="utf-8") == jsonl_of(single)
    assert err.strip().splitlines()[-1] == f"{len(articles)} articles, {len(jsonl_of(single).splitlines())} events"


def test_ingest_with_workers_then_rerun_adds_nothing(
    articles_file: Path, articles: list[Article], single: list[tuple[Article, list[Event]]], tmp_path: Path
) -> None:
    db = tmp_path / "events.duckdb"
    n_events = sum(len(events) for _, events in single)
    code, _, err = run("ingest", str(articles_file), "--db", str(db), "--workers", "2", "--batch-size", "2")
    assert code == 0, err
    summary, clustered = err.strip().splitlines()[-2:]
    assert summary == f"{len(articles)} new articles, 0 already stored, {n_events} events"
    assert clustered.startswith(f"{n_events} new events clustered")
    code, _, err = run("ingest", str(articles_file), "--db", str(db), "--workers", "2")
    assert code == 0, err
    assert err.strip().splitlines()[-1] == f"0 new articles, {len(articles)} already stored, 0 events"
    assert stored(db) == by_article(single)


def by_article(results: list[tuple[Article, list[Event]]]) -> dict[str, list[dict[str, Any]]]:
    """The events of coded articles (sorted by id), by article id, as `stored` gives them."""
    return {a.id: sorted((e.model_dump() for e in events), key=lambda e: e["id"]) for a, events in results}


class _Interrupted:
    """An engine that codes `before` articles, then raises KeyboardInterrupt as Ctrl-C would."""

    version = "test"

    def __init__(self, engine: Any, before: int) -> None:
        self.engine, self.before = engine, before

    def process(self, articles: Any, **kwargs: Any) -> Any:
        for n, item in enumerate(self.engine.process(articles, **kwargs)):
            if n == self.before:
                raise KeyboardInterrupt
            yield item


def test_ingest_interrupted_keeps_what_was_stored_and_a_rerun_goes_on(
    engine: Any, articles_file: Path, articles: list[Article], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    db = tmp_path / "events.duckdb"
    monkeypatch.setattr("newsevents.cli.ingest.load_engine", lambda actor_files=(): _Interrupted(engine, 3))
    code, _, err = run("ingest", str(articles_file), "--db", str(db))
    assert code == 130, err
    lines = err.strip().splitlines()
    assert lines[-2].startswith("3 new articles, 0 already stored")
    assert lines[-1] == "newsevents: interrupted; rerun the same command to go on (stored articles are skipped)"
    assert "Traceback" not in err

    monkeypatch.setattr("newsevents.cli.ingest.load_engine", lambda actor_files=(): engine)
    code, _, err = run("ingest", str(articles_file), "--db", str(db))
    assert code == 0, err
    assert err.strip().splitlines()[-2].startswith(f"{len(articles) - 3} new articles, 3 already stored")
    assert " new events clustered" in err.strip().splitlines()[-1]  # those of the first run as well
