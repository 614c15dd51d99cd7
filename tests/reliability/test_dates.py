"""Publication dates are read strictly (the whole string) and bounded to 1800-01-01..2200-12-31;
dates in the text that leave the calendar are left unresolved, never an error."""

from __future__ import annotations

import datetime as dt

import pytest

from newsevents.errors import InputError
from newsevents.ingest.clean import article_id, clean_text, parse_iso_date
from newsevents.timex.resolve import resolve_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2018-06-25", dt.date(2018, 6, 25)),
        (" 2018-06-25 ", dt.date(2018, 6, 25)),
        ("2018-06-25T10:00:00Z", dt.date(2018, 6, 25)),
        ("2018-06-25 10:00:00+02:00", dt.date(2018, 6, 25)),
        ("1800-01-01", dt.date(1800, 1, 1)),
        ("2200-12-31", dt.date(2200, 12, 31)),
        (dt.datetime(2020, 1, 2, 3, 4), dt.date(2020, 1, 2)),
    ],
)
def test_good_dates(value: object, expected: dt.date) -> None:
    assert parse_iso_date(value, source="x") == expected


@pytest.mark.parametrize(
    "value",
    ["2018-06-25garbage", "2018-06-25Tgarbage", "20180625", "25/06/2018", "2018-02-30", "", "\x00", "1799-12-31",
     "2201-01-01", "0001-01-01", "9999-12-31", dt.date(1, 1, 1), 2018],
)
def test_bad_dates_are_input_errors(value: object) -> None:
    with pytest.raises(InputError):
        parse_iso_date(value, source="row 1")


def test_clean_text_keeps_length_and_offsets() -> None:
    raw = "a\x00b\x07c\td\ne\rf\x7fg\x85h\ud800i\udfffj\u2028"
    cleaned = clean_text(raw)
    assert len(cleaned) == len(raw)
    assert cleaned == "a b c\td\ne\rf g h\ufffdi\ufffdj\u2028"
    cleaned.encode("utf-8")  # encodable for every store backend


@pytest.mark.parametrize("value", [{"a": 1}, [1], 1.5, True, None])
def test_ids_are_strings_or_integers(value: object) -> None:
    if value is None:
        assert article_id(value, source="r", default="d") == "d"
        return
    with pytest.raises(InputError, match="'id' must be a string or an integer"):
        article_id(value, source="r", default="d")
    assert article_id(12, source="r", default="d") == "12"


@pytest.mark.parametrize(
    "words",
    ["99999999999999999999 days ago", "in 99999999999999999999 days", "3000000 days ago", "in 9000 years",
     "9000 years ago", "99999999999 weeks ago", "in 99999999999 months", "the past 99999999999999 years",
     "99999999999999999999 days after", "the last 4000000 days"],
)  # fmt: skip
@pytest.mark.parametrize("published", [dt.date(2018, 6, 25), dt.date(1800, 1, 1), dt.date(2200, 12, 31)])
def test_relative_dates_beyond_the_calendar_are_unresolved(words: str, published: dt.date) -> None:
    found = resolve_date(words, published)
    assert found is None or dt.date.min <= found.start <= found.end <= dt.date.max


@pytest.mark.parametrize("when", ["99999999999999999999 days ago", "in 9000 years", "the past 99999999999999 years"])
def test_an_event_dated_beyond_the_calendar_is_coded_undated(engine: object, when: str) -> None:
    text = f"The foreign minister of France met the president of Germany in Berlin {when}."
    events = engine.extract(text, published="2018-06-25")  # type: ignore[attr-defined]
    assert [e.event for e in events] == ["CONSULT"]
