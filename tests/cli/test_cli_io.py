"""extract / show / eval commands: error paths, output streams, formats (a fake engine, no spaCy)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from export.records import FakeEngine
from newsevents.cli import app
from newsevents.record import Event

DATA = Path(__file__).parents[1] / "data"


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def engine(monkeypatch: pytest.MonkeyPatch) -> FakeEngine:
    fake = FakeEngine()
    for module in ("extract", "show", "eval"):
        monkeypatch.setattr(f"newsevents.cli.{module}.load_engine", lambda actor_files=(): fake)
    return fake


def _one_line_error(result, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr == f"newsevents: error: {expected}\n"
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["extract", "missing.txt"], "missing.txt: no such file"),
        (
            ["extract", "{seed}", "--format", "xml"],
            "--format: unknown format 'xml' (choose one of cameo, csv, geojson, jsonl)",
        ),
        (
            ["extract", "{seed}", "--published", "25/06/2018"],
            "--published: bad date '25/06/2018' (expected YYYY-MM-DD)",
        ),
        (["extract", "{seed}", "--actors", "nope.yaml"], "nope.yaml: no such file"),
        (["show", "missing.html"], "missing.html: no such file"),
        (["eval", "missing_gold.json"], "missing_gold.json: no such file"),
        (["eval", "{seed}"], "{seed}: unsupported gold file type .txt (expected .json or .jsonl)"),
    ],
)
def test_user_errors_are_one_line_and_exit_2(
    runner: CliRunner, engine: FakeEngine, args: list[str], expected: str
) -> None:
    seed = str(DATA / "seed_article.txt")
    result = runner.invoke(app, [a.replace("{seed}", seed) for a in args])
    _one_line_error(result, expected.replace("{seed}", seed))
    assert engine.seen == []


def test_binary_input(runner: CliRunner, engine: FakeEngine, tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\x00\x00\x00")
    _one_line_error(runner.invoke(app, ["extract", str(path)]), f"{path}: binary data (NUL bytes), not text")


def test_nothing_readable_exits_2(runner: CliRunner, engine: FakeEngine, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": 1}\nnot json\n')
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"newsevents: skipped {path}:1: no 'text' in this row",
        f"newsevents: skipped {path}:2: malformed JSON (Expecting value at column 1)",
        f"newsevents: error: {path}: nothing could be read (every row was bad)",
    ]


def test_bad_rows_are_skipped_and_counted(runner: CliRunner, engine: FakeEngine, tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(
        '{"id": "a", "text": "Italy closed its ports."}\n{"id": "b"}\n{"id": "c", "text": "Malta said no."}\n'
    )
    result = runner.invoke(app, ["extract", str(path), "--published", "2018-06-25"])
    assert result.exit_code == 1, result.output  # some rows failed
    events = [Event.model_validate_json(line) for line in result.stdout.splitlines()]
    assert [e.article_id for e in events] == ["a", "c"]
    assert events[0].date == "2018-06-25"
    assert result.stderr.splitlines() == [
        f"newsevents: skipped {path}:2: no 'text' in this row",
        "2 articles, 2 events, 1 row skipped",
    ]


def test_empty_input_is_fine(runner: CliRunner, engine: FakeEngine, tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("")
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "0 articles, 0 events\n"


def test_stdin(runner: CliRunner, engine: FakeEngine) -> None:
    result = runner.invoke(app, ["extract", "-"], input="Italy has closed its ports to NGO ships.\n")
    assert result.exit_code == 0, result.output
    [event] = [Event.model_validate_json(line) for line in result.stdout.splitlines()]
    assert event.article_id == "stdin"
    assert result.stderr == "1 article, 1 event\n"


def test_stdin_jsonl(runner: CliRunner, engine: FakeEngine) -> None:
    rows = '{"id": "x", "text": "One report."}\n{"id": "y", "text": "Another report."}\n'
    result = runner.invoke(app, ["extract", "-", "--format", "csv"], input=rows)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("id,article_id,")
    assert len(lines) == 3


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "cameo", "geojson"])
def test_output_file(runner: CliRunner, engine: FakeEngine, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"events.{fmt}"
    result = runner.invoke(app, ["extract", str(DATA / "seed_article.txt"), "-f", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    text = out.read_text(encoding="utf-8")
    if fmt == "geojson":
        assert len(json.loads(text)["features"]) == 1
    elif fmt == "jsonl":
        assert Event.model_validate_json(text).article_id == "seed_article"
    else:
        assert "seed_article" in text


def test_unwritable_output(runner: CliRunner, engine: FakeEngine, tmp_path: Path) -> None:
    out = tmp_path / "no" / "such" / "dir.jsonl"
    result = runner.invoke(app, ["extract", str(DATA / "seed_article.txt"), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"newsevents: error: {out}: cannot write the file")


def test_show_highlights_evidence(runner: CliRunner, engine: FakeEngine) -> None:
    result = runner.invoke(app, ["show", str(DATA / "seed_article.txt"), "--published", "2018-06-25"])
    assert result.exit_code == 0, result.output
    assert "[1]" in result.stdout
    assert "CONSULT" in result.stdout
    assert "ITA GOV" in result.stdout and "LBY GOV" in result.stdout
    assert "Tripoli" in result.stdout


def test_eval_prints_tables_and_json(runner: CliRunner, engine: FakeEngine) -> None:
    gold = str(DATA / "seed_gold.json")
    table = runner.invoke(app, ["eval", gold])
    assert table.exit_code == 0, table.output
    assert "recall per category" in table.stdout
    assert "missed:" in table.stdout
    as_json = runner.invoke(app, ["eval", gold, "--json"])
    report = json.loads(as_json.stdout)
    assert report["required"] == 14
    assert report["system_events"] == 1
    assert engine.seen[0].published is not None  # taken from the gold's publication date
