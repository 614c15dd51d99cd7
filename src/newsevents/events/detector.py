"""The learned event detector: which PLOVER categories a sentence reports, and through which word.

In: a parsed sentence (spaCy `Span`), its candidate trigger tokens and their features
(`events.features`). Out: `Detection`s: a category, the calibrated probability that the
sentence reports an event of it, and the candidate token that expresses it best.

Three linear views are combined, all trained on sentence-labelled news
(`events.training`, `make model`):
- a token view: is this word a trigger at all (logistic), and of which category
  (softmax over the 16 categories, trained on triggers only);
- a sentence view: does the sentence report an event of each category (one logistic
  per category over the sentence's words and its candidates' strongest features);
- a meaning view: the same question asked of the sentence's static vector
  (`events.meaning`), which places paraphrases near each other and so reaches words
  the labels never showed.
A category's score is the geometric mean of the sentence view and the best token's
probability; a logistic fitted on out-of-fold scores turns it, the meaning view's
probability and the lexicon's vote into the probability that the category is right
(`confidence`). The model is numpy arrays in one
`.npz` file inside the package: no scikit-learn is needed to run it.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Token

from newsevents.errors import ResourceError
from newsevents.events.meaning import SentenceVectors, load_sentence_vectors

MODEL_FILE = "event_model.npz"


@dataclass(frozen=True)
class LinearView:
    """A linear layer over named sparse features: `weights[feature] . values + bias`."""

    index: Mapping[str, int]
    weights: np.ndarray  # (features, outputs)
    bias: np.ndarray  # (outputs,)

    def scores(self, rows: Sequence[Mapping[str, float]]) -> np.ndarray:
        """Raw scores (rows, outputs) of feature dicts; unknown features are ignored."""
        out = np.tile(self.bias.astype(np.float64), (len(rows), 1))
        index = self.index
        at: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        for r, feats in enumerate(rows):
            for name, value in feats.items():
                col = index.get(name)
                if col is not None:
                    at.append(r)
                    cols.append(col)
                    vals.append(value)
        if cols:
            np.add.at(out, np.array(at), self.weights[cols] * np.array(vals)[:, None])
        return out


@dataclass(frozen=True)
class DenseView:
    """A linear layer over a dense vector: `vector . weights + bias`, one output per category."""

    weights: np.ndarray  # (dimensions, outputs)
    bias: np.ndarray  # (outputs,)

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """Sigmoid of the scores, shape (vectors, outputs)."""
        return _sigmoid(np.asarray(vectors, dtype=np.float64) @ self.weights + self.bias)


@dataclass(frozen=True)
class Detection:
    """One category a sentence reports, with the word that says it best."""

    category: str
    confidence: float
    token: Token
    token_probability: float
    sentence_probability: float


@dataclass(frozen=True)
class Assessment:
    """What the model says of one sentence: per category, its confidence and its best word."""

    model: EventModel
    tokens: list[Token]
    token_probs: np.ndarray  # (tokens, categories)
    sentence_probs: np.ndarray  # (categories,)
    confidence: np.ndarray  # (categories,)
    unaided: np.ndarray  # (categories,) the confidence the views give without the lexicon's word
    meaning_probs: np.ndarray | None = None  # (categories,) the meaning view's, when the model has it

    def confidence_of(self, category: str) -> float:
        return float(self.confidence[self.model.categories.index(category)])

    def detections(self, threshold: float | None = None) -> list[Detection]:
        """The categories whose confidence reaches `threshold` (default: the model's), most confident first."""
        if not self.tokens:
            return []
        cut = self.model.threshold if threshold is None else threshold
        found: list[Detection] = []
        for c in np.argsort(-self.confidence, kind="stable"):
            if self.confidence[c] < cut:
                break
            best = int(self.token_probs[:, c].argmax())
            found.append(
                Detection(
                    category=self.model.categories[c],
                    confidence=float(self.confidence[c]),
                    token=self.tokens[best],
                    token_probability=float(self.token_probs[best, c]),
                    sentence_probability=float(self.sentence_probs[c]),
                )
            )
        return found


@dataclass(frozen=True)
class EventModel:
    """Token and sentence views, calibration and the decision threshold."""

    categories: tuple[str, ...]
    detector: LinearView  # one output: is the token a trigger
    categorizer: LinearView  # one output per category, softmax
    sentence: LinearView  # one output per category, sigmoid
    calibration: np.ndarray  # weights of `calibration_inputs`, then the bias
    threshold: float
    info: dict[str, Any] = field(default_factory=dict)
    modality: LinearView | None = None  # softmax over MODALITY_CLASSES (events.tense)
    mode: LinearView | None = None  # softmax over `mode_labels` ("CATEGORY:mode", events.modes)
    mode_labels: tuple[str, ...] = ()
    meaning: DenseView | None = None  # one sigmoid per category over the sentence's vector
    vectors: SentenceVectors | None = field(default=None, compare=False)  # what the meaning view reads

    def sentence_vector(self, text: str) -> np.ndarray | None:
        """The sentence's vector for the meaning view (None when the model has no such view)."""
        if self.meaning is None or self.vectors is None:
            return None
        return self.vectors.encode([text])[0]

    def token_probabilities(self, token_rows: Sequence[Mapping[str, float]]) -> np.ndarray:
        """P(token is a trigger of category c), shape (tokens, categories)."""
        if not token_rows:
            return np.zeros((0, len(self.categories)))
        trigger = _sigmoid(self.detector.scores(token_rows)[:, 0])
        logits = self.categorizer.scores(token_rows)
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return trigger[:, None] * (exp / exp.sum(axis=1, keepdims=True))

    def modality_probabilities(self, row: Mapping[str, float]) -> np.ndarray | None:
        """P(modality) over `events.tense.MODALITY_CLASSES` for one event's features; None without the view."""
        if self.modality is None:
            return None
        logits = self.modality.scores([row])[0]
        exp = np.exp(logits - logits.max())
        return np.asarray(exp / exp.sum())

    def mode_probabilities(self, row: Mapping[str, float], category: str) -> dict[str, float]:
        """P(label) over the mode labels of `category` for one event's features (empty without them)."""
        if self.mode is None:
            return {}
        own = [i for i, label in enumerate(self.mode_labels) if label.startswith(f"{category}:")]
        if not own:
            return {}
        logits = self.mode.scores([row])[0][own]
        exp = np.exp(logits - logits.max())
        return {self.mode_labels[i]: float(p) for i, p in zip(own, exp / exp.sum(), strict=True)}

    def sentence_probabilities(self, sentence_row: Mapping[str, float]) -> np.ndarray:
        """P(sentence reports category c), shape (categories,)."""
        return _sigmoid(self.sentence.scores([sentence_row])[0])

    def combine(
        self,
        token_probs: np.ndarray,
        sentence_probs: np.ndarray,
        lexical: np.ndarray,
        meaning_probs: np.ndarray | None = None,
    ) -> np.ndarray:
        """Calibrated confidence per category from the views and the lexicon's categories (0/1 each)."""
        best = token_probs.max(axis=0) if len(token_probs) else np.zeros(len(self.categories))
        return self.calibrate(np.sqrt(best * sentence_probs), lexical, meaning_probs)

    def calibrate(self, score: np.ndarray, lexical: np.ndarray, meaning: np.ndarray | None = None) -> np.ndarray:
        inputs = calibration_inputs(score, lexical, meaning if self.meaning is not None else None)
        return np.asarray(_sigmoid(inputs @ self.calibration[:-1] + self.calibration[-1]))

    def lexical_vector(self, categories: Collection[str]) -> np.ndarray:
        return np.array([c in categories for c in self.categories], dtype=np.float64)

    def assess(
        self,
        tokens: Sequence[Token],
        token_rows: Sequence[Mapping[str, float]],
        sentence_row: Mapping[str, float],
        lexical: Collection[str] = (),
        vector: np.ndarray | None = None,
    ) -> Assessment:
        """The views, and the calibrated confidence of every category for one sentence given the
        categories the trigger lexicon found in it and the sentence's vector (`sentence_vector`)."""
        token_probs = self.token_probabilities(token_rows)
        sentence_probs = self.sentence_probabilities(sentence_row)
        meaning_probs = self.meaning_probabilities(vector)
        found = self.lexical_vector(lexical)
        return Assessment(
            self,
            list(tokens),
            token_probs,
            sentence_probs,
            self.combine(token_probs, sentence_probs, found, meaning_probs),
            self.combine(token_probs, sentence_probs, np.zeros_like(found), meaning_probs),
            meaning_probs,
        )

    def meaning_probabilities(self, vector: np.ndarray | None) -> np.ndarray | None:
        """P(sentence reports category c) from its vector; None without the view or the vector."""
        if self.meaning is None:
            return None
        if vector is None:
            raise ValueError("this event model has a meaning view: pass the sentence's vector (sentence_vector)")
        return self.meaning.probabilities(vector[None, :])[0]

    # ------------------------------------------------------------------ files

    def save(self, path: Path) -> None:
        """Write the model as one compressed `.npz` (float16 weights: a few MB)."""
        arrays: dict[str, np.ndarray] = {
            "categories": np.array(self.categories),
            "calibration": np.asarray(self.calibration, dtype=np.float64),
            "threshold": np.array([self.threshold], dtype=np.float64),
            "info": np.array([json.dumps(self.info, sort_keys=True)]),
        }
        views = {"detector": self.detector, "categorizer": self.categorizer, "sentence": self.sentence}
        if self.modality is not None:
            views["modality"] = self.modality
        if self.mode is not None:
            views["mode"] = self.mode
            arrays["mode_labels"] = np.array(self.mode_labels)
        if self.meaning is not None:
            arrays["meaning_weights"] = self.meaning.weights.astype(np.float32)
            arrays["meaning_bias"] = self.meaning.bias.astype(np.float64)
        for name, view in views.items():
            names = sorted(view.index, key=view.index.__getitem__)
            # names as one UTF-8 text, one a line: a fixed-width unicode array costs 4 bytes a character
            # of the longest name for every name, tens of MB to read back
            arrays[f"{name}_features"] = np.frombuffer("\n".join(names).encode("utf-8"), dtype=np.uint8)
            arrays[f"{name}_weights"] = view.weights.astype(np.float16)
            arrays[f"{name}_bias"] = view.bias.astype(np.float64)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            np.savez_compressed(fh, allow_pickle=False, **arrays)

    @classmethod
    def read(cls, path: Path | Any) -> EventModel:
        try:
            with path.open("rb") as fh, np.load(fh, allow_pickle=False) as data:
                views = {
                    name: LinearView(
                        index=_feature_index(data[f"{name}_features"]),
                        weights=data[f"{name}_weights"].astype(np.float32),
                        bias=data[f"{name}_bias"],
                    )
                    for name in ("detector", "categorizer", "sentence", "modality", "mode")
                    if f"{name}_weights" in data.files
                }
                meaning = (
                    DenseView(np.asarray(data["meaning_weights"], dtype=np.float64), data["meaning_bias"])
                    if "meaning_weights" in data.files
                    else None
                )
                return cls(
                    categories=tuple(str(c) for c in data["categories"]),
                    detector=views["detector"],
                    categorizer=views["categorizer"],
                    sentence=views["sentence"],
                    calibration=np.asarray(data["calibration"], dtype=np.float64),
                    threshold=float(data["threshold"][0]),
                    info=json.loads(str(data["info"][0])),
                    modality=views.get("modality"),
                    mode=views.get("mode"),
                    mode_labels=tuple(str(x) for x in data["mode_labels"]) if "mode_labels" in data.files else (),
                    meaning=meaning,
                    vectors=load_sentence_vectors() if meaning is not None else None,
                )
        except (OSError, KeyError, ValueError) as exc:
            raise ResourceError(f"event model {path}: cannot be read ({exc}); rebuild it with `make model`") from exc


def _feature_index(stored: np.ndarray) -> dict[str, int]:
    """Feature names as saved (UTF-8 text, one a line; older models: an array of strings) -> column."""
    if stored.dtype == np.uint8:
        names = stored.tobytes().decode("utf-8").split("\n") if stored.size else []
        return {name: i for i, name in enumerate(names)}
    return {str(f): i for i, f in enumerate(stored)}


@lru_cache(maxsize=1)
def load_event_model() -> EventModel:
    """The event model shipped in the package (cached)."""
    ref = resources.files("newsevents.events").joinpath("data", MODEL_FILE)
    if not ref.is_file():
        raise ResourceError(f"the packaged event model ({MODEL_FILE}) is missing; rebuild it with `make model`")
    return EventModel.read(ref)


def calibration_inputs(score: np.ndarray, lexical: np.ndarray, meaning: np.ndarray | None = None) -> np.ndarray:
    """Inputs of the calibration per category: logit of the views' score, whether the lexicon
    found the category, their product, the lexicon's vote per category (its precision differs
    by category: high for arrests, low for cooperation) and, for a model with a meaning view,
    the logit of its probability. Shape (..., categories, 3 + categories [+ 1])."""
    logit = _logit(score)
    n = score.shape[-1]
    per_category = lexical[..., :, None] * np.eye(n)
    parts = [logit[..., None], lexical[..., None], (logit * lexical)[..., None], per_category]
    if meaning is not None:
        parts.append(_logit(meaning)[..., None])
    return np.concatenate(parts, axis=-1)


def _logit(p: np.ndarray) -> np.ndarray:
    clipped = np.clip(p, 1e-6, 1 - 1e-6)
    return np.asarray(np.log(clipped / (1 - clipped)))


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(x, -30, 30))))
