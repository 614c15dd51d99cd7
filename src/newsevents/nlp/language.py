"""Language of a text, and passages of an article written in another language.

In: plain article text (as given; offsets refer to it).
Out: `detect_language(text)` -> (ISO 639-1 code, normalised probability) from py3langid;
`foreign_passages(text, main_language="en")` -> `Passage`s: character ranges in another language
(adjacent sentences in the same language merged, across paragraph breaks), each with its
language, confidence and, for an embedded social-media post, the author, handle and date read
from its signature line ("— Name (@handle) June 25, 2018").

Short sentences are not trusted on their own: they join a neighbouring foreign run, and a run is
reported only when the merged text is identified with enough confidence. A sentence that reads
as English by its function words is never reported, whatever names it contains.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from newsevents.nlp.components import PARAGRAPH_BREAK

MIN_SEGMENT_LETTERS = 25  # below this, a sentence's own language guess is not used
SEGMENT_CONFIDENCE = 0.85
PASSAGE_CONFIDENCE = 0.9
MIN_PASSAGE_LETTERS = 20

# The parser's paragraph break (a CRLF text's "\r\n\r\n" included), with the blank space after it.
_PARAGRAPH_BREAK = re.compile(PARAGRAPH_BREAK.pattern + r"\s*")
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’»)\]]*\s+")
_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+|\b[\w.-]+\.(?:com|org|net)/\S*", re.IGNORECASE)
_HANDLE = re.compile(r"[@#]\w+")
_SIGNATURE = re.compile(
    r"[—–-]{1,2}\s*(?P<author>[^\s()—–@][^()—–\n]{0,80}?)\s*\((?P<handle>@\w{1,30})\)\s*"
    r"(?P<date>(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+\d{1,2},\s+\d{4})"
)
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")

# Function words: a sentence with enough of them is in that language whatever its names are.
_EN_FUNCTION_WORDS = (
    "the a an and or but of to in on at for with from by as is are was were be been has have had "
    "that this these those which who whom whose it its he she they their his her him them we our "
    "not will would should could can may said says after before over into than then there"
)
_FUNCTION_WORDS: dict[str, frozenset[str]] = {"en": frozenset(_EN_FUNCTION_WORDS.split())}


@dataclass(frozen=True)
class Passage:
    """A stretch of the article in another language than the main one."""

    start: int
    end: int
    language: str
    confidence: float
    author: str | None = None
    date: str | None = None
    handle: str | None = None


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _clean(text: str) -> str:
    """Text with links, handles and post signatures removed (they carry no language)."""
    text = _SIGNATURE.sub(" ", text)
    text = _URL.sub(" ", text)
    return _HANDLE.sub(" ", text)


def _letters(text: str) -> int:
    return len(_LETTER.findall(text))


def detect_language(text: str) -> tuple[str, float]:
    """Most likely language of `text` (ISO 639-1) and its normalised probability; ("und", 0.0) if empty."""
    clean = _clean(text)
    if not _letters(clean):
        return "und", 0.0
    lang, prob = _identifier().classify(clean)
    return str(lang), float(prob)


def _reads_as(text: str, language: str) -> bool:
    """True if the function words of `language` make up a good share of the words of `text`."""
    words = _FUNCTION_WORDS.get(language)
    if not words:
        return False
    tokens = [w.lower() for w in _WORD.findall(text)]
    if not tokens:
        return False
    hits = sum(1 for t in tokens if t in words)
    return hits >= 2 and hits / len(tokens) >= 0.15


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence, paragraphs first split on blank lines; whitespace trimmed."""
    pos = 0
    bounds = [m.start() for m in _PARAGRAPH_BREAK.finditer(text)] + [len(text)]
    ends = [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]
    starts = [0, *ends]
    for p_start, p_end in zip(starts, bounds, strict=True):
        pos = p_start
        for m in _SENTENCE_END.finditer(text, p_start, p_end):
            yield from _trim(text, pos, m.end())
            pos = m.end()
        yield from _trim(text, pos, p_end)


def _trim(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end


@dataclass
class _Segment:
    start: int
    end: int
    language: str | None  # None: too short or too uncertain to say
    main: bool  # reads as the main language


def _parse_date(raw: str) -> str | None:
    try:
        return dt.datetime.strptime(" ".join(raw.replace(",", " ").split()), "%B %d %Y").date().isoformat()
    except ValueError:
        return None


def foreign_passages(text: str, *, main_language: str = "en") -> list[Passage]:
    """Passages of `text` not written in `main_language`, in text order."""
    ident = _identifier()
    segments: list[_Segment] = []
    for start, end in _sentences(text):
        chunk = text[start:end]
        clean = _clean(chunk)
        if _reads_as(clean, main_language):
            segments.append(_Segment(start, end, None, True))
            continue
        language: str | None = None
        is_main = False
        if _letters(clean) >= MIN_SEGMENT_LETTERS:
            lang, prob = ident.classify(clean)
            if lang == main_language:
                is_main = prob >= 0.5
            elif prob >= SEGMENT_CONFIDENCE:
                language = str(lang)
        segments.append(_Segment(start, end, language, is_main))

    passages: list[Passage] = []
    i, n = 0, len(segments)
    while i < n:
        seg = segments[i]
        if seg.language is None:
            i += 1
            continue
        lang = seg.language
        first = i
        while first > 0 and segments[first - 1].language is None and not segments[first - 1].main:
            first -= 1
        last = i
        while last + 1 < n:
            nxt = segments[last + 1]
            if nxt.main or (nxt.language is not None and nxt.language != lang):
                break
            last += 1
        # trailing unknown segments are kept only up to the last one that has letters of its own
        # or carries a post signature
        while last > i and segments[last].language is None and not _tail_belongs(text, segments[last]):
            last -= 1
        start, end = segments[first].start, segments[last].end
        merged = _clean(text[start:end])
        if _letters(merged) >= MIN_PASSAGE_LETTERS:
            got, prob = ident.classify(merged)
            if got == lang and prob >= PASSAGE_CONFIDENCE:
                passages.append(_attribute(text, start, end, lang, float(prob)))
        i = last + 1
    return passages


def _tail_belongs(text: str, seg: _Segment) -> bool:
    chunk = text[seg.start : seg.end]
    return bool(_SIGNATURE.search(chunk)) or _letters(_clean(chunk)) > 0


def _attribute(text: str, start: int, end: int, language: str, confidence: float) -> Passage:
    """Passage with author, handle and date from a signature inside it or right after it."""
    window_end = min(len(text), end + 200)
    next_break = _PARAGRAPH_BREAK.search(text, end, window_end)
    if next_break is not None:
        window_end = next_break.start()
    found = list(_SIGNATURE.finditer(text, start, window_end))
    if not found:
        return Passage(start, end, language, round(confidence, 4))
    m = found[-1]
    return Passage(
        start=start,
        end=max(end, m.end()),
        language=language,
        confidence=round(confidence, 4),
        author=" ".join(m["author"].split()),
        date=_parse_date(m["date"]),
        handle=m["handle"],
    )
