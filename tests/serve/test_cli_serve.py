"""`newsevents serve` as a real process: binds 127.0.0.1, answers the API and the explorer;
a store that cannot be opened is one error line and exit code 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from serve.conftest import fill
from serve.live import free_port

CLI = [sys.executable, "-c", "from newsevents.cli import main; main()"]


def _env() -> dict[str, str]:
    src = str(Path(__file__).resolve().parents[2] / "src")
    env = dict(os.environ)
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_serve_answers_on_localhost(tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    fill(db)
    port = free_port()
    proc = subprocess.Popen(
        [*CLI, "serve", "--db", str(db), "--port", str(port), "--log-level", "warning"],
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/health", timeout=2) as r:  # noqa: S310
                    assert json.loads(r.read())["ok"] is True
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        with urllib.request.urlopen(base + "/events?actor=ITA", timeout=5) as r:  # noqa: S310
            assert json.loads(r.read())["total"] == 4
        with urllib.request.urlopen(base + "/", timeout=5) as r:  # noqa: S310
            assert b"newsevents" in r.read()
    finally:
        proc.terminate()
        try:
            _, err = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
    assert f"http://127.0.0.1:{port}/" in err
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("cli.duckdb")) == []


def test_serve_with_unusable_store_fails_with_one_line(tmp_path: Path) -> None:
    r = subprocess.run(
        [*CLI, "serve", "--db", str(tmp_path / "no-such-dir" / "x.duckdb"), "--port", str(free_port())],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 2
    assert r.stderr.startswith("newsevents: error:")
    assert len(r.stderr.strip().splitlines()) == 1


def test_serve_refuses_a_missing_duckdb_file(tmp_path: Path) -> None:
    missing = tmp_path / "typo.duckdb"
    r = subprocess.run(
        [*CLI, "serve", "--db", str(missing), "--port", str(free_port())],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 2
    assert r.stderr == (
        f"newsevents: error: {missing}: no such store "
        "(ingest articles into it first, or pass --create to serve a new, empty one)\n"
    )
    assert not missing.exists()


def test_serve_create_starts_an_empty_store(tmp_path: Path) -> None:
    db = tmp_path / "new.duckdb"
    port = free_port()
    proc = subprocess.Popen(
        [*CLI, "serve", "--db", str(db), "--create", "--port", str(port), "--log-level", "warning"],
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/events", timeout=2) as r:  # noqa: S310
                    assert json.loads(r.read())["total"] == 0
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        assert db.is_file()
    finally:
        proc.terminate()
        try:
            proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
