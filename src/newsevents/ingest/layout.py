"""The layout of a news text: its headline, dateline and date line.

In: an article's text exactly as given, its title and URL when known, and optionally a test
that says whether some words name a place (the gazetteer's).
Out: a `Layout` that says
- where the headline ends (`headline`): a first line equal to the article's title, or a short
  first line without a sentence end followed by a whole paragraph line (HTML pages and plain
  text files put the headline there), so that the headline is parsed as a sentence of its own;
- which datelines the text opens with (`datelines`): "BISHKEK, Oct 15 (Reuters) -",
  "KYIV, Ukraine (AP) —", "WASHINGTON -", "Paris, March 13 (AFP) -", "Kabul, Afghanistan —",
  an agency alone ("(CNN) —"), and the date lines of Wikinews-style articles ("Friday,
  January 4, 2019" alone on the first line), with the place and the date they give;
- the character spans the parser should see as blank (`masked`) and the offsets where a sentence
  must start (`sentence_starts`).

Nothing here changes the text: `parse_text` gives a copy of the same length with the datelines
blanked (spaces), which is what the parser reads; every offset the engine reports still indexes
the text as given. A dateline's date without a year ("Oct 15") takes the year of the URL
(".../2024/10/15/..."), else the year the text names most often (the latest on a tie), else it
gives no date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["Dateline", "Layout", "find_layout", "parse_text"]

# a headline is at most this long, and the line after it at least this long when it does not end a sentence
MAX_HEADLINE_CHARS = 200
MIN_PARAGRAPH_LINE_CHARS = 100
# datelines are looked for this far into the text (after a headline or date line)
_SEARCH_CHARS = 400

_MONTH_NAMES = sorted(
    {m.lower() for m in calendar.month_name if m} | {m.lower() for m in calendar.month_abbr if m} | {"sept"},
    key=len,
    reverse=True,
)
_MONTH = "(?:" + "|".join(m.capitalize() for m in _MONTH_NAMES) + "|" + "|".join(m.upper() for m in _MONTH_NAMES) + ")"
_WEEKDAY = "(?:" + "|".join(calendar.day_name) + ")"
_DAY_MONTH = (
    rf"(?:{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d\d)?"
    rf"|\d{{1,2}}\s+{_MONTH}\.?(?:\s+(?:19|20)\d\d)?)"
)
_DATE = rf"(?:(?:{_WEEKDAY},?\s+)?{_DAY_MONTH}|{_WEEKDAY})"
_AGENCY = r"\((?P<agency>[A-Za-z][A-Za-z .&/-]{0,30})\)"
_DASH = r"[ \t]*(?:--|[-–—])[ \t]*"
# an all-capitals place ("BISHKEK", "NEW YORK", "PORT-AU-PRINCE", "ST. LOUIS")
_CAPS_PLACE = r"[A-Z][A-Z'’.\-]+(?:[ ][A-Z][A-Z'’.\-]*){0,3}"
# a title-case place, accepted only with a date or an agency after it ("Paris, March 13 (AFP) -")
_TITLE_PLACE = r"[A-Z][a-zà-ÿ'’.\-]+(?:[ ][A-Z][a-zà-ÿ'’.\-]+){0,2}"
# "KYIV, Ukraine": a country or state after the place (never a month: "Oct 15" is the date)
_QUALIFIER = rf"(?:,[ ](?!{_MONTH}\b|{_WEEKDAY}\b)(?P<qual>[A-Z][A-Za-z.'’\-]+(?:[ ][A-Z][A-Za-z.'’\-]+){{0,2}}))?"
_DATELINE = re.compile(
    rf"(?P<place>{_CAPS_PLACE}){_QUALIFIER}(?:,?[ ](?P<date>{_DATE}))?[ ]*(?:{_AGENCY})?{_DASH}(?=\S)"
    rf"|(?P<tplace>{_TITLE_PLACE}){_QUALIFIER.replace('qual', 'tqual')}"
    rf"(?:,[ ](?P<tdate>{_DATE}))?[ ]*(?:\((?P<tagency>[A-Za-z][A-Za-z .&/-]{{0,30}})\))?{_DASH}(?=[A-Z\"“'‘])"
    rf"|\((?P<oagency>[A-Z][A-Za-z .&/-]{{0,30}})\){_DASH}(?=\S)"
)
# Wikinews: "Friday, January 4, 2019" alone on its line
_DATE_LINE = re.compile(rf"(?P<date>{_WEEKDAY},\s+{_MONTH}\s+\d{{1,2}},\s+(?:19|20)\d\d)[ \t\u00a0]*(?=\n|$)")
_SENTENCE_END = re.compile(r"[.!?:;…][\"'’”»)\]]*$")
_YEAR_IN_URL = re.compile(r"(?<!\d)((?:19|20)\d\d)(?:[/_-](?:0[1-9]|1[0-2])(?:[/_-]|$)|/)")
_YEAR_IN_TEXT = re.compile(r"(?<![\d.,$€£])((?:19|20)\d\d)(?![\d%]|\.\d)")
_MONTHS = {m: i for i, m in enumerate(calendar.month_name) if m} | {
    m: i for i, m in enumerate(calendar.month_abbr) if m
}
_MONTHS_LOWER = {k.lower(): v for k, v in _MONTHS.items()} | {"sept": 9}
_NOT_PLACES = frozenset({"BREAKING", "UPDATE", "UPDATED", "EXCLUSIVE", "WATCH", "ANALYSIS", "OPINION", "VIDEO", "LIVE"})


@dataclass(frozen=True)
class Dateline:
    """A dateline or date line: its span in the text and what it says."""

    start: int
    end: int  # after the dash (and the spaces after it), or after the date line's date
    place: str | None = None  # "BISHKEK", "KYIV, Ukraine"
    place_start: int | None = None
    place_end: int | None = None
    date: dt.date | None = None
    date_text: str | None = None
    agency: str | None = None


@dataclass(frozen=True)
class Layout:
    """Where the headline ends and which datelines the text opens with."""

    headline: tuple[int, int] | None = None
    datelines: tuple[Dateline, ...] = ()
    sentence_starts: tuple[int, ...] = field(default=())

    @property
    def masked(self) -> tuple[tuple[int, int], ...]:
        """Spans the parser reads as blank: the datelines."""
        return tuple((d.start, d.end) for d in self.datelines)

    @property
    def place(self) -> Dateline | None:
        """The first dateline that names a place."""
        return next((d for d in self.datelines if d.place), None)

    @property
    def date(self) -> Dateline | None:
        """The first dateline or date line that gives a whole date."""
        return next((d for d in self.datelines if d.date is not None), None)


def parse_text(text: str, layout: Layout) -> str:
    """`text` with the layout's masked spans replaced by spaces: same length, same offsets."""
    if not layout.masked:
        return text
    chars = list(text)
    for start, end in layout.masked:
        for i in range(start, end):
            if chars[i] not in "\n":
                chars[i] = " "
    return "".join(chars)


def find_layout(
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    is_place: Callable[[str], bool] | None = None,
) -> Layout:
    """The headline and datelines of `text` (see the module docstring)."""
    pos = _skip_space(text, 0)
    headline = _headline(text, pos, title)
    datelines: list[Dateline] = []
    if headline is not None:
        pos = _skip_space(text, headline[1])
    for _ in range(2):  # a date line, then a dateline after it (or either alone)
        found = _date_line(text, pos) or _dateline(text, pos, url, is_place)
        if found is None or any(d.start == found.start for d in datelines):
            break
        datelines.append(found)
        pos = _skip_space(text, found.end)
    layout = Layout(headline=headline, datelines=tuple(datelines))
    # a sentence starts at the first character the parser sees after the headline and after each dateline
    seen = parse_text(text, layout)
    ends = [d.end for d in datelines] + ([headline[1]] if headline is not None else [])
    starts = sorted({s for s in (_skip_space(seen, e) for e in ends) if s < len(text)})
    return Layout(headline=headline, datelines=tuple(datelines), sentence_starts=tuple(starts))


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _headline(text: str, pos: int, title: str | None) -> tuple[int, int] | None:
    end = _line_end(text, pos)
    if end >= len(text):
        return None  # one line: no headline to split off
    line = text[pos:end].rstrip()
    if not line or len(line) > MAX_HEADLINE_CHARS or _DATE_LINE.match(text, pos):
        return None
    if title and " ".join(line.split()) == " ".join(title.split()):
        return (pos, pos + len(line))
    if _SENTENCE_END.search(line) or text[end : end + 2] == "\n\n":
        return None  # a sentence, or a paragraph of its own: the parser splits it anyway
    nxt = _skip_space(text, end)
    next_line = text[nxt : _line_end(text, nxt)].rstrip()
    if not next_line or not (next_line[0].isupper() or next_line[0] in "\"'“‘" or next_line[0].isdigit()):
        return None
    # a paragraph line after it, not the next line of hard-wrapped prose
    if len(next_line) < MIN_PARAGRAPH_LINE_CHARS and not _SENTENCE_END.search(next_line):
        return None
    return (pos, pos + len(line))


def _date_line(text: str, pos: int) -> Dateline | None:
    m = _DATE_LINE.match(text, pos)
    if m is None:
        return None
    date = _parse_date(m["date"], None)
    return Dateline(start=m.start(), end=m.end(), date=date, date_text=m["date"])


def _dateline(text: str, pos: int, url: str | None, is_place: Callable[[str], bool] | None) -> Dateline | None:
    if pos > _SEARCH_CHARS:
        return None
    m = _DATELINE.match(text, pos)
    if m is None or "\n" in m.group(0):
        return None
    if m["place"] is not None:
        place, place_start = m["place"], m.start("place")
        qual, date_text, agency = m["qual"], m["date"], m["agency"]
        if place.strip(" .'’-") in _NOT_PLACES or len(place.replace(" ", "")) < 3:
            return None
        if not (date_text or agency) and is_place is not None and not is_place(_place_words(place, qual)):
            return None  # "NATO - ..." is not a dateline; "KABUL - ..." is
    elif m["tplace"] is not None:
        place, place_start = m["tplace"], m.start("tplace")
        qual, date_text, agency = m["tqual"], m["tdate"], m["tagency"]
        if not (date_text or agency or (qual and is_place is not None and is_place(_place_words(place, qual)))):
            # "Moscow - the ..." may be prose: a title-case place needs a date, an agency, or a
            # country or state after it that makes one place with it ("Kabul, Afghanistan —")
            return None
    else:  # "(CNN) —": an agency alone
        return Dateline(start=m.start(), end=m.end(), agency=m["oagency"].strip())
    place_end = m.end("qual" if m["place"] is not None else "tqual") if qual else place_start + len(place)
    date = _parse_date(date_text, _year_hint(text, url)) if date_text else None
    return Dateline(
        start=m.start(),
        end=m.end(),
        place=_place_words(place, qual),
        place_start=place_start,
        place_end=place_end,
        date=date,
        date_text=date_text,
        agency=agency.strip() if agency else None,
    )


def _place_words(place: str, qual: str | None) -> str:
    return f"{place}, {qual}" if qual else place


def _parse_date(words: str, year_hint: int | None) -> dt.date | None:
    """A date from "Oct 15", "15 October 2024", "Friday, January 4, 2019"; a weekday alone gives None."""
    tokens = re.findall(r"[A-Za-z]+|\d+", words)
    month = next((_MONTHS_LOWER[t.lower()] for t in tokens if t.lower() in _MONTHS_LOWER), None)
    numbers = [int(t) for t in tokens if t.isdigit()]
    day = next((n for n in numbers if n <= 31), None)
    year = next((n for n in numbers if n >= 1900), year_hint)
    if month is None or day is None or year is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _year_hint(text: str, url: str | None) -> int | None:
    """The year of a dateline that gives none: the URL's, else the one the text names most often."""
    if url and (m := _YEAR_IN_URL.search(url)):
        return int(m[1])
    counts = Counter(int(y) for y in _YEAR_IN_TEXT.findall(text))
    if not counts:
        return None
    return max(counts, key=lambda y: (counts[y], y))
