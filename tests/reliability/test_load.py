"""Load: 200 concurrent GET /events against a real `newsevents serve` process on 127.0.0.1, over
a DuckDB store of more than 10,000 events (copies of the seed article's coded events with
shifted dates, rotated codes and new ids). Every request is answered 200 with the right page.
How fast is measured by benchmarks/load.py (docs/benchmarks.md), not asserted here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsevents.store import EventFilter, open_store
from reliability.loadgen import bulk_load, copies, crowd, serve_command, served
from serve.serve_sample import seed_article

EVENTS = 10_000
CROWD = 200
QUERIES: list[tuple[str, EventFilter, int]] = [
    ("/events", EventFilter(), 100),
    ("/events?party=ITA&limit=50", EventFilter(party="ITA"), 50),
    ("/events?category=CONSULT&sort=-confidence", EventFilter(category="CONSULT"), 100),
    ("/events?from=2018-01&to=2018-12&limit=20", EventFilter.model_validate({"date_from": "2018-01-01",
                                                                             "date_to": "2018-12-31"}), 20),
    ("/events?text=migration&offset=40&limit=30", EventFilter(text="migration"), 30),
]  # fmt: skip


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    db = tmp_path_factory.mktemp("load") / "load.duckdb"
    stored = bulk_load(str(db), [seed_article(), *copies([seed_article()], EVENTS)])
    assert stored > EVENTS
    yield db


def test_200_concurrent_reads_of_10000_events(big_store: Path) -> None:
    with open_store(big_store, read_only=True) as store:
        totals = {path: store.count_events(flt) for path, flt, _ in QUERIES}
        first = {path: [e.id for e in store.query_events(flt, limit=limit, offset=40 if "offset" in path else 0,
                                                         sort="-confidence" if "sort" in path else "date")]
                 for path, flt, limit in QUERIES}  # fmt: skip
    assert totals["/events"] > EVENTS
    paths = [QUERIES[i % len(QUERIES)][0] for i in range(CROWD)]
    with served(serve_command(big_store)) as (port, _):
        answers = crowd(port, paths)
    failed = [(a.path, a.status, a.error or a.body[:200]) for a in answers if a.status != 200]
    assert failed == []
    for answer in answers:
        page = answer.json()
        assert page["total"] == totals[answer.path]
        assert [e["id"] for e in page["events"]] == first[answer.path], answer.path
