"""`newsevents demo` with the real engine: a table of the sample's events, where they were stored,
and a command that starts the explorer as this program was started."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.cli.demo import SAMPLE_FILE, serve_command


def test_demo_shows_stores_and_tells_how_to_open_the_explorer(engine: Any, tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    result = CliRunner().invoke(app, ["demo", "--db", str(db)], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    assert f"events in {SAMPLE_FILE}" in result.stdout
    assert "category / mode" in result.stdout and "CONSULT" in result.stdout
    assert f"stored: the sample article and its events in {db.resolve()}" in result.stderr
    assert f"serve --db {db}" in result.stderr.splitlines()[-1]
    again = CliRunner().invoke(app, ["demo", "--db", str(db)], env={"COLUMNS": "400"})
    assert again.exit_code == 0, again.output
    assert "already stored" in again.stderr


def test_serve_command_names_the_program_as_started(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    exe = tmp_path / "venv" / "bin" / "newsevents"
    monkeypatch.setattr(sys, "argv", [str(exe), "demo"])
    monkeypatch.setenv("PATH", str(tmp_path / "elsewhere"))
    assert serve_command() == str(exe)
    monkeypatch.setenv("PATH", str(exe.parent))
    exe.parent.mkdir(parents=True)
    exe.write_text("#!/bin/sh\n")
    exe.chmod(0o755)
    assert serve_command() == "newsevents"
