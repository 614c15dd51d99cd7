"""Parquet export through core DuckDB (no extension): events in, one .parquet file out.

In: an iterable of `Event`s and a file path. Out: a Parquet file with one row per event:
flat columns (codes, names, place, dates, ...) plus `record`, the event's full JSON. The columns
are the flat schema of `newsevents.export.flat` (`PARQUET_COLUMNS`), which the CSV export shares.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import duckdb

from newsevents.errors import StoreError
from newsevents.export.flat import PARQUET_COLUMNS, flat_values
from newsevents.record import Event

COLUMNS: tuple[tuple[str, str], ...] = tuple((column.name, column.sql_type) for column in PARQUET_COLUMNS)
"""(name, SQL type) of each column, in order (declared in `newsevents.export.flat`)."""


def flat_row(ev: Event) -> list[Any]:
    """One event as the values of `COLUMNS`, in order."""
    return flat_values(ev, PARQUET_COLUMNS)


def write_parquet(events: Iterable[Event], path: Path | str, *, chunk: int = 2000) -> int:
    """Write `events` to `path` as Parquet via an in-memory DuckDB table; returns how many were written."""
    target = Path(path)
    if not target.parent.exists():
        raise StoreError(f"{target}: directory {target.parent} does not exist")
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"CREATE TABLE export ({', '.join(f'{n} {t}' for n, t in COLUMNS)})")
        insert = f"INSERT INTO export VALUES ({', '.join('?' for _ in COLUMNS)})"
        n = 0
        batch: list[list[Any]] = []
        for ev in events:
            batch.append(flat_row(ev))
            if len(batch) >= chunk:
                con.executemany(insert, batch)
                n += len(batch)
                batch = []
        if batch:
            con.executemany(insert, batch)
            n += len(batch)
        quoted = str(target).replace("'", "''")
        con.execute(f"COPY export TO '{quoted}' (FORMAT parquet)")
        return n
    except duckdb.Error as exc:
        raise StoreError(f"{target}: writing Parquet failed: {exc}".splitlines()[0]) from exc
    finally:
        con.close()
