"""Sentence vectors for the meaning view: shipped, offline, unit length, paraphrases near each other."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newsevents.errors import ResourceError
from newsevents.events.meaning import SentenceVectors, load_sentence_vectors


def test_packaged_vectors_are_unit_length_and_small() -> None:
    vectors = load_sentence_vectors()
    out = vectors.encode(["Police arrested 20 protesters.", "The ministry condemned the attack."])
    assert out.shape == (2, vectors.dimensions) and vectors.dimensions == 64
    np.testing.assert_allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-5)


def test_paraphrases_are_nearer_than_unrelated_sentences() -> None:
    arrest, detain, weather = load_sentence_vectors().encode([
        "Police arrested dozens of protesters in the capital.",
        "Officers detained many demonstrators in the city.",
        "Rain is expected across the north on Friday.",
    ])
    assert float(arrest @ detain) > float(arrest @ weather) + 0.2


def test_empty_inputs() -> None:
    vectors = load_sentence_vectors()
    assert vectors.encode([]).shape == (0, vectors.dimensions)
    blank = vectors.encode([""])
    assert blank.shape == (1, vectors.dimensions) and not np.isnan(blank).any()


def test_unreadable_vectors_are_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ResourceError, match="sentence vectors"):
        SentenceVectors(tmp_path)


def test_a_path_that_is_no_local_folder_is_never_looked_up_elsewhere(tmp_path: Path) -> None:
    with pytest.raises(ResourceError, match="missing"):
        SentenceVectors(tmp_path / "sentence-transformers" / "all-MiniLM-L6-v2")
