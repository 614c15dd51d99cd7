"""Ray Data: 2 actors give what one process gives, in the same order, as shards or into the store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.record import Article, Event
from newsevents.scale import RayCoder
from newsevents.scale.shards import MANIFEST

from .conftest import jsonl_of
from .test_local import by_article, stored
from .test_shards import records


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_two_actors_equal_one_process(
    ray_local: Any,
    articles: list[Article],
    single: list[tuple[Article, list[Event]]],
    articles_file: Path,
    tmp_path: Path,
) -> None:
    coder = RayCoder(actors=2)  # joins the fixture's Ray instance and leaves it running
    results = list(coder.process(articles, batch_size=2))
    assert [a.model_dump() for a, _ in results] == [a.model_dump() for a, _ in single]
    assert jsonl_of(results) == jsonl_of(single)
    assert sum(s.articles for s in coder.stats.values()) == len(articles)
    coder.close()
    assert ray_local.is_initialized()

    # the command line: JSONL shards in article order, the single-process output once read in name order
    out = tmp_path / "shards"
    code, _, err = run("extract", str(articles_file), "--ray", "--workers", "2", "-o", str(out))
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "part-00000.jsonl"]
    assert (out / "part-00000.jsonl").read_text(encoding="utf-8") == jsonl_of(single)
    assert "Traceback" not in err and "WARNING" not in err, err

    # Parquet shards: the same events in the record column, in shard name order
    out = tmp_path / "parquet"
    code, _, err = run(
        "extract", str(articles_file), "--ray", "--workers", "2", "--shard-format", "parquet", "--shard-size", "4",
        "-o", str(out),
    )
    assert code == 0, err
    assert sorted(p.name for p in out.glob("part-*")) == [f"part-0000{i}.parquet" for i in range(3)]
    assert records(out) == jsonl_of(single)


def test_ingest_on_ray_then_rerun_adds_nothing(
    ray_local: Any, articles_file: Path, articles: list[Article], single: list[tuple[Article, list[Event]]],
    tmp_path: Path,
) -> None:
    db = tmp_path / "events.duckdb"
    n_events = sum(len(events) for _, events in single)
    code, _, err = run("ingest", str(articles_file), "--db", str(db), "--ray", "--workers", "2")
    assert code == 0, err
    summary, clustered = err.strip().splitlines()[-2:]
    assert summary == f"{len(articles)} new articles, 0 already stored, {n_events} events"
    assert clustered.startswith(f"{n_events} new events clustered")
    code, _, err = run("ingest", str(articles_file), "--db", str(db), "--ray")
    assert code == 0, err
    assert err.strip().splitlines()[-1] == f"0 new articles, {len(articles)} already stored, 0 events"
    assert stored(db) == by_article(single)
