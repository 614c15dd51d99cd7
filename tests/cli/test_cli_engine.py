"""The commands with the real engine on the seed article (slow: the engine is loaded once per module)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsevents.record import Event

DATA = Path(__file__).parents[1] / "data"
SEED = DATA / "seed_article.txt"


@pytest.fixture(scope="module")
def engine():  # type: ignore[no-untyped-def]
    pipeline = pytest.importorskip("newsevents.pipeline")
    return pipeline.Engine(actor_files=[])


@pytest.fixture()
def app(engine, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from newsevents.cli import app

    for module in ("extract", "show", "eval"):
        monkeypatch.setattr(f"newsevents.cli.{module}.load_engine", lambda actor_files=(): engine)
    return app


def test_extract_then_eval_agrees_with_eval_on_the_text(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    out = tmp_path / "events.jsonl"
    result = runner.invoke(app, ["extract", str(SEED), "--published", "2018-06-25", "-o", str(out)])
    assert result.exit_code == 0, result.output
    events = [Event.model_validate_json(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert events and all(e.article_id == "seed_article" for e in events)
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == f"1 article, {len(events)} events"
    assert "passage in 'it' by Matteo Salvini" in result.stderr, "the Italian tweet is reported as coded"

    from_file = json.loads(runner.invoke(app, ["eval", str(DATA / "seed_gold.json"), str(out), "--json"]).stdout)
    from_text = json.loads(runner.invoke(app, ["eval", str(DATA / "seed_gold.json"), "--json"]).stdout)
    assert from_file["found"] == from_text["found"]
    assert from_file["system_events"] == from_text["system_events"] == len(events)


def test_show_numbers_the_events(app) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(app, ["show", str(SEED), "--published", "2018-06-25"])
    assert result.exit_code == 0, result.output
    assert "[1]" in result.stdout
    assert "Traceback" not in result.output


def test_show_why_lists_each_events_decisions(app) -> None:  # type: ignore[no-untyped-def]
    plain = CliRunner().invoke(app, ["show", str(SEED), "--published", "2018-06-25"])
    result = CliRunner().invoke(app, ["show", str(SEED), "--published", "2018-06-25", "--why"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "why:" not in plain.stdout
    lines = result.stdout.splitlines()
    assert any(line.startswith("    why: category CONSULT:") for line in lines), result.stdout
    assert any(line.startswith("    why: place ") for line in lines), result.stdout
    # each decision sits under its event: the first "why" follows the legend's first line
    first = next(i for i, line in enumerate(lines) if line.startswith("[1] "))
    assert lines[first + 1].startswith("    why: ")
