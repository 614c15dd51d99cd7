"""Sharing a store: many threads on one store object (DuckDB and PostgreSQL, each thread on a
connection of its own), and several processes taking turns at one DuckDB file
(`newsevents.store.sharing`): the file is let go when idle or when another process queues for
it, and a writer and a reader in two processes both finish."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pytest

import newsevents
from newsevents.errors import StoreError
from newsevents.store import EventFilter, Store, open_store
from newsevents.store.duckdb import DuckDBStore
from newsevents.store.postgres import POOL_SIZE, PostgresStore
from newsevents.store.sharing import turnstile_path

from .factory import make_article
from .kill_child import events_of

CHILD = Path(__file__).with_name("kill_child.py")
FILTERS = [EventFilter(), EventFilter(party="ITA"), EventFilter(category="CONSULT"), EventFilter(text="story 3")]


def child_env() -> dict[str, str]:
    src = str(Path(newsevents.__file__).parents[1])
    return {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}


def python(code: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=child_env(), timeout=timeout
    )


def wait_for(condition: object, timeout: float = 30.0) -> bool:
    """Poll `condition()` until true or `timeout` passes (a bound on a hang, not a timing check)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.01)
    return False


def answers(store: Store, flt: EventFilter) -> tuple[int, list[str]]:
    return store.count_events(flt), [e.id for e in store.query_events(flt, limit=50, sort="-date")]


def test_threads_read_at_once(store: Store) -> None:
    for i in range(30):
        store.add_article(*make_article(i))
    expected = [answers(store, f) for f in FILTERS]
    assert store.concurrent
    with ThreadPoolExecutor(12) as pool:
        got = list(pool.map(lambda k: answers(store, FILTERS[k % len(FILTERS)]), range(240)))
    assert got == [expected[k % len(FILTERS)] for k in range(240)]


def test_threads_write_while_others_read(store: Store) -> None:
    errors: list[BaseException] = []
    done = threading.Event()

    def read() -> None:
        try:
            while not done.is_set():
                answers(store, FILTERS[1])
        except BaseException as exc:  # collected for the assertion below
            errors.append(exc)

    readers = [threading.Thread(target=read) for _ in range(4)]
    for t in readers:
        t.start()
    try:
        with ThreadPoolExecutor(4) as pool:
            added = list(pool.map(lambda i: store.add_article(*make_article(i)), range(40)))
            # the same texts again, from other threads: stored once
            again = list(pool.map(lambda i: store.add_article(*make_article(i)), range(40)))
    finally:
        done.set()
        for t in readers:
            t.join()
    assert not errors
    assert all(added) and not any(again)
    assert store.count_articles() == 40
    assert store.count_events(EventFilter()) == sum(len(make_article(i)[1]) for i in range(40))


def test_postgres_pool_reuses_connections_and_drops_broken_ones(pg_fresh_url: str) -> None:
    import psycopg

    with PostgresStore(pg_fresh_url) as store:
        store.add_article(*make_article(1))
        with ThreadPoolExecutor(POOL_SIZE * 3) as pool:
            list(pool.map(lambda _: store.count_events(EventFilter(party="ITA")), range(200)))
        assert store._count <= POOL_SIZE
        # a restarted server or a killed backend: the pooled connections are dead
        with psycopg.connect(pg_fresh_url, autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        failures = 0
        for _ in range(POOL_SIZE + 1):
            try:
                store.count_articles()
            except StoreError:
                failures += 1  # each dead connection fails once and is dropped
        assert store.count_articles() == 1
        assert failures <= POOL_SIZE


def test_duckdb_file_is_let_go_when_idle(tmp_path: Path) -> None:
    path = tmp_path / "idle.duckdb"
    store = DuckDBStore(path, linger=0.05)
    try:
        store.add_article(*make_article(1))
        assert wait_for(lambda: not store.file.is_open)
        # a program that knows nothing of turns can open it now
        count = "import duckdb, sys; print(duckdb.connect(sys.argv[1]).sql('SELECT count(*) FROM articles').fetchall())"
        out = python(count, str(path))
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip() == "[(1,)]"
        assert store.count_articles() == 1  # and this store opens it again when it needs it
    finally:
        store.close()
    assert turnstile_path(path).exists()


def test_a_queued_process_gets_the_file_from_a_lingering_holder(tmp_path: Path) -> None:
    path = tmp_path / "linger.duckdb"
    store = DuckDBStore(path, linger=3600)  # left alone, it would keep the file for an hour
    try:
        store.add_article(*make_article(1))
        assert store.file.is_open
        code = (
            "import sys\n"
            f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
            "from factory import make_article\n"
            "from newsevents.store.duckdb import DuckDBStore\n"
            "s = DuckDBStore(sys.argv[1], lock_timeout=60)\n"
            "print(s.add_article(*make_article(2)), s.count_articles())\n"
            "s.close()\n"
        )
        out = python(code, str(path))
        assert out.returncode == 0, out.stderr
        assert out.stdout.split() == ["True", "2"]
        assert store.count_articles() == 2
    finally:
        store.close()


def test_a_writer_process_and_a_reader_take_turns(tmp_path: Path) -> None:
    path = tmp_path / "turns.duckdb"
    reader = DuckDBStore(path, linger=3600)
    count = 30
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(path), str(count)], stdout=subprocess.PIPE, text=True, env=child_env()
    )
    seen: list[int] = []
    try:
        while child.poll() is None:
            seen.append(reader.count_events(EventFilter()))
        out, _ = child.communicate(timeout=120)
        assert child.returncode == 0
        assert out.split().count("stored") == count
        total = sum(events_of(i) for i in range(count))
        assert reader.count_events(EventFilter()) == total
        assert seen == sorted(seen)  # the reader saw the writer's progress, never a rollback
        assert reader.count_articles() == count
    finally:
        if child.poll() is None:
            child.kill()
        reader.close()


def test_duckdb_store_that_keeps_its_file(tmp_path: Path) -> None:
    path = tmp_path / "kept.duckdb"
    store = DuckDBStore(path, share=False)
    try:
        store.add_article(*make_article(1))
        time.sleep(0.1)
        assert store.file.is_open and store.file.opened == 1
        out = python("import duckdb, sys; duckdb.connect(sys.argv[1])", str(path))
        assert out.returncode != 0 and "lock" in out.stderr
    finally:
        store.close()
    assert not store.file.is_open
    with open_store(path) as again:
        assert again.count_articles() == 1
    with pytest.raises(StoreError, match="closed"):
        store.count_articles()


def test_read_only_and_read_write_stores_in_one_process(tmp_path: Path) -> None:
    path = tmp_path / "modes.duckdb"
    with open_store(path) as writer:
        writer.add_article(*make_article(1))
        # DuckDB refuses a second configuration of an open file in one process: the reader waits its turn
        with open_store(path, read_only=True) as reader:
            assert reader.count_articles() == 1
            writer.add_article(*make_article(2))
            assert reader.count_articles() == 2
    conn = duckdb.connect(str(path), read_only=True)
    assert conn.sql("SELECT count(*) FROM articles").fetchall() == [(2,)]
    conn.close()
