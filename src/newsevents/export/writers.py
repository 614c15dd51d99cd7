"""Write event records in the formats of the field.

In: an iterable of `Event` records and a text stream.
Out: the events written to the stream; every writer returns how many records it wrote.

Formats (`FORMATS`; `EXPORT_FORMATS` adds the store's `parquet`):
- `jsonl`: one `Event` as JSON a line, the project's interchange format (lossless).
- `csv`: a flat table with a header row (`CSV_COLUMNS`, declared with the Parquet file's columns in
  `newsevents.export.flat`), one row per event. Lists of actors or recipients are joined with `;`,
  position by position (codes, sectors, names line up).
- `cameo`: Phoenix-style tab-separated rows without a header, columns in `CAMEO_COLUMNS`
  order. Dates are `YYYYMMDD` (shorter when only year or month are known); actor codes are
  country + sector (`ITAGOV`), several joined with `;`; the root code is the first two digits
  of the CAMEO code; tabs and newlines inside text are replaced by spaces.
- `geojson`: a FeatureCollection with one Point feature per event that has coordinates; events
  without coordinates are left out (and not counted).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from newsevents.errors import InputError
from newsevents.export.flat import CSV_COLUMNS, csv_row
from newsevents.record import Entity, Event

CAMEO_COLUMNS: tuple[str, ...] = (
    "id",
    "date",
    "source",
    "target",
    "cameo_code",
    "root_code",
    "quad_class",
    "score",
    "lat",
    "lon",
    "article",
    "evidence",
)


def write_jsonl(events: Iterable[Event], stream: TextIO) -> int:
    """One event as JSON a line; `Event.model_validate_json` reads each line back."""
    count = 0
    for event in events:
        stream.write(event.model_dump_json())
        stream.write("\n")
        count += 1
    return count


def write_csv(events: Iterable[Event], stream: TextIO) -> int:
    """A header row and one flat row per event (columns: `CSV_COLUMNS`)."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for event in events:
        writer.writerow(csv_row(event))
        count += 1
    return count


def write_cameo(events: Iterable[Event], stream: TextIO) -> int:
    """Phoenix-style TSV rows without a header (columns: `CAMEO_COLUMNS`)."""
    count = 0
    for event in events:
        stream.write("\t".join(_cameo_row(event)))
        stream.write("\n")
        count += 1
    return count


def write_geojson(events: Iterable[Event], stream: TextIO) -> int:
    """A FeatureCollection of the events that have coordinates, written as it streams."""
    stream.write('{"type": "FeatureCollection", "features": [')
    count = 0
    for event in events:
        loc = event.event_loc
        if loc is None or loc.lat is None or loc.lon is None:
            continue
        feature = {
            "type": "Feature",
            "id": event.id,
            "geometry": {"type": "Point", "coordinates": [loc.lon, loc.lat]},
            "properties": _geo_properties(event),
        }
        stream.write("\n" if count == 0 else ",\n")
        stream.write(json.dumps(feature, ensure_ascii=False))
        count += 1
    stream.write("\n]}\n")
    return count


Writer = Callable[[Iterable[Event], TextIO], int]

_WRITERS: dict[str, Writer] = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "cameo": write_cameo,
    "geojson": write_geojson,
}
FORMATS: frozenset[str] = frozenset(_WRITERS)
"""The formats `write_events` writes to a text stream."""

EXPORT_FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet", "geojson", "cameo")
"""Every format `newsevents export` writes, in the order its help lists them: `FORMATS` and
`parquet`, which needs a file and is written by the store (`Store.export_parquet`)."""


def check_format(fmt: str, *, option: str = "--format") -> str:
    """Return the format name, lower-cased; `InputError` naming `option` if it is unknown."""
    name = fmt.strip().lower()
    if name not in _WRITERS:
        allowed = ", ".join(sorted(FORMATS))
        raise InputError(option, f"unknown format {fmt!r} (choose one of {allowed})")
    return name


def write_events(events: Iterable[Event], fmt: str, stream: TextIO) -> int:
    """Write `events` to `stream` in format `fmt` (one of `FORMATS`); return the number written."""
    return _WRITERS[check_format(fmt)](events, stream)


def _num(value: float | int | None) -> str:
    return "" if value is None else str(value)


def _party(entities: list[Entity]) -> str:
    return ";".join(f"{e.code}{e.sector or ''}" for e in entities)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _cameo_row(event: Event) -> list[str]:
    loc = event.event_loc
    code = event.cameo_code or ""
    return [
        event.id,
        (event.date or "").replace("-", ""),
        _party(event.actor),
        _party(event.recipient),
        code,
        code[:2],
        _num(event.quad_code),
        _num(event.event_scale),
        _num(loc.lat) if loc else "",
        _num(loc.lon) if loc else "",
        event.article_id,
        _flat(event.text_info.sentence),
    ]


def _geo_properties(event: Event) -> dict[str, Any]:
    loc = event.event_loc
    assert loc is not None
    return {
        "article_id": event.article_id,
        "event": event.event,
        "mode": event.mode,
        "modality": event.modality,
        "context": event.context,
        "date": event.date,
        "actor": [e.code for e in event.actor],
        "recipient": [e.code for e in event.recipient],
        "place": loc.name,
        "country_code": loc.country_code,
        "sentence": event.text_info.sentence,
        "confidence": event.confidence,
    }
