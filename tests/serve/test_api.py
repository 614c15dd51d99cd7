"""REST API: every endpoint, its filters and paging, and its errors, over a DuckDB store in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsevents.serve import create_app
from serve.conftest import FakeEngine
from serve.serve_sample import SEED_ID, SEED_PATH

TRIPOLI = f"{SEED_ID}-e01"


def assert_error(body: dict, status: int, field: str | None = None) -> None:
    assert body["ok"] is False
    assert body["status"] == status
    assert isinstance(body["error"], str) and body["error"]
    assert isinstance(body["errors"], list)
    if field is not None:
        assert field in [e["field"] for e in body["errors"]], body
        assert field in body["error"] or any(e["field"] == field for e in body["errors"])


# ---- GET /events ------------------------------------------------------------------


def test_events_lists_all_with_paging_fields(client: TestClient) -> None:
    r = client.get("/events")
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == 9
    assert body["limit"] == 100 and body["offset"] == 0
    assert len(body["events"]) == 9
    dates = [e["date"] for e in body["events"]]
    assert dates == sorted(dates)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("actor=ITA", {"e01", "e02", "e04", "e05"}),
        ("recipient=LBY", {"e01", "e02", "malta-e02"}),
        ("party=MLT", {"e07", "malta-e01"}),
        ("category=CONSULT", {"e01", "e03", "e06"}),
        ("quad=4", {"malta-e01"}),
        ("modality=planned", {"e06"}),
        ("date_from=2018-06-29", {"e06", "malta-e01", "malta-e02"}),
        ("date_from=2018-06-24&date_to=2018-06-24", {"e03"}),
        ("country=LBY", {"e01", "malta-e02"}),
        ("place=Brussels", {"e03", "e06"}),
        ("text=insults", {"e05"}),
        ("context=human_security", {"e04", "malta-e02"}),
        ("article_id=malta-protest-2018-07-02", {"malta-e01", "malta-e02"}),
        ("actor=ITA&recipient=LBY&category=CONSULT", {"e01"}),
        ("actor=ZZZ", set()),
    ],
)
def test_events_filters(client: TestClient, query: str, expected: set[str]) -> None:
    r = client.get(f"/events?{query}")
    assert r.status_code == 200, r.text
    body = r.json()
    short = {e["id"].replace(f"{SEED_ID}-", "").replace("malta-protest-2018-07-02-", "malta-") for e in body["events"]}
    assert short == expected
    assert body["total"] == len(expected)


def test_events_paging_and_sort(client: TestClient) -> None:
    first = client.get("/events?limit=4&offset=0&sort=id").json()
    second = client.get("/events?limit=4&offset=4&sort=id").json()
    third = client.get("/events?limit=4&offset=8&sort=id").json()
    assert first["total"] == second["total"] == third["total"] == 9
    ids = [e["id"] for page in (first, second, third) for e in page["events"]]
    assert len(ids) == 9 and len(set(ids)) == 9
    assert ids == sorted(ids)
    assert len(third["events"]) == 1
    desc = client.get("/events?sort=-date").json()["events"]
    assert desc[0]["date"] >= desc[-1]["date"]
    beyond = client.get("/events?offset=500").json()
    assert beyond["events"] == [] and beyond["total"] == 9


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("quad=5", "quad"),
        ("quad=x", "quad"),
        ("limit=0", "limit"),
        ("limit=1001", "limit"),
        ("offset=-1", "offset"),
        ("sort=name", "sort"),
        ("date_from=yesterday", "date_from"),
        ("date_to=2018-02-30", "date_to"),
        ("date_from=2018-07-01&date_to=2018-06-01", "date_from"),
    ],
)
def test_events_bad_query_names_the_field(client: TestClient, query: str, field: str) -> None:
    r = client.get(f"/events?{query}")
    assert r.status_code == 422
    assert_error(r.json(), 422, field)


# ---- GET /events/{id} and /articles/{id} --------------------------------------------


def test_event_detail_has_evidence_mentions_and_article(client: TestClient) -> None:
    r = client.get(f"/events/{TRIPOLI}")
    assert r.status_code == 200
    body = r.json()
    ev = body["event"]
    assert ev["event"] == "CONSULT" and ev["mode"] == "visit"
    assert [a["code"] for a in ev["actor"]] == ["ITA"]
    assert [a["code"] for a in ev["recipient"]] == ["LBY"]
    assert ev["event_loc"]["name"] == "Tripoli"
    assert ev["text_info"]["sentence"].startswith("Salvini met his Libyan counterpart")
    assert len(ev["mentions"]) == 3
    text = SEED_PATH.read_text(encoding="utf-8")
    ti = ev["text_info"]
    assert text[ti["trigger_start"] : ti["trigger_end"]] == "met"
    assert body["article"]["id"] == SEED_ID
    assert body["article"]["title"].startswith("Salvini in Libya")
    assert body["article"]["url"] == "https://example.org/news/salvini-libya"


def test_unknown_event_and_article_are_404(client: TestClient) -> None:
    r = client.get("/events/no-such-event")
    assert r.status_code == 404
    assert_error(r.json(), 404, "event_id")
    r = client.get("/articles/no-such-article")
    assert r.status_code == 404
    assert_error(r.json(), 404, "article_id")
    r = client.get("/no/such/route")
    assert r.status_code == 404
    assert_error(r.json(), 404)


def test_article_detail_has_text_and_all_events(client: TestClient) -> None:
    r = client.get(f"/articles/{SEED_ID}")
    assert r.status_code == 200
    body = r.json()
    assert body["article"]["text"] == SEED_PATH.read_text(encoding="utf-8")
    assert body["article"]["published"] == "2018-06-25"
    assert len(body["events"]) == 7
    assert {e["article_id"] for e in body["events"]} == {SEED_ID}


# ---- GET /actors and /stats ------------------------------------------------------------


def test_actors_counts_and_filters(client: TestClient) -> None:
    actors = {a["code"]: a for a in client.get("/actors").json()["actors"]}
    assert actors["ITA"]["as_actor"] == 4 and actors["ITA"]["as_recipient"] == 1
    assert actors["ITA"]["events"] == 5
    assert "Matteo Salvini" in actors["ITA"]["names"]
    assert actors["LBY"]["as_recipient"] == 3
    filtered = {a["code"] for a in client.get("/actors?category=COERCE").json()["actors"]}
    assert filtered == {"MLT"}
    r = client.get("/actors?quad=0")
    assert r.status_code == 422
    assert_error(r.json(), 422, "quad")


def test_stats_by_day_quad_category_pair(client: TestClient) -> None:
    st = client.get("/stats").json()
    assert st["total"] == 9
    assert st["articles"] == 2
    days = {(d["day"], d["quad"]): d["count"] for d in st["by_day"]}
    assert days[("2018-06-25", 3)] == 4
    assert days[("2018-06-24", 1)] == 1
    assert sum(days.values()) == 9
    cats = {c["category"]: c["count"] for c in st["by_category"]}
    assert cats == {"CONSULT": 3, "REJECT": 2, "REQUEST": 1, "ACCUSE": 1, "COERCE": 1, "AID": 1}
    quads = {q["quad"]: q["count"] for q in st["by_quad"]}
    assert quads == {1: 3, 2: 1, 3: 4, 4: 1}
    pairs = {(p["actor"], p["recipient"], p["quad"]): p["count"] for p in st["by_pair"]}
    assert pairs[("ITA", "LBY", 1)] == 1
    assert pairs[("ITA", "LBY", 3)] == 1
    only = client.get("/stats?actor=ITA&date_to=2018-06-25").json()
    assert only["total"] == 4
    assert {c["category"] for c in only["by_category"]} == {"CONSULT", "REQUEST", "REJECT", "ACCUSE"}


# ---- POST /articles ------------------------------------------------------------------------


def test_post_json_codes_stores_and_is_idempotent(client: TestClient) -> None:
    FakeEngine.calls = 0
    payload = {
        "text": "France's President Emmanuel Macron met Angela Merkel in Berlin. They talked about trade.",
        "title": "Macron in Berlin",
        "published": "2018-06-19",
        "url": "https://example.org/macron",
    }
    r = client.post("/articles", json=payload)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["created"] is True and body["duplicate"] is False
    assert len(body["events"]) == 1
    aid = body["article_id"]
    stored = client.get(f"/articles/{aid}").json()
    assert stored["article"]["title"] == "Macron in Berlin"
    assert stored["article"]["published"] == "2018-06-19"
    assert client.get("/events").json()["total"] == 10
    # The same text again (whitespace differs): nothing new, the stored events come back.
    again = client.post("/articles", json={**payload, "text": payload["text"].replace(" ", "  ")})
    assert again.status_code == 200
    assert again.json()["duplicate"] is True and again.json()["created"] is False
    assert again.json()["article_id"] == aid
    assert [e["id"] for e in again.json()["events"]] == [e["id"] for e in body["events"]]
    assert client.get("/events").json()["total"] == 10
    assert FakeEngine.calls == 1


def test_post_existing_seed_text_returns_stored_events(client: TestClient) -> None:
    text = SEED_PATH.read_text(encoding="utf-8")
    r = client.post("/articles", content=text.encode(), headers={"content-type": "text/plain"})
    assert r.status_code == 200
    body = r.json()
    assert body["duplicate"] is True and body["article_id"] == SEED_ID
    assert len(body["events"]) == 7


def test_post_plain_text_and_html(client: TestClient) -> None:
    r = client.post(
        "/articles?title=Raw&published=2018-07-01&id=raw-1",
        content=b"Ministers met in Rome on Sunday.",
        headers={"content-type": "text/plain; charset=utf-8"},
    )
    assert r.status_code == 201, r.text
    assert r.json()["article_id"] == "raw-1"
    art = client.get("/articles/raw-1").json()["article"]
    assert art["title"] == "Raw" and art["published"] == "2018-07-01" and art["source"] == "api"
    html = (
        "<html><head><title>Talks in Rome</title><script>var x = 1;</script></head>"
        "<body><p>Ministers from Italy and Libya met in Rome on Sunday to discuss migration.</p>"
        "</body></html>"
    )
    r = client.post("/articles?id=html-1", content=html.encode(), headers={"content-type": "text/html"})
    assert r.status_code == 201, r.text
    art = client.get("/articles/html-1").json()["article"]
    assert "Ministers from Italy and Libya met in Rome" in art["text"]
    assert "var x" not in art["text"] and "<p>" not in art["text"]
    assert art["title"] == "Talks in Rome"


@pytest.mark.parametrize(
    ("kwargs", "status", "field"),
    [
        ({"json": {"text": ""}}, 422, "text"),
        ({"json": {"title": "no text"}}, 422, "text"),
        ({"json": {"text": 5}}, 422, "text"),
        ({"json": {"text": "ok", "published": "2018-13-01"}}, 422, "published"),
        ({"json": {"text": "ok", "id": "bad id with spaces"}}, 422, "id"),
        ({"json": {"text": "ok", "colour": "blue"}}, 422, "colour"),
        ({"json": ["text"]}, 422, "body"),
        ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 422, "body"),
        ({"content": b"", "headers": {"content-type": "application/json"}}, 422, "text"),
        ({"content": b"   ", "headers": {"content-type": "text/plain"}}, 422, "text"),
        ({"content": b"\xff\xfe\x00", "headers": {"content-type": "text/plain"}}, 422, "body"),
        ({"content": b"a,b", "headers": {"content-type": "text/csv"}}, 415, "content-type"),
        ({"content": b"text", "params": {"published": "soon"}, "headers": {"content-type": "text/plain"}},
         422, "published"),
    ],
)  # fmt: skip
def test_post_bad_input_is_4xx_naming_the_field(client: TestClient, kwargs: dict, status: int, field: str) -> None:
    r = client.post("/articles", **kwargs)
    assert r.status_code == status, r.text
    assert_error(r.json(), status, field)


def test_post_too_large_is_413(client: TestClient) -> None:
    big = b"word " * (450 * 1024)  # 2.25 MB
    r = client.post("/articles", content=big, headers={"content-type": "text/plain"})
    assert r.status_code == 413
    body = r.json()
    assert_error(body, 413, "body")
    assert "limit" in body["error"] and "2097152" in body["error"]


def test_chunked_body_over_the_limit_is_413(db: Path) -> None:
    app = create_app(str(db), engine_factory=FakeEngine, max_body_bytes=1000)

    def chunks():  # no Content-Length: the limit applies while reading
        for _ in range(20):
            yield b"x" * 100

    with TestClient(app) as c:
        r = c.post("/articles", content=chunks(), headers={"content-type": "text/plain"})
    assert r.status_code == 413
    assert_error(r.json(), 413, "body")


def test_engine_errors_become_4xx(db: Path) -> None:
    from newsevents.errors import InputError

    class Broken:
        def extract_article(self, article):  # type: ignore[no-untyped-def]
            raise InputError("text", "no sentences found")

    with TestClient(create_app(str(db), engine_factory=Broken)) as c:
        r = c.post("/articles", json={"text": "..."})
    assert r.status_code == 422
    assert_error(r.json(), 422, "text")


def test_engine_is_loaded_lazily_and_once(db: Path) -> None:
    made: list[int] = []

    def factory() -> FakeEngine:
        made.append(1)
        return FakeEngine()

    with TestClient(create_app(str(db), engine_factory=factory)) as c:
        assert c.get("/events").status_code == 200
        assert c.get("/stats").status_code == 200
        assert made == []
        assert c.post("/articles", json={"text": "Leaders met in Paris."}).status_code == 201
        assert c.post("/articles", json={"text": "Ministers met in Oslo."}).status_code == 201
    assert made == [1]


def test_store_url_errors_are_not_500(tmp_path: Path) -> None:
    app = create_app(str(tmp_path / "missing-dir" / "x.duckdb"), engine_factory=FakeEngine)
    with TestClient(app) as c:
        r = c.get("/events")
    assert r.status_code == 503
    assert_error(r.json(), 503)


# ---- schema, static files, methods ----------------------------------------------------------


def test_openapi_has_typed_responses(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    for path in ("/articles", "/events", "/events/{event_id}", "/articles/{article_id}", "/actors", "/stats"):
        assert path in paths, path
    ok = paths["/events"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("/EventPage")
    params = {p["name"] for p in paths["/events"]["get"]["parameters"]}
    assert {"actor", "recipient", "party", "category", "quad", "context", "modality", "date_from", "date_to",
            "country", "place", "text", "article_id", "limit", "offset", "sort"} <= params  # fmt: skip
    body = paths["/articles"]["post"]["requestBody"]["content"]
    assert {"application/json", "text/plain", "text/html"} <= set(body)
    assert "ErrorResponse" in schema["components"]["schemas"]
    assert "Event" in schema["components"]["schemas"]


def test_explorer_is_served(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert "text/html" in r.headers["content-type"]
    assert "newsevents" in r.text
    assert "/static/assets/" in r.text
    assert "http://" not in r.text and "https://" not in r.text
    asset = r.text.split('src="', 1)[1].split('"', 1)[0]
    js = client.get(asset)
    assert js.status_code == 200
    assert "javascript" in js.headers["content-type"]
    assert client.get("/static/nope.js").status_code == 404


def test_wrong_method_is_405_in_error_shape(client: TestClient) -> None:
    r = client.delete("/events")
    assert r.status_code == 405
    assert_error(r.json(), 405)


def test_health(client: TestClient) -> None:
    assert client.get("/health").json()["ok"] is True


def test_default_store_is_newsevents_duckdb_in_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with TestClient(create_app(engine_factory=FakeEngine)) as c:
        assert c.get("/events").json()["total"] == 0
    assert (tmp_path / "newsevents.duckdb").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("newsevents.duckdb")) == []
