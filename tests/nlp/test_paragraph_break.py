"""One paragraph break: the parser's sentence starts, the engine's paragraphs and the cuts of long texts."""

from __future__ import annotations

import spacy

import newsevents.nlp.components  # noqa: F401 - registers the paragraph_breaks component
from newsevents import pipeline
from newsevents.nlp import pieces
from newsevents.nlp.components import PARAGRAPH_BREAK

TEXT = "Rome agreed. Tripoli\n\nwaited.\n \t\nThen Malta\r\n\r\nspoke\n\f\nagain.\nAnd\nlast"


def test_the_engine_and_the_pieces_use_the_components_break() -> None:
    assert pipeline.PARAGRAPH_BREAK is PARAGRAPH_BREAK
    assert pieces.PARAGRAPH_BREAK is PARAGRAPH_BREAK


def test_paragraphs_start_where_the_component_starts_sentences() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("paragraph_breaks")
    doc = nlp(TEXT)
    preset = {t.idx for t in doc[1:] if t.is_sent_start}
    after_breaks = {m.end() for m in PARAGRAPH_BREAK.finditer(TEXT)}
    assert preset == after_breaks == {TEXT.index(word) for word in ("waited", "Then", "spoke", "again")}
    paragraphs = [TEXT[s:e] for s, e in pipeline._paragraph_bounds(TEXT)]
    assert paragraphs == ["Rome agreed. Tripoli", "waited.", "Then Malta\r", "spoke", "again.\nAnd\nlast"]


def test_foreign_passages_split_paragraphs_where_the_parser_does() -> None:
    from newsevents.nlp import language

    # a CRLF blank line ends a paragraph for the language detector too
    sentences = list(language._sentences(TEXT))
    starts = {s for s, _ in sentences}
    assert {TEXT.index(word) for word in ("waited", "Then", "spoke", "again")} <= starts
    assert language._PARAGRAPH_BREAK.pattern.startswith(PARAGRAPH_BREAK.pattern)
