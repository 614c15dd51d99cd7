"""The `newsevents` command line as a whole (`cli/_app.py`): --version, help texts without type
placeholders, usage errors as one line with exit code 2."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

import newsevents
from newsevents.cli import app

COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]
CLI = [sys.executable, "-c", "from newsevents.cli import main; main()"]
PLACEHOLDER = re.compile(r"<[a-z][a-z _\[\]|,]*>")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "100"})
    return result.exit_code, result.stdout, result.stderr


def test_every_command_is_known() -> None:
    assert COMMANDS == [
        "cluster",
        "demo",
        "eval",
        "export",
        "extract",
        "ingest",
        "query",
        "recode",
        "serve",
        "show",
        "watch",
    ]


def test_version_is_the_package_version() -> None:
    code, out, err = run("--version")
    assert code == 0 and err == ""
    assert out == f"newsevents {newsevents.__version__}\n"


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_shows_metavars_not_type_placeholders(command: str) -> None:
    code, out, _ = run(*([command] if command else []), "--help")
    assert code == 0
    assert not PLACEHOLDER.findall(out), PLACEHOLDER.findall(out)
    assert "{" not in out.split("\n\n", 2)[1 if out.startswith("\n") else 0]  # usage line: PATH, not {PATH}
    assert "--help" in out


def test_usage_lines_name_arguments_plainly() -> None:
    assert "Usage: newsevents extract [OPTIONS] PATH..." in run("extract", "--help")[1]
    assert "Usage: newsevents eval [OPTIONS] GOLD [EVENTS_OR_INPUT]" in run("eval", "--help")[1]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["extract", "--bogus"], "No such option: --bogus (see 'newsevents extract --help')"),
        (["extract"], "Missing argument 'PATH' (see 'newsevents extract --help')"),
        (["frobnicate"], "No such command 'frobnicate' (see 'newsevents --help')"),
        (["query", "--limit", "-1"], "Invalid value for '--limit'"),
        (["serve", "--port", "70000"], "Invalid value for '--port'"),
    ],
)
def test_usage_errors_are_one_line(args: list[str], expected: str) -> None:
    code, out, err = run(*args)
    assert code == 2
    assert out == ""
    assert err.startswith("newsevents: error: ") and expected in err
    assert err.count("\n") == 1, err


def test_no_command_prints_help_and_exits_2() -> None:
    code, out, _ = run()
    assert code == 2
    assert "Usage: newsevents" in out and "extract" in out


def test_installed_script_reports_usage_errors_in_one_line(tmp_path: Path) -> None:
    src = str(Path(__file__).resolve().parents[2] / "src")
    env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", ""), "COLUMNS": "40"}
    result = subprocess.run(
        [*CLI, "query", "--db", str(tmp_path / "x.duckdb"), "--quad", "9"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr == "newsevents: error: --quad: unknown quad class '9' (choose one of 1, 2, 3, 4)\n"
