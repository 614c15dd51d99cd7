"""Writers: JSONL round trip, CSV columns, CAMEO row shape, GeoJSON, unknown formats."""

from __future__ import annotations

import csv
import io
import json

import pytest

from export.records import TRIPOLI, make_event
from newsevents.errors import InputError
from newsevents.export import CAMEO_COLUMNS, CSV_COLUMNS, FORMATS, write_events
from newsevents.record import Event


def _events() -> list[Event]:
    return [
        make_event(
            "CONSULT",
            mode="visit",
            actor=("ITA",),
            recipient=("LBY",),
            location=TRIPOLI,
            date="2018-06-25",
            cameo_code="042",
            quad_code=1,
            event_scale=4.0,
            context=["migration", "diplomatic"],
            mentions=[(0, 40), (100, 140)],
            sentence="Salvini met his Libyan counterpart\tAshour\nin Tripoli",
        ),
        make_event("REJECT", event_id="e2", actor=("ITA", "MLT"), recipient=("NGO",), sector=None),
    ]


def _write(fmt: str, events: list[Event]) -> tuple[int, str]:
    out = io.StringIO()
    count = write_events(events, fmt, out)
    return count, out.getvalue()


def test_formats() -> None:
    assert {"jsonl", "csv", "cameo", "geojson"} == FORMATS


def test_jsonl_round_trip() -> None:
    events = _events()
    count, text = _write("jsonl", events)
    assert count == 2
    assert [Event.model_validate_json(line) for line in text.splitlines()] == events


def test_csv_columns_and_values() -> None:
    count, text = _write("csv", _events())
    rows = list(csv.DictReader(io.StringIO(text)))
    assert count == len(rows) == 2
    assert tuple(rows[0]) == CSV_COLUMNS
    first, second = rows
    assert first["actor_codes"] == "ITA" and first["recipient_codes"] == "LBY"
    assert first["actor_names"] == "ITA name"
    assert first["context"] == "migration;diplomatic"
    assert (first["location_name"], first["location_country"]) == ("Tripoli", "LBY")
    assert (float(first["lat"]), float(first["lon"])) == (TRIPOLI.lat, TRIPOLI.lon)
    assert (first["sentence_start"], first["sentence_end"]) == ("0", "40")
    assert first["mentions"] == "2"
    assert second["actor_codes"] == "ITA;MLT" and second["actor_sectors"] == ";"
    assert second["location_name"] == "" and second["date"] == ""


def test_cameo_row_shape() -> None:
    count, text = _write("cameo", _events())
    lines = text.splitlines()
    assert count == len(lines) == 2
    rows = [line.split("\t") for line in lines]
    assert all(len(r) == len(CAMEO_COLUMNS) for r in rows)
    first = dict(zip(CAMEO_COLUMNS, rows[0], strict=True))
    assert first["date"] == "20180625"
    assert (first["source"], first["target"]) == ("ITAGOV", "LBYGOV")
    assert (first["cameo_code"], first["root_code"], first["quad_class"], first["score"]) == (
        "042",
        "04",
        "1",
        "4.0",
    )
    assert first["evidence"] == "Salvini met his Libyan counterpart Ashour in Tripoli"
    second = dict(zip(CAMEO_COLUMNS, rows[1], strict=True))
    assert (second["source"], second["target"], second["cameo_code"]) == ("ITA;MLT", "NGO", "")


def test_geojson_keeps_events_with_coordinates() -> None:
    count, text = _write("geojson", _events())
    data = json.loads(text)
    assert count == 1
    assert data["type"] == "FeatureCollection"
    [feature] = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [TRIPOLI.lon, TRIPOLI.lat]}
    assert feature["properties"]["event"] == "CONSULT"
    assert feature["properties"]["actor"] == ["ITA"]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_no_events_still_gives_a_valid_file(fmt: str) -> None:
    count, text = _write(fmt, [])
    assert count == 0
    if fmt == "geojson":
        assert json.loads(text) == {"type": "FeatureCollection", "features": []}
    elif fmt == "csv":
        assert text.strip() == ",".join(CSV_COLUMNS)
    else:
        assert text == ""


def test_unknown_format_names_the_option_and_the_choices() -> None:
    with pytest.raises(InputError) as info:
        write_events([], "xml", io.StringIO())
    assert info.value.source == "--format"
    assert info.value.problem == "unknown format 'xml' (choose one of cameo, csv, geojson, jsonl)"
