"""Scale-out: raw spaCy, newsevents on 1 and 2 local worker processes and on 1 and 2 Ray actors, in one run.

In: the Wikinews 2019 and VOA dev articles (`wikinews_2019_dev.jsonl`, `voa_stories_dev.jsonl`) read in
place from `--data DIR` (default ../shared/data beside the repository; never copied), repeated with
new ids until there are `--articles N` (default 1,000).
Out (stdout, and `--json FILE`): for each way of running, articles/s end to end (engine loads
included) and in steady state (from the first result on), the start-up time, the peak resident
memory of each worker, the CPU time the workers used (so how many cores they actually had, and
articles per CPU-second) and how many cores other processes of the machine kept busy meanwhile
(from /proc/stat); the scaling efficiency (2 workers / 1 worker, 2 actors / 1 actor); whether
every run gave the same events as the 1-worker run; and a projection of what coding 1 million
articles a day needs (cores, memory, hours) from the measured per-core rate (articles per
CPU-second of the 2-worker run, which does not depend on what else the machine is doing).

    .venv/bin/python benchmarks/scale.py [--data ../shared/data] [--articles 1000] [--no-ray] [--json out.json]

Raw spaCy is `nlp.pipe` over the same texts with the pipeline the engine loads (`load_nlp(DEFAULT_MODEL)`),
single process, after a warm-up. Each newsevents run starts its workers from nothing (the engine
is loaded once per worker), as a command does. Ray runs on a local instance started with
`ray.init(num_cpus=2)`; its own processes (GCS, raylet) are not counted in the per-worker memory.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import math
import os
import platform
import resource
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from newsevents.ingest import read_inputs
from newsevents.record import Article, Event
from newsevents.scale import ProcessPoolCoder, RayCoder
from newsevents.scale.coder import WorkerStats, peak_rss_mib

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
CORPORA = ("wikinews_2019_dev.jsonl", "voa_stories_dev.jsonl")
PER_DAY = 1_000_000
SECONDS_PER_DAY = 86_400


def load_articles(data: Path, n: int) -> list[Article]:
    """The dev articles of both corpora, repeated under new ids (`<id>~2`, `<id>~3`, ...) up to `n`."""
    base: list[Article] = []
    for name in CORPORA:
        path = data / name
        if not path.is_file():
            raise SystemExit(f"scale.py: error: {path}: no such file (give the data folder with --data DIR)")
        base.extend(read_inputs([str(path)]))
    if not base:
        raise SystemExit(f"scale.py: error: no articles in {data}")
    out: list[Article] = []
    while len(out) < n:
        rnd = len(out) // len(base) + 1
        for article in base[: n - len(out)]:
            out.append(article if rnd == 1 else article.model_copy(update={"id": f"{article.id}~{rnd}"}))
    return out


def machine_busy() -> tuple[float, float]:
    """(busy CPU seconds of the whole machine so far, all processes, from /proc/stat; a clock)."""
    try:
        fields = Path("/proc/stat").read_text(encoding="ascii").splitlines()[0].split()[1:]
    except OSError:
        return float("nan"), time.perf_counter()
    ticks = [int(f) for f in fields]
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)  # idle + iowait
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK"), time.perf_counter()


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def raw_spacy(articles: list[Article], batch_size: int) -> dict[str, Any]:
    """Articles/s of `nlp.pipe` alone, single process, with the engine's spaCy pipeline."""
    from newsevents.nlp.pipeline import DEFAULT_MODEL, load_nlp

    t0 = time.perf_counter()
    nlp = load_nlp(DEFAULT_MODEL)
    load_s = time.perf_counter() - t0
    texts = [a.text for a in articles]
    for _ in nlp.pipe(texts[:5]):
        pass
    start = time.perf_counter()
    n = sum(1 for _ in nlp.pipe(texts, batch_size=batch_size))
    seconds = time.perf_counter() - start
    return {
        "run": "raw spaCy, 1 process",
        "workers": 1,
        "articles": n,
        "load_s": round(load_s, 2),
        "seconds": round(seconds, 1),
        "articles_per_s": round(n / seconds, 2),
        "steady_articles_per_s": round(n / seconds, 2),
        "peak_rss_mib": [round(peak_rss_mib(), 1)],
    }


def timed(
    label: str,
    workers: int,
    make: Callable[[], AbstractContextManager[Any] | Any],
    articles: list[Article],
    batch_size: int,
) -> tuple[dict[str, Any], str]:
    """Run one coder over the articles: its figures and a digest of its JSONL output."""
    digest = hashlib.sha256()
    n_events = 0
    busy0, _ = machine_busy()
    driver0 = own_cpu()
    t0 = time.perf_counter()
    coder = make()
    first: float | None = None
    done = 0
    try:
        results: Iterator[tuple[Article, list[Event]]] = coder.process(articles, batch_size=batch_size)
        for _, events in results:
            done += 1
            if first is None:
                first = time.perf_counter()
            for event in events:
                digest.update(event.model_dump_json().encode("utf-8") + b"\n")
            n_events += len(events)
            if done % 100 == 0:
                print(f"  {label}: {done}/{len(articles)} articles", file=sys.stderr, flush=True)
    finally:
        end = time.perf_counter()
        busy1, _ = machine_busy()
        coder.close()
    stats: dict[str, WorkerStats] = coder.stats
    assert first is not None
    wall = end - t0
    workers_cpu = sum(s.cpu_s for s in stats.values())
    driver_cpu = own_cpu() - driver0
    # cores the machine was busy with, and how much of that was other work than this run
    busy_cores = (busy1 - busy0) / wall
    others = max(0.0, busy_cores - (workers_cpu + driver_cpu) / wall)
    return {
        "run": label,
        "workers": workers,
        "articles": done,
        "events": n_events,
        "start_s": round(first - t0, 1),
        "seconds": round(end - t0, 1),
        "articles_per_s": round(done / (end - t0), 2),
        "steady_articles_per_s": round((done - 1) / (end - first), 2),
        "peak_rss_mib": sorted(round(s.peak_rss_mib, 1) for s in stats.values()),
        "articles_per_worker": sorted(s.articles for s in stats.values()),
        "worker_cpu_s": sorted(round(s.cpu_s, 1) for s in stats.values()),
        "driver_cpu_s": round(driver_cpu, 1),
        "cores_used_by_workers": round(workers_cpu / wall, 2),
        "cores_used_by_other_work": round(others, 2),
        "articles_per_cpu_s": round(done / workers_cpu, 2),
    }, digest.hexdigest()


def projection(per_core: float, worker_mib: float) -> dict[str, Any]:
    """What coding `PER_DAY` articles a day needs at `per_core` articles/s a core and `worker_mib` a worker."""
    needed_rate = PER_DAY / SECONDS_PER_DAY
    cores = math.ceil(needed_rate / per_core)
    return {
        "articles_per_day": PER_DAY,
        "needed_articles_per_s": round(needed_rate, 2),
        "per_core_articles_per_s": round(per_core, 2),
        "cores_for_24h": cores,
        "memory_gib_for_24h": round(cores * worker_mib / 1024, 1),
        "hours_by_cores": {c: round(PER_DAY / (per_core * c) / 3600, 1) for c in (2, 8, 16, 32, 64)},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="folder holding the dev JSONL files")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--no-ray", action="store_true", help="leave out the Ray runs")
    parser.add_argument("--json", dest="json_out", default=None)
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("--articles must be positive")

    articles = load_articles(Path(args.data), args.articles)
    n_chars = sum(len(a.text) for a in articles)
    print(f"articles          {len(articles)} ({n_chars:,} characters), {os.cpu_count()} CPUs", flush=True)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")

    runs: list[dict[str, Any]] = []
    digests: dict[str, str] = {}
    runs.append(raw_spacy(articles, args.batch_size))
    print(f"raw spaCy         {runs[-1]['articles_per_s']:8.2f} articles/s", flush=True)
    plans: list[tuple[str, int, Callable[[], Any]]] = [
        ("newsevents, 1 local worker", 1, lambda: ProcessPoolCoder(1)),
        ("newsevents, 2 local workers", 2, lambda: ProcessPoolCoder(2)),
    ]
    if not args.no_ray:
        import ray

        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR)
        plans += [
            ("Ray Data, 1 actor", 1, lambda: RayCoder(actors=1)),
            ("Ray Data, 2 actors", 2, lambda: RayCoder(actors=2)),
        ]
    try:
        for label, workers, make in plans:
            result, digest = timed(label, workers, make, articles, args.batch_size)
            runs.append(result)
            digests[label] = digest
            print(
                f"{label:<28} {result['articles_per_s']:6.2f} articles/s end to end, "
                f"{result['steady_articles_per_s']:6.2f} steady, start {result['start_s']} s, "
                f"peak RSS/worker {result['peak_rss_mib']} MiB; workers used {result['cores_used_by_workers']} "
                f"cores ({result['articles_per_cpu_s']} articles per CPU-second), other work "
                f"{result['cores_used_by_other_work']} cores",
                flush=True,
            )
    finally:
        if not args.no_ray:
            import ray

            ray.shutdown()

    by_label = {r["run"]: r for r in runs}

    def efficiency(two: str, one: str) -> float | None:
        if two not in by_label or one not in by_label:
            return None
        return round(by_label[two]["steady_articles_per_s"] / by_label[one]["steady_articles_per_s"], 2)

    local_eff = efficiency("newsevents, 2 local workers", "newsevents, 1 local worker")
    cores_1 = by_label["newsevents, 1 local worker"]["cores_used_by_workers"]
    cores_2 = by_label["newsevents, 2 local workers"]["cores_used_by_workers"]
    ray_eff = efficiency("Ray Data, 2 actors", "Ray Data, 1 actor")
    same = len(set(digests.values())) == 1
    two = by_label["newsevents, 2 local workers"]
    # articles per CPU-second of the workers (engine loads included): the rate of one busy core,
    # whatever else the machine was doing during the run
    per_core = two["articles_per_cpu_s"]
    worker_mib = max(two["peak_rss_mib"])
    plan = projection(per_core, worker_mib)
    result = {
        "articles": len(articles),
        "characters": n_chars,
        "cpus": os.cpu_count(),
        "load_average_at_start": round(load, 2),
        "python": platform.python_version(),
        "batch_size": args.batch_size,
        "runs": runs,
        "scaling_efficiency_local": local_eff,
        "scaling_efficiency_ray": ray_eff,
        "cores_obtained_1_vs_2_local_workers": [cores_1, cores_2],
        "same_events_in_every_run": same,
        "projection": plan,
    }
    print(f"scaling efficiency (2 workers / 1): local {local_eff}, Ray {ray_eff}")
    print(f"cores the local workers obtained: {cores_1} with 1 worker, {cores_2} with 2")
    print(f"same events in every run: {'yes' if same else 'NO'}")
    print(
        f"1M articles/day = {plan['needed_articles_per_s']} articles/s; at {plan['per_core_articles_per_s']} "
        f"articles/s per core that is {plan['cores_for_24h']} cores and about {plan['memory_gib_for_24h']} GiB "
        f"({worker_mib:.0f} MiB a worker) running 24 h; hours by cores: {plan['hours_by_cores']}"
    )
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
