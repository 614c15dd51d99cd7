"""The learned modality: its features, its view in the model file, and what the engine makes of it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from newsevents.events.detector import EventModel, LinearView, load_event_model
from newsevents.events.lexicon import load_lexicon
from newsevents.events.tense import MODALITY_CLASSES, grammar_modality, modality_features
from newsevents.events.training import Examples, fit_modality_view
from newsevents.timex import event_date

PUBLISHED = dt.date(2019, 6, 1)


def _trigger(engine: Any, text: str, word: str) -> Any:
    doc = engine.nlp(text)
    return next(t for t in doc if t.text == word)


def _features(engine: Any, text: str, word: str, category: str = "ASSAULT", position: int = 0) -> dict[str, float]:
    token = _trigger(engine, text, word)
    lexicon = load_lexicon("en")
    return modality_features(
        token,
        lexicon,
        category=category,
        rule=grammar_modality(token, lexicon),
        when=event_date(token.sent, token, PUBLISHED),
        published=PUBLISHED,
        position=position,
    )


def test_features_carry_tense_dates_category_and_place(engine: Any) -> None:
    past = _features(engine, "Rebels had attacked the town in 2011.", "attacked", position=9)
    assert past["v0aux=have|VBD"] == 1.0
    assert past["year=past"] == 1.0 and past["when=years"] == 1.0
    assert past["category=ASSAULT"] == 1.0 and past["rule=asserted"] == 1.0
    assert past["position=late"] == 1.0
    future = _features(engine, "The ministers will meet in Geneva next week.", "meet", category="CONSULT")
    assert future["rule=planned"] == 1.0 and future["when=future"] == 1.0
    assert future["category|rule=CONSULT|planned"] == 1.0 and future["position=lede"] == 1.0
    undated = _features(engine, "Police are arresting protesters.", "arresting", category="COERCE")
    assert undated["when=none"] == 1.0 and "v0aux=be|VBP" in undated


def test_modality_view_learns_from_gold_rows_and_never_gives_unseen_readings() -> None:
    ex = Examples(categories=("ASSAULT",))
    for article in range(6):
        for _ in range(3):
            ex.modality_rows.append({"bias": 1.0, "when=years": 1.0})
            ex.modality_labels.append("historical")
            ex.modality_article.append(article)
            ex.modality_rows.append({"bias": 1.0, "when=same-day": 1.0})
            ex.modality_labels.append("asserted")
            ex.modality_article.append(article)
    view = fit_modality_view(ex, set(range(6)))
    assert view is not None
    model = _model_with(view)
    old = model.modality_probabilities({"bias": 1.0, "when=years": 1.0})
    new = model.modality_probabilities({"bias": 1.0, "when=same-day": 1.0})
    assert old is not None and new is not None
    assert MODALITY_CLASSES[int(old.argmax())] == "historical"
    assert MODALITY_CLASSES[int(new.argmax())] == "asserted"
    assert old[MODALITY_CLASSES.index("planned")] < 1e-6  # never seen in training


def test_modality_view_needs_two_readings() -> None:
    ex = Examples(categories=("ASSAULT",))
    ex.modality_rows.append({"bias": 1.0})
    ex.modality_labels.append("asserted")
    ex.modality_article.append(0)
    assert fit_modality_view(ex, {0}) is None


def test_model_file_keeps_the_modality_view(tmp_path: Path) -> None:
    view = LinearView({"bias": 0}, np.array([[0.0, 2.0, 0.0, 0.0]], dtype=np.float32), np.zeros(4))
    model = _model_with(view)
    path = tmp_path / "m.npz"
    model.save(path)
    again = EventModel.read(path)
    probs = again.modality_probabilities({"bias": 1.0})
    assert probs is not None and MODALITY_CLASSES[int(probs.argmax())] == "historical"
    without = _model_with(None)
    without.save(path)
    assert EventModel.read(path).modality_probabilities({"bias": 1.0}) is None


def test_packaged_model_has_a_modality_view() -> None:
    assert load_event_model().modality is not None


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Police arrested 20 protesters in Nairobi on Friday.", "asserted"),
        ("In 2011, government forces killed hundreds of protesters in the capital.", "historical"),
    ],
)
def test_engine_modality_on_clear_sentences(engine: Any, text: str, modality: str) -> None:
    events = engine.extract(text, published="2019-06-01")
    assert events, text
    assert events[0].modality == modality


def test_a_changed_reading_is_explained(engine: Any) -> None:
    events = engine.extract("Japan will provide food aid to North Korea.", published="2019-06-01")
    agree = next(e for e in events if e.event == "AGREE")
    # the grammar reads "will provide" as planned; the promise itself is asserted, as the coders code it
    assert agree.modality == "asserted"
    assert any(d.startswith("modality asserted") and "grammar read planned" in d for d in agree.decisions)


def _model_with(view: LinearView | None) -> EventModel:
    return EventModel(
        categories=("ASSAULT",),
        detector=LinearView({"bias": 0}, np.zeros((1, 1), dtype=np.float32), np.zeros(1)),
        categorizer=LinearView({"bias": 0}, np.zeros((1, 1), dtype=np.float32), np.zeros(1)),
        sentence=LinearView({"bias": 0}, np.zeros((1, 1), dtype=np.float32), np.zeros(1)),
        calibration=np.zeros(5),
        threshold=0.5,
        modality=view,
    )
