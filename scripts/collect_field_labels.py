"""Collect coders' date and place labels (`scripts/field_batches.py` batches) into gold files, with agreement.

In: a folder of `out_NN.jsonl` files (one line per event, keys as in `benchmarks/data/FIELDS_GUIDE.md`).
Out: `--gold FILE` (one label per event: the first coder's, batches in order) and `--second FILE` (the
other coder's label of events two coders labelled), and, printed, how often the two agree: the same
date, the same place, the same place's country.

    python scripts/collect_field_labels.py /tmp/fields --gold benchmarks/data/fields_gold_NAME.jsonl \\
        --second benchmarks/data/fields_gold_NAME_second.jsonl
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

KEYS = ("article_id", "sentence", "event_index", "event", "date", "date_basis", "place", "place_country", "place_kind")


def _norm(name: str | None) -> str:
    return " ".join((name or "").lower().replace("the ", " ").split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--gold", type=Path, required=True)
    parser.add_argument("--second", type=Path, required=True)
    args = parser.parse_args()
    first: dict[tuple[str, int, int], dict[str, Any]] = {}
    second: dict[tuple[str, int, int], dict[str, Any]] = {}
    for path in sorted(args.folder.glob("out_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = {k: json.loads(line).get(k) for k in KEYS}
            key = (row["article_id"], row["sentence"], row["event_index"])
            (second if key in first else first)[key] = row
    order = sorted(first)
    args.gold.write_text("".join(json.dumps(first[k]) + "\n" for k in order), encoding="utf-8")
    args.second.write_text("".join(json.dumps(second[k]) + "\n" for k in sorted(second)), encoding="utf-8")
    both = [k for k in sorted(second)]
    dates = sum(first[k]["date"] == second[k]["date"] for k in both)
    places = sum(_norm(first[k]["place"]) == _norm(second[k]["place"]) for k in both)
    countries = sum(first[k]["place_country"] == second[k]["place_country"] for k in both)
    n = len(both) or 1
    print(f"{len(first)} events labelled; {len(both)} by two coders")
    print(f"  dates agree {dates}/{len(both)} = {dates / n:.3f}")
    print(f"  places agree {places}/{len(both)} = {places / n:.3f}", end="; ")
    print(f"their countries {countries}/{len(both)} = {countries / n:.3f}")


if __name__ == "__main__":
    main()
