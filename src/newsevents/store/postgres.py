"""The team store: PostgreSQL, same tables and behaviour as the DuckDB store.

In: a `postgresql://user[:password]@host[:port]/dbname` URL. Out: a `Store` over that
database (schema created on first open). An unreachable server or a refused login gives a
one-line `StoreError` naming the URL (password masked).

Connections are pooled: each thread's operation borrows one (up to `pool_size` at once,
opened as needed and kept for reuse), so several threads of one program, and any number of
programs, read and write the database at the same time. A connection that broke (a
restarted server) is dropped instead of being lent again.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator, Sequence
from typing import Any

import psycopg
from psycopg import errors as pg_errors

from newsevents.errors import StoreError
from newsevents.store._sql import Dialect, SQLStore, one_line

POSTGRES = Dialect(name="postgresql", double="DOUBLE PRECISION", json="JSONB", collate=' COLLATE "C"', placeholder="%s")


def masked(url: str) -> str:
    """The URL with its password replaced by ***."""
    return re.sub(r"(://[^/:@]+:)[^@/]*@", r"\1***@", url)


POOL_SIZE = 8
"""Connections one store object keeps at most; more threads than this wait for one."""


class PostgresStore(SQLStore):
    """`Store` over a pool of PostgreSQL connections (autocommit; each write in an explicit transaction)."""

    dialect = POSTGRES

    def __init__(
        self, url: str, *, engine_version: str | None = None, connect_timeout: int = 5, pool_size: int = POOL_SIZE
    ) -> None:
        dsn = re.sub(r"^postgres(ql)?\+[a-z0-9]+://", "postgresql://", url.strip())
        self._dsn = re.sub(r"^postgres://", "postgresql://", dsn)
        super().__init__(f"PostgreSQL store {masked(url)}", engine_version=engine_version)
        self._connect_timeout = connect_timeout
        self._pool_size = max(1, pool_size)
        self._cond = threading.Condition()
        self._idle: list[psycopg.Connection[Any]] = [self._connect()]
        self._count = 1
        self._closed = False
        self.create_schema()

    def _connect(self) -> psycopg.Connection[Any]:
        try:
            return psycopg.connect(self._dsn, autocommit=True, connect_timeout=self._connect_timeout)
        except (psycopg.Error, ValueError) as exc:
            raise StoreError(f"cannot open {self.label}: {one_line(exc)}") from exc

    def _acquire(self) -> psycopg.Connection[Any]:
        with self._cond:
            while True:
                if self._closed:
                    raise StoreError(f"{self.label}: the store is closed")
                if self._idle:
                    return self._idle.pop()
                if self._count < self._pool_size:
                    self._count += 1
                    break
                self._cond.wait()
        try:
            return self._connect()
        except BaseException:
            with self._cond:
                self._count -= 1
                self._cond.notify()
            raise

    def _release(self, con: Any, *, failed: bool) -> None:
        # After a failure, keep the connection only if it is sound and outside any transaction.
        sound = not (con.closed or con.broken) and (
            not failed or con.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
        )
        with self._cond:
            if sound and not self._closed:
                self._idle.append(con)
                con = None
            else:
                self._count -= 1
            self._cond.notify()
        if con is not None:
            with contextlib.suppress(psycopg.Error):
                con.close()

    def _sql(self, sql: str) -> str:
        return self.dialect.sql(sql)

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._connection() as con, con.cursor() as cur:
            cur.execute(self._sql(sql), list(params))
            return cur.fetchall() if cur.description is not None else []

    def _run(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self._connection() as con, con.cursor() as cur:
            cur.execute(self._sql(sql), list(params))

    def _run_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self._connection() as con, con.cursor() as cur:
            cur.executemany(self._sql(sql), [list(r) for r in rows])

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._connection() as con, con.transaction():
            yield

    def _is_db_error(self, exc: BaseException) -> bool:
        return isinstance(exc, psycopg.Error)

    def _is_unique_violation(self, exc: BaseException) -> bool:
        return isinstance(exc, pg_errors.UniqueViolation)

    def close(self) -> None:
        with self._cond:
            self._closed = True
            idle, self._idle = self._idle, []
            self._count -= len(idle)
            self._cond.notify_all()
        for con in idle:
            with contextlib.suppress(psycopg.Error):
                con.close()
