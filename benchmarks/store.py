"""Store benchmark: ingest rate beside the engine's own rate, and filtered query latency on >= 10,000 events.

In: a JSONL of articles (default ../shared/data/wikinews_2019_dev.jsonl; first argument overrides),
`--db-dir DIR` (where the DuckDB files go; a temp dir by default), `--pg URL` (also measure PostgreSQL),
`--events N` (size of the query set, default 10,000), `--repeat N` (requests per filter, default 50).
Out: printed numbers (and `--json FILE`):
  1. engine alone: articles/s of `engine.process` over the articles;
  2. engine + store: articles/s of the same run with each article written (`add_article`) as it comes,
     and the store's own write rate (articles/s, events/s) for the already coded records;
  3. a store of >= N events made from copies of the real coded events (dates shifted, actor and
     recipient codes rotated, one transaction per copied article), and the latency (median, p95)
     of filtered `GET /events` through FastAPI's TestClient when `newsevents.serve.create_app`
     exists, of `Store.query_events` + `count_events` otherwise.

    .venv/bin/python benchmarks/store.py [ARTICLES.jsonl] [--pg postgresql://...] [--json out.json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsevents.ingest import read_inputs
from newsevents.record import Article, Entity, Event
from newsevents.store import EventFilter, Store, open_store

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "wikinews_2019_dev.jsonl"
CODES = ["USA", "RUS", "CHN", "GBR", "FRA", "DEU", "ITA", "LBY", "UKR", "ISR", "PSE", "IRN", "TUR", "IND", "IGO"]


def rate(n: int, seconds: float) -> float:
    return n / seconds if seconds > 0 else float("inf")


def shift(date: str | None, days: int) -> str | None:
    """Move an ISO date of any precision by `days`, keeping its precision."""
    if not date:
        return date
    try:
        if len(date) == 10:
            return (dt.date.fromisoformat(date) + dt.timedelta(days=days)).isoformat()
        if len(date) == 7:
            y, m = map(int, date.split("-"))
            months = y * 12 + m - 1 + days // 30
            return f"{months // 12:04d}-{months % 12 + 1:02d}"
        return f"{int(date[:4]) + days // 365:04d}"
    except ValueError:
        return date


def recode_entities(ents: list[Entity], rng: random.Random) -> list[Entity]:
    return [e.model_copy(update={"code": rng.choice(CODES)}) if rng.random() < 0.5 else e for e in ents]


def synthetic(
    coded: list[tuple[Article, list[Event]]], target: int, seed: int = 7
) -> list[tuple[Article, list[Event]]]:
    """Copies of the coded articles (unique texts) with varied dates and codes, until >= target events."""
    rng = random.Random(seed)
    source = [(a, evs) for a, evs in coded if evs]
    if not source:
        raise SystemExit("the engine coded no events; nothing to copy")
    out: list[tuple[Article, list[Event]]] = []
    total, k = 0, 0
    while total < target:
        for article, events in source:
            if total >= target:
                break
            aid = f"{article.id}-syn{k}"
            days = rng.randint(-700, 700)
            copy = article.model_copy(update={"id": aid, "text": f"{article.text}\n\n[synthetic copy {k}]"})
            evs = [
                e.model_copy(
                    update={
                        "id": f"{aid}-{j}",
                        "article_id": aid,
                        "date": shift(e.date, days),
                        "enddate": shift(e.enddate, days),
                        "actor": recode_entities(e.actor, rng),
                        "recipient": recode_entities(e.recipient, rng),
                        "confidence": round(rng.uniform(0.2, 0.95), 2),
                    }
                )
                for j, e in enumerate(events)
            ]
            out.append((copy, evs))
            total += len(evs)
        k += 1
    return out


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    value = fn()
    return time.perf_counter() - t0, value


def latencies(call: Callable[[], Any], repeat: int) -> dict[str, float]:
    call()  # warm-up
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        call()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {"median_ms": statistics.median(times), "p95_ms": times[max(0, int(len(times) * 0.95) - 1)]}


def bench_backend(
    name: str, url: str, coded: list[tuple[Article, list[Event]]], synth: list[tuple[Article, list[Event]]], repeat: int
) -> dict[str, Any]:
    results: dict[str, Any] = {"backend": name}
    # Store writes alone, for the engine's records.
    with open_store(url) as store:
        secs, _ = timed(lambda: [store.add_article(a, e) for a, e in coded])
        n_ev = sum(len(e) for _, e in coded)
        results["store_write_articles_per_s"] = rate(len(coded), secs)
        results["store_write_events_per_s"] = rate(n_ev, secs)
        secs, added = timed(lambda: sum(store.add_article(a, e) for a, e in synth))
        n_syn = sum(len(e) for _, e in synth)
        results["synthetic_load"] = {"articles": added, "events": n_syn, "seconds": secs}
        total = store.count_events(EventFilter())
        results["events_stored"] = total
        top = next(a["code"] for a in store.actors() if a["code"] != "---")  # the busiest known code
        first_day = min(d["date"] for d in store.stats()["by_day"])
    day0 = dt.date.fromisoformat(first_day)
    window = (day0 + dt.timedelta(days=200), day0 + dt.timedelta(days=290))
    queries: dict[str, dict[str, str]] = {
        "party": {"party": top},
        "party+date": {"party": top, "date_from": window[0].isoformat(), "date_to": window[1].isoformat()},
        "category+quad": {"category": "CONSULT", "quad": "1"},
        "text": {"text": "minister"},
        "actor+country+sort": {"actor": top, "country": top, "sort": "-confidence"},
    }
    results["query_target"] = "store"
    lat: dict[str, dict[str, float]] = {}
    app_factory = None
    try:
        from newsevents.serve import create_app  # type: ignore[attr-defined]

        app_factory = create_app
    except ImportError:
        app_factory = None
    if app_factory is not None:
        warnings.filterwarnings("ignore")
        from fastapi.testclient import TestClient

        results["query_target"] = "GET /events (FastAPI TestClient)"
        with TestClient(app_factory(url)) as client:
            for label, params in queries.items():
                p = {**params, "limit": "50"}
                resp = client.get("/events", params=p)
                if resp.status_code != 200:
                    raise SystemExit(f"GET /events {p} -> {resp.status_code} {resp.text[:200]}")
                lat[label] = {**latencies(lambda p=p: client.get("/events", params=p), repeat),  # type: ignore[misc]
                              "total": resp.json().get("total")}  # fmt: skip
    else:
        with open_store(url) as store:
            for label, params in queries.items():
                sort = params.pop("sort", "date")
                flt = EventFilter(**params)  # type: ignore[arg-type]

                def call(flt: EventFilter = flt, sort: str = sort) -> None:
                    store.count_events(flt)
                    store.query_events(flt, limit=50, sort=sort)  # type: ignore[arg-type]

                lat[label] = {**latencies(call, repeat), "total": store.count_events(flt)}
    results["latency"] = lat
    return results


def engine_runs(articles: list[Article], url: str) -> tuple[dict[str, float], list[tuple[Article, list[Event]]]]:
    from newsevents.pipeline import Engine

    engine = Engine()
    list(engine.process(articles[:3]))  # warm-up
    secs_engine, coded = timed(lambda: list(engine.process(articles)))
    store: Store
    with open_store(url) as store:

        def both() -> int:
            n = 0
            for article, events in engine.process(articles):
                n += store.add_article(article, events)
            return n

        secs_both, stored = timed(both)
    return {
        "articles": len(articles),
        "events": sum(len(e) for _, e in coded),
        "engine_articles_per_s": rate(len(articles), secs_engine),
        "engine_plus_store_articles_per_s": rate(len(articles), secs_both),
        "store_overhead_pct": 100 * (secs_both - secs_engine) / secs_engine,
        "stored": stored,
    }, coded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="?", default=str(DEFAULT))
    parser.add_argument("--db-dir", default=None)
    parser.add_argument("--pg", default=None, help="also benchmark this PostgreSQL database (it gets written to)")
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()

    articles = list(read_inputs([args.articles]))
    tmp = Path(args.db_dir or tempfile.mkdtemp(prefix="newsevents-bench-"))
    print(f"{len(articles)} articles from {args.articles}; stores in {tmp}", file=sys.stderr)

    ingest, coded = engine_runs(articles, str(tmp / "ingest.duckdb"))
    print(
        f"ingest: engine alone {ingest['engine_articles_per_s']:.2f} articles/s, "
        f"engine+DuckDB store {ingest['engine_plus_store_articles_per_s']:.2f} articles/s "
        f"(store overhead {ingest['store_overhead_pct']:+.1f}%), {ingest['events']} events"
    )
    synth = synthetic(coded, args.events)
    backends = [("duckdb", str(tmp / "query.duckdb"))]
    if args.pg:
        backends.append(("postgresql", args.pg))
    report: dict[str, Any] = {"ingest": ingest, "backends": []}
    for name, url in backends:
        res = bench_backend(name, url, coded, synth, args.repeat)
        report["backends"].append(res)
        load = res["synthetic_load"]
        print(
            f"{name}: store writes {res['store_write_articles_per_s']:.0f} articles/s "
            f"({res['store_write_events_per_s']:.0f} events/s); loaded {load['events']} synthetic events "
            f"in {load['seconds']:.1f}s; {res['events_stored']} events stored"
        )
        for label, lat in res["latency"].items():
            print(
                f"  {res['query_target']} [{label}] median {lat['median_ms']:.1f} ms, "
                f"p95 {lat['p95_ms']:.1f} ms ({lat['total']} matching)"
            )
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
