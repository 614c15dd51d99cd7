"""Store commands end to end: query and export over a real store; ingest and recode with the engine."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.record import Event
from newsevents.store import EventFilter, open_store

from .factory import make_article

SEED = Path(__file__).parents[1] / "data" / "seed_article.txt"


@pytest.fixture
def filled(store_url: str) -> str:
    with open_store(store_url) as s:
        for i in range(12):
            s.add_article(*make_article(i))
    return store_url


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def test_query_formats(filled: str) -> None:
    code, out, err = run("query", "--db", filled, "--party", "ITA", "--format", "jsonl", "--limit", "100")
    assert code == 0, err
    events = [Event.model_validate_json(line) for line in out.splitlines()]
    assert events and all("ITA" in {p.code for p in e.actor + e.recipient} for e in events)
    with open_store(filled) as s:
        assert len(events) == s.count_events(EventFilter(party="ITA"))
    assert f"of {len(events)}" in err

    code, out, err = run("query", "--db", filled, "--category", "CONSULT", "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and {r["event"] for r in rows} == {"CONSULT"}

    code, out, _ = run("query", "--db", filled, "--actor", "ITA", "--limit", "3", "--sort", "-date")
    assert code == 0 and "Salvini" in out


def test_query_date_precision_and_bad_options(filled: str) -> None:
    code, out, _ = run("query", "--db", filled, "--from", "2018-02", "--to", "2018-02", "-f", "jsonl", "--limit", "500")
    assert code == 0
    for line in out.splitlines():
        assert Event.model_validate_json(line).date.startswith(("2018-02", "2018"))  # type: ignore[union-attr]
    for args, needle in (
        (("--from", "June"), "--from"),
        (("--sort", "size"), "--sort"),
        (("--format", "xml"), "--format"),
    ):
        code, _, err = run("query", "--db", filled, *args)
        assert code == 2 and needle in err and err.count("\n") == 1


def test_export_all_formats(filled: str, tmp_path: Path) -> None:
    with open_store(filled) as s:
        expected = s.count_events(EventFilter(country="LBY"))
    for fmt in ("jsonl", "csv", "geojson", "cameo", "parquet"):
        out = tmp_path / f"events.{fmt}"
        code, _, err = run("export", "--db", filled, "--format", fmt, "-o", str(out), "--country", "LBY")
        assert code == 0, err
        assert f"{expected} events written" in err
        if fmt == "jsonl":
            assert len(out.read_text().splitlines()) == expected
        if fmt == "geojson":
            assert len(json.loads(out.read_text())["features"]) == expected
        if fmt == "parquet":
            assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{out}')").fetchall() == [(expected,)]
    code, _, err = run("export", "--db", filled, "--format", "parquet", "-o", "-")
    assert code == 2 and "--output" in err
    code, _, err = run("export", "--db", filled, "--format", "jsonl", "-o", str(tmp_path / "no" / "x.jsonl"))
    assert code == 2 and "does not exist" in err


def test_missing_duckdb_store_is_a_clear_error(tmp_path: Path) -> None:
    code, _, err = run("query", "--db", str(tmp_path / "nothing.duckdb"))
    assert code == 2 and "nothing.duckdb" in err and "ingest" in err


def _engine_available() -> bool:
    try:
        from newsevents.pipeline import Engine  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.skipif(not _engine_available(), reason="newsevents.pipeline.Engine cannot be imported")
def test_ingest_then_recode_with_engine(store_url: str, tmp_path: Path) -> None:
    rows = tmp_path / "news.jsonl"
    text = SEED.read_text()
    rows.write_text(
        json.dumps({"id": "seed", "text": text, "published": "2018-06-25"})
        + "\n{not json\n"
        + json.dumps({"id": "seed-copy", "text": "  " + text.replace("\n", " \n "), "published": "2018-06-25"})
        + "\n"
    )
    code, _, err = run("ingest", "--db", store_url, str(rows))
    assert code == 1, err  # one row failed, the others are stored
    assert "1 new article, 1 already stored" in err and "1 bad row skipped" in err
    with open_store(store_url) as s:
        got = s.get_article("seed")
        assert got is not None and got[1], "the seed article codes to events"
        n = s.count_events(EventFilter())
    code, _, err = run("ingest", "--db", store_url, str(rows))
    assert code == 1 and "0 new articles, 2 already stored, 0 events" in err
    code, _, err = run("recode", "--db", store_url)
    assert code == 0 and "1 article recoded" in err
    with open_store(store_url) as s:
        assert s.count_articles() == 1 and s.count_events(EventFilter()) == n
