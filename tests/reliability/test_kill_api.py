"""SIGKILL the API server while clients post articles and read events: every article the server
acknowledged is stored, every stored article is complete (no event, participant or mention
missing, no orphan), and after a restart posting everything again stores each missing article
once and answers the others as duplicates (DuckDB and PostgreSQL)."""

from __future__ import annotations

import http.client
import json
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from newsevents.store import EventFilter, open_store
from reliability.loadgen import child_env, free_port, wait_ready
from store.factory import make_article
from store.kill_child import events_of
from store.test_kill import check_complete

CHILD = Path(__file__).with_name("api_child.py")
COUNT = 150
POSTERS = 4  # the API codes at most 4 articles at once; more would be refused with 503 and retried
READERS = 3


def start(url: str) -> tuple[subprocess.Popen[str], int]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, str(CHILD), url, str(port)], env=child_env(), text=True)
    wait_ready(port, proc)
    return proc, port


def post(port: int, i: int) -> tuple[int, dict[str, object]]:
    """POST factory article i; (status, JSON answer). OSError or HTTPException when the server is gone."""
    article = make_article(i, events=events_of(i))[0]
    body = json.dumps({"id": article.id, "text": article.text, "published": str(article.published)})
    con = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        con.request("POST", "/articles", body=body, headers={"content-type": "application/json"})
        r = con.getresponse()
        return r.status, json.loads(r.read())
    finally:
        con.close()


def read(port: int) -> int:
    con = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        con.request("GET", "/events?limit=50&sort=-date")
        r = con.getresponse()
        r.read()
        return r.status
    finally:
        con.close()


@pytest.mark.parametrize("backend", ["duckdb", "postgresql"])
def test_sigkill_during_posts_under_load(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    url = str(tmp_path / "api.duckdb") if backend == "duckdb" else str(request.getfixturevalue("pg_fresh_url"))
    open_store(url).close()
    server, port = start(url)
    acknowledged: list[int] = []
    tried: set[int] = set()
    bad: list[tuple[int, object]] = []
    todo = iter(range(COUNT))
    lock = threading.Lock()
    stop = threading.Event()

    def poster() -> None:
        while not stop.is_set():
            with lock:
                i = next(todo, None)
                if i is None:
                    return
                tried.add(i)
            while True:
                try:
                    status, answer = post(port, i)
                except (OSError, http.client.HTTPException):
                    return  # the server is gone, perhaps in the middle of its answer
                if status != 503:
                    break
                time.sleep(0.05)
            if status == 201:
                with lock:
                    acknowledged.append(i)
            else:
                bad.append((status, answer))

    def reader() -> None:
        while not stop.is_set():
            try:
                status = read(port)
            except (OSError, http.client.HTTPException):
                return
            if status != 200:
                bad.append((status, "GET /events"))

    threads = [threading.Thread(target=poster) for _ in range(POSTERS)]
    threads += [threading.Thread(target=reader) for _ in range(READERS)]
    for t in threads:
        t.start()
    target = random.randint(20, 60)
    deadline = time.monotonic() + 120
    while len(acknowledged) < target and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(random.uniform(0.0, 0.05))  # land inside a later article's write
    server.send_signal(signal.SIGKILL)
    server.wait(timeout=30)
    stop.set()
    for t in threads:
        t.join(timeout=120)
    assert server.returncode == -signal.SIGKILL
    assert bad == []
    assert len(acknowledged) >= target

    stored = check_complete(url)
    assert {f"art-{i:05d}" for i in acknowledged} <= stored <= {f"art-{i:05d}" for i in tried}
    assert len(stored) < COUNT

    server, port = start(url)
    try:
        answers: dict[int, tuple[int, dict[str, object]]] = {}

        def repost(indices: list[int]) -> None:
            for i in indices:
                while True:
                    status, answer = post(port, i)
                    if status != 503:
                        break
                    time.sleep(0.05)
                answers[i] = (status, answer)

        workers = [threading.Thread(target=repost, args=(list(range(k, COUNT, POSTERS)),)) for k in range(POSTERS)]
        for t in workers:
            t.start()
        for t in workers:
            t.join(timeout=300)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert len(answers) == COUNT
    for i, (status, answer) in answers.items():
        again = f"art-{i:05d}" in stored
        assert status == (200 if again else 201), (i, status, answer)
        assert answer["duplicate"] is again and answer["article_id"] == f"art-{i:05d}"
    assert check_complete(url) == {f"art-{i:05d}" for i in range(COUNT)}
    with open_store(url) as store:
        assert store.count_articles() == COUNT
        assert store.count_events(EventFilter()) == sum(events_of(i) for i in range(COUNT))
