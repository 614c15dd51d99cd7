"""resolve_date against publication date 2018-06-25 (a Monday)."""

from __future__ import annotations

import datetime as dt

import pytest

from newsevents.timex import DateRange, resolve_date

P = dt.date(2018, 6, 25)


def _r(text: str, tense: str | None = None, published: dt.date | None = P) -> DateRange:
    got = resolve_date(text, published, tense=tense)  # type: ignore[arg-type]
    assert got is not None, text
    return got


@pytest.mark.parametrize(
    ("text", "tense", "iso", "iso_end", "gran"),
    [
        ("a day after", None, "2018-06-24", None, "day"),
        ("two days before", None, "2018-06-27", None, "day"),
        ("at the end of this week", "future", "2018-06-28", "2018-06-29", "day"),
        ("the end of this week", None, "2018-06-28", "2018-06-29", "day"),
        ("over the weekend", "past", "2018-06-23", "2018-06-24", "day"),
        ("the weekend", "future", "2018-06-30", "2018-07-01", "day"),
        ("last weekend", None, "2018-06-23", "2018-06-24", "day"),
        ("in 2011", None, "2011", None, "year"),
        ("on Tuesday", "past", "2018-06-19", None, "day"),
        ("on Tuesday", "future", "2018-06-26", None, "day"),
        ("Monday", "past", "2018-06-25", None, "day"),
        ("last month", None, "2018-05", None, "month"),
        ("next week", None, "2018-07-02", "2018-07-08", "week"),
        ("this week", None, "2018-06-25", "2018-07-01", "week"),
        ("yesterday", None, "2018-06-24", None, "day"),
        ("today", None, "2018-06-25", None, "day"),
        ("tomorrow", None, "2018-06-26", None, "day"),
        ("on June 25, 2018", None, "2018-06-25", None, "day"),
        ("25 June 2018", None, "2018-06-25", None, "day"),
        ("June 25", None, "2018-06-25", None, "day"),
        ("June 30", "past", "2017-06-30", None, "day"),
        ("June 30", "future", "2018-06-30", None, "day"),
        ("this month", None, "2018-06", None, "month"),
        ("earlier this year", None, "2018", None, "year"),
        ("two days ago", None, "2018-06-23", None, "day"),
        ("three weeks ago", None, "2018-06-04", "2018-06-10", "week"),
        ("in March", "past", "2018-03", None, "month"),
        ("in March", "future", "2019-03", None, "month"),
        ("in July", "past", "2017-07", None, "month"),
        ("in June", "past", "2018-06", None, "month"),
        ("March 2011", None, "2011-03", None, "month"),
        ("the 1990s", None, "1990", "1999", "year"),
        ("later in the afternoon", None, "2018-06-25", None, "day"),
        ("25/06/2018", None, "2018-06-25", None, "day"),
    ],
)
def test_expressions(text: str, tense: str | None, iso: str, iso_end: str | None, gran: str) -> None:
    got = _r(text, tense)
    assert (got.iso, got.iso_end, got.granularity) == (iso, iso_end, gran)
    assert got.text == text


def test_range_bounds() -> None:
    month = _r("last month")
    assert (month.start, month.end) == (dt.date(2018, 5, 1), dt.date(2018, 5, 31))
    earlier = _r("earlier this year")
    assert (earlier.start, earlier.end) == (dt.date(2018, 1, 1), P)
    weekend = _r("over the weekend", "past")
    assert weekend.start.weekday() == 5 and weekend.end.weekday() == 6


def test_without_publication_date_only_absolute() -> None:
    assert resolve_date("yesterday", None) is None
    assert resolve_date("on Tuesday", None) is None
    assert resolve_date("June 25", None) is None
    assert _r("June 25, 2018", published=None).iso == "2018-06-25"
    assert _r("in 2011", published=None).iso == "2011"


def test_not_a_date() -> None:
    assert resolve_date("a day", P) is None
    assert resolve_date("recently", P) is None
    assert resolve_date("", P) is None
