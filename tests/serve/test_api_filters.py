"""The API's filters speak the CLI's vocabulary: the same names (`from`/`to`, with `date_from`/`date_to`
as aliases), dates as YYYY, YYYY-MM or YYYY-MM-DD, unknown values of closed sets refused with the
valid ones listed, and `limit` honoured on every list endpoint."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from newsevents.ontology import default_ontology
from newsevents.store.base import SORT_KEYS
from serve.test_api import assert_error

ONTOLOGY = default_ontology()


def _ids(client: TestClient, query: str) -> set[str]:
    r = client.get(f"/events?{query}")
    assert r.status_code == 200, r.text
    return {e["id"].rsplit("-", 1)[1] + ("m" if e["id"].startswith("malta") else "") for e in r.json()["events"]}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("from=2018-06&to=2018-06", {"e01", "e02", "e03", "e04", "e05", "e06", "e07"}),
        ("to=2018-06", {"e01", "e02", "e03", "e04", "e05", "e06", "e07"}),  # a month ends on its last day
        ("from=2018-07", {"e01m", "e02m"}),
        ("from=2018&to=2018", {"e01", "e02", "e03", "e04", "e05", "e06", "e07", "e01m", "e02m"}),
        ("from=2018-06-29", {"e06", "e01m", "e02m"}),
        ("to=2018-06-24", {"e03"}),
    ],
)
def test_dates_of_year_month_or_day(client: TestClient, query: str, expected: set[str]) -> None:
    assert _ids(client, query) == expected


def test_date_from_and_date_to_are_aliases(client: TestClient) -> None:
    assert _ids(client, "date_from=2018-06-29") == _ids(client, "from=2018-06-29")
    assert _ids(client, "date_from=2018-06&date_to=2018-06") == _ids(client, "from=2018-06&to=2018-06")
    r = client.get("/events?from=2018-06&date_from=2018-06")
    assert r.status_code == 422
    assert_error(r.json(), 422, "date_from")


@pytest.mark.parametrize(
    ("query", "field"),
    [("from=June", "from"), ("to=2018-13", "to"), ("date_to=18-06-01", "date_to"), ("from=2018-07&to=2018-06", "from")],
)
def test_bad_dates_name_the_parameter_as_given(client: TestClient, query: str, field: str) -> None:
    r = client.get(f"/events?{query}")
    assert r.status_code == 422
    body = r.json()
    assert_error(body, 422, field)
    assert body["error"] == f"invalid input: {field}"


def _valid_values(name: str) -> list[str]:
    return {
        "category": sorted(ONTOLOGY.categories),
        "quad": [str(q) for q in ONTOLOGY.quads],
        "context": list(ONTOLOGY.contexts),
        "modality": list(ONTOLOGY.modalities),
        "sort": list(SORT_KEYS),
    }[name]


@pytest.mark.parametrize("path", ["/events", "/actors", "/stats"])
@pytest.mark.parametrize(
    ("name", "value"),
    [("category", "VISIT"), ("quad", "5"), ("quad", "x"), ("context", "humanitarian"), ("modality", "likely")],
)
def test_unknown_values_list_the_valid_ones(client: TestClient, path: str, name: str, value: str) -> None:
    r = client.get(f"{path}?{name}={value}")
    assert r.status_code == 422
    body = r.json()
    assert_error(body, 422, name)
    message = next(e["message"] for e in body["errors"] if e["field"] == name)
    assert repr(value) in message
    assert message.endswith(f"(choose one of {', '.join(_valid_values(name))})")


def test_unknown_sort_key_lists_the_valid_ones(client: TestClient) -> None:
    r = client.get("/events?sort=size")
    assert r.status_code == 422
    message = r.json()["errors"][0]["message"]
    assert message == f"unknown sort key 'size' (choose one of {', '.join(SORT_KEYS)})"


def test_names_fold_case_as_on_the_command_line(client: TestClient) -> None:
    assert _ids(client, "category=consult") == _ids(client, "category=CONSULT") == {"e01", "e03", "e06"}
    assert _ids(client, "modality=Planned") == {"e06"}


def test_actors_honour_limit_and_offset(client: TestClient) -> None:
    every = client.get("/actors").json()
    assert every["limit"] is None and every["offset"] == 0
    codes = [a["code"] for a in every["actors"]]
    assert every["total"] == len(codes) > 3
    page = client.get("/actors?limit=3").json()
    assert [a["code"] for a in page["actors"]] == codes[:3]
    assert page["total"] == len(codes) and page["limit"] == 3
    second = client.get("/actors?limit=2&offset=2").json()
    assert [a["code"] for a in second["actors"]] == codes[2:4]
    for query in ("limit=0", "limit=1001", "offset=-1"):
        r = client.get(f"/actors?{query}")
        assert r.status_code == 422, query
        assert_error(r.json(), 422, query.split("=")[0])


def test_events_honour_limit(client: TestClient) -> None:
    body = client.get("/events?limit=3").json()
    assert len(body["events"]) == 3 and body["total"] == 9 and body["limit"] == 3


def test_schema_lists_the_vocabulary(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/events", "/actors", "/stats"):
        params = {p["name"]: p["schema"] for p in paths[path]["get"]["parameters"]}
        for name in ("category", "quad", "context", "modality"):
            assert params[name]["enum"] == _valid_values(name), (path, name)
        for name in ("from", "to", "date_from", "date_to"):
            assert params[name]["pattern"] == r"^\d{4}(-\d{2}(-\d{2})?)?$", (path, name)
        assert {"limit", "offset"} <= set(params) or path == "/stats"
    assert {p["name"]: p["schema"] for p in paths["/events"]["get"]["parameters"]}["sort"]["enum"] == list(SORT_KEYS)
