"""Date expressions in, calendar date ranges out.

In: the words of a date expression ("over the weekend", "a day after",
"June 25, 2018", "in 2011"), the article's publication date, and the tense of
the clause the expression modifies ("past", "future" or unknown).
Out: a `DateRange` (start, end, granularity, the words) or None when the
expression cannot be placed on the calendar.

Conventions, all relative to the publication date P:
- weeks run Monday to Sunday; "this week" is P's week;
- "the end of <a week>" is its Thursday and Friday (the last two working days,
  when summits and votes close), "the start of <a week>" its Monday and
  Tuesday; "the end of <a month>" its last seven days, "the start of <a
  month>" its first seven; "the end of <a year>" is December;
- "the weekend" is Saturday and Sunday: in a past-tense clause the latest one
  that has begun by P, in a future-tense clause the next one not yet over;
  with no tense, the previous weekend when P is Monday to Wednesday, else the
  coming one; "last weekend" and "next weekend" are always before/after P;
- a weekday ("on Tuesday") is the latest such day on or before P in the past
  tense (and with no tense), the first on or after P in the future tense;
  "last Tuesday"/"next Tuesday" are strictly before/after P;
- a month or day without a year ("in March", "June 25") is the latest one not
  after P (past or no tense) or the first not before P (future tense);
- "N days/weeks/months/years ago" counts back from P;
- "a day after"/"N days before", as in "X comes a day after Y met", dates the
  clause it introduces: Y is P minus (after) or plus (before) N days, taking
  X to happen on P;
- "earlier this week/month/year" runs from the start of the period to P,
  "later this ..." from P to the end of the period.
Without a publication date only absolute expressions (with a year) resolve.
Unmatched expressions that contain a digit go to dateparser (English only,
RELATIVE_BASE = P).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

Granularity = Literal["day", "week", "month", "year"]
Tense = Literal["past", "future"]

__all__ = ["DateRange", "Granularity", "Tense", "resolve_date"]


@dataclass(frozen=True)
class DateRange:
    """A stretch of calendar time resolved from words of the article."""

    start: dt.date
    end: dt.date
    granularity: Granularity
    text: str
    start_char: int | None = None
    end_char: int | None = None

    @staticmethod
    def _fmt(d: dt.date, granularity: Granularity) -> str:
        if granularity == "year":
            return f"{d.year:04d}"
        if granularity == "month":
            return f"{d.year:04d}-{d.month:02d}"
        return d.isoformat()

    @property
    def iso(self) -> str:
        """ISO form at the range's granularity: 2018-06-24, 2018-06 or 2011 (weeks give their Monday)."""
        return self._fmt(self.start, self.granularity)

    @property
    def iso_end(self) -> str | None:
        """ISO form of the end, or None when it is the same as `iso`."""
        end = self._fmt(self.end, self.granularity)
        if self.granularity == "week":
            return self.end.isoformat()
        return None if end == self.iso else end

    def with_span(self, text: str, start_char: int | None, end_char: int | None) -> DateRange:
        return DateRange(self.start, self.end, self.granularity, text, start_char, end_char)


# ---------------------------------------------------------------- vocabulary
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "a few": 3,
    "several": 3, "the": 1,
}  # fmt: skip

_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY_RE = "|".join(_WEEKDAYS)
_NUM_RE = r"(?:\d+|a couple of|a few|several|an|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"

_LEADING = re.compile(
    r"^(?:(?:on|in|at|by|during|over|since|until|till|from|as of|through|throughout|before|after|for)\s+)+"
)


def _num(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS.get(word, 1)


def _add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _week_start(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _period(unit: str, rel: str, p: dt.date) -> tuple[dt.date, dt.date]:
    """The week/month/year that is 'this', 'last' or 'next' relative to P."""
    step = {"this": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}[rel]
    if unit == "week":
        s = _week_start(p) + dt.timedelta(weeks=step)
        return s, s + dt.timedelta(days=6)
    if unit == "month":
        first = _add_months(dt.date(p.year, p.month, 1), step)
        return _month_range(first.year, first.month)
    return dt.date(p.year + step, 1, 1), dt.date(p.year + step, 12, 31)


def _dr(start: dt.date, end: dt.date, gran: Granularity, text: str) -> DateRange:
    return DateRange(start, end, gran, text)


def _month_without_year(month: int, p: dt.date, tense: Tense | None, rel: str | None = None) -> int:
    """The year of a month named without one."""
    if rel == "last":
        return p.year if month < p.month else p.year - 1
    if rel == "next":
        return p.year if month > p.month else p.year + 1
    if tense == "future":
        return p.year if month >= p.month else p.year + 1
    return p.year if month <= p.month else p.year - 1


def _day_without_year(month: int, day: int, p: dt.date, tense: Tense | None) -> dt.date | None:
    for year in (p.year, p.year + 1) if tense == "future" else (p.year, p.year - 1):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if (tense == "future" and d >= p) or (tense != "future" and d <= p):
            return d
    return None


def _weekend(p: dt.date, tense: Tense | None, rel: str | None) -> tuple[dt.date, dt.date]:
    sat_this = _week_start(p) + dt.timedelta(days=5)  # Saturday of P's week
    if rel == "last":
        sat = sat_this - dt.timedelta(days=7)
    elif rel == "next":
        sat = sat_this if p < sat_this else sat_this + dt.timedelta(days=7)
    else:
        if tense is None:
            tense = "past" if p.weekday() <= 2 else "future"
        # in the future tense the weekend of P's week is still to come (or under way)
        past_sat = sat_this if p >= sat_this else sat_this - dt.timedelta(days=7)
        sat = past_sat if tense == "past" else sat_this
    return sat, sat + dt.timedelta(days=1)


def _weekday(day: int, p: dt.date, tense: Tense | None, rel: str | None) -> dt.date:
    back = (p.weekday() - day) % 7
    fwd = (day - p.weekday()) % 7
    if rel == "last":
        return p - dt.timedelta(days=back or 7)
    if rel == "next":
        return p + dt.timedelta(days=fwd or 7)
    if tense == "future":
        return p + dt.timedelta(days=fwd)
    return p - dt.timedelta(days=back)


# ------------------------------------------------------------------- rules
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_YEAR = re.compile(r"^(?:the year\s+|(early|mid|late)[\s-]+)?((?:1[5-9]|20)\d\d)$")
_DECADE = re.compile(r"^(?:the\s+)?((?:1[5-9]|20)\d)0s$")
_MONTH_YEAR = re.compile(rf"^(?:(?:early|mid|late)[\s-]+)?({_MONTH_RE})\.?,?(?:\s+of)?\s+((?:1[5-9]|20)\d\d)$")
_MONTH_DAY = re.compile(rf"^({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+((?:1[5-9]|20)\d\d))?$")
_DAY_MONTH = re.compile(
    rf"^(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+({_MONTH_RE})\.?(?:,?\s+((?:1[5-9]|20)\d\d))?$"
)
_MONTH_ONLY = re.compile(rf"^(?:(last|next|this|early|mid|late|earlier in|later in)[\s-]+)?({_MONTH_RE})$")
_SIMPLE_DAY = re.compile(
    rf"^(today|tonight|this (?:morning|afternoon|evening)|yesterday{_PART_OF_DAY}|last night|"
    rf"tomorrow{_PART_OF_DAY}|the day before yesterday|the day after tomorrow)$"
)
_SAME_DAY = re.compile(r"^(?:later|earlier)\s+(?:in the\s+|this\s+)?(?:day|today|morning|afternoon|evening|tonight)$")
_AGO = re.compile(rf"^({_NUM_RE})\s+(day|week|month|year)s?\s+ago$")
_IN_N = re.compile(rf"^in\s+({_NUM_RE})\s+(day|week|month|year)s?(?:'|’)?(?:\s+time)?$")
_AFTER_BEFORE = re.compile(rf"^(?:just\s+|only\s+)?({_NUM_RE}|the)\s+(day|week)s?\s+(after|before)$")
_REL_PERIOD = re.compile(r"^(?:the\s+)?(this|last|next|past|previous|coming)\s+(week|month|year)$")
_EDGE_PERIOD = re.compile(
    r"^(?:at\s+|by\s+|towards?\s+)?(?:the\s+)?(end|close|beginning|start)\s+of\s+(?:the\s+)?"
    r"(?:(this|last|next|current|coming|previous)\s+)?(week|month|year)$"
)
_EARLIER_LATER = re.compile(r"^(earlier|later)\s+(?:this|in the)\s+(week|month|year)$")
_WEEKEND = re.compile(r"^(?:the\s+)?(?:(this|last|next|past|coming)\s+)?weekend$")
_WEEKDAY = re.compile(rf"^(?:(last|next|this|past|coming)\s+)?({_WEEKDAY_RE}){_PART_OF_DAY}$")
_PAST_N = re.compile(rf"^(?:the\s+)?(?:past|last)\s+({_NUM_RE})\s+(day|week|month|year)s$")


def _normalize(text: str) -> str:
    t = " ".join(text.lower().replace("’", "'").split()).strip(" ,.;:")
    t = re.sub(r"^(?:just|only|as early as|as late as|some time|sometime)\s+", "", t)
    return t


def resolve_date(text: str, published: dt.date | None = None, *, tense: Tense | None = None) -> DateRange | None:
    """Resolve a date expression; None when it is relative and there is no publication date."""
    raw = _normalize(text)
    if not raw:
        return None
    for candidate in (raw, _LEADING.sub("", raw)):
        try:
            found = _absolute(candidate, text)
            if found is None and published is not None:
                found = _relative(candidate, text, published, tense)
        except (OverflowError, ValueError):
            # a count that leaves the calendar ("99999999999999999999 days ago", "in 9000 years")
            found = None
        if found is not None:
            return found
    if any(ch.isdigit() for ch in raw):
        return _dateparser(raw, text, published, tense)
    return None


def _absolute(t: str, text: str) -> DateRange | None:
    if m := _ISO.match(t):
        try:
            d = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
        return _dr(d, d, "day", text)
    if m := _YEAR.match(t):
        y = int(m[2])
        return _dr(dt.date(y, 1, 1), dt.date(y, 12, 31), "year", text)
    if m := _DECADE.match(t):
        y = int(m[1]) * 10
        return _dr(dt.date(y, 1, 1), dt.date(y + 9, 12, 31), "year", text)
    if m := _MONTH_YEAR.match(t):
        s, e = _month_range(int(m[2]), _MONTHS[m[1]])
        return _dr(s, e, "month", text)
    for pattern, mi, di in ((_MONTH_DAY, 1, 2), (_DAY_MONTH, 2, 1)):
        if (m := pattern.match(t)) and m[3]:
            try:
                d = dt.date(int(m[3]), _MONTHS[m[mi]], int(m[di]))
            except ValueError:
                return None
            return _dr(d, d, "day", text)
    return None


def _relative(t: str, text: str, p: dt.date, tense: Tense | None) -> DateRange | None:
    if m := _SIMPLE_DAY.match(t):
        w = m[1]
        if w.startswith("the day before"):
            off = -2
        elif w.startswith("the day after"):
            off = 2
        elif w.startswith(("yesterday", "last night")):
            off = -1
        elif w.startswith("tomorrow"):
            off = 1
        else:
            off = 0
        d = p + dt.timedelta(days=off)
        return _dr(d, d, "day", text)
    if _SAME_DAY.match(t):
        return _dr(p, p, "day", text)
    if (m := _AGO.match(t)) or (m := _IN_N.match(t)):
        n = _num(m[1]) * (-1 if t.endswith("ago") else 1)
        unit = m[2]
        if unit == "day":
            d = p + dt.timedelta(days=n)
            return _dr(d, d, "day", text)
        if unit == "week":
            s = _week_start(p + dt.timedelta(weeks=n))
            return _dr(s, s + dt.timedelta(days=6), "week", text)
        if unit == "month":
            first = _add_months(dt.date(p.year, p.month, 1), n)
            s, e = _month_range(first.year, first.month)
            return _dr(s, e, "month", text)
        return _dr(dt.date(p.year + n, 1, 1), dt.date(p.year + n, 12, 31), "year", text)
    if m := _AFTER_BEFORE.match(t):
        n = _num(m[1]) * (7 if m[2] == "week" else 1)
        d = p - dt.timedelta(days=n) if m[3] == "after" else p + dt.timedelta(days=n)
        return _dr(d, d, "day", text)
    if m := _PAST_N.match(t):
        n = _num(m[1])
        unit = m[2]
        days = {"day": n, "week": 7 * n, "month": 30 * n, "year": 365 * n}[unit]
        return _dr(p - dt.timedelta(days=days), p, "day", text)
    if m := _REL_PERIOD.match(t):
        s, e = _period(m[2], m[1], p)
        return _dr(s, e, m[2], text)  # type: ignore[arg-type]
    if m := _EDGE_PERIOD.match(t):
        which = "this" if m[2] in (None, "current") else str(m[2])
        s, e = _period(m[3], which, p)
        end_side = m[1] in ("end", "close")
        if m[3] == "week":
            s = s + dt.timedelta(days=3) if end_side else s
            return _dr(s, s + dt.timedelta(days=1), "day", text)
        if m[3] == "month":
            return (
                _dr(e - dt.timedelta(days=6), e, "day", text) if end_side else _dr(s, s + dt.timedelta(6), "day", text)
            )
        month = 12 if end_side else 1
        s, e = _month_range(s.year, month)
        return _dr(s, e, "month", text)
    if m := _EARLIER_LATER.match(t):
        s, e = _period(m[2], "this", p)
        gran: Granularity = m[2]  # type: ignore[assignment]
        if m[1] == "earlier":
            return _dr(s, max(s, p - dt.timedelta(days=1)) if gran == "week" else p, gran, text)
        return _dr(min(e, p + dt.timedelta(days=1)), e, gran, text)
    if m := _WEEKEND.match(t):
        rel = {"past": "last", "coming": "next", "this": None}.get(m[1] or "", m[1] or None)
        s, e = _weekend(p, tense, rel)
        return _dr(s, e, "day", text)
    if m := _WEEKDAY.match(t):
        rel = {"past": "last", "coming": "next", "this": None}.get(m[1] or "", m[1] or None)
        d = _weekday(_WEEKDAYS[m[2]], p, tense, rel)
        return _dr(d, d, "day", text)
    if m := _MONTH_ONLY.match(t):
        month = _MONTHS[m[2]]
        rel = m[1] if m[1] in ("last", "next") else None
        year = p.year if m[1] == "this" else _month_without_year(month, p, tense, rel)
        s, e = _month_range(year, month)
        return _dr(s, e, "month", text)
    for pattern, mi, di in ((_MONTH_DAY, 1, 2), (_DAY_MONTH, 2, 1)):
        if (m := pattern.match(t)) and not m[3]:
            day = _day_without_year(_MONTHS[m[mi]], int(m[di]), p, tense)
            return _dr(day, day, "day", text) if day else None
    return None


@lru_cache(maxsize=64)
def _date_parser(published: dt.date | None, tense: Tense | None) -> Any:
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": "future" if tense == "future" else "past",
        "DATE_ORDER": "DMY",
    }
    if published is not None:
        settings["RELATIVE_BASE"] = dt.datetime(published.year, published.month, published.day)
    return DateDataParser(languages=["en"], settings=settings)


def _dateparser(t: str, text: str, p: dt.date | None, tense: Tense | None) -> DateRange | None:
    """Last resort for formats the rules do not cover ("25/06/2018", "Jun. 25th, 2018")."""
    has_year = re.search(r"\b(?:1[5-9]|20)\d\d\b", t) is not None
    if p is None and not has_year:
        return None
    try:
        data = _date_parser(p, tense).get_date_data(_LEADING.sub("", t))
    except (ValueError, OverflowError):
        return None
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj.date()
    period = data.period or "day"
    if period == "year":
        return _dr(dt.date(d.year, 1, 1), dt.date(d.year, 12, 31), "year", text)
    if period == "month":
        s, e = _month_range(d.year, d.month)
        return _dr(s, e, "month", text)
    if period == "week":
        s = _week_start(d)
        return _dr(s, s + dt.timedelta(days=6), "week", text)
    return _dr(d, d, "day", text)
