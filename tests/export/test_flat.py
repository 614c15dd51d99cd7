"""One flat schema for the CSV and the Parquet file, one list of export formats for the module and the CLI."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb

from export.records import TRIPOLI, make_event
from newsevents.export import CSV_COLUMNS, EXPORT_FORMATS, FORMATS, flat, write_events
from newsevents.record import Entity, Event
from newsevents.store import parquet

# what the CSV has that the Parquet file does not: names that fall back to the words, the offsets
CSV_ONLY = {"actor_names", "recipient_names", "sentence_start", "sentence_end"}


def _events() -> list[Event]:
    located = make_event(
        "CONSULT",
        mode="visit",
        location=TRIPOLI,
        date="2018-06-25",
        cameo_code="042",
        quad_code=1,
        event_scale=4.0,
        context=["migration", "diplomatic"],
        mentions=[(0, 40), (100, 140)],
    )
    unnamed = make_event("REJECT", event_id="e2", actor=("ITA", "MLT"), recipient=("NGO",), sector=None)
    unnamed = unnamed.model_copy(update={"recipient": [Entity(code="NGO", entity_text="aid groups")]})
    return [located, unnamed]


def test_the_cli_offers_the_export_modules_formats() -> None:
    from newsevents.cli import export as cli_export

    assert cli_export.EXPORT_FORMATS is EXPORT_FORMATS
    assert set(EXPORT_FORMATS) == FORMATS | {"parquet"}
    assert len(EXPORT_FORMATS) == len(set(EXPORT_FORMATS))


def test_csv_and_parquet_columns_come_from_the_flat_schema() -> None:
    assert CSV_COLUMNS is flat.CSV_COLUMNS
    assert tuple((c.name, c.sql_type) for c in flat.PARQUET_COLUMNS) == parquet.COLUMNS
    shared = {header for header, column in flat.CSV_SOURCES if column in flat.PARQUET_COLUMNS}
    assert set(CSV_COLUMNS) - shared == CSV_ONLY


def test_csv_cells_are_the_parquet_values(tmp_path: Path) -> None:
    events = _events()
    out = io.StringIO()
    write_events(events, "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    target = tmp_path / "events.parquet"
    assert parquet.write_parquet(events, target) == len(rows)
    sources = dict(flat.CSV_SOURCES)
    cursor = duckdb.connect().execute(f"SELECT * FROM read_parquet('{target}') ORDER BY id")
    names = [d[0] for d in cursor.description]
    stored = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    for row, event, values in zip(rows, events, stored, strict=True):
        for header, cell in row.items():
            source = sources[header]
            if header in CSV_ONLY:
                assert cell == flat.csv_cell(source.value(event)), header
            else:
                assert cell == flat.csv_cell(values[source.name]), header
    assert rows[1]["recipient_names"] == "aid groups"  # the CSV names a party by its words
    assert rows[0]["location_name"] == "Tripoli" and rows[1]["location_name"] == ""
