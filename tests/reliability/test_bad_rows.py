"""Bad rows mixed with good rows: every bad row is one line naming the input, the row and the
reason, the good rows are always coded and stored (DuckDB and PostgreSQL), and the exit code
is 1 (some rows failed). Covers lone surrogates, NUL and control characters, deep JSON, ids
that are objects, dates at and beyond the accepted range, an over-long article, UTF-16 files.
`recode` skips an article it cannot code or store the same way and recodes the others."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsevents.store import EventFilter, open_store

GOOD = [
    ("good-1", "Russia threatened to cut gas supplies to Ukraine next week."),
    ("good-2", "Police arrested 40 protesters in Lagos after a march against fuel prices."),
    ("good-3", "The United Nations sent food aid to Sudan, officials said."),
]


@pytest.fixture
def cli(engine: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    from newsevents.cli import app

    for module in ("extract", "ingest", "recode"):
        monkeypatch.setattr(f"newsevents.cli.{module}.load_engine", lambda actor_files=(): engine)
    monkeypatch.setattr(engine, "max_article_chars", 20_000)
    yield app


def mixed_jsonl(path: Path) -> Path:
    """Good rows with bad and awkward rows between them (raw lines, some not valid JSON on purpose)."""
    good = [json.dumps({"id": i, "text": t, "published": "2022-01-10"}) for i, t in GOOD]
    lines = [
        good[0],
        '{"id": "surrogate", "text": "Italy \\ud800 closed its ports to NGO ships.", "published": "2022-01-10"}',
        "[" * 100_000 + "]" * 100_000,
        json.dumps({"id": "nul", "text": "Malta\u0000 refused\u0007 the ship.\u0085", "published": "2022-01-10"}),
        good[1],
        json.dumps({"id": {"nested": 1}, "text": "Spain offered a port."}),
        json.dumps({"id": "late", "text": "Greece sent a ship.", "published": "9999-12-31"}),
        json.dumps({"id": "early", "text": "Greece sent a ship.", "published": "0001-01-01"}),
        json.dumps({"id": "garbage-date", "text": "Greece sent a ship.", "published": "2018-06-25garbage"}),
        json.dumps({"id": "huge", "text": "France sent aid. " * 2_000}),
        json.dumps({"id": 7, "text": "Egypt hosted talks between Israel and Hamas."}),
        good[2],
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ingest_mixed(cli: Any, tmp_path: Path, db: str) -> tuple[Any, Path]:
    path = mixed_jsonl(tmp_path / "mixed.jsonl")
    result = CliRunner().invoke(cli, ["ingest", str(path), "--db", db])
    return result, path


def check_mixed(result: Any, path: Path, db: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    skipped = [line for line in result.stderr.splitlines() if line.startswith("newsevents: skipped")]
    assert skipped == [
        f"newsevents: skipped {path}:3: malformed JSON (nested too deeply)",
        f"newsevents: skipped {path}:6: 'id' must be a string or an integer, got an object",
        f"newsevents: skipped {path}:7: 'published' date 9999-12-31 is out of range (1800-01-01 to 2200-12-31)",
        f"newsevents: skipped {path}:8: 'published' date 0001-01-01 is out of range (1800-01-01 to 2200-12-31)",
        f"newsevents: skipped {path}:9: bad 'published' date '2018-06-25garbage' (expected YYYY-MM-DD)",
        f"newsevents: skipped {path}:10: article is 34,000 characters long; the limit is 20,000",
    ]
    with open_store(db) as store:
        for article_id, text in GOOD:
            found = store.get_article(article_id)
            assert found is not None and found[0].text == text, article_id
        surrogate = store.get_article("surrogate")
        assert surrogate is not None and "\ufffd" in surrogate[0].text
        nul = store.get_article("nul")
        assert nul is not None and nul[0].text == "Malta  refused  the ship. "
        assert store.get_article("7") is not None
        assert store.count_articles() == 6
        assert store.count_events(EventFilter()) > 0


def test_mixed_rows_on_duckdb(cli: Any, tmp_path: Path) -> None:
    db = str(tmp_path / "mixed.duckdb")
    result, path = ingest_mixed(cli, tmp_path, db)
    check_mixed(result, path, db)


def test_mixed_rows_on_postgresql(cli: Any, tmp_path: Path, pg_fresh_url: str) -> None:
    result, path = ingest_mixed(cli, tmp_path, pg_fresh_url)
    check_mixed(result, path, pg_fresh_url)


def test_recode_skips_the_articles_that_fail(
    cli: Any, engine: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsevents.errors import StoreError
    from newsevents.store.duckdb import DuckDBStore

    db = str(tmp_path / "recode.duckdb")
    rows = [{"id": i, "text": t, "published": "2022-01-10"} for i, t in GOOD]
    rows.insert(1, {"id": "long", "text": "France sent aid to Chad. " * 80, "published": "2022-01-10"})
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(path), "--db", db])
    assert result.exit_code == 0, result.output
    with open_store(db) as store:
        before = {r["id"]: store.get_article(r["id"]) for r in rows}
    assert all(found is not None for found in before.values())

    # "long" is now over the engine's limit; the store refuses the new events of "good-2"
    monkeypatch.setattr(engine, "max_article_chars", 1_000)
    replace = DuckDBStore.replace_events

    def refuse_one(self: DuckDBStore, article_id: str, *args: Any, **kwargs: Any) -> None:
        if article_id == "good-2":
            raise StoreError(f"{self.label}: recoding article 'good-2' failed: disk full")
        replace(self, article_id, *args, **kwargs)

    monkeypatch.setattr(DuckDBStore, "replace_events", refuse_one)
    result = CliRunner().invoke(cli, ["recode", "--db", db])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    skipped = [line for line in result.stderr.splitlines() if line.startswith("newsevents: skipped")]
    assert len(skipped) == 2, result.stderr
    assert "'long'" in skipped[0] and "2,000 characters long; the limit is 1,000" in skipped[0]
    assert "'good-2'" in skipped[1] and "not recoded" in skipped[1] and "disk full" in skipped[1]
    assert "2 articles recoded" in result.stderr and "2 articles skipped (their events kept)" in result.stderr
    with open_store(db) as store:
        for r in rows:
            found = store.get_article(r["id"])
            assert found is not None and found[1] == before[r["id"]][1], r["id"]  # type: ignore[index]


def test_extract_mixed_rows_writes_the_good_ones(cli: Any, tmp_path: Path) -> None:
    path = mixed_jsonl(tmp_path / "mixed.jsonl")
    result = CliRunner().invoke(cli, ["extract", str(path)])
    assert result.exit_code == 1, result.output
    ids = {json.loads(line)["article_id"] for line in result.stdout.splitlines()}
    assert {"good-1", "good-2", "good-3"} <= ids
    assert result.stderr.splitlines()[-1].endswith("6 rows skipped")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_utf16_and_utf32_files_with_a_bom_are_text(cli: Any, tmp_path: Path, encoding: str) -> None:
    txt = tmp_path / "report.txt"
    txt.write_bytes(GOOD[0][1].encode(encoding))  # Python writes the byte order mark
    rows = tmp_path / "rows.jsonl"
    rows.write_bytes((json.dumps({"id": "r1", "text": GOOD[1][1]}) + "\n").encode(encoding))
    result = CliRunner().invoke(cli, ["extract", str(txt), str(rows)])
    assert result.exit_code == 0, result.output
    assert {json.loads(line)["article_id"] for line in result.stdout.splitlines()} == {"report", "r1"}


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("9999-12-31", "date 9999-12-31 is out of range (1800-01-01 to 2200-12-31)"),
        ("0001-01-01", "date 0001-01-01 is out of range (1800-01-01 to 2200-12-31)"),
        ("2018-06-25garbage", "bad date '2018-06-25garbage' (expected YYYY-MM-DD)"),
        ("2018-02-30", "bad date '2018-02-30' (expected YYYY-MM-DD)"),
    ],
)
def test_published_option_is_strict_and_bounded(cli: Any, value: str, problem: str) -> None:
    seed = str(Path(__file__).parents[1] / "data" / "seed_article.txt")
    result = CliRunner().invoke(cli, ["extract", seed, "--published", value])
    assert result.exit_code == 2
    assert result.stderr == f"newsevents: error: --published: {problem}\n"
