"""Benchmark the actor resolver on the actor-coding dev set.

In: ../shared/data/actor_coding_dev.jsonl (or the path given as the first argument): one case a line,
`{"text", "context", "date", "expect": {"code", "sector"}}`.
Out (stdout): code accuracy, sector accuracy, both-right accuracy, resolutions per second, and every
error. Scoring: an empty or missing expected code means "no country" (the resolver's "---" or None);
an empty sector means "no sector"; a missing key or "????" is not scored; "JNK" means "not an actor".
"today" is read as 2023-06-30 (the cases were written in the mid-2020s). The gold uses XKX for
Kosovo where PLOVER (and this package) uses KOS; both spellings count as the same code.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import Any

import dateparser

from newsevents.actors import ActorResolver

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "actor_coding_dev.jsonl"
TODAY = dt.date(2023, 6, 30)
SAME_CODE = {"XKX": "KOS"}


def parse_date(value: Any) -> dt.date | None:
    if not value:
        return None
    text = str(value).strip()
    if text.lower() == "today":
        return TODAY
    parsed = dateparser.parse(text, settings={"PREFER_DAY_OF_MONTH": "first"})
    return parsed.date() if parsed else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--quiet", action="store_true", help="only print the totals")
    args = parser.parse_args(argv)
    cases = [json.loads(line) for line in args.path.read_text(encoding="utf-8").splitlines() if line.strip()]

    t0 = time.perf_counter()
    resolver = ActorResolver()
    load_s = time.perf_counter() - t0

    code_n = code_ok = sector_n = sector_ok = both_n = both_ok = 0
    errors: list[str] = []
    dates = [parse_date(case.get("date")) for case in cases]
    t0 = time.perf_counter()
    results = []
    for case, day in zip(cases, dates, strict=True):
        results.append(resolver.resolve(case["text"], day, context=case.get("context") or None))
    resolve_s = time.perf_counter() - t0

    for case, ent in zip(cases, results, strict=True):
        exp = case["expect"]
        got_code = ent.code if ent is not None else "---"
        got_sector = ent.sector if ent is not None else None
        c_ok: bool | None = None
        s_ok: bool | None = None
        if exp.get("sector") == "JNK":
            c_ok = s_ok = ent is None
        else:
            if "code" in exp and exp["code"] is not None:
                want = SAME_CODE.get(exp["code"], exp["code"]) or "---"
                c_ok = SAME_CODE.get(got_code, got_code) == want
            if "sector" in exp and exp["sector"] != "????":
                want_s = exp["sector"] or None
                s_ok = got_sector == want_s or (got_sector is not None and got_sector == exp.get("sector2"))
        if c_ok is not None:
            code_n += 1
            code_ok += c_ok
        if s_ok is not None:
            sector_n += 1
            sector_ok += s_ok
        if c_ok is not None and s_ok is not None:
            both_n += 1
            both_ok += c_ok and s_ok
        if c_ok is False or s_ok is False:
            errors.append(
                f"{case['text']!r:60} ctx={case.get('context') or '-':10} date={case.get('date') or '-':12} "
                f"want {exp.get('code')}/{exp.get('sector')} got {got_code}/{got_sector}"
            )

    # speed: re-resolve every case with the cache cleared, many times over
    rounds = 20
    t0 = time.perf_counter()
    for _ in range(rounds):
        resolver._cache.clear()
        for case, day in zip(cases, dates, strict=True):
            resolver.resolve(case["text"], day, context=case.get("context") or None)
    speed = rounds * len(cases) / (time.perf_counter() - t0)

    if not args.quiet:
        print("errors:")
        for line in errors:
            print("  " + line)
    print(f"cases: {len(cases)}  (KB load {load_s * 1000:.0f} ms; first pass {resolve_s * 1000:.0f} ms)")
    print(f"code accuracy:   {code_ok}/{code_n} = {code_ok / max(code_n, 1):.1%}")
    print(f"sector accuracy: {sector_ok}/{sector_n} = {sector_ok / max(sector_n, 1):.1%}")
    print(f"both right:      {both_ok}/{both_n} = {both_ok / max(both_n, 1):.1%}")
    print(f"speed (uncached): {speed:,.0f} phrases/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
