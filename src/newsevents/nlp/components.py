"""spaCy components newsevents adds to the pipeline.

In: a `Doc` before parsing, optionally with `doc.user_data[SENTENCE_STARTS]`: character offsets
where the article's layout (`newsevents.ingest.layout`) says a sentence starts (after a headline,
after a dateline).
Out: the same `Doc` with sentence starts preset where the text has a paragraph break, so that no
sentence (and no event's evidence) runs across paragraphs, e.g. from a quoted tweet's signature
into the next paragraph; and at the first non-space token at or after each given offset, so that
a headline and the lede after it are two sentences.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

SENTENCE_STARTS = "newsevents.sentence_starts"
"""`Doc.user_data` key: character offsets (into `doc.text`) where a sentence must start."""

PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
"""A blank line: two newlines with nothing but other whitespace between, where `paragraph_breaks`
starts a sentence. Paragraphs (`newsevents.pipeline`) and the cuts of long texts
(`newsevents.nlp.pieces`) end there too."""


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every blank line and at every offset in `doc.user_data[SENTENCE_STARTS]`."""
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    starts = doc.user_data.get(SENTENCE_STARTS)
    if starts:
        offsets = sorted(starts)
        k = 0
        for token in doc:
            while k < len(offsets) and offsets[k] <= token.idx:
                # the first non-space token at or after the offset starts a sentence (the first token always does)
                if not token.is_space:
                    if token.i > 0:
                        token.is_sent_start = True
                    _hold_together(doc, token.i)
                    k += 1
                else:
                    break
            if k >= len(offsets):
                break
    return doc


# the longest run of tokens after a preset start kept in its sentence
_HOLD_TOKENS = 60
_ENDS = frozenset({".", "!", "?", "…"})


def _hold_together(doc: Doc, start: int) -> None:
    """No sentence break before the first sentence end of the line that starts at `start`.

    The parser, told that a lede starts after a headline, may still end a sentence after the lede's
    first word ("Kyrgyz | border guards detained ..."), as it did when the headline ran into it.
    """
    for token in doc[start + 1 : start + 1 + _HOLD_TOKENS]:
        if "\n" in token.text or token.is_sent_start:
            return
        prev = doc[token.i - 1]
        if prev.text in _ENDS or prev.is_space:
            return
        if prev.is_punct and prev.i - 1 > start and doc[prev.i - 1].text in _ENDS:
            return  # 'said "no." Then ...': a closing quote or bracket after the end
        token.is_sent_start = False
