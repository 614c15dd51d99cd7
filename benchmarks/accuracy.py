"""Accuracy: the event model out of fold on labelled real news, beside its in-sample figure, the lexicon
alone, a learning curve, the seed article and the PLOVER sentence gold.

In: `--data DIR` (default ../shared/data: the sentence-labelled news and the PLOVER gold sentences,
read in place, never copied), `--folds K` (default 5), `--learning-curve` (refit at 25/50/100% of each
fold's training articles; slower), `--seed GOLD.json`, `--json FILE` (every figure as JSON),
`--events DIR` (write the out-of-fold events per corpus as JSONL, to score them with another tool).
Out: tables of type and type+actor+recipient precision/recall/F1 per corpus and per category;
mode and modality agreement on the events whose category is right; the in-sample/out-of-fold gap.

Out of fold means: articles are dealt into K folds; each fold's articles are coded by a model
trained, calibrated and thresholded on the other folds only, through the whole engine (grammar,
actors, merging), and scored per sentence.

    .venv/bin/python benchmarks/accuracy.py [--learning-curve] [--json accuracy.json]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

from newsevents.cli.eval import print_article_report
from newsevents.eval import evaluate_article
from newsevents.eval.labelled import (
    LabelledScore,
    code_articles,
    evaluate_out_of_fold,
    score_by_corpus,
)
from newsevents.events.training import (
    Examples,
    TrainingRun,
    assemble_model,
    calibrated,
    calibration_size,
    fit_calibration,
    fit_views,
    folds_of,
    raw_scores,
    read_joined_labels,
    read_training_data,
    sentence_prf,
)
from newsevents.pipeline import Engine

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "data" / "seed_gold.json"
DATA = ROOT.parent / "shared" / "data"
LABELS = ROOT / "training" / "ngec_synthetic_sentences.jsonl"


def score_table(title: str, scores: dict[str, LabelledScore]) -> Table:
    table = Table(title=title)
    for col in ("corpus", "articles", "gold", "system", "type P", "type R", "type F1", "full P", "full R", "full F1",
                "parties|type", "mode", "modality"):
        table.add_column(col, justify="left" if col == "corpus" else "right")
    for name, s in scores.items():
        table.add_row(
            name, str(s.articles), str(s.gold_events), str(s.system_events),
            f"{s.type.precision:.3f}", f"{s.type.recall:.3f}", f"{s.type.f1:.3f}",
            f"{s.full.precision:.3f}", f"{s.full.recall:.3f}", f"{s.full.f1:.3f}",
            f"{s.parties_given_type:.3f}", f"{s.mode_accuracy:.3f}", f"{s.modality_accuracy:.3f}",
        )
    return table


def category_table(title: str, score: LabelledScore) -> Table:
    table = Table(title=title)
    for col in ("category", "precision", "recall", "F1"):
        table.add_column(col, justify="left" if col == "category" else "right")
    for name, prf in score.per_category.items():
        table.add_row(name, f"{prf.precision:.2f}", f"{prf.recall:.2f}", f"{prf.f1:.2f}")
    return table


def learning_curve(run: TrainingRun, fractions: tuple[float, ...]) -> dict[str, dict[str, float]]:
    """The detector's own out-of-fold sentence-type figures when each fold trains on a share of its articles."""
    ex: Examples = run.examples
    n = len(run.articles)  # scored articles first, then the train-only ones, which every fold trains on
    folds = folds_of(run.scored, len(run.fold_views))
    rng = np.random.default_rng(0)
    out: dict[str, dict[str, float]] = {}
    for fraction in fractions:
        scores = np.zeros_like(run.oof_scores)
        for held_out in folds:
            train = sorted(set(range(n)) - held_out)
            if fraction < 1.0:
                train = sorted(rng.choice(train, size=int(len(train) * fraction), replace=False).tolist())
            views = fit_views(ex, set(train))

            model = assemble_model(ex.categories, views, np.zeros(calibration_size(ex.categories)), 0.5, {})
            rows = [i for i, a in enumerate(ex.sentence_article) if a in held_out]
            scores[rows] = raw_scores(model, ex, rows)
        everything = run.scored_sentences()
        calibration = fit_calibration(ex, scores, everything)
        confidence = calibrated(ex, scores, everything, calibration)
        p, r, f1 = sentence_prf(ex, confidence, everything, run.model.threshold)
        out[f"{int(fraction * 100)}%"] = {"P": round(p, 3), "R": round(r, 3), "F1": round(f1, 3)}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=Path, default=SEED)
    parser.add_argument("--learning-curve", action="store_true")
    parser.add_argument(
        "--labels", type=Path, action="append", default=None,
        help=f"our sentence labels of other texts, training material only (default {LABELS.relative_to(ROOT)})",
    )
    parser.add_argument("--events", type=Path, default=None, help="write out-of-fold events per corpus here")
    parser.add_argument("--json", dest="json_out", default=None)
    args = parser.parse_args(argv)

    console = Console(width=160)
    engine = Engine(actor_files=[])
    report: dict[str, Any] = {}

    seed = evaluate_article(args.seed, engine_factory=lambda: engine)
    console.rule(f"seed article: {args.seed.name} (shipped model)")
    print_article_report(console, seed)
    report["seed"] = seed.model_dump(mode="json")

    if not args.data.is_dir():
        console.print(f"no labelled data in {args.data}: the labelled-news figures are skipped")
        return 0
    articles = read_training_data(args.data)
    for labels in [LABELS] if args.labels is None else args.labels:
        articles += read_joined_labels(labels, args.data)
    start = time.perf_counter()
    oof = evaluate_out_of_fold(articles, engine, folds=args.folds, log=lambda m: console.log(m))
    articles = [a for a in articles if not a.train_only]  # what is scored: the labelled real news
    console.rule(f"labelled news, out of fold ({args.folds} folds by article, {time.perf_counter() - start:.0f} s)")
    console.print(score_table("out of fold: every article coded by a model that never saw it", oof.scores))
    console.print(category_table("out of fold, per category (all corpora)", oof.scores["all"]))
    report["out_of_fold"] = {k: v.as_dict() for k, v in oof.scores.items()}

    in_sample = score_by_corpus(articles, code_articles(engine, articles))
    console.print(score_table("in sample: the shipped model on the articles it was trained on", in_sample))
    report["in_sample"] = {k: v.as_dict() for k, v in in_sample.items()}
    gap = in_sample["all"].type.f1 - oof.scores["all"].type.f1
    console.print(f"gap (in-sample minus out-of-fold type F1): {gap:.3f}")
    report["gap_type_f1"] = round(gap, 3)

    shipped = engine.event_model
    engine.event_model = None
    try:
        lexicon = score_by_corpus(articles, code_articles(engine, articles))
    finally:
        engine.event_model = shipped
    console.print(score_table("the trigger lexicon alone (before the model)", lexicon))
    report["lexicon_only"] = {k: v.as_dict() for k, v in lexicon.items()}

    if args.learning_curve:
        curve = learning_curve(oof.run, (0.25, 0.5, 1.0))
        console.rule("learning curve: detector alone, out-of-fold sentence types, share of training articles")
        for share, prf in curve.items():
            console.print(f"{share:>5}  P {prf['P']:.3f}  R {prf['R']:.3f}  F1 {prf['F1']:.3f}")
        report["learning_curve"] = curve

    if args.events:
        args.events.mkdir(parents=True, exist_ok=True)
        for corpus in sorted({a.corpus for a in articles}):
            path = args.events / f"{corpus}.events.jsonl"
            with path.open("w", encoding="utf-8") as fh:
                for a in articles:
                    if a.corpus == corpus:
                        for ev in oof.events.get(a.id, []):
                            fh.write(ev.model_dump_json() + "\n")
        console.print(f"out-of-fold events written to {args.events}/")

    if args.json_out:
        Path(args.json_out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
