"""Per-sentence views of a parsed document, computed once per document.

In: a spaCy `Span` (a sentence). Out: its named entities and noun chunks.
`Span.ents` and `Span.noun_chunks` walk the whole document on every call, which
makes per-sentence work quadratic in the article's length; these helpers bucket
the document's entities and chunks by sentence once and keep them in
`doc.user_data`.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

_ENTS = "newsevents.ents_by_sentence"
_CHUNKS = "newsevents.chunks_by_sentence"


def _buckets(doc: Doc, key: str) -> dict[int, list[Span]]:
    cached = doc.user_data.get(key)
    if cached is None:
        cached = {}
        spans = doc.ents if key == _ENTS else doc.noun_chunks
        for span in spans:
            cached.setdefault(span.root.sent.start, []).append(span)
        doc.user_data[key] = cached
    return cached  # type: ignore[no-any-return]


def sentence_ents(sent: Span) -> list[Span]:
    """Named entities of the sentence (as `sent.ents`, in linear time over an article)."""
    return _buckets(sent.doc, _ENTS).get(sent.start, [])


def sentence_noun_chunks(sent: Span) -> list[Span]:
    """Noun chunks of the sentence (as `sent.noun_chunks`, in linear time over an article)."""
    return _buckets(sent.doc, _CHUNKS).get(sent.start, [])
