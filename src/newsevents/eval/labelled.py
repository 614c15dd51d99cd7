"""Scoring events against news labelled sentence by sentence, and out-of-fold evaluation of the detector.

In: labelled articles (`events.training.LabelledArticle`: every sentence with the events a careful
coder found in it) and the engine's `Event`s for them. Out: `LabelledScore` (type and
type+actor+recipient precision, recall and F1, per category) and, for out-of-fold runs, the
events each fold's model coded on the articles it never saw.

Scoring, per gold sentence: an event belongs to every sentence its evidence (the sentence of the
event or any of its mentions) overlaps. A gold event is found when an event there has its
category or one of its alternatives; an event is correct when it matches some gold event of its
sentence that way. "Full" also needs the parties to agree: each gold side that names country
codes shares one with the event's side ("---" never counts). Each mention of a merged event
counts in its own sentence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsevents.record import Article, Event


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, correct: int, system: int, found: int, gold: int) -> PRF:
        p = correct / system if system else 0.0
        r = found / gold if gold else 0.0
        return cls(round(p, 3), round(r, 3), round(2 * p * r / (p + r), 3) if p + r else 0.0)

    def __str__(self) -> str:
        return f"P {self.precision:.3f} R {self.recall:.3f} F1 {self.f1:.3f}"


@dataclass
class LabelledScore:
    articles: int = 0
    sentences: int = 0
    gold_events: int = 0
    system_events: int = 0
    type: PRF = field(default_factory=lambda: PRF(0, 0, 0))
    full: PRF = field(default_factory=lambda: PRF(0, 0, 0))
    per_category: dict[str, PRF] = field(default_factory=dict)
    # given the category is right, how often the actor and recipient codes agree
    parties_given_type: float = 0.0
    # of the events whose category is right: the share with the gold's mode (where it gives one) and modality
    mode_accuracy: float = 0.0
    modality_accuracy: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "sentences": self.sentences,
            "gold_events": self.gold_events,
            "system_events": self.system_events,
            "type": vars(self.type),
            "full": vars(self.full),
            "parties_given_type": self.parties_given_type,
            "mode_accuracy": self.mode_accuracy,
            "modality_accuracy": self.modality_accuracy,
            "per_category": {k: vars(v) for k, v in self.per_category.items()},
        }


def _codes(entities: Iterable[Any]) -> set[str]:
    out = set()
    for e in entities or []:
        code = e.get("code") if isinstance(e, dict) else getattr(e, "code", None)
        if code and code != "---":
            out.add(str(code).upper())
    return out


def _parties_agree(event: Event, gold: Mapping[str, Any]) -> bool:
    actor, recipient = _codes(gold.get("actor") or []), _codes(gold.get("recipient") or [])
    return (not actor or bool(actor & _codes(event.actor))) and (
        not recipient or bool(recipient & _codes(event.recipient))
    )


def _spans(event: Event) -> list[tuple[int, int]]:
    spans = [(event.text_info.start, event.text_info.end)]
    spans += [(m.start, m.end) for m in event.mentions]
    return spans


def _accepts(gold: Mapping[str, Any]) -> set[str]:
    return {str(gold["event"]), *(str(c) for c in gold.get("alt_events") or [])}


def score_labelled(articles: Sequence[Any], events: Mapping[str, Sequence[Event]]) -> LabelledScore:
    """Score `events` (by article id) against sentence-labelled `articles` (`LabelledArticle`s)."""
    n: Counter[str] = Counter()
    per_cat: dict[str, Counter[str]] = {}
    for article in articles:
        mine = events.get(article.id, [])
        for sent in article.sentences:
            here = [e for e in mine if any(a < sent.end and sent.start < b for a, b in _spans(e))]
            n["sentences"] += 1
            n["gold"] += len(sent.events)
            n["system"] += len(here)
            for gold in sent.events:
                counts = per_cat.setdefault(str(gold["event"]), Counter())
                counts["gold"] += 1
                typed = [e for e in here if e.event in _accepts(gold)]
                if typed:
                    n["found"] += 1
                    counts["found"] += 1
                    if any(_parties_agree(e, gold) for e in typed):
                        n["found_full"] += 1
            for event in here:
                counts = per_cat.setdefault(event.event, Counter())
                counts["system"] += 1
                match = [g for g in sent.events if event.event in _accepts(g)]
                if match:
                    n["correct"] += 1
                    counts["correct"] += 1
                    _field_agreement(event, match[0], n)
                    if any(_parties_agree(event, g) for g in match):
                        n["correct_full"] += 1
    return LabelledScore(
        articles=len(articles),
        sentences=n["sentences"],
        gold_events=n["gold"],
        system_events=n["system"],
        type=PRF.of(n["correct"], n["system"], n["found"], n["gold"]),
        full=PRF.of(n["correct_full"], n["system"], n["found_full"], n["gold"]),
        per_category={
            k: PRF.of(v["correct"], v["system"], v["found"], v["gold"]) for k, v in sorted(per_cat.items())
        },
        parties_given_type=round(n["correct_full"] / n["correct"], 3) if n["correct"] else 0.0,
        mode_accuracy=round(n["mode_right"] / n["mode_gold"], 3) if n["mode_gold"] else 0.0,
        modality_accuracy=round(n["modality_right"] / n["modality_gold"], 3) if n["modality_gold"] else 0.0,
    )


def _field_agreement(event: Event, gold: Mapping[str, Any], n: Counter[str]) -> None:
    if gold.get("mode") and event.event == gold.get("event"):
        n["mode_gold"] += 1
        n["mode_right"] += event.mode == gold["mode"]
    if gold.get("modality"):
        n["modality_gold"] += 1
        n["modality_right"] += event.modality == gold["modality"]


def code_articles(engine: Any, articles: Sequence[Any]) -> dict[str, list[Event]]:
    """Run `engine` (an `Engine`) on labelled articles; events by article id."""
    inputs = [Article(id=a.id, text=a.text, published=a.published or None) for a in articles]
    return {article.id: events for article, events in engine.process(inputs)}


def score_by_corpus(
    articles: Sequence[Any], events: Mapping[str, Sequence[Event]]
) -> dict[str, LabelledScore]:
    """One score per corpus (the file each article came from) and one over all of them ("all")."""
    corpora: dict[str, list[Any]] = {}
    for article in articles:
        corpora.setdefault(article.corpus, []).append(article)
    out = {name: score_labelled(group, events) for name, group in sorted(corpora.items())}
    out["all"] = score_labelled(articles, events)
    return out


def out_of_fold_events(
    folds: Sequence[set[int]],
    articles: Sequence[Any],
    engine_for_fold: Callable[[int], Any],
    *,
    progress: Callable[[int], None] | None = None,
) -> dict[str, list[Event]]:
    """Events of every article, coded by the engine of the fold that held the article out."""
    out: dict[str, list[Event]] = {}
    for f, held_out in enumerate(folds):
        engine = engine_for_fold(f)
        out.update(code_articles(engine, [articles[i] for i in sorted(held_out)]))
        if progress is not None:
            progress(f + 1)
    return out


@dataclass
class OutOfFold:
    """A cross-validated training run and what its fold models coded on the articles they never saw."""

    run: Any  # events.training.TrainingRun
    events: dict[str, list[Event]]
    scores: dict[str, LabelledScore]


def evaluate_out_of_fold(
    articles: Sequence[Any],
    engine: Any,
    *,
    folds: int = 5,
    log: Callable[[str], None] = lambda message: None,
) -> OutOfFold:
    """Train with cross-validation by article, code each fold's articles with the model that did not see
    them (calibrated on the other folds only), and score everything per corpus.

    `engine` is an `Engine`; its `event_model` is swapped fold by fold and restored afterwards.
    """
    from newsevents.events.training import fold_model, folds_of, train

    run = train(list(articles), engine.nlp, k=folds, log=log)
    articles = run.articles[: run.scored]  # train-only material is neither coded nor scored
    shipped = engine.event_model
    try:

        def engine_for(fold: int) -> Any:
            engine.event_model = fold_model(run, fold)
            return engine

        events = out_of_fold_events(
            folds_of(run.scored, folds), articles, engine_for, progress=lambda f: log(f"fold {f}/{folds} coded")
        )
    finally:
        engine.event_model = shipped
    return OutOfFold(run, events, score_by_corpus(articles, events))
