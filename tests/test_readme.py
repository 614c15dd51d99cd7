"""README.md tells the truth: its Python blocks run, and its `$ newsevents ...` transcripts run and
print what they show.

Every ```python block is executed, in order, in a temporary directory that holds the repository's
`tests/` and `docs/` (the files the examples read). Every line `$ newsevents ...` in a fenced block
is run there too, in order, with the console script, stdout and stderr merged as a terminal shows
them (80 columns). The lines after a command are its expected output: compared after stripping
spaces, a line ending in `...` is a prefix and a line `...` stands for any number of lines. A
following `$ echo $?` gives the expected exit code; without one it is 2 when the output shows a
`newsevents: error:` line and 0 otherwise. The output block of `make demo` is checked against
`.venv/bin/newsevents demo` the same way, and the YAML block against docs/examples/actors.yaml.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SCRIPT = Path(sys.executable).parent / "newsevents"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def blocks(language: str | None = None) -> list[str]:
    """The fenced blocks of the README, of one language (None: all)."""
    return [body for lang, body in FENCE.findall(README) if language is None or lang == language]


@dataclass
class Transcript:
    """One `$ newsevents ...` command of the README, what it prints and how it exits."""

    command: str
    output: list[str]
    exit_code: int | None = None


def transcripts() -> list[Transcript]:
    out: list[Transcript] = []
    for body in blocks(""):
        current: Transcript | None = None
        echo = False
        for line in body.splitlines():
            if line.startswith("$ echo $?"):
                echo = True
            elif line.startswith("$ "):
                current = Transcript(line[2:], [])
                out.append(current)
                echo = False
            elif echo and current is not None:
                current.exit_code = int(line)
                echo = False
            elif current is not None:
                current.output.append(line)
    for item in out:
        if item.exit_code is None:
            item.exit_code = 2 if any(o.startswith("newsevents: error:") for o in item.output) else 0
    return out


def expected_pattern(lines: list[str]) -> re.Pattern[str]:
    """The output lines as a regular expression over stripped actual lines ('...' = any lines)."""
    parts: list[str] = []
    for line in lines:
        text = line.strip()
        if text == "...":
            parts.append(r"(?:[^\n]*\n)*?")
        elif text.endswith("..."):
            parts.append(re.escape(text[:-3].rstrip()) + r"[^\n]*\n")
        else:
            parts.append(re.escape(text) + r"\n")
    return re.compile("".join(parts), re.DOTALL)


def stripped(text: str) -> str:
    return "".join(line.strip() + "\n" for line in ANSI.sub("", text).splitlines())


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory where the README's relative paths resolve and its commands may write."""
    path = tmp_path_factory.mktemp("readme")
    for name in ("tests", "docs"):
        (path / name).symlink_to(ROOT / name, target_is_directory=True)
    return path


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR", "TERM")}
    src = str(ROOT / "src")
    env.update(COLUMNS="80", PYTHONUNBUFFERED="1", PYTHONPATH=src + os.pathsep + env.get("PYTHONPATH", ""))
    return env


def run_command(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    argv = shlex.split(command)
    assert argv[0] == "newsevents", command
    return subprocess.run(
        [str(SCRIPT), *argv[1:]],
        cwd=cwd,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=600,
    )


def check_output(shown: list[str], actual: str, what: str) -> None:
    text = stripped(actual)
    assert expected_pattern(shown).fullmatch(text), f"{what} prints:\n{text}\nthe README shows:\n" + "\n".join(shown)


def test_the_readme_has_examples() -> None:
    commands = [t.command.split()[1] for t in transcripts()]
    assert {"extract", "ingest", "query", "export", "eval", "show"} <= set(commands)
    assert blocks("python")


@pytest.mark.skipif(not SCRIPT.exists(), reason="the newsevents console script is not installed")
def test_shell_transcripts(workdir: Path) -> None:
    for item in transcripts():  # in order: later commands read what earlier ones stored
        result = run_command(item.command, workdir)
        assert result.returncode == item.exit_code, f"$ {item.command}\n{result.stdout}"
        check_output(item.output, result.stdout, f"$ {item.command}")


@pytest.mark.parametrize("number", range(len(blocks("python"))))
def test_python_blocks_run(workdir: Path, engine: object, number: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workdir)
    code = blocks("python")[number]
    exec(compile(code, f"README.md python block {number + 1}", "exec"), {"__name__": "readme"})  # noqa: S102


def test_actor_file_example_ships_with_the_repository() -> None:
    yaml_blocks = blocks("yaml")
    assert yaml_blocks == [(ROOT / "docs" / "examples" / "actors.yaml").read_text(encoding="utf-8")]


@pytest.mark.skipif(not SCRIPT.exists(), reason="the newsevents console script is not installed")
def test_make_demo_output(tmp_path: Path) -> None:
    shown = next(b for b in blocks("") if b.startswith("coding the sample article")).splitlines()
    (tmp_path / ".venv").symlink_to(SCRIPT.parent.parent, target_is_directory=True)
    env = _env()
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if Path(p) != SCRIPT.parent)
    result = subprocess.run(
        [".venv/bin/newsevents", "demo"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout
    actual = result.stdout.replace(str((tmp_path / "newsevents.duckdb").resolve()), "/path/to/newsevents.duckdb")
    check_output(shown, actual, "make demo")
