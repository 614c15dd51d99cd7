"""The embedded store: one DuckDB file (default `./newsevents.duckdb`).

In: a file path (or ':memory:'). Out: a `Store` over that file, schema created on first open.
A file another process holds, a directory, or a file that is not a DuckDB database gives a
one-line `StoreError` naming the path. DuckDB lets one process write a file at a time.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb

from newsevents.errors import StoreError
from newsevents.store._sql import Dialect, SQLStore, one_line

DUCKDB = Dialect(name="duckdb", double="DOUBLE", json="TEXT", indexes=False)


class DuckDBStore(SQLStore):
    """`Store` over a DuckDB database file."""

    dialect = DUCKDB

    def __init__(self, path: str | Path, *, read_only: bool = False, engine_version: str | None = None) -> None:
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
        try:
            self._con = duckdb.connect(self.path, read_only=read_only and not memory)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open {self.label}: {one_line(exc)}") from exc
        self._closed = False
        if not read_only:
            self.create_schema()
        else:
            with self._guard("checking the schema"):
                names = {r[0] for r in self._query("SELECT table_name FROM information_schema.tables")}
            if "events" not in names:
                self.close()
                raise StoreError(f"{self.label}: not a newsevents store (no events table)")

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._con.execute(sql, list(params)).fetchall()

    def _run(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._con.execute(sql, list(params))

    def _run_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        head, sep, values = sql.rpartition(" VALUES ")
        if not sep:
            self._con.executemany(sql, [list(r) for r in rows])
            return
        # One multi-row INSERT per chunk: far cheaper than executemany's statement per row.
        for i in range(0, len(rows), 200):
            chunk = rows[i : i + 200]
            self._con.execute(f"{head} VALUES {', '.join([values] * len(chunk))}", [v for r in chunk for v in r])

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self._con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            with contextlib.suppress(duckdb.Error):
                self._con.execute("ROLLBACK")
            raise
        self._con.execute("COMMIT")

    def _is_db_error(self, exc: BaseException) -> bool:
        return isinstance(exc, duckdb.Error)

    def _is_unique_violation(self, exc: BaseException) -> bool:
        return isinstance(exc, duckdb.ConstraintException)

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._con.close()
