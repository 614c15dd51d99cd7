"""Training the detector: reading labels, aligning triggers, folds, determinism (on our own gold sentences)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from newsevents.events.training import (
    FOLDS,
    TRAIN_ONLY_WEIGHT,
    folds_of,
    read_joined_labels,
    read_labelled,
    read_sentence_gold,
    train,
    trigger_token,
)

OWN = Path(__file__).resolve().parents[1] / "data" / "own_sentences.jsonl"


def test_folds_cover_every_article_once() -> None:
    folds = folds_of(23, FOLDS)
    assert sorted(i for f in folds for i in f) == list(range(23))
    assert all(a.isdisjoint(b) for i, a in enumerate(folds) for b in folds[i + 1 :])


def test_trigger_head_is_found_in_its_sentence(engine: Any) -> None:
    text = "Rain fell. The court sentenced him to ten years in prison on Monday."
    doc = engine.nlp(text)
    token = trigger_token(doc, 11, len(text), "sentenced him")
    assert token is not None and token.text == "sentenced"
    assert trigger_token(doc, 0, 10, "sentenced") is None


def test_labelled_articles_are_read_with_their_sentences(tmp_path: Path) -> None:
    row = {
        "id": "a1",
        "text": "Police arrested ten people. It rained.",
        "published": "2020-01-02",
        "sentences": [
            {"start": 0, "end": 27, "events": [{"event": "COERCE", "trigger": "arrested", "alt_events": []}]},
            {"start": 28, "end": 38, "events": []},
        ],
    }
    path = tmp_path / "mini_labelled.jsonl"
    path.write_text(json.dumps(row) + "\n\n", encoding="utf-8")
    [article] = read_labelled(path)
    assert article.corpus == "mini_labelled" and len(article.sentences) == 2
    assert article.sentences[0].events[0]["event"] == "COERCE"


@pytest.fixture(scope="module")
def own_runs(engine: Any) -> tuple[Any, Any]:
    articles = read_sentence_gold(OWN)
    return train(articles, engine.nlp, k=3), train(articles, engine.nlp, k=3)


def test_training_is_deterministic(own_runs: tuple[Any, Any]) -> None:
    first, second = own_runs
    assert first.model.threshold == second.model.threshold
    np.testing.assert_array_equal(first.model.calibration, second.model.calibration)
    np.testing.assert_array_equal(first.model.sentence.weights, second.model.sentence.weights)
    np.testing.assert_array_equal(first.model.detector.weights, second.model.detector.weights)
    assert first.model.info == second.model.info


def test_out_of_fold_scores_come_from_models_that_did_not_see_the_sentence(own_runs: tuple[Any, Any]) -> None:
    run = own_runs[0]
    # per sentence and category: the token and sentence views combined, and the meaning view
    assert run.oof_scores.shape == (len(run.examples.sentence_rows), len(run.examples.categories), 2)
    assert len(run.fold_views) == 3
    # every gold trigger of our own sentences lies in a sentence labelled with its category
    labelled = sum(1 for labels in run.examples.sentence_labels if labels)
    assert labelled >= 0.95 * sum(1 for a in run.articles for s in a.sentences if s.events)


def _joined_fixture(tmp_path: Path) -> tuple[Path, Path]:
    """A texts file (as third-party data would be) and our offsets-only labels of it."""
    data = tmp_path / "data"
    data.mkdir()
    text = "Police arrested ten people in the capital. It rained all day."
    (data / "stories.jsonl").write_text(json.dumps({"id": "s1", "text": text}) + "\n", encoding="utf-8")
    start = text.index("arrested")
    labels = tmp_path / "our_labels.jsonl"
    rows = [
        {"source": "stories.jsonl"},
        {"id": "s1", "sentences": [
            {"start": 0, "end": 42, "events": [{"event": "COERCE", "alt_events": [], "trigger": [start, start + 8]}]},
            {"start": 43, "end": len(text), "events": []},
        ]},
    ]
    labels.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return labels, data


def test_our_labels_are_joined_with_the_texts_they_label(tmp_path: Path) -> None:
    labels, data = _joined_fixture(tmp_path)
    [story] = read_joined_labels(labels, data)
    assert story.train_only and story.corpus == "our_labels"
    assert story.sentences[0].events[0]["trigger"] == "arrested"  # offsets become the words
    assert story.sentences[1].events == []


def test_joined_labels_without_their_texts_are_a_clear_error(tmp_path: Path) -> None:
    labels, data = _joined_fixture(tmp_path)
    (data / "stories.jsonl").unlink()
    with pytest.raises(FileNotFoundError, match="not in"):
        read_joined_labels(labels, data)
    labels.write_text('{"id": "s1", "sentences": []}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="first line"):
        read_joined_labels(labels, data)


def test_train_only_articles_are_trained_on_but_never_scored(engine: Any, tmp_path: Path) -> None:
    labels, data = _joined_fixture(tmp_path)
    extra = read_joined_labels(labels, data)
    scored = read_sentence_gold(OWN)[:60]
    run = train(extra + scored, engine.nlp, k=3)  # train-only material first: train() puts it last
    assert run.scored == len(scored) and run.articles[-1].train_only
    assert run.model.info["train_only_articles"] == 1 and run.model.info["articles"] == len(scored)
    extra_sentences = [i for i, a in enumerate(run.examples.sentence_article) if a >= run.scored]
    assert extra_sentences and not set(extra_sentences) & set(run.scored_sentences())
    assert not run.oof_scores[extra_sentences].any()  # no fold held them out, so none scored them
    assert {run.examples.article_weights[a] for a in range(run.scored, len(run.articles))} == {TRAIN_ONLY_WEIGHT}
