"""The read endpoints' fast path and cache: pages written from the stored JSON are byte for byte
what pydantic writes (also for records an older model wrote), answers are reused only while
the store is unchanged (writes through the API, through another store object on the same
file, a recode), concurrent requests for one answer compute it once, and errors are never
kept."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsevents.record import Article, Event, TextInfo
from newsevents.serve import create_app
from newsevents.serve.app import event_page_json
from newsevents.serve.cache import AnswerCache, request_key
from newsevents.serve.models import EventPage
from newsevents.store import EventFilter, open_store
from newsevents.store._sql import RecordJSON
from newsevents.store.duckdb import DuckDBStore
from serve.conftest import FakeEngine


def _event(article_id: str, n: int, category: str = "CONSULT") -> Event:
    sentence = f"Sentence number {n} of {article_id}."
    return Event(
        id=f"{article_id}-{n}",
        article_id=article_id,
        event=category,
        date="2021-03-0" + str(1 + n % 9),
        confidence=0.5 + n / 100,
        text_info=TextInfo(sentence=sentence, start=0, end=len(sentence)),
    )


def _article(article_id: str, n_events: int = 3) -> tuple[Article, list[Event]]:
    text = " ".join(f"Sentence number {n} of {article_id}." for n in range(n_events))
    art = Article(id=article_id, text=text, published=dt.date(2021, 3, 1))
    return art, [_event(article_id, n) for n in range(n_events)]


def test_page_json_is_what_pydantic_writes(client: TestClient, db: Path) -> None:
    for path, flt, sort in [
        ("/events?limit=7&offset=2", EventFilter(), "date"),
        ("/events?party=ITA&sort=-confidence", EventFilter(party="ITA"), "-confidence"),
        ("/events?text=no-such-words", EventFilter(text="no-such-words"), "date"),
    ]:
        got = client.get(path)
        assert got.status_code == 200 and got.headers["content-type"] == "application/json"
        page = got.json()
        with open_store(db, read_only=True) as st:
            events = st.query_events(flt, limit=page["limit"], offset=page["offset"], sort=sort)  # type: ignore[arg-type]
            total = st.count_events(flt)
        expected = EventPage(total=total, limit=page["limit"], offset=page["offset"], events=events)
        assert got.content == expected.model_dump_json().encode()


def test_records_of_an_older_model_are_written_as_the_model_reads_them(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    art, events = _article("old", 2)
    with open_store(db) as st:
        st.add_article(art, events)
        # as an older version might have written it: a field since dropped, one not yet there
        record = json.loads(events[0].model_dump_json())
        record["retired_field"] = 1
        del record["decisions"]
        st._run("UPDATE events SET record = ? WHERE id = ?", [json.dumps(record), events[0].id])  # type: ignore[attr-defined]
        st._run("UPDATE events SET record = ? WHERE id = ?", [events[1].model_dump_json(), events[1].id])  # type: ignore[attr-defined]
        fresh = RecordJSON()
        stored = st._page_records(EventFilter(), 10, 0, "date")  # type: ignore[attr-defined]
        assert [fresh(r) for r in stored] == [ev.model_dump_json() for ev in events]
        assert fresh(stored[1]) is stored[1]  # a record as the model writes it is passed on as it is
        assert st.query_events_json(EventFilter(), limit=10) == [ev.model_dump_json() for ev in events]
        page = event_page_json(2, 10, 0, st.query_events_json(EventFilter(), limit=10))
        expected = EventPage(total=2, limit=10, offset=0, events=st.query_events(EventFilter()))
        assert page == expected.model_dump_json().encode()


def test_record_json_forgets_beyond_its_bound() -> None:
    memo = RecordJSON(max_chars=3000)
    records = [_event("a", n).model_dump_json() for n in range(10)]
    assert [memo(r) for r in records] == records
    assert memo._chars <= 3000


def test_answers_are_reused_until_the_api_writes(db: Path) -> None:
    app = create_app(str(db), engine_factory=FakeEngine)
    cache: AnswerCache = app.state.newsevents.answers
    with TestClient(app) as client:
        first = client.get("/events?limit=5").json()
        stats = client.get("/stats").json()
        hits = cache.hits
        assert client.get("/events?limit=5").json() == first
        assert client.get("/stats").json() == stats
        assert cache.hits == hits + 2
        posted = client.post("/articles", json={"text": "Germany hosted talks with Poland on trade."})
        assert posted.status_code == 201
        after = client.get("/events?limit=5").json()
        assert after["total"] == first["total"] + 1
        # the total every page of a filter shares is counted again too
        assert client.get("/events?limit=2&offset=3").json()["total"] == first["total"] + 1
        assert client.get("/stats").json()["total"] == stats["total"] + 1
        assert client.get("/events?text=Poland").json()["total"] == 1


def test_a_write_by_another_store_object_is_seen(db: Path) -> None:
    """What another process (`newsevents ingest`) does to the file: a commit and a checkpoint on close."""
    app = create_app(str(db), engine_factory=FakeEngine)
    with TestClient(app) as client:
        before = client.get("/events?limit=3").json()["total"]
        assert client.get("/events?limit=3&offset=3").json()["total"] == before
        actors = client.get("/actors").json()["total"]
        art, events = _article("another-writer", 4)
        events[0].actor = []
        other = DuckDBStore(db)
        try:
            assert other.add_article(art, events)
        finally:
            other.close()
        assert client.get("/events?limit=3").json()["total"] == before + 4
        assert client.get("/events?limit=3&offset=6").json()["total"] == before + 4
        assert client.get("/events?article_id=another-writer").json()["total"] == 4
        assert client.get("/actors").json()["total"] == actors
        # a recode swaps events for others: the answer changes with it
        other = DuckDBStore(db)
        try:
            other.replace_events("another-writer", [_event("another-writer", 9, "REJECT")])
        finally:
            other.close()
        page = client.get("/events?article_id=another-writer").json()
        assert page["total"] == 1 and page["events"][0]["event"] == "REJECT"


def test_change_marker_moves_with_every_write(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    with open_store(db) as st:
        markers = [st.change_marker()]
        for k in range(3):
            st.add_article(*_article(f"m{k}", 1))
            markers.append(st.change_marker())
        assert None not in markers and len(set(markers)) == len(markers)
        reader = open_store(db)
        try:
            seen = reader.change_marker()
            st.add_article(*_article("m-last", 1))
            assert reader.change_marker() != seen
        finally:
            reader.close()
    with open_store(":memory:") as mem:
        before = mem.change_marker()
        mem.add_article(*_article("mem", 1))
        assert mem.change_marker() != before


def test_concurrent_requests_for_one_answer_compute_it_once() -> None:
    cache = AnswerCache()
    calls: list[int] = []
    gate = threading.Event()

    def compute() -> tuple[Any, bytes]:
        calls.append(1)
        gate.wait(5)
        return "m1", b"answer"

    async def main() -> list[bytes]:
        asyncio.get_running_loop().call_later(0.2, gate.set)
        return list(await asyncio.gather(*(cache.answer(("k",), "m1", compute) for _ in range(50))))

    assert asyncio.run(main()) == [b"answer"] * 50
    assert len(calls) == 1
    assert cache.lookup(("k",), "m1") == b"answer"
    assert cache.lookup(("k",), "m2") is None  # another marker: the store changed


def test_errors_reach_every_waiter_and_are_not_kept() -> None:
    cache = AnswerCache()
    calls: list[int] = []

    def fail() -> tuple[Any, bytes]:
        calls.append(1)
        time.sleep(0.1)
        raise RuntimeError("store down")

    async def main() -> list[Any]:
        return list(await asyncio.gather(*(cache.answer(("k",), "m", fail) for _ in range(5)), return_exceptions=True))

    results = asyncio.run(main())
    assert all(isinstance(r, RuntimeError) for r in results) and len(calls) == 1
    assert cache.lookup(("k",), "m") is None
    asyncio.run(main())
    assert len(calls) == 2


def test_without_a_marker_nothing_is_kept() -> None:
    cache = AnswerCache()
    calls: list[int] = []

    def compute() -> tuple[Any, bytes]:
        calls.append(1)
        return None, b"x"

    for _ in range(3):
        assert asyncio.run(cache.answer(("k",), None, compute)) == b"x"
    assert len(calls) == 3


def test_the_cache_keeps_within_its_bounds() -> None:
    cache = AnswerCache(max_bytes=1000, max_age=60)
    for k in range(20):
        cache.keep(request_key("events", {"party": "ITA", "text": None}, k), "m", b"x" * 100)
    assert cache._bytes <= 1000
    assert cache.lookup(request_key("events", {"party": "ITA"}, 19), "m") == b"x" * 100
    assert cache.lookup(request_key("events", {"party": "ITA"}, 0), "m") is None
    cache.keep(("big",), "m", b"x" * 600)  # over a quarter of the bound: not kept
    assert cache.lookup(("big",), "m") is None
    old = AnswerCache(max_age=0.0)
    old.keep(("k",), "m", b"x")
    time.sleep(0.01)
    assert old.lookup(("k",), "m") is None


@pytest.mark.parametrize("path", ["/events", "/stats", "/actors?limit=3"])
def test_cached_answers_keep_their_errors_and_shape(client: TestClient, path: str) -> None:
    first = client.get(path)
    again = client.get(path)
    assert first.status_code == again.status_code == 200
    assert first.content == again.content
    assert client.get(path + ("&" if "?" in path else "?") + "quad=9").status_code == 422


def test_postgresql_pages_are_written_as_pydantic_writes_them_and_never_kept(pg_fresh_url: str) -> None:
    with open_store(pg_fresh_url) as st:
        for k in range(3):
            st.add_article(*_article(f"pg{k}", 3))
        assert st.change_marker() is None  # other programs write without a trace: nothing is cached
        for flt in (EventFilter(), EventFilter(category="CONSULT", text="number 1")):
            events = st.query_events(flt, limit=4, offset=1, sort="-confidence")
            assert st.query_events_json(flt, limit=4, offset=1, sort="-confidence") == [
                ev.model_dump_json() for ev in events
            ]
