"""Publication dates are read strictly (the whole string) and bounded to 1800-01-01..2200-12-31."""

from __future__ import annotations

import datetime as dt

import pytest

from newsevents.errors import InputError
from newsevents.ingest.clean import article_id, clean_text, parse_iso_date


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
