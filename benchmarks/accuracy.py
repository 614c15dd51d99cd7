"""Accuracy: the engine scored on the seed article gold and on the PLOVER sentence gold (dev half).

In: optionally `--seed GOLD.json` (default tests/data/seed_gold.json), `--sentences GOLD.jsonl`
(default ../shared/data/plover_gsr_dev.jsonl), `--misses N` (sentence misses to list) and
`--json FILE` (both reports as JSON).
Out: the two reports printed as tables (precision/recall/F1, recall per category, field accuracy;
for sentences category recall, category+actor+recipient recall and events per sentence).

    .venv/bin/python benchmarks/accuracy.py [--misses 20] [--json results.json]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from rich.console import Console

from newsevents.cli.eval import print_article_report, print_sentence_report
from newsevents.eval import evaluate_article, evaluate_sentences
from newsevents.pipeline import Engine

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "data" / "seed_gold.json"
SENTENCES = ROOT.parent / "shared" / "data" / "plover_gsr_dev.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=Path, default=SEED)
    parser.add_argument("--sentences", type=Path, default=SENTENCES)
    parser.add_argument("--misses", type=int, default=0, help="list this many missed sentences")
    parser.add_argument("--json", dest="json_out", default=None)
    args = parser.parse_args(argv)

    console = Console()
    engine = Engine(actor_files=[])

    start = time.perf_counter()
    seed = evaluate_article(args.seed, engine_factory=lambda: engine)
    console.rule(f"seed article: {args.seed.name} ({time.perf_counter() - start:.1f} s)")
    print_article_report(console, seed)

    start = time.perf_counter()
    sentences = evaluate_sentences(args.sentences, engine_factory=lambda: engine)
    console.rule(f"sentence gold: {args.sentences.name} ({time.perf_counter() - start:.1f} s)")
    print_sentence_report(console, sentences)
    for miss in sentences.misses[: args.misses]:
        console.print(f"miss {miss.id}: gold {miss.gold}; system {miss.system}", markup=False, highlight=False)

    if args.json_out:
        out = {"seed": seed.model_dump(mode="json"), "sentences": sentences.model_dump(mode="json")}
        Path(args.json_out).write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
