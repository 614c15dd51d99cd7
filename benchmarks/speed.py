"""Speed: the full extraction pipeline against raw spaCy parsing of the same texts, in one run.

In: a JSONL of articles (default ../shared/data/wikinews_2019_dev.jsonl; first argument overrides),
optionally `--repeat N` (timed passes, best kept) and `--json FILE` (also write the numbers there).
Out: articles/second for raw `engine.nlp.pipe(texts)` and for `engine.process(articles)`, their
ratio, and the peak resident memory of the process. The engine is loaded once; both runs are single
process and preceded by a warm-up pass over a few articles.

    .venv/bin/python benchmarks/speed.py [ARTICLES.jsonl] [--repeat 3] [--json results.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

from newsevents.ingest import read_inputs
from newsevents.pipeline import Engine
from newsevents.record import Article

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "wikinews_2019_dev.jsonl"


def peak_rss_mib() -> float:
    """Peak resident set size of this process so far, in MiB (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def best_time(run: Callable[[], int], repeat: int) -> tuple[float, int]:
    """Fastest of `repeat` runs, and what the run counted."""
    best, counted = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        counted = run()
        best = min(best, time.perf_counter() - start)
    return best, counted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="?", default=str(DEFAULT))
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--json", dest="json_out", default=None)
    args = parser.parse_args(argv)

    articles: list[Article] = list(read_inputs([args.articles]))
    texts = [a.text for a in articles]
    n_chars = sum(len(t) for t in texts)
    t0 = time.perf_counter()
    engine = Engine(actor_files=[])
    load_s = time.perf_counter() - t0
    rss_loaded = peak_rss_mib()

    warm = articles[: min(5, len(articles))]
    for _ in engine.nlp.pipe([a.text for a in warm]):
        pass
    for _ in engine.process(warm):
        pass

    def raw() -> int:
        return sum(1 for _ in engine.nlp.pipe(texts, batch_size=args.batch_size))

    def full() -> int:
        return sum(len(events) for _, events in engine.process(articles, batch_size=args.batch_size))

    raw_s, _ = best_time(raw, args.repeat)
    full_s, n_events = best_time(full, args.repeat)
    raw_rate, full_rate = len(texts) / raw_s, len(texts) / full_s
    result = {
        "corpus": Path(args.articles).name,
        "articles": len(texts),
        "characters": n_chars,
        "events": n_events,
        "engine_load_s": round(load_s, 2),
        "raw_spacy_articles_per_s": round(raw_rate, 2),
        "pipeline_articles_per_s": round(full_rate, 2),
        "ratio": round(full_rate / raw_rate, 3),
        "peak_rss_mib_after_load": round(rss_loaded, 1),
        "peak_rss_mib": round(peak_rss_mib(), 1),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "repeat": args.repeat,
        "batch_size": args.batch_size,
    }
    print(f"corpus            {result['corpus']}: {len(texts)} articles, {n_chars} characters")
    print(f"engine load       {load_s:.2f} s")
    print(f"raw spaCy         {raw_rate:8.2f} articles/s  ({raw_s:.2f} s)")
    print(f"full pipeline     {full_rate:8.2f} articles/s  ({full_s:.2f} s, {n_events} events)")
    print(f"ratio             {result['ratio']:.3f} (pipeline / raw spaCy)")
    print(f"peak RSS          {result['peak_rss_mib']:.0f} MiB")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
