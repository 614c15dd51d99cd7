"""API load benchmark: concurrent reads, reads during an ingest, and memory under concurrent large posts.

In: `--events N` (default 10,000), `--crowd N` (concurrent requests, 200), `--rounds N` (5), the
articles to ingest (default ../shared/data/wikinews_2019_dev.jsonl), `--posts N` (4) of
`--chars N` (500,000, the API's limit) characters, `--baseline-src DIR` (also time a server
whose newsevents comes from another checkout's src/), `--json FILE`.
Out: printed figures (and the JSON):
  1. a DuckDB store of >= N events: the seed article coded by the engine, then copies of its
     events with shifted dates, rotated codes and new ids (tests/reliability/loadgen.py);
  2. `newsevents serve` on it (a separate process on 127.0.0.1, the client in this one, on the
     same machine); `rounds` times, `crowd` GET /events at once (the default page of 100
     events), then as many requests spread over five filters, then `crowd` different pages
     (`offset` 0, 1, 2, ..., never asked for before, so the server's answer cache cannot help);
     latency median, p95, max, errors, and the server's CPU time per request (from /proc, less
     dependent on other load);
  3. the same server while `newsevents ingest` writes the articles into the same file: rounds
     of 20 concurrent reads for as long as the ingest runs; their latencies, errors, the
     ingest's time beside an ingest alone into a copy of the store, and whether the new events
     are in the API afterwards;
  4. a new empty store served, and `posts` different articles of `chars` characters posted at
     once (the engine loads on the first); the server's peak resident memory (VmHWM) and the
     answers.

    .venv/bin/python benchmarks/load.py [ARTICLES.jsonl] [--baseline-src /path/to/old/src] [--json load.json]
                                        [--skip-ingest] [--skip-memory]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from long_article import article as long_text  # noqa: E402
from newsevents.record import Article  # noqa: E402
from reliability.loadgen import (  # noqa: E402
    SERVE,
    Answer,
    bulk_load,
    child_env,
    copies,
    crowd,
    percentile,
    serve_command,
    served,
)

DEFAULT = ROOT.parent / "shared" / "data" / "wikinews_2019_dev.jsonl"
SEED = ROOT / "tests" / "data" / "seed_article.txt"
CLI = SERVE[:-1]
FILTERS = [
    "/events?party=USA&limit=50",
    "/events?category=CONSULT&sort=-confidence",
    "/events?from=2018-01&to=2018-12&limit=20",
    "/events?text=minister&limit=50",
    "/events?actor=ITA&offset=100",
]


def summary(answers: list[Answer]) -> dict[str, Any]:
    secs = [a.seconds for a in answers]
    errors = [a for a in answers if a.status != 200]
    return {
        "requests": len(answers),
        "errors": len(errors),
        "statuses": sorted({a.status for a in errors}),
        "median_s": statistics.median(secs),
        "p95_s": percentile(secs, 95),
        "max_s": max(secs),
    }


def line(label: str, s: dict[str, Any]) -> str:
    statuses = f" {s['statuses']}" if s["statuses"] else ""
    return (
        f"{label}: {s['requests']} requests, median {s['median_s']:.3f} s, p95 {s['p95_s']:.3f} s, "
        f"max {s['max_s']:.3f} s, {s['errors']} errors{statuses}"
    )


def build_store(db: Path, target: int) -> tuple[int, int]:
    """The seed article coded by the engine, then copies up to `target` events; (events coded, stored)."""
    from newsevents.pipeline import Engine

    engine = Engine()
    seed = Article(id="seed", text=SEED.read_text(encoding="utf-8"), published=dt.date(2018, 6, 25))
    events = engine.extract_article(seed)
    stored = bulk_load(str(db), [(seed, events), *copies([(seed, events)], target)])
    return len(events), stored


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def reads(port: int, pid: int, crowd_size: int, rounds: int) -> dict[str, Any]:
    crowd(port, ["/events"] * 10)  # warm-up: first queries, imports
    plain: list[Answer] = []
    mixed: list[Answer] = []
    distinct: list[Answer] = []
    per_round = []
    cpu = cpu_distinct = 0.0
    for k in range(rounds):
        before = cpu_seconds(pid)
        got = crowd(port, ["/events"] * crowd_size)
        cpu += cpu_seconds(pid) - before
        per_round.append(summary(got))
        plain += got
        mixed += crowd(port, [FILTERS[i % len(FILTERS)] for i in range(crowd_size)])
        # as many different pages, none asked for before: no answer can be reused
        before = cpu_seconds(pid)
        distinct += crowd(port, [f"/events?offset={k * crowd_size + i}" for i in range(crowd_size)])
        cpu_distinct += cpu_seconds(pid) - before
    return {
        "rounds": per_round,
        "events_page": summary(plain),
        "filters": summary(mixed),
        "distinct_pages": summary(distinct),
        "server_cpu_ms_per_request": 1000 * cpu / len(plain),
        "server_cpu_ms_per_distinct_page": 1000 * cpu_distinct / len(distinct),
    }


def timed_ingest(articles: str, db: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    done = subprocess.run(
        [*CLI, "ingest", articles, "--db", str(db)], capture_output=True, text=True, env=child_env(), timeout=1800
    )
    return time.perf_counter() - start, done


def during_ingest(port: int, articles: str, db: Path) -> dict[str, Any]:
    before = crowd(port, ["/stats"])[0].json()
    answers: list[Answer] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            answers.extend(crowd(port, [FILTERS[i % len(FILTERS)] if i % 2 else "/events" for i in range(20)]))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        secs, done = timed_ingest(articles, db)
    finally:
        stop.set()
        reader.join()
    after = crowd(port, ["/stats"])[0].json()
    return {
        "ingest_s": secs,
        "ingest_exit": done.returncode,
        "ingest_summary": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "",
        "reads": summary(answers),
        "events_before": before["total"],
        "events_after": after["total"],
        "articles_with_events_added": after["articles"] - before["articles"],
    }


def vm(pid: int, key: str) -> float:
    """A memory figure of a process from /proc (MiB)."""
    for row in Path(f"/proc/{pid}/status").read_text().splitlines():
        if row.startswith(key + ":"):
            return int(row.split()[1]) / 1024
    return float("nan")


def memory(tmp: Path, posts: int, chars: int) -> dict[str, Any]:
    db = tmp / "memory.duckdb"
    with served(serve_command(db, "--create")) as (port, proc):
        idle = vm(proc.pid, "VmRSS")
        bodies = [
            json.dumps({"id": f"big-{k}", "text": f"Article {k}.\n\n" + long_text(chars - 20)[: chars - 20]}).encode()
            for k in range(posts)
        ]
        start = time.perf_counter()
        answers = crowd(
            port,
            ["/articles"] * posts,
            method="POST",
            bodies=bodies,
            headers={"content-type": "application/json"},
            timeout=1800,
        )
        secs = time.perf_counter() - start
        peak = vm(proc.pid, "VmHWM")
    return {
        "posts": posts,
        "chars": chars,
        "body_bytes": max(len(b) for b in bodies),
        "statuses": [a.status for a in answers],
        "events": [len(a.json().get("events", [])) if a.status in (200, 201) else None for a in answers],
        "seconds": secs,
        "idle_rss_mib": idle,
        "peak_rss_mib": peak,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="?", default=str(DEFAULT))
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--crowd", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--posts", type=int, default=4)
    parser.add_argument("--chars", type=int, default=500_000)
    parser.add_argument("--baseline-src", default=None, help="also time a server importing newsevents from here")
    parser.add_argument("--skip-ingest", action="store_true", help="leave out part 3 (reads during an ingest)")
    parser.add_argument("--skip-memory", action="store_true", help="leave out part 4 (memory under large posts)")
    parser.add_argument("--json", default=None)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="newsevents-load-"))
    report: dict[str, Any] = {"load_average_start": os.getloadavg()[0]}
    print(f"load average (1 min) at the start: {report['load_average_start']:.1f} on {os.cpu_count()} cores")
    try:
        db = tmp / "load.duckdb"
        coded, stored = build_store(db, args.events)
        report["store"] = {"seed_events": coded, "events": stored}
        print(f"store: the seed article coded to {coded} events, copied to {stored} events in {db}")

        with served(serve_command(db)) as (port, proc):
            report["reads"] = reads(port, proc.pid, args.crowd, args.rounds)
        for r in report["reads"]["rounds"]:
            print(line(f"  {args.crowd} x GET /events (round)", r))
        print(line(f"GET /events, {args.rounds} rounds of {args.crowd}", report["reads"]["events_page"]))
        print(f"  server CPU per GET /events: {report['reads']['server_cpu_ms_per_request']:.1f} ms")
        now = report["reads"]
        print(line(f"GET /events with filters, {args.rounds} rounds of {args.crowd}", now["filters"]))
        print(line(f"GET /events, {args.rounds} rounds of {args.crowd} distinct pages", now["distinct_pages"]))
        print(f"  server CPU per distinct page: {now['server_cpu_ms_per_distinct_page']:.1f} ms")

        if args.baseline_src:
            with served(serve_command(db), src=args.baseline_src) as (port, proc):
                report["baseline_reads"] = base = reads(port, proc.pid, args.crowd, args.rounds)
            print(line(f"baseline ({args.baseline_src}) GET /events", base["events_page"]))
            print(f"  server CPU per GET /events: {base['server_cpu_ms_per_request']:.1f} ms")
            print(line(f"baseline ({args.baseline_src}) with filters", base["filters"]))
            print(line(f"baseline ({args.baseline_src}) distinct pages", base["distinct_pages"]))
            print(f"  server CPU per distinct page: {base['server_cpu_ms_per_distinct_page']:.1f} ms")

        if not args.skip_ingest:
            alone = tmp / "alone.duckdb"
            shutil.copy(db, alone)
            secs, done = timed_ingest(args.articles, alone)
            report["ingest_alone_s"] = secs
            print(f"ingest alone: {secs:.1f} s ({done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ''})")
            with served(serve_command(db)) as (port, _):
                report["during_ingest"] = during = during_ingest(port, args.articles, db)
            print(
                f"ingest while serving: {during['ingest_s']:.1f} s, exit {during['ingest_exit']} "
                f"({during['ingest_summary']}); API events {during['events_before']} -> {during['events_after']}, "
                f"{during['articles_with_events_added']} more articles with events"
            )
            print(line("  reads during the ingest (20 at a time)", during["reads"]))

        if not args.skip_memory:
            report["memory"] = mem = memory(tmp, args.posts, args.chars)
            print(
                f"memory: {mem['posts']} concurrent POST /articles of {mem['chars']:,} characters "
                f"({mem['body_bytes']:,} bytes): statuses {mem['statuses']}, events {mem['events']}, "
                f"{mem['seconds']:.0f} s; server RSS idle {mem['idle_rss_mib']:.0f} MiB, "
                f"peak {mem['peak_rss_mib']:.0f} MiB"
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report["load_average_end"] = os.getloadavg()[0]
    print(f"load average (1 min) at the end: {report['load_average_end']:.1f}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
