"""The embedded store: one DuckDB file (default `./newsevents.duckdb`).

In: a file path (or ':memory:'). Out: a `Store` over that file, schema created on first open.
A directory, or a file that is not a DuckDB database, gives a one-line `StoreError` naming
the path.

DuckDB lets one process at a time have a file open for writing. So that `newsevents serve`,
`ingest`, `query` and other programs can use one file together, the store holds the file
only while it works (`newsevents.store.sharing`): it opens it for an operation, closes it
half a second after the last one, or after a turn of 0.2 s when another process queues for
it, and an operation waits up to `lock_timeout` seconds for a process that holds the file. Each thread
runs its operations on a cursor of its own, so reads of several threads run in parallel.
`share=False` keeps the file open from the constructor to `close()` (an in-memory database
always is).

`change_marker()` (the store object's write count with the size and times of the file and
of its write-ahead log, from `stat`, no query) changes with every commit of any process, so
`newsevents serve` can keep answers while it stays the same.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Hashable, Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb

from newsevents.errors import StoreError
from newsevents.store._sql import Dialect, SQLStore, one_line
from newsevents.store.sharing import LINGER, LOCK_TIMEOUT, TURN, SharedFile

DUCKDB = Dialect(name="duckdb", double="DOUBLE", json="TEXT", indexes=False, row_id="rowid")


class DuckDBStore(SQLStore):
    """`Store` over a DuckDB database file."""

    dialect = DUCKDB

    def __init__(
        self,
        path: str | Path,
        *,
        read_only: bool = False,
        engine_version: str | None = None,
        share: bool = True,
        lock_timeout: float = LOCK_TIMEOUT,
        linger: float = LINGER,
        turn: float = TURN,
    ) -> None:
        self.path = str(path)
        super().__init__(f"DuckDB store {self.path}", engine_version=engine_version)
        memory = self.path == ":memory:"
        if not memory:
            p = Path(self.path)
            if p.is_dir():
                raise StoreError(f"{self.label}: is a directory, not a database file")
            if not p.parent.exists():
                raise StoreError(f"{self.label}: directory {p.parent} does not exist")
            if read_only and not p.exists():
                raise StoreError(f"{self.label}: no such file (ingest something first)")
        ro = read_only and not memory

        def connect() -> duckdb.DuckDBPyConnection:
            return duckdb.connect(self.path, read_only=ro)

        try:
            self._file = SharedFile(
                self.path,
                connect,
                label=self.label,
                share=share and not memory,
                lock_timeout=lock_timeout,
                linger=linger,
                turn=turn,
            )
        except duckdb.Error as exc:
            raise StoreError(f"cannot open {self.label}: {one_line(exc)}") from exc
        if not read_only:
            self.create_schema()
        else:
            with self._guard("checking the schema"):
                names = {r[0] for r in self._query("SELECT table_name FROM information_schema.tables")}
            if "events" not in names:
                self.close()
                raise StoreError(f"{self.label}: not a newsevents store (no events table)")

    @property
    def file(self) -> SharedFile:
        """How the file is held (whether it is open now, how often it was opened)."""
        return self._file

    def _acquire(self) -> duckdb.DuckDBPyConnection:
        return self._file.lease()

    def _release(self, con: Any, *, failed: bool) -> None:
        self._file.give_back(con, failed=failed)

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._connection() as con:
            return con.execute(sql, list(params)).fetchall()  # type: ignore[no-any-return]

    def _run(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self._connection() as con:
            con.execute(sql, list(params))

    def _run_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        head, sep, values = sql.rpartition(" VALUES ")
        with self._connection() as con:
            if not sep:
                con.executemany(sql, [list(r) for r in rows])
                return
            # One multi-row INSERT per chunk: far cheaper than executemany's statement per row.
            for i in range(0, len(rows), 200):
                chunk = rows[i : i + 200]
                con.execute(f"{head} VALUES {', '.join([values] * len(chunk))}", [v for r in chunk for v in r])

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._connection() as con:
            con.execute("BEGIN TRANSACTION")
            try:
                yield
            except BaseException:
                with contextlib.suppress(duckdb.Error):
                    con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    def _is_db_error(self, exc: BaseException) -> bool:
        return isinstance(exc, duckdb.Error)

    def _is_unique_violation(self, exc: BaseException) -> bool:
        return isinstance(exc, duckdb.ConstraintException)

    def change_marker(self) -> Hashable | None:
        """This object's write count with the size and times of the database file and its log.

        A commit by any process appends to `<file>.wal` and a checkpoint rewrites the file
        (and removes the log), so every write of another program changes the marker too.
        """
        if self.path == ":memory:":
            return self._writes
        return (self._writes, _file_state(self.path), _file_state(self.path + ".wal"))

    def close(self) -> None:
        self._file.close()


def _file_state(path: str) -> tuple[int, int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns
