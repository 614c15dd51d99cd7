"""Hostile requests: never a 5xx on bad input, cross-site writes refused, unknown Host names
refused, coding bounded (503 with Retry-After when full), slow bodies and slow headers cut off,
NUL in filters a 4xx on DuckDB and PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient

from newsevents.record import Article, Event
from newsevents.serve import create_app
from newsevents.serve.app import error_body
from newsevents.serve.limits import BodySizeLimit
from newsevents.serve.server import protocol_with
from newsevents.store import EventFilter, open_store
from serve.conftest import FakeEngine, fill

TEXT = "Italy closed its ports to NGO ships. Malta said no."


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    db = tmp_path / "api.duckdb"
    fill(db)
    app = create_app(str(db), engine_factory=FakeEngine, allowed_hosts=["127.0.0.1", "localhost", "testserver"])
    with TestClient(app) as c:
        yield c


def stored(client: TestClient) -> int:
    return int(client.get("/stats").json()["articles"])


@pytest.mark.parametrize(
    ("body", "ctype"),
    [
        ("[" * 100_000 + "]" * 100_000, "application/json"),
        ('{"text": ' + "[" * 50_000 + "]" * 50_000 + "}", "application/json"),
        (json.dumps({"text": TEXT, "published": "9999-12-31"}), "application/json"),
        (json.dumps({"text": TEXT, "published": "0001-01-01"}), "application/json"),
        (json.dumps({"text": TEXT, "published": "2018-06-25garbage"}), "application/json"),
        (json.dumps({"text": TEXT, "id": {"nested": 1}}), "application/json"),
        (json.dumps({"text": "\x00\x01"}), "application/json"),
        ("\x00", "text/plain"),
        ("\udcff\udcfe", "text/plain"),  # bytes that are not UTF-8
        ("", "application/x-www-form-urlencoded"),
        ("text=" + TEXT, "application/x-www-form-urlencoded"),
    ],
)
def test_bad_bodies_are_4xx(client: TestClient, body: str, ctype: str) -> None:
    r = client.post("/articles", content=body.encode("utf-8", "surrogatepass"), headers={"content-type": ctype})
    assert 400 <= r.status_code < 500, (r.status_code, r.text)
    assert r.json()["ok"] is False


def test_lone_surrogates_and_control_characters_are_cleaned(client: TestClient) -> None:
    body = '{"text": "Italy \\ud800 closed its ports.\\u0000 Malta said no.", "id": "s1"}'
    r = client.post("/articles", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 201, r.text
    article = client.get("/articles/s1").json()["article"]
    assert article["text"] == "Italy \ufffd closed its ports.  Malta said no."


@pytest.mark.parametrize(
    "query",
    ["/events?published=9999-12-31", "/events?date_from=0001-01-01&date_to=9999-12-31", "/events?text=%00",
     "/events?actor=%00", "/events?place=%ED%A0%80", "/events/%00", "/articles/%00", "/actors?actor=%00",
     "/stats?text=%00", "/articles?published=9999-12-31"],
)
def test_bad_queries_are_never_5xx(client: TestClient, query: str) -> None:
    r = client.get(query)
    assert r.status_code < 500, (query, r.status_code, r.text)


def test_nul_in_filters_is_4xx_on_postgresql(pg_fresh_url: str) -> None:
    with open_store(pg_fresh_url) as store:
        from serve.serve_sample import all_articles

        for article, events in all_articles():
            store.add_article(article, events)
    with TestClient(create_app(pg_fresh_url, engine_factory=FakeEngine)) as c:
        for query in ("/events?text=%00", "/events?actor=IT%00A", "/actors?place=%00", "/events/%00", "/articles/a%00"):
            r = c.get(query)
            assert 400 <= r.status_code < 500, (query, r.status_code, r.text)
        body = '{"text": "Italy closed its ports.\\u0000 Malta said no.", "title": "t\\u0000"}'
        r = c.post("/articles", content=body, headers={"content-type": "application/json"})
        assert r.status_code == 201, r.text


def test_cross_site_writes_are_refused(client: TestClient) -> None:
    before = stored(client)
    evil = {"origin": "http://evil.example"}
    for headers in (
        {**evil, "content-type": "text/plain"},
        {**evil, "content-type": "application/json"},
        {"origin": "http://testserver", "content-type": "text/plain"},  # a browser form post to ourselves
        {"sec-fetch-site": "cross-site", "content-type": "text/plain"},
        {"origin": "null", "content-type": "application/json"},
        {"origin": "http://testserver:8080", "content-type": "application/json"},
    ):
        body = TEXT if headers["content-type"] == "text/plain" else json.dumps({"text": TEXT})
        r = client.post("/articles", content=body, headers=headers)
        assert r.status_code == 403, (headers, r.text)
    assert stored(client) == before
    same = client.post(
        "/articles", json={"text": TEXT}, headers={"origin": "http://testserver", "sec-fetch-site": "same-origin"}
    )
    assert same.status_code == 201, same.text
    plain = client.post("/articles", content="Spain offered a port.", headers={"content-type": "text/plain"})
    assert plain.status_code == 201, plain.text  # clients that are not browsers may post text
    assert client.get("/events", headers={"origin": "http://evil.example"}).status_code == 200


def test_unknown_hosts_are_refused(client: TestClient) -> None:
    assert client.get("/health", headers={"host": "evil.example"}).status_code == 400
    assert client.get("/health", headers={"host": "localhost:8000"}).status_code == 200
    assert client.get("/health", headers={"host": "127.0.0.1"}).status_code == 200


class BlockingEngine:
    """Holds every article until released, to fill the coding slots."""

    started = threading.Semaphore(0)
    release = threading.Event()

    def extract_article(self, article: Article) -> list[Event]:
        BlockingEngine.started.release()
        BlockingEngine.release.wait(30)
        return []


def test_coding_is_bounded_503_with_retry_after(tmp_path: Path) -> None:
    app = create_app(str(tmp_path / "busy.duckdb"), engine_factory=BlockingEngine, max_coding=2)
    BlockingEngine.release.clear()
    results: list[int] = []
    with TestClient(app) as c:

        def post(i: int) -> None:
            results.append(c.post("/articles", json={"text": f"Article number {i} about Italy."}).status_code)

        threads = [threading.Thread(target=post, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        assert BlockingEngine.started.acquire(timeout=30)  # one is coding, the other waits for the engine
        slots = app.state.newsevents.coding_slots
        deadline = time.monotonic() + 30
        # until the second request holds the other slot (peeking: taking a slot here could refuse it)
        while slots._value > 0:  # type: ignore[attr-defined]
            assert time.monotonic() < deadline, "the second request was never admitted"
            time.sleep(0.01)
        r = c.post("/articles", json={"text": "One more article about Malta."})
        assert r.status_code == 503, r.text
        assert r.headers["retry-after"].isdigit()
        BlockingEngine.release.set()
        for t in threads:
            t.join(30)
        assert sorted(results) == [201, 201]
        assert c.post("/articles", json={"text": "After the rush, Spain offered a port."}).status_code == 201


def test_slow_body_gets_408() -> None:
    sent: list[dict[str, Any]] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError("the app must not be reached")

    async def receive() -> dict[str, Any]:
        await asyncio.sleep(10)
        return {"type": "http.request", "body": b"x", "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    guard = BodySizeLimit(app, max_bytes=1000, error_body=error_body, body_timeout=0.2)
    scope = {"type": "http", "method": "POST", "headers": []}
    asyncio.run(guard(scope, receive, send))
    assert sent[0]["status"] == 408


def test_slow_headers_lose_the_connection(tmp_path: Path) -> None:
    db = tmp_path / "slow.duckdb"
    fill(db)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(
        create_app(str(db), engine_factory=FakeEngine), host="127.0.0.1", port=port, http=protocol_with(0.5),
        log_level="warning",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
            conn.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and never the blank line
            assert conn.recv(1024) == b"", "the server closes the connection"
        with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
            conn.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            assert conn.recv(1024).startswith(b"HTTP/1.1 200")
    finally:
        server.should_exit = True
        thread.join(30)
    with open_store(str(db)) as store:
        assert store.count_events(EventFilter()) > 0
