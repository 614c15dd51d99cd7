"""The learned mode: labels, features, its view in the model file, and how the engine uses it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from newsevents.events.cameo import load_cameo_verbs
from newsevents.events.detector import EventModel, LinearView, load_event_model
from newsevents.events.lexicon import load_lexicon
from newsevents.events.modes import mode_features, mode_label, mode_of
from newsevents.ontology import default_ontology


def test_labels_round_trip() -> None:
    assert mode_label("ACCUSE", "allege") == "ACCUSE:allege"
    assert mode_label("AGREE", None) == "AGREE:none"
    assert mode_of("ACCUSE:allege") == "allege" and mode_of("AGREE:none") is None


def test_features_hold_the_lexicon_modes_and_the_phrase(engine: Any) -> None:
    doc = engine.nlp("Security forces fired tear gas at protesters.")
    token = next(t for t in doc if t.text == "fired")
    f = mode_features(token, load_lexicon("en"), load_cameo_verbs())
    assert f["l=fire"] == 1.0
    assert f["sub=gas"] == 0.5 and "sub=fire" not in f
    assert any(name.startswith("lexmode=") for name in f)


def _model(view: LinearView, labels: tuple[str, ...]) -> EventModel:
    empty = LinearView({"bias": 0}, np.zeros((1, 1), dtype=np.float32), np.zeros(1))
    return EventModel(
        categories=("ACCUSE",),
        detector=empty,
        categorizer=empty,
        sentence=empty,
        calibration=np.zeros(5),
        threshold=0.5,
        mode=view,
        mode_labels=labels,
    )


def test_mode_probabilities_stay_within_the_category_and_survive_the_file(tmp_path: Path) -> None:
    labels = ("ACCUSE:allege", "ACCUSE:disapprove", "COERCE:arrest")
    view = LinearView({"l=charge": 0}, np.array([[3.0, 0.0, 9.0]], dtype=np.float32), np.zeros(3))
    model = _model(view, labels)
    probs = model.mode_probabilities({"l=charge": 1.0}, "ACCUSE")
    assert set(probs) == {"ACCUSE:allege", "ACCUSE:disapprove"}
    assert max(probs, key=probs.__getitem__) == "ACCUSE:allege" and abs(sum(probs.values()) - 1) < 1e-6
    assert model.mode_probabilities({"l=charge": 1.0}, "ASSAULT") == {}
    path = tmp_path / "m.npz"
    model.save(path)
    again = EventModel.read(path)
    assert again.mode_labels == labels
    assert again.mode_probabilities({"l=charge": 1.0}, "ACCUSE") == probs


def test_packaged_model_has_mode_labels_of_the_ontology() -> None:
    model = load_event_model()
    ontology = default_ontology()
    assert model.mode is not None and len(model.mode_labels) > 20
    for label in model.mode_labels:
        category, mode = label.split(":", 1)
        assert mode == "none" or mode in ontology.categories[category].modes, label


def test_engine_keeps_the_lexicon_mode_and_gives_only_modes_of_the_category(engine: Any) -> None:
    ontology = default_ontology()
    text = (
        "Russia threatened to impose sanctions on Ukraine on Monday. The opposition criticised the budget. "
        "Police detained the opposition leader at his home. A drone strike killed two militants near the border."
    )
    events = engine.extract(text, published="2024-10-15")
    threat = next(e for e in events if e.event == "THREATEN")
    assert threat.mode == "restrict"  # the lexicon's sense ("impose sanctions") stands
    for event in events:
        assert event.mode is None or event.mode in ontology.categories[event.event].modes, event
