"""Taking turns at one DuckDB file: several processes (a server, an ingest, a query) and
several threads of each.

In: a DuckDB file path and a way to connect to it. Out: `SharedFile`, which lends each
thread its own cursor (DuckDB runs the queries of separate cursors in parallel) and holds
the file only while it is used.

DuckDB lets one process at a time write a file, and a process that opened it read-write
keeps every other process out until it closes it. So a `SharedFile` opens the file when
the first operation needs it and closes it when no operation has needed it for `linger`
seconds, or sooner when another process is waiting for it. Processes say that they wait
through a turnstile: an exclusive `flock` on the side file `<database>.lock`, taken before
connecting and given back as soon as the connection is made. A holder looks at the
turnstile before each new operation and while it lingers; once it has had the file for
`turn` seconds and someone waits, it lets the operations under way finish, starts no new
one and closes the file, then queues at the turnstile itself. Two busy processes thus
alternate, each doing a burst of work in its turn (opening and closing cost tens of
milliseconds, closing writes DuckDB's log into the file, so turns are not shorter than
`turn`), and nobody waits much longer than one turn of the other. A process that does not
take turns (DuckDB's own shell, or a program that keeps a connection open) is waited for
`lock_timeout` seconds, then the operation fails with a one-line `StoreError`.

The side file holds nothing; it is created next to the database when missing (where the
directory is read-only there is no turnstile and waiting falls back to retrying). On
platforms without `fcntl.flock` the same fallback applies.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb

from newsevents.errors import StoreError
from newsevents.store._sql import one_line

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

LOCK_TIMEOUT = 5.0
"""Seconds an operation waits for a DuckDB file another process holds."""
LINGER = 0.5
"""Seconds a file stays open after its last operation when nobody else is waiting for it."""
TURN = 0.2
"""Seconds a process keeps the file, once opened, before it gives way to a queued process."""
POLL = 0.02
"""How often a lingering holder looks for waiters, and the longest pause between connection attempts."""


def turnstile_path(database: str | Path) -> Path:
    """The side file that processes wanting `database` queue on."""
    return Path(f"{database}.lock")


def is_lock_conflict(exc: BaseException) -> bool:
    """True when DuckDB refused a connection only because the file is in use.

    Another process holds the file ("Could not set lock on file"), or this process has it
    open with the other read-only setting ("different configuration").
    """
    text = str(exc)
    if isinstance(exc, duckdb.IOException):
        return "lock" in text.lower()
    return isinstance(exc, duckdb.ConnectionException) and "different configuration" in text


class Turnstile:
    """The `flock` queue in front of one database file."""

    def __init__(self, database: str | Path) -> None:
        self.path = turnstile_path(database)
        self._probe: int | None = None

    @contextlib.contextmanager
    def entered(self, deadline: float) -> Iterator[None]:
        """Hold the turnstile (exclusive) until the block ends; give up silently at `deadline`.

        Giving up only loses priority: the caller then retries its connection without it.
        """
        if fcntl is None:
            yield
            return
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError:  # a read-only directory: nobody can write there, so nobody needs to queue
            yield
            return
        try:
            held = False
            pause = 0.002
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    held = True
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        break
                    time.sleep(pause)
                    pause = min(POLL, pause * 2)
            try:
                yield
            finally:
                if held:
                    fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def waiting(self) -> bool:
        """True when another process (or another store object) is queued for the file."""
        if fcntl is None:
            return False
        if self._probe is None:
            try:
                self._probe = os.open(self.path, os.O_RDONLY)
            except OSError:
                return False
        try:
            fcntl.flock(self._probe, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        except OSError:
            return False
        fcntl.flock(self._probe, fcntl.LOCK_UN)
        return False

    def close(self) -> None:
        if self._probe is not None:
            with contextlib.suppress(OSError):
                os.close(self._probe)
            self._probe = None


class SharedFile:
    """Cursors over one DuckDB connection that is opened on demand and closed when idle.

    `connect()` opens the file; its errors become a one-line `StoreError` naming `label`.
    With `share=False` the file is opened at once and kept until `close()` (an in-memory
    database, or a caller that wants the file to itself).
    """

    def __init__(
        self,
        database: str,
        connect: Callable[[], duckdb.DuckDBPyConnection],
        *,
        label: str,
        share: bool = True,
        lock_timeout: float = LOCK_TIMEOUT,
        linger: float = LINGER,
        turn: float = TURN,
    ) -> None:
        self.label = label
        self.share = share
        self.lock_timeout = lock_timeout
        self.linger = linger
        self.turn = turn
        self._connect = connect
        self._turnstile = Turnstile(database) if share else None
        self._cond = threading.Condition()
        self._root: duckdb.DuckDBPyConnection | None = None
        self._idle: list[duckdb.DuckDBPyConnection] = []
        self._active = 0
        self._opening = False
        self._yielding = False
        self._idle_since = 0.0
        self._opened_at = 0.0
        self._closed = False
        self.opened = 0
        """How many times the file was opened (a count for tests and benchmarks)."""
        if not share:
            self._root = self._open(time.monotonic() + lock_timeout)

    # -- lending cursors

    def lease(self) -> duckdb.DuckDBPyConnection:
        """A cursor for this thread's operation; give it back with `give_back`."""
        deadline = time.monotonic() + self.lock_timeout
        with self._cond:
            while True:
                if self._closed:
                    raise StoreError(f"{self.label}: the store is closed")
                if self._root is not None:
                    if not self._yielding and self._others_waiting():
                        self._yielding = True  # someone queues: finish what runs, start nothing new
                    if not self._yielding:
                        self._active += 1
                        try:
                            return self._idle.pop() if self._idle else self._root.cursor()
                        except BaseException:
                            self._active -= 1
                            raise
                    if self._active == 0:
                        self._close_root()
                        continue
                elif not self._opening:
                    self._opening = True
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise StoreError(f"cannot open {self.label}: still in use by another process after "
                                     f"{self.lock_timeout:g} s")  # fmt: skip
                self._cond.wait(min(remaining, POLL))
        # This thread opens the file; the others wait on the condition meanwhile.
        try:
            root = self._open(deadline)
        except BaseException:
            with self._cond:
                self._opening = False
                self._cond.notify_all()
            raise
        with self._cond:
            self._opening = False
            if self._closed:
                root.close()
                self._cond.notify_all()
                raise StoreError(f"{self.label}: the store is closed")
            self._root = root
            self._yielding = False
            self._opened_at = time.monotonic()
            self._active += 1
            self._cond.notify_all()
            threading.Thread(target=self._watch, args=(root,), name="newsevents-duckdb-linger", daemon=True).start()
            return root.cursor()

    def give_back(self, cursor: duckdb.DuckDBPyConnection, *, failed: bool = False) -> None:
        """Return a leased cursor; a cursor whose operation failed is closed rather than reused."""
        with self._cond:
            self._active -= 1
            if failed or self._root is None:
                with contextlib.suppress(duckdb.Error):
                    cursor.close()
            else:
                self._idle.append(cursor)
            if self._active == 0:
                self._idle_since = time.monotonic()
                if self.share and self._yielding:
                    self._close_root()
            self._cond.notify_all()

    def close(self) -> None:
        """Close the file now (operations under way finish first)."""
        with self._cond:
            self._closed = True
            deadline = time.monotonic() + self.lock_timeout
            while self._active and time.monotonic() < deadline:
                self._cond.wait(POLL)
            self._close_root()
            if self._turnstile is not None:
                self._turnstile.close()
            self._cond.notify_all()

    @property
    def is_open(self) -> bool:
        """Whether this process has the file open right now."""
        return self._root is not None

    # -- opening and closing

    def _others_waiting(self) -> bool:
        """Someone queues for the file and this process has had its turn (caller holds the condition)."""
        if self._turnstile is None or time.monotonic() - self._opened_at < self.turn:
            return False
        return self._turnstile.waiting()

    def _open(self, deadline: float) -> duckdb.DuckDBPyConnection:
        """Connect, queueing at the turnstile and retrying while another process has the file."""
        turn = self._turnstile.entered(deadline) if self._turnstile is not None else contextlib.nullcontext()
        pause = 0.002
        with turn:
            while True:
                try:
                    root = self._connect()
                    self.opened += 1
                    return root
                except duckdb.Error as exc:
                    if not is_lock_conflict(exc) or time.monotonic() >= deadline:
                        raise StoreError(f"cannot open {self.label}: {one_line(exc)}") from exc
                time.sleep(pause)
                pause = min(POLL, pause * 2)

    def _close_root(self) -> None:
        """Close the connection and its cursors (caller holds the condition, nothing leased)."""
        root, self._root = self._root, None
        self._idle.clear()
        self._yielding = False
        if root is not None:
            with contextlib.suppress(duckdb.Error):
                root.close()  # closes the cursors made from it, and lets go of the file

    def _watch(self, root: duckdb.DuckDBPyConnection) -> None:
        """Close `root` once idle for `linger` seconds, or idle after its turn while someone waits for it."""
        if not self.share:
            return
        with self._cond:
            while self._root is root:
                if self._active == 0 and (time.monotonic() - self._idle_since >= self.linger or self._others_waiting()):
                    self._close_root()
                    self._cond.notify_all()
                    return
                self._cond.wait(POLL)
