"""Parquet shards: a run on 2 workers gives the single-process events with the export's columns, and
a rerun after a stopped run goes on after the last whole shard, adding nothing twice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.record import Article, Event
from newsevents.scale.shards import MANIFEST
from newsevents.store.parquet import COLUMNS, write_parquet

from .conftest import jsonl_of
from .test_local import _Interrupted


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def shard_names(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def rows(path: Path) -> tuple[list[str], list[tuple[Any, ...]]]:
    """A Parquet file's column names and rows, in file order."""
    con = duckdb.connect(":memory:")
    try:
        quoted = str(path).replace("'", "''")
        result = con.execute(f"SELECT * FROM read_parquet('{quoted}') ORDER BY file_row_number")
        names = [d[0] for d in result.description]
        return names, result.fetchall()
    finally:
        con.close()


def read_shards(directory: Path) -> list[tuple[Any, ...]]:
    """Every row of the Parquet shards, in shard name order; each file has the export's columns."""
    out: list[tuple[Any, ...]] = []
    for path in sorted(directory.glob("part-*.parquet")):
        names, found = rows(path)
        assert names == [name for name, _ in COLUMNS], path.name
        out.extend(found)
    return out


def records(directory: Path) -> str:
    """The `record` column of the shards in name order, one JSON event a line (as `extract --format jsonl`)."""
    at = [name for name, _ in COLUMNS].index("record")
    return "".join(row[at] + "\n" for row in read_shards(directory))


def test_parquet_shards_on_two_workers_equal_one_process(
    articles_file: Path, articles: list[Article], single: list[tuple[Article, list[Event]]], tmp_path: Path
) -> None:
    out = tmp_path / "shards"
    n_events = len(jsonl_of(single).splitlines())
    code, _, err = run(
        "extract", str(articles_file), "--workers", "2", "--shard-format", "parquet", "--shard-size", "4",
        "-o", str(out),
    )
    assert code == 0, err
    assert err.strip().splitlines()[-1] == f"{len(articles)} articles, {n_events} events"
    assert shard_names(out) == [MANIFEST, "part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    assert records(out) == jsonl_of(single)

    # every column as the store's Parquet export writes it for the single-process events
    reference = tmp_path / "reference.parquet"
    write_parquet((e for _, events in single for e in events), reference)
    assert read_shards(out) == rows(reference)[1]

    # the manifest: 4 articles a shard, each shard taking the run through its articles
    shards = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["shards"]
    assert [(s["articles"], s["through"]) for s in shards] == [(4, 4), (4, 8), (2, 10)]


def test_a_rerun_after_a_stopped_run_adds_nothing_twice(
    engine: Any,
    articles_file: Path,
    articles: list[Article],
    single: list[tuple[Article, list[Event]]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    out = tmp_path / "shards"
    command = ["extract", str(articles_file), "--shard-format", "parquet", "--shard-size", "2", "-o", str(out)]
    by_article = [len(events) for _, events in single]

    # Ctrl-C after 5 articles: shards 0 and 1 (4 articles) are whole, the fifth article's shard is dropped
    monkeypatch.setattr("newsevents.cli.extract.load_engine", lambda actor_files=(): _Interrupted(engine, 5))
    code, _, err = run(*command)
    assert code == 130, err
    lines = err.strip().splitlines()
    assert lines[-2] == f"4 articles, {sum(by_article[:4])} events"
    assert lines[-1] == "newsevents: interrupted; rerun the same command to go on (whole shards are kept)"
    assert shard_names(out) == [MANIFEST, "part-00000.parquet", "part-00001.parquet"]
    monkeypatch.setattr("newsevents.cli.extract.load_engine", lambda actor_files=(): engine)

    # what a kill leaves at worst: a shard half written under its temporary name, and a whole next
    # shard renamed into place just before the manifest would have listed it; neither is trusted
    (out / ".part-00002.parquet.tmp").write_bytes(b"PAR1 half a shard")
    (out / "part-00002.parquet").write_bytes(b"not listed in the manifest")

    # the same command, now on 2 workers, goes on after the 4 articles in whole shards
    code, _, err = run(*command, "--workers", "2")
    assert code == 0, err
    rest = f"{len(articles) - 4} articles, {sum(by_article[4:])} events"
    assert err.strip().splitlines()[-1] == f"{rest}, 4 articles already in shards"
    assert shard_names(out) == [MANIFEST, *(f"part-{i:05d}.parquet" for i in range(5))]
    assert records(out) == jsonl_of(single)
    ids = [json.loads(line)["id"] for line in records(out).splitlines()]
    assert len(ids) == len(set(ids)), "no event twice"

    # once more: everything is in whole shards, nothing is coded or written again
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("part-*")}
    code, _, err = run(*command)
    assert code == 0, err
    assert err.strip().splitlines()[-1] == f"0 articles, 0 events, {len(articles)} articles already in shards"
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("part-*")} == before
    assert records(out) == jsonl_of(single)

    # other options or other input: refused, the shards stay as they are
    code, _, err = run(*command[:-2], "-o", str(out), "--min-confidence", "0.5")
    assert code == 2
    assert err.strip() == (
        f"newsevents: error: {out}: holds shards of a run with other settings (min_confidence); "
        "rerun that command to go on, or choose an empty directory"
    )
    other = tmp_path / "other.jsonl"
    other.write_text("".join(articles_file.read_text(encoding="utf-8").splitlines(keepends=True)[1:]), encoding="utf-8")
    code, _, err = run("extract", str(other), *command[2:])
    assert code == 2
    assert "holds shards of a run with other input" in err
    assert records(out) == jsonl_of(single)
