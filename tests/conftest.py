"""Shared fixtures.

`pg_url`: a private PostgreSQL cluster for the whole session (initdb in a temp dir owned by an
unprivileged user, trust auth, 127.0.0.1 on a free port), as
`postgresql://postgres@127.0.0.1:PORT/postgres`; stopped and removed at the end. Skipped only
when no PostgreSQL server binaries exist and neither NEWSEVENTS_REQUIRE_PG nor CI is set.
`pg_fresh_url`: a new, empty database in that cluster for one test.

On CI (the CI environment variable set, as `.ci/run` does) nothing may be skipped: a skipped test
or module is reported as a failure, so the PostgreSQL, browser and engine tests cannot pass by not
running. A run of the whole suite (no paths, no -k/-m/--lf) that collects fewer than MIN_TESTS tests fails too.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

STRICT = bool(os.environ.get("CI"))
MIN_TESTS = 300


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if STRICT and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped on CI, where every test must run: {report.longrepr}"
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Any:
    report = yield
    if STRICT and report.skipped:
        report.outcome = "failed"
        report.longrepr = f"skipped on CI, where every test must run: {report.longrepr}"
    return report


def pytest_collection_finish(session: pytest.Session) -> None:
    config = session.config
    whole = config.args_source == pytest.Config.ArgsSource.TESTPATHS
    filtered = config.option.keyword or config.option.markexpr or config.option.lf
    if whole and not filtered and len(session.items) < MIN_TESTS:
        raise pytest.UsageError(
            f"the whole suite collected only {len(session.items)} tests (at least {MIN_TESTS} expected)"
        )


def _pg_bindir() -> Path | None:
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]), reverse=True
    )
    if candidates:
        return Path(candidates[0]).parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    bindir = _pg_bindir()
    if bindir is None:
        if os.environ.get("NEWSEVENTS_REQUIRE_PG") or STRICT:
            pytest.fail("NEWSEVENTS_REQUIRE_PG is set but no PostgreSQL server binaries (initdb) were found")
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not installed; run scripts/ensure-system-deps.sh")
    root = Path(tempfile.mkdtemp(prefix="newsevents-pg-"))
    run_as: dict[str, Any] = {}
    if os.geteuid() == 0:  # initdb refuses to run as root
        pw = pwd.getpwnam("postgres")
        os.chown(root, pw.pw_uid, pw.pw_gid)
        run_as = {"user": pw.pw_uid, "group": pw.pw_gid, "extra_groups": []}
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    port = _free_port()
    data = root / "data"

    def pg(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(bindir / args[0]), *args[1:]],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
            **run_as,
        )

    started = False
    try:
        init = pg("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        if init.returncode != 0:
            pytest.fail(f"initdb failed: {init.stderr.strip() or init.stdout.strip()}")
        opts = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
        start = pg("pg_ctl", "-D", str(data), "-o", opts, "-l", str(root / "log"), "-w", "start")
        if start.returncode != 0:
            log = (root / "log").read_text(errors="replace") if (root / "log").exists() else ""
            pytest.fail(f"pg_ctl start failed: {start.stderr.strip()} {log[-2000:]}")
        started = True
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        if started:
            pg("pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg_fresh_url(pg_url: str) -> Iterator[str]:
    """A new empty database in the session cluster, dropped after the test."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    yield pg_url.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def engine() -> Any:
    """The extraction engine, loaded once for the whole test session (shared with `default_engine()`)."""
    from newsevents.pipeline import default_engine

    return default_engine()
