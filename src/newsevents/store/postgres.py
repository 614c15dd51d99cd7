"""The team store: PostgreSQL, same tables and behaviour as the DuckDB store.

In: a `postgresql://user[:password]@host[:port]/dbname` URL. Out: a `Store` over that
database (schema created on first open). An unreachable server or a refused login gives a
one-line `StoreError` naming the URL (password masked).
"""

from __future__ import annotations

import contextlib
import re
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


class PostgresStore(SQLStore):
    """`Store` over one PostgreSQL connection (autocommit; each write in an explicit transaction)."""

    dialect = POSTGRES

    def __init__(self, url: str, *, engine_version: str | None = None, connect_timeout: int = 5) -> None:
        dsn = re.sub(r"^postgres(ql)?\+[a-z0-9]+://", "postgresql://", url.strip())
        dsn = re.sub(r"^postgres://", "postgresql://", dsn)
        super().__init__(f"PostgreSQL store {masked(url)}", engine_version=engine_version)
        try:
            self._con = psycopg.connect(dsn, autocommit=True, connect_timeout=connect_timeout)
        except (psycopg.Error, ValueError) as exc:
            raise StoreError(f"cannot open {self.label}: {one_line(exc)}") from exc
        self._closed = False
        self.create_schema()

    def _sql(self, sql: str) -> str:
        return self.dialect.sql(sql)

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._con.cursor() as cur:
            cur.execute(self._sql(sql), list(params))
            return cur.fetchall() if cur.description is not None else []

    def _run(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self._con.cursor() as cur:
            cur.execute(self._sql(sql), list(params))

    def _run_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self._con.cursor() as cur:
            cur.executemany(self._sql(sql), [list(r) for r in rows])

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._con.transaction():
            yield

    def _is_db_error(self, exc: BaseException) -> bool:
        return isinstance(exc, psycopg.Error)

    def _is_unique_violation(self, exc: BaseException) -> bool:
        return isinstance(exc, pg_errors.UniqueViolation)

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._con.close()
