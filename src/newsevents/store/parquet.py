"""Parquet export through core DuckDB (no extension): events in, one .parquet file out.

In: an iterable of `Event`s and a file path. Out: a Parquet file with one row per event:
flat columns (codes, names, place, dates, ...) plus `record`, the event's full JSON.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import duckdb

from newsevents.errors import StoreError
from newsevents.record import Event
from newsevents.store._sql import coding_values

COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "VARCHAR"),
    ("article_id", "VARCHAR"),
    ("event", "VARCHAR"),
    ("mode", "VARCHAR"),
    ("modality", "VARCHAR"),
    ("context", "VARCHAR[]"),
    ("date", "VARCHAR"),
    ("enddate", "VARCHAR"),
    ("actor_code", "VARCHAR[]"),
    ("actor_sector", "VARCHAR[]"),
    ("actor_name", "VARCHAR[]"),
    ("recipient_code", "VARCHAR[]"),
    ("recipient_sector", "VARCHAR[]"),
    ("recipient_name", "VARCHAR[]"),
    ("place", "VARCHAR"),
    ("country", "VARCHAR"),
    ("admin1", "VARCHAR"),
    ("lat", "DOUBLE"),
    ("lon", "DOUBLE"),
    ("quad_code", "INTEGER"),
    ("event_scale", "DOUBLE"),
    ("cameo_code", "VARCHAR"),
    ("confidence", "DOUBLE"),
    ("language", "VARCHAR"),
    ("event_text", "VARCHAR"),
    ("sentence", "VARCHAR"),
    ("n_mentions", "INTEGER"),
    ("record", "VARCHAR"),
)


def flat_row(ev: Event) -> list[Any]:
    """One event as the values of `COLUMNS`, in order."""
    loc = ev.event_loc
    return [
        ev.id,
        ev.article_id,
        ev.event,
        ev.mode,
        ev.modality,
        list(ev.context),
        ev.date,
        ev.enddate,
        [a.code for a in ev.actor],
        [a.sector for a in ev.actor],
        [a.entity_name for a in ev.actor],
        [r.code for r in ev.recipient],
        [r.sector for r in ev.recipient],
        [r.entity_name for r in ev.recipient],
        loc.name if loc else None,
        loc.country_code if loc else None,
        loc.admin1 if loc else None,
        loc.lat if loc else None,
        loc.lon if loc else None,
        *coding_values(ev),
        max(1, len(ev.mentions)),
        ev.model_dump_json(),
    ]


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
