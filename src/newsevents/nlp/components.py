"""spaCy components newsevents adds to the pipeline.

In: a `Doc` before parsing. Out: the same `Doc` with sentence starts preset where
the text has a paragraph break, so that no sentence (and no event's evidence) runs
across paragraphs, e.g. from a quoted tweet's signature into the next paragraph.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every blank line."""
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    return doc
