"""The learned event detector: the packaged model, its file format, its decisions on clear sentences."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from newsevents.errors import ResourceError
from newsevents.events.cameo import load_cameo_verbs
from newsevents.events.combine import assess_sentence
from newsevents.events.detector import DenseView, EventModel, LinearView, calibration_inputs, load_event_model
from newsevents.events.lexicon import load_lexicon
from newsevents.ontology import default_ontology


@pytest.fixture(scope="module")
def model() -> EventModel:
    return load_event_model()


def _assess(engine: Any, model: EventModel, text: str) -> Any:
    sent = next(iter(engine.nlp(text).sents))
    return assess_sentence(sent, [], model, load_lexicon("en"), load_cameo_verbs())


def test_packaged_model_covers_the_ontology(model: EventModel) -> None:
    assert set(model.categories) == set(default_ontology().categories)
    assert 0.0 < model.threshold < 1.0
    assert model.meaning is not None and model.vectors is not None
    assert model.calibration.shape == (3 + len(model.categories) + 1 + 1,)  # the meaning view's input too
    assert model.info["articles"] > 100 and model.info["folds"] >= 2
    assert model.info["train_only_articles"] > 0  # our own labels of the synthetic stories


def test_clear_arrest_is_coerce_on_its_verb(engine: Any, model: EventModel) -> None:
    found = _assess(engine, model, "Police in Nairobi arrested 20 opposition activists on Monday.").detections()
    assert [d.category for d in found][:1] == ["COERCE"]
    assert found[0].token.text == "arrested"
    assert found[0].confidence >= model.threshold


def test_description_without_an_act_reports_nothing(engine: Any, model: EventModel) -> None:
    assessment = _assess(engine, model, "The river is 300 kilometres long and flows through three provinces.")
    assert assessment.detections() == []


def test_lexicon_agreement_raises_confidence(engine: Any, model: EventModel) -> None:
    sent = next(iter(engine.nlp("The ministry condemned the raid on the embassy.").sents))
    plain = assess_sentence(sent, [], model, load_lexicon("en"), load_cameo_verbs())
    vector = model.sentence_vector(sent.text)
    lexicon_said = model.assess(plain.tokens, _rows(sent), _sentence_row(sent), {"ACCUSE"}, vector)
    assert lexicon_said.confidence_of("ACCUSE") > plain.confidence_of("ACCUSE")
    assert lexicon_said.unaided[model.categories.index("ACCUSE")] == pytest.approx(plain.confidence_of("ACCUSE"))


def _rows(sent: Any) -> list[dict[str, float]]:
    from newsevents.events.features import candidate_features

    return candidate_features(sent, load_lexicon("en"), load_cameo_verbs())[1]


def _sentence_row(sent: Any) -> dict[str, float]:
    from newsevents.events.features import sentence_features

    return sentence_features(sent, _rows(sent))


def _tiny_model() -> EventModel:
    cats = ("ACCUSE", "COERCE")
    return EventModel(
        categories=cats,
        detector=LinearView({"l=arrest": 0, "bias": 1}, np.array([[3.0], [-1.0]], dtype=np.float32), np.zeros(1)),
        categorizer=LinearView({"l=arrest": 0}, np.array([[-1.0, 2.0]], dtype=np.float32), np.zeros(2)),
        sentence=LinearView({"bow=arrest": 0}, np.array([[0.0, 2.5]], dtype=np.float32), np.array([-1.0, -1.0])),
        calibration=np.array([1.0, 0.5, 0.0, 0.0, 0.0, 0.0]),
        threshold=0.4,
        info={"note": "test"},
    )


def test_meaning_view_reaches_paraphrases_the_labels_may_not_show(engine: Any, model: EventModel) -> None:
    # no lexicon vote: the views alone; the sentence vector places the paraphrase near arrests
    plain = _assess(engine, model, "Security officers took dozens of demonstrators into custody in the capital.")
    assert plain.meaning_probs is not None
    coerce = model.categories.index("COERCE")
    assert int(np.argmax(plain.meaning_probs)) == coerce
    calm = _assess(engine, model, "The river is 300 kilometres long and flows through three provinces.")
    assert calm.meaning_probs is not None and calm.meaning_probs[coerce] < plain.meaning_probs[coerce]


def test_a_model_with_a_meaning_view_needs_the_vector(engine: Any, model: EventModel) -> None:
    sent = next(iter(engine.nlp("Police arrested three men.").sents))
    with pytest.raises(ValueError, match="sentence's vector"):
        model.assess([], _rows(sent), _sentence_row(sent), set())


def test_meaning_view_is_saved_and_read(tmp_path: Path) -> None:
    tiny = _tiny_model()
    meaning = DenseView(np.array([[1.0, -1.0], [0.0, 2.0]]), np.array([0.0, -1.0]))
    with_view = replace(tiny, meaning=meaning, calibration=np.array([1.0, 0.5, 0.0, 0.0, 0.0, 1.0, 0.0]))
    path = tmp_path / "m.npz"
    with_view.save(path)
    again = EventModel.read(path)
    assert again.meaning is not None and again.vectors is not None
    vector = np.array([0.6, 0.8])
    np.testing.assert_allclose(again.meaning_probabilities(vector), with_view.meaning_probabilities(vector), atol=1e-6)


def test_save_and_read_give_the_same_scores(tmp_path: Path) -> None:
    model = _tiny_model()
    path = tmp_path / "m.npz"
    model.save(path)
    again = EventModel.read(path)
    rows = [{"l=arrest": 1.0, "bias": 1.0}, {"bias": 1.0}]
    assert again.categories == model.categories and again.info == {"note": "test"}
    np.testing.assert_allclose(again.token_probabilities(rows), model.token_probabilities(rows), atol=1e-3)
    np.testing.assert_allclose(again.calibration, model.calibration)


def test_unknown_features_are_ignored() -> None:
    view = LinearView({"a": 0}, np.array([[2.0]], dtype=np.float32), np.array([0.5]))
    np.testing.assert_allclose(view.scores([{"a": 1.0, "zzz": 5.0}, {}]), [[2.5], [0.5]])


def test_calibration_inputs_shape_and_lexicon_vote() -> None:
    score = np.array([[0.5, 0.9]])
    lexical = np.array([[0.0, 1.0]])
    inputs = calibration_inputs(score, lexical)
    assert inputs.shape == (1, 2, 5)
    assert inputs[0, 1, 1] == 1.0 and inputs[0, 1, 4] == 1.0 and inputs[0, 0, 3] == 0.0
    with_meaning = calibration_inputs(score, lexical, np.array([[0.5, 0.9]]))
    assert with_meaning.shape == (1, 2, 6)
    assert with_meaning[0, 0, 5] == pytest.approx(0.0) and with_meaning[0, 1, 5] == pytest.approx(np.log(9))


def test_unreadable_model_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(ResourceError, match="make model"):
        EventModel.read(bad)
