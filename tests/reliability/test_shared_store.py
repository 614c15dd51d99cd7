"""`ingest` while `serve` runs: on the default DuckDB store the server holds the file only while it
answers, so an ingest started after the server has answered works, GET requests during the
ingest are answered (never 503), and the new events are in the API afterwards; `query` runs
beside the server too. The same on PostgreSQL, the backend meant for several users."""

from __future__ import annotations

import json
import subprocess
import threading
from collections import Counter
from pathlib import Path

import pytest

from reliability.loadgen import SERVE, Answer, child_env, crowd, serve_command, served
from serve.conftest import fill

CLI = SERVE[:-1]
NEWS = [
    ("news-1", "Russia threatened to cut gas supplies to Ukraine next week."),
    ("news-2", "Police arrested 40 protesters in Lagos after a march against fuel prices."),
    ("news-3", "The United Nations sent food aid to Sudan, officials said."),
    ("news-4", "Italy's Interior Minister Matteo Salvini met his Libyan counterpart in Tripoli on Monday."),
]
READS = ["/events?limit=20", "/stats", "/actors?limit=5", "/events?party=ITA"]


def get(port: int, path: str) -> Answer:
    return crowd(port, [path])[0]


def run(cli: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*cli, *args], capture_output=True, text=True, env=child_env(), timeout=300)


@pytest.mark.parametrize("backend", ["duckdb", "postgresql"])
def test_ingest_while_serve_runs(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    if backend == "duckdb":
        db = str(tmp_path / "shared.duckdb")
        fill(Path(db))
    else:
        db = str(request.getfixturevalue("pg_fresh_url"))
        from newsevents.store import open_store
        from serve.serve_sample import all_articles

        with open_store(db) as store:
            for article, events in all_articles():
                store.add_article(article, events)
    news = tmp_path / "news.jsonl"
    news.write_text("".join(json.dumps({"id": i, "text": t, "published": "2022-01-10"}) + "\n" for i, t in NEWS))

    with served(serve_command(db)) as (port, _):
        before = get(port, "/stats").json()  # the server has answered: it used to keep the file from then on
        answers: list[Answer] = []
        done = threading.Event()

        def read() -> None:
            while not done.is_set():
                answers.extend(crowd(port, READS))

        readers = [threading.Thread(target=read) for _ in range(2)]
        for t in readers:
            t.start()
        try:
            ingest = run(CLI, "ingest", str(news), "--db", db)
            query = run(CLI, "query", "--db", db, "--limit", "5")
        finally:
            done.set()
            for t in readers:
                t.join()
        assert ingest.returncode == 0, ingest.stderr
        assert f"{len(NEWS)} new articles" in ingest.stderr
        assert query.returncode == 0, query.stderr
        statuses = Counter(a.status for a in answers)
        assert set(statuses) == {200}, [(a.path, a.status, a.error or a.body[:300]) for a in answers if a.status != 200]

        after = get(port, "/stats").json()
        assert after["articles"] == before["articles"] + len(NEWS)
        assert after["total"] > before["total"]
        for article_id, text in NEWS:
            stored = get(port, f"/articles/{article_id}")
            assert stored.status == 200 and stored.json()["article"]["text"] == text
            events = get(port, f"/events?article_id={article_id}").json()
            assert events["total"] == len(stored.json()["events"])
        new_events = sum(get(port, f"/events?article_id={i}").json()["total"] for i, _ in NEWS)
        assert new_events == after["total"] - before["total"] > 0
