"""Sentence vectors for the event model's meaning view.

In: sentence texts. Out: one unit vector per sentence (64 numbers): the mean of the vectors of its
word pieces, a static table distilled from the all-MiniLM-L6-v2 sentence encoder and shipped in the
package (`data/sentence_vectors`, built by `scripts/build_sentence_vectors.py`). Sentences that say
the same thing in other words ("lodged a complaint" / "filed a lawsuit") get near vectors, so the
view generalises past the words the labelled news happens to use. No torch and no download: a
tokenizer and numpy (through model2vec), tens of thousands of sentences a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from newsevents.errors import ResourceError

VECTORS_DIR = "sentence_vectors"
VECTOR_FILES = ("config.json", "model.safetensors", "tokenizer.json")
MAX_PIECES = 512  # word pieces read of one sentence, as the encoder the vectors come from


class SentenceVectors:
    """A static sentence encoder: word-piece vectors averaged, then scaled to unit length."""

    def __init__(self, path: Path) -> None:
        from model2vec import StaticModel

        # only a local folder is ever read: given a name that is not one, model2vec would ask a model hub
        missing = [name for name in VECTOR_FILES if not (path / name).is_file()]
        if missing:
            raise ResourceError(f"sentence vectors {path}: {', '.join(missing)} missing (not a local vectors folder)")
        try:
            self._model = StaticModel.from_pretrained(str(path))
        except (OSError, ValueError, KeyError) as exc:
            raise ResourceError(f"sentence vectors {path}: cannot be read ({exc})") from exc
        self._table = np.asarray(self._model.embedding, dtype=np.float32)
        self.dimensions = int(self._table.shape[1])

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors (len(texts), dimensions); a text with no known word piece gets zeros."""
        raw = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        # the mean of the pieces' vectors, as model2vec's own `encode` computes it, without its
        # progress bar: tqdm takes a multiprocessing lock that worker processes then leak at exit
        for row, pieces in enumerate(self._model.tokenize(list(texts))):
            if pieces:
                raw[row] = self._table[pieces[:MAX_PIECES]].mean(axis=0)
        norms = np.linalg.norm(raw, axis=1, keepdims=True)
        return np.asarray(raw / np.where(norms > 0, norms, 1.0), dtype=np.float32)


@lru_cache(maxsize=1)
def load_sentence_vectors() -> SentenceVectors:
    """The sentence vectors shipped in the package (cached)."""
    ref = resources.files("newsevents.events").joinpath("data", VECTORS_DIR)
    if not ref.is_dir():
        raise ResourceError(
            f"the packaged sentence vectors ({VECTORS_DIR}) are missing; scripts/build_sentence_vectors.py builds them"
        )
    return SentenceVectors(Path(str(ref)))
