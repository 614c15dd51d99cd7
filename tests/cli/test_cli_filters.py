"""`newsevents query` and `export` take the filter vocabulary the API takes; bad values are one line
listing the valid ones; messages do not wrap when stderr is not a terminal; GeoJSON export says how
many events had no coordinates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.ontology import default_ontology
from newsevents.record import Event
from newsevents.store import open_store
from newsevents.store.base import SORT_KEYS
from serve.serve_sample import all_articles

ONTOLOGY = default_ontology()


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "events.duckdb"
    with open_store(str(path)) as store:
        for article, events in all_articles():
            store.add_article(article, events)
    return str(path)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "60"})
    return result.exit_code, result.stdout, result.stderr


def _ids(db: str, *args: str) -> set[str]:
    code, out, err = run("query", "--db", db, "-f", "jsonl", "--limit", "100", *args)
    assert code == 0, err
    ids = [Event.model_validate_json(line).id for line in out.splitlines()]
    return {i.rsplit("-", 1)[1] + ("m" if i.startswith("malta") else "") for i in ids}


def test_month_and_year_dates(db: str) -> None:
    june = {"e01", "e02", "e03", "e04", "e05", "e06", "e07"}
    assert _ids(db, "--from", "2018-06", "--to", "2018-06") == june
    assert _ids(db, "--to", "2018-06") == june
    assert _ids(db, "--from", "2018-07") == {"e01m", "e02m"}
    assert len(_ids(db, "--from", "2018", "--to", "2018")) == 9


def test_the_other_filters(db: str) -> None:
    assert _ids(db, "--category", "consult") == {"e01", "e03", "e06"}
    assert _ids(db, "--quad", "4") == {"e01m"}
    assert _ids(db, "--modality", "PLANNED") == {"e06"}
    assert _ids(db, "--context", "human_security") == {"e04", "e02m"}
    assert _ids(db, "--article-id", "malta-protest-2018-07-02") == {"e01m", "e02m"}


@pytest.mark.parametrize(
    ("option", "value", "noun", "valid"),
    [
        ("--category", "VISIT", "category", sorted(ONTOLOGY.categories)),
        ("--quad", "5", "quad class", [str(q) for q in ONTOLOGY.quads]),
        ("--quad", "x", "quad class", [str(q) for q in ONTOLOGY.quads]),
        ("--context", "humanitarian", "context", list(ONTOLOGY.contexts)),
        ("--modality", "likely", "modality", list(ONTOLOGY.modalities)),
        ("--sort", "size", "sort key", list(SORT_KEYS)),
    ],
)
@pytest.mark.parametrize("command", ["query", "export"])
def test_unknown_values_are_one_line_listing_the_valid_ones(
    db: str, tmp_path: Path, command: str, option: str, value: str, noun: str, valid: list[str]
) -> None:
    extra = ["-f", "jsonl", "-o", str(tmp_path / "out.jsonl")] if command == "export" else []
    code, out, err = run(command, "--db", db, *extra, option, value)
    assert code == 2
    assert out == ""
    assert err == f"newsevents: error: {option}: unknown {noun} {value!r} (choose one of {', '.join(valid)})\n"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--from", "June"), "--from: not a date: 'June' (use YYYY, YYYY-MM or YYYY-MM-DD)"),
        (("--to", "2018-02-30"), "--to: not a date"),
        (("--from", "2018-07", "--to", "2018-06"), "--from: '2018-07' is after the end date '2018-06'"),
    ],
)
def test_bad_dates_are_one_line(db: str, args: tuple[str, ...], needle: str) -> None:
    code, _, err = run("query", "--db", db, *args)
    assert code == 2 and err.startswith(f"newsevents: error: {needle}") and err.count("\n") == 1


def test_geojson_export_counts_the_events_without_coordinates(db: str, tmp_path: Path) -> None:
    out = tmp_path / "events.geojson"
    code, _, err = run("export", "--db", db, "--format", "geojson", "-o", str(out))
    assert code == 0, err
    features = json.loads(out.read_text())["features"]
    assert len(features) == 5
    assert err == f"5 of 9 events written to {out} (geojson); 4 had no coordinates\n"
    code, _, err = run("export", "--db", db, "--format", "geojson", "-o", str(out), "--country", "LBY")
    assert err == f"2 events written to {out} (geojson)\n"


def test_messages_do_not_wrap_when_stderr_is_not_a_terminal(db: str, tmp_path: Path) -> None:
    deep = tmp_path / ("a-directory-with-a-long-name-" * 3) / "and-another-one-below-it"
    deep.mkdir(parents=True)
    out = deep / "events-exported-with-a-long-file-name.geojson"
    code, _, err = run("export", "--db", db, "--format", "geojson", "-o", str(out))
    assert code == 0, err
    assert len(err) > 100 and err.count("\n") == 1, err
    rows = deep / "rows-with-a-long-file-name.jsonl"
    rows.write_text('{"id": "a2", "text": "oops"\n', encoding="utf-8")
    code, _, err = run("ingest", "--db", str(tmp_path / "other.duckdb"), str(rows))
    assert code == 2
    skipped = [line for line in err.splitlines() if line.startswith("newsevents: skipped")]
    assert skipped == [f"newsevents: skipped {rows}:1: malformed JSON (Expecting ',' delimiter at column 28)"]
