"""The flat schema of an event: the columns of the CSV export and of the Parquet file, declared once.

In: an `Event`. Out: its flat values, one per column: a string, a number, a list or None.

A `Column` is one flat column: its name, its SQL type in the Parquet file and how its value is
read from an `Event`. `PARQUET_COLUMNS` are the columns of the Parquet file (`newsevents export
--format parquet`, Parquet shards), in order; `CSV_COLUMNS` are the CSV header, in order, and
`CSV_SOURCES` the column each CSV column writes. The CSV spells list columns in the plural
(`actor_codes` writes `actor_code`), names a party by its words where the knowledge base gave no
name (`actor_names`), and adds the sentence's offsets; the Parquet file adds the place's
first-level division and the full record. `csv_cell` turns a value into CSV text: None is
empty, a list is joined with `;`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from newsevents.record import Entity, Event, Location

Value = str | int | float | list[str | None] | None


@dataclass(frozen=True)
class Column:
    """One flat column of an event."""

    name: str
    sql_type: str
    value: Callable[[Event], Value]


def _place(read: Callable[[Location], Any]) -> Callable[[Event], Value]:
    def value(ev: Event) -> Value:
        loc = ev.event_loc
        return read(loc) if loc else None

    return value


def _label(entity: Entity) -> str | None:
    """A party's name, else the words of the article that name it."""
    return entity.entity_name or entity.entity_text


PARQUET_COLUMNS: tuple[Column, ...] = (
    Column("id", "VARCHAR", lambda ev: ev.id),
    Column("article_id", "VARCHAR", lambda ev: ev.article_id),
    Column("event", "VARCHAR", lambda ev: ev.event),
    Column("mode", "VARCHAR", lambda ev: ev.mode),
    Column("modality", "VARCHAR", lambda ev: ev.modality),
    Column("context", "VARCHAR[]", lambda ev: list(ev.context)),
    Column("date", "VARCHAR", lambda ev: ev.date),
    Column("enddate", "VARCHAR", lambda ev: ev.enddate),
    Column("actor_code", "VARCHAR[]", lambda ev: [a.code for a in ev.actor]),
    Column("actor_sector", "VARCHAR[]", lambda ev: [a.sector for a in ev.actor]),
    Column("actor_name", "VARCHAR[]", lambda ev: [a.entity_name for a in ev.actor]),
    Column("recipient_code", "VARCHAR[]", lambda ev: [r.code for r in ev.recipient]),
    Column("recipient_sector", "VARCHAR[]", lambda ev: [r.sector for r in ev.recipient]),
    Column("recipient_name", "VARCHAR[]", lambda ev: [r.entity_name for r in ev.recipient]),
    Column("place", "VARCHAR", _place(lambda loc: loc.name)),
    Column("country", "VARCHAR", _place(lambda loc: loc.country_code)),
    Column("admin1", "VARCHAR", _place(lambda loc: loc.admin1)),
    Column("lat", "DOUBLE", _place(lambda loc: loc.lat)),
    Column("lon", "DOUBLE", _place(lambda loc: loc.lon)),
    Column("quad_code", "INTEGER", lambda ev: ev.quad_code),
    Column("event_scale", "DOUBLE", lambda ev: ev.event_scale),
    Column("cameo_code", "VARCHAR", lambda ev: ev.cameo_code),
    Column("confidence", "DOUBLE", lambda ev: ev.confidence),
    Column("language", "VARCHAR", lambda ev: ev.language),
    Column("event_text", "VARCHAR", lambda ev: ev.event_text),
    Column("sentence", "VARCHAR", lambda ev: ev.text_info.sentence),
    Column("n_mentions", "INTEGER", lambda ev: max(1, len(ev.mentions))),
    Column("record", "VARCHAR", lambda ev: ev.model_dump_json()),
)

_PARQUET = {column.name: column for column in PARQUET_COLUMNS}

CSV_SOURCES: tuple[tuple[str, Column], ...] = (
    ("id", _PARQUET["id"]),
    ("article_id", _PARQUET["article_id"]),
    ("date", _PARQUET["date"]),
    ("enddate", _PARQUET["enddate"]),
    ("event", _PARQUET["event"]),
    ("mode", _PARQUET["mode"]),
    ("modality", _PARQUET["modality"]),
    ("context", _PARQUET["context"]),
    ("quad_code", _PARQUET["quad_code"]),
    ("event_scale", _PARQUET["event_scale"]),
    ("cameo_code", _PARQUET["cameo_code"]),
    ("confidence", _PARQUET["confidence"]),
    ("actor_codes", _PARQUET["actor_code"]),
    ("actor_sectors", _PARQUET["actor_sector"]),
    ("actor_names", Column("actor_label", "VARCHAR[]", lambda ev: [_label(a) for a in ev.actor])),
    ("recipient_codes", _PARQUET["recipient_code"]),
    ("recipient_sectors", _PARQUET["recipient_sector"]),
    ("recipient_names", Column("recipient_label", "VARCHAR[]", lambda ev: [_label(r) for r in ev.recipient])),
    ("location_name", _PARQUET["place"]),
    ("location_country", _PARQUET["country"]),
    ("lat", _PARQUET["lat"]),
    ("lon", _PARQUET["lon"]),
    ("event_text", _PARQUET["event_text"]),
    ("sentence", _PARQUET["sentence"]),
    ("sentence_start", Column("sentence_start", "INTEGER", lambda ev: ev.text_info.start)),
    ("sentence_end", Column("sentence_end", "INTEGER", lambda ev: ev.text_info.end)),
    ("mentions", _PARQUET["n_mentions"]),
    ("language", _PARQUET["language"]),
)
"""The CSV's columns, in order: (header, the flat column it writes)."""

CSV_COLUMNS: tuple[str, ...] = tuple(header for header, _ in CSV_SOURCES)


def flat_values(ev: Event, columns: Sequence[Column]) -> list[Value]:
    """The values of `columns` for one event, in order."""
    return [column.value(ev) for column in columns]


def csv_cell(value: Value) -> str:
    """A flat value as CSV text: None is empty, a list is joined with `;` (None items empty)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(v or "" for v in value)
    return value if isinstance(value, str) else str(value)


def csv_row(ev: Event) -> list[str]:
    """One event as the cells of `CSV_COLUMNS`, in order."""
    return [csv_cell(column.value(ev)) for _, column in CSV_SOURCES]
