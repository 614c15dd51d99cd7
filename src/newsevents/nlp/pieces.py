"""Cut long texts into pieces the parser handles in bounded memory.

In: an article's text and a maximum piece length in characters.
Out: `Piece`s, `(start, end)` bounds that tile the text exactly (the first starts at 0,
each next one starts where the previous one ends, the last ends at `len(text)`), so
`text[piece.start:piece.end]` parsed on its own gives offsets that become offsets into
the whole text by adding `piece.start`.

Why: spaCy refuses texts over `nlp.max_length` (1,000,000 characters) and its memory
grows with the length of one `Doc` long before that (about 330 MiB for 100,000
characters with the small English model). A piece ends, in order of preference, after
a blank line (a paragraph break, where the parser starts a sentence anyway), after a
sentence end, after any whitespace, and only as a last resort in the middle of a word.
Each cut is looked for in the second half of the window, so no piece is shorter than
half the maximum unless it is the last.

`parser_input` guards the tokenizer against huge tokens: it strips prefixes and suffixes
from a whitespace-delimited run one character at a time, re-matching the whole run each
time, so a run of 27,000 symbols (U+FFFD, dashes, emoji) takes 80 seconds. Runs longer than
`LONG_RUN` characters are tokenized in slices of that length and the slices joined into one
`Doc` whose text is exactly the input.

`shift_event` and `shift_note` move the records coded from one piece back onto the whole
text: every character offset grows by the piece's start, and an event's id is derived
anew so two pieces with the same words never share one.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from newsevents.nlp.components import PARAGRAPH_BREAK
from newsevents.record import Event, PassageNote

MAX_PIECE_CHARS = 100_000
"""Longest text parsed as one `Doc`; longer texts are cut into pieces."""

MAX_ARTICLE_CHARS = 5_000_000
"""Longest article the engine codes (CLI and Python API); a longer one is a per-article `InputError`."""

LONG_RUN = 200
"""Longest run of non-space characters handed to the tokenizer in one go."""

_LONG_RUN = re.compile(rf"\S{{{LONG_RUN + 1},}}")
# a sentence end: terminal punctuation, optional closing quotes or brackets, then whitespace
_SENTENCE_END = re.compile(r"[.!?…][\"'’”»)\]]*\s+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Piece:
    """One part of a text: `text[start:end]`."""

    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start


def _last_cut(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> int | None:
    """The end of the last match of `pattern` ending in (lo, hi], or None."""
    cut: int | None = None
    for match in pattern.finditer(text, lo, hi):
        if lo < match.end() <= hi:
            cut = match.end()
    return cut


def cut_point(text: str, start: int, max_chars: int) -> int:
    """Where the piece starting at `start` should end (at most `start + max_chars`)."""
    hi = start + max_chars
    if hi >= len(text):
        return len(text)
    lo = start + max_chars // 2
    for pattern in (PARAGRAPH_BREAK, _SENTENCE_END, _SPACE):
        cut = _last_cut(pattern, text, lo, hi)
        if cut is not None:
            return cut
    return hi  # one "word" longer than half a piece: cut it where the window ends


def split_pieces(text: str, max_chars: int = MAX_PIECE_CHARS) -> list[Piece]:
    """Bounds of the pieces of `text`, each at most `max_chars` long; one piece for a short text."""
    if max_chars < 2:
        raise ValueError("max_chars must be at least 2")
    if len(text) <= max_chars:
        return [Piece(0, len(text))]
    pieces: list[Piece] = []
    start = 0
    while start < len(text):
        end = cut_point(text, start, max_chars)
        pieces.append(Piece(start, end))
        start = end
    return pieces


def parser_input(nlp: Language, text: str) -> str | Doc:
    """`text` itself, or for a text with huge tokens a tokenized `Doc` of exactly that text."""
    if not _LONG_RUN.search(text):
        return text
    docs: list[Doc] = []
    pos = 0
    for match in _LONG_RUN.finditer(text):
        if match.start() > pos:
            docs.append(nlp.make_doc(text[pos : match.start()]))
        for start in range(match.start(), match.end(), LONG_RUN):
            docs.append(nlp.make_doc(text[start : min(start + LONG_RUN, match.end())]))
        pos = match.end()
    if pos < len(text):
        docs.append(nlp.make_doc(text[pos:]))
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    if doc.text != text:  # never expected; the plain tokenizer is slow but right
        return text
    return doc


# Names of the character-offset fields anywhere in an event record (text_info, mentions,
# actors, recipients, event_loc). Walking the record by name keeps the shift right for
# every nested place that carries offsets, including ones added to the record later.
OFFSET_FIELDS = frozenset({"start", "end", "trigger_start", "trigger_end"})
# free-form maps whose keys are words of the text, never offsets
_NOT_OFFSETS = frozenset({"size", "source_info"})


def _shifted(value: Any, offset: int) -> Any:
    if isinstance(value, dict):
        return {
            key: (item + offset if key in OFFSET_FIELDS and type(item) is int else _shifted(item, offset))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_shifted(item, offset) for item in value]
    return value


def shift_event(event: Event, offset: int) -> Event:
    """`event`, coded from a piece starting at `offset`, with offsets into the whole text."""
    if offset == 0:
        return event
    data = {
        key: value if key in _NOT_OFFSETS else _shifted(value, offset) for key, value in event.model_dump().items()
    }
    # The engine's ids hash the article id, the words and piece-relative offsets; the piece's
    # start keeps them unique across pieces that repeat the same words at the same place.
    data["id"] = hashlib.sha1(f"{event.id}|+{offset}".encode()).hexdigest()[:16]
    return Event.model_validate(data)


def shift_note(note: PassageNote, offset: int) -> PassageNote:
    """A foreign-language passage note of a piece, with offsets into the whole text."""
    if offset == 0:
        return note
    return note.model_copy(update={"start": note.start + offset, "end": note.end + offset})


__all__ = [
    "MAX_ARTICLE_CHARS",
    "MAX_PIECE_CHARS",
    "OFFSET_FIELDS",
    "Piece",
    "cut_point",
    "parser_input",
    "shift_event",
    "shift_note",
    "split_pieces",
]
