"""Training and cross-validating the date and place ranker of `events.setting`.

In: sentence-labelled news (`../shared/data/*_labelled.jsonl`, read in place) and our date and place
labels of its events (`benchmarks/data/fields_gold_*.jsonl`: one line per gold event, keyed by
article id, sentence and event index). Out: a `SettingModel` (`events/data/setting_model.json`)
and its figures: date and place accuracy on the gold events the engine finds, for the sentence
rules alone, the ranker out of fold (cross-validated by article) and in sample.

    .venv/bin/python -m newsevents.events.setting_training --data ../shared/data \\
        --gold benchmarks/data/fields_gold_wikinews_2020.jsonl --out src/newsevents/events/data/setting_model.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize
from sklearn.feature_extraction import DictVectorizer

from newsevents.errors import InputError
from newsevents.events.setting import Candidate, Ranker, SettingModel, StoryContext, place_name
from newsevents.events.training import LabelledArticle, read_labelled
from newsevents.record import Event, Location

__all__ = ["Example", "collect_examples", "date_right", "fit_ranker", "place_right", "read_field_gold"]

C = 0.3
FOLDS = 5
SEED = 0
Key = tuple[str, int, int]


def _start(date: str) -> dt.date:
    parts = [int(p) for p in date.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def date_range(date: str | None) -> tuple[dt.date, dt.date] | None:
    """The days an ISO date of year, month or day precision covers."""
    if not date:
        return None
    start = _start(date)
    parts = date.split("-")
    if len(parts) == 1:
        return start, dt.date(start.year, 12, 31)
    if len(parts) == 2:
        nxt = dt.date(start.year + (start.month == 12), start.month % 12 + 1, 1)
        return start, nxt - dt.timedelta(days=1)
    return start, start


def date_right(engine: str | None, gold: str | None) -> bool:
    """The engine's date agrees with the gold's: the same, or more precise and inside it; none with none."""
    e, g = date_range(engine), date_range(gold)
    if e is None or g is None:
        return e is None and g is None
    return g[0] <= e[0] and e[1] <= g[1]


def place_right(loc: Location | None, gold: dict[str, Any]) -> tuple[bool, bool]:
    """(the place is the gold's, its country is the gold's); no place agrees with no place."""
    if not gold.get("place"):
        return loc is None, loc is None
    if loc is None:
        return False, False
    same_country = (loc.country_code or "") == (gold.get("place_country") or "")
    same_place = place_name(loc.name) == place_name(gold["place"]) or (
        gold.get("place_kind") == "country" and loc.feature == "country" and same_country
    )
    return same_place, same_country


def read_field_gold(paths: Sequence[Path]) -> dict[Key, dict[str, Any]]:
    """Date and place labels by (article id, sentence index, event index); the first label of a key wins."""
    out: dict[Key, dict[str, Any]] = {}
    for path in paths:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise InputError(str(path), f"cannot read date and place labels ({exc.strerror or exc})") from exc
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                key = (str(row["article_id"]), int(row["sentence"]), int(row["event_index"]))
                date_range(row.get("date"))  # an ISO date of year, month or day precision, or null
                if not isinstance(row.get("place") or "", str):
                    raise TypeError(f"place {row.get('place')!r} is not a name")
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                raise InputError(f"{path}:{n}", f"not a date and place label ({exc})") from exc
            out.setdefault(key, row)
    return out


@dataclass
class Example:
    """One gold event the engine found: its date and place candidates, which are right, and the rules' values."""

    article: str
    gold: dict[str, Any]
    dates: list[Candidate]
    date_labels: list[bool]
    places: list[Candidate]
    place_labels: list[bool]
    rules_date: str | None
    rules_place: Location | None


def _recording_engine() -> Any:
    from newsevents.pipeline import Engine

    class Recording(Engine):
        """The engine without the ranker, keeping each article's story and events for training."""

        def __init__(self) -> None:
            super().__init__(actor_files=[], setting_model=None)
            self.stories: list[tuple[StoryContext, list[Event]]] = []

        def _settle(
            self, doc: Any, events: list[Event], published: dt.date | None, context_countries: list[str]
        ) -> list[Event]:
            self.stories.append((self._story(doc, published, context_countries), list(events)))
            return events

    return Recording()


def collect_examples(
    articles: Sequence[LabelledArticle], gold: dict[Key, dict[str, Any]], *, progress: bool = False
) -> list[Example]:
    """Code each article that has labels and pair its gold events with the engine's (same sentence and
    category, or one of the gold's alternatives): the candidates of each pair are training rows."""
    from newsevents.record import Article

    engine = _recording_engine()
    labelled = [a for a in articles if any(k[0] == a.id for k in gold)]
    out: list[Example] = []
    for n, art in enumerate(labelled, 1):
        if progress:
            print(f"\r  coding {n}/{len(labelled)}", end="", flush=True)
        engine.stories.clear()
        published = dt.date.fromisoformat(art.published) if art.published else None
        engine.extract_article(Article(id=art.id, text=art.text, published=published))
        for story, events in engine.stories:
            if len(story.doc.text) != len(art.text):
                continue  # a piece of a long article: its offsets are the piece's, not the article's
            for si, sent in enumerate(art.sentences):
                here = [e for e in events if sent.start <= e.text_info.start < sent.end]
                for ei, gold_event in enumerate(sent.events):
                    labels = gold.get((art.id, si, ei))
                    accepted = {gold_event["event"], *(gold_event.get("alt_events") or [])}
                    typed = [e for e in here if e.event in accepted]
                    if labels is None or not typed:
                        continue
                    event = typed[0]
                    trigger = story.trigger_of(event)
                    if trigger is None:
                        continue
                    dates = story.date_candidates(event, trigger)
                    places = story.place_candidates(event, trigger)
                    out.append(
                        Example(
                            art.id,
                            labels,
                            dates,
                            [date_right(c.iso, labels.get("date")) for c in dates],
                            places,
                            [
                                place_right(c.value if isinstance(c.value, Location) else None, labels)[0]
                                for c in places
                            ],
                            event.date,
                            event.event_loc,
                        )
                    )
    if progress:
        print()
    return out


def fit_ranker(groups: Sequence[tuple[list[Candidate], list[bool]]], *, c: float = C) -> Ranker:
    """A conditional logit over each event's candidates: the softmax of their linear scores, fitted so
    that the right candidates (any of them) take the probability; L2-penalised with strength 1/c.
    Events none of whose candidates is right teach nothing and are left out."""
    kept = [(cands, labels) for cands, labels in groups if any(labels) and len(cands) > 1]
    if not kept:
        return Ranker({})
    vec = DictVectorizer(sort=True)
    x = vec.fit_transform([cand.features for cands, _ in kept for cand in cands]).tocsr()
    right = np.array([label for _, labels in kept for label in labels], dtype=bool)
    sizes = np.array([len(cands) for cands, _ in kept])
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    group = np.repeat(np.arange(len(kept)), sizes)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = x @ w
        top = np.maximum.reduceat(s, starts)[group]
        e = np.exp(s - top)
        z = np.add.reduceat(e, starts)
        er = np.where(right, e, 0.0)
        zr = np.add.reduceat(er, starts)
        value = float(np.sum(np.log(z) - np.log(zr))) + 0.5 / c * float(w @ w)
        p = e / z[group] - er / zr[group]
        return value, np.asarray(x.T @ p).ravel() + w / c

    found = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": 1000})
    if not found.success:
        print(f"  ranker fit: {found.message} after {found.nit} iterations", file=sys.stderr)
    names = vec.get_feature_names_out()
    weights = {str(k): round(float(w), 6) for k, w in zip(names, found.x, strict=True) if abs(w) > 1e-6}
    return Ranker(weights)


def _fit(examples: Sequence[Example], c: float) -> SettingModel:
    return SettingModel(
        date=fit_ranker([(e.dates, e.date_labels) for e in examples], c=c),
        place=fit_ranker([(e.places, e.place_labels) for e in examples], c=c),
    )


@dataclass
class Figures:
    events: int = 0
    dated: int = 0
    date_right: int = 0
    undated: int = 0
    undated_right: int = 0
    place_right: int = 0
    country_right: int = 0
    placed: int = 0
    placed_right: int = 0

    def add(self, gold: dict[str, Any], date: str | None, place: Location | None) -> None:
        self.events += 1
        if gold.get("date"):
            self.dated += 1
            self.date_right += date_right(date, gold["date"])
        else:
            self.undated += 1
            self.undated_right += date is None
        same, country = place_right(place, gold)
        self.place_right += same
        self.country_right += country
        if gold.get("place"):
            self.placed += 1
            self.placed_right += same

    def as_dict(self) -> dict[str, Any]:
        def share(a: int, b: int) -> float:
            return round(a / b, 3) if b else 0.0

        return {
            "events": self.events,
            "date_accuracy_gold_dated": share(self.date_right, self.dated),
            "undated_left_undated": share(self.undated_right, self.undated),
            "place_accuracy_all": share(self.place_right, self.events),
            "place_country_accuracy_all": share(self.country_right, self.events),
            "place_accuracy_gold_placed": share(self.placed_right, self.placed),
        }


def _apply(model: SettingModel, example: Example) -> tuple[str | None, Location | None]:
    date = model.date.choose(example.dates)
    place = model.place.choose(example.places)
    return date.iso, place.value if isinstance(place.value, Location) else None


def evaluate(examples: Sequence[Example], *, folds: int = FOLDS, c: float = C) -> dict[str, dict[str, Any]]:
    """The rules' figures, the ranker's out of fold (by article) and in sample."""
    ids = sorted({e.article for e in examples})
    random.Random(SEED).shuffle(ids)
    fold_of = {a: i % folds for i, a in enumerate(ids)}
    rules, oof, insample = Figures(), Figures(), Figures()
    for example in examples:
        rules.add(example.gold, example.rules_date, example.rules_place)
    for k in range(folds):
        train = [e for e in examples if fold_of[e.article] != k]
        model = _fit(train, c)
        for example in examples:
            if fold_of[example.article] == k:
                oof.add(example.gold, *_apply(model, example))
    full = _fit(examples, c)
    for example in examples:
        insample.add(example.gold, *_apply(full, example))
    return {"rules": rules.as_dict(), "out_of_fold": oof.as_dict(), "in_sample": insample.as_dict()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"), help="the labelled news")
    parser.add_argument("--gold", type=Path, action="append", required=True, help="date and place labels (ours)")
    parser.add_argument("--out", type=Path, default=None, help="where to write the model")
    parser.add_argument("--folds", type=int, default=FOLDS)
    parser.add_argument("--c", type=float, default=C, help="inverse regularisation strength")
    parser.add_argument("--json", type=Path, default=None, help="keep the figures")
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    gold = read_field_gold(args.gold)
    wanted = sorted({k[0].split("-")[0] for k in gold})
    articles: list[LabelledArticle] = []
    for path in sorted(args.data.glob("*_labelled.jsonl")):
        articles.extend(read_labelled(path))
    articles = [a for a in articles if any(a.id.startswith(p + "-") for p in wanted)]
    print(f"{len(gold)} labelled events in {len({k[0] for k in gold})} articles")
    examples = collect_examples(articles, gold, progress=True)
    print(f"{len(examples)} of them found by the engine")
    if not examples:
        raise InputError(str(args.data), "no labelled article with date and place labels found there; no model written")
    figures = evaluate(examples, folds=args.folds, c=args.c)
    for name, row in figures.items():
        print(f"  {name:12} " + "  ".join(f"{k} {v}" for k, v in row.items()))
    if args.out is not None:
        model = _fit(examples, args.c)
        model.info = {"events": len(examples), "c": args.c, "figures": figures}
        model.save(args.out)
        print(f"model written to {args.out}")
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
