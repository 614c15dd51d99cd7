"""Normalisation of what comes in at the edge: text, publication dates and article ids.

In: raw values from files, rows, the API or Python callers.
Out: values every later stage and every store backend accepts, or an `InputError` naming the
input and the problem:

- `clean_text(text)`: the text with lone surrogates replaced by U+FFFD and control characters
  other than newline, carriage return and tab (NUL, the rest of C0, DEL, C1) replaced by a
  space. Each replacement is one character for one character, so character offsets into the
  cleaned text are offsets into the text as given. UTF-8 encoders, the parser and PostgreSQL
  (which cannot store NUL in text) all accept the result, so DuckDB and PostgreSQL keep the
  same article text.
- `parse_iso_date(value, source=...)`: a date from `YYYY-MM-DD` or a whole ISO timestamp
  (`2018-06-25T10:00:00Z`); anything else in the string is an error (`2018-06-25garbage` is
  not a date), as is a date outside `MIN_DATE`..`MAX_DATE`: relative dates are resolved
  against it and calendar arithmetic near year 1 or 9999 would overflow.
- `article_id(value, source=..., default=...)`: an id from a string or an integer; other
  types (objects, lists, floats, booleans) are errors rather than their Python repr.
"""

from __future__ import annotations

import datetime as dt
import re

from newsevents.errors import InputError

MIN_DATE = dt.date(1800, 1, 1)
MAX_DATE = dt.date(2200, 12, 31)

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")


def clean_text(text: str) -> str:
    """`text` with lone surrogates and control characters replaced one for one (see the module doc)."""
    if _CONTROL.search(text):
        text = _CONTROL.sub(" ", text)
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return text


def parse_iso_date(value: object, *, source: str, what: str = "'published' ") -> dt.date:
    """A date from `YYYY-MM-DD` or a full ISO timestamp, within `MIN_DATE`..`MAX_DATE`.

    The problem reads "bad <what>date '<value>' (expected YYYY-MM-DD)" or says the range.
    """
    if isinstance(value, dt.datetime):
        date = value.date()
    elif isinstance(value, dt.date):
        date = value
    else:
        text = str(value).strip()
        try:
            if _DATE_ONLY.fullmatch(text):
                date = dt.date.fromisoformat(text)
            elif len(text) > 10 and _DATE_ONLY.match(text) and text[10] in "Tt ":
                date = dt.datetime.fromisoformat(text).date()
            else:
                raise ValueError(text)
        except ValueError:
            raise InputError(source, f"bad {what}date {str(value)[:80]!r} (expected YYYY-MM-DD)") from None
    if not MIN_DATE <= date <= MAX_DATE:
        raise InputError(
            source, f"{what}date {date.isoformat()} is out of range ({MIN_DATE.isoformat()} to {MAX_DATE.isoformat()})"
        )
    return date


def article_id(value: object, *, source: str, default: str) -> str:
    """The id of a row: a non-blank string or an integer; `default` when absent or blank."""
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InputError(source, f"'id' must be a string or an integer, got {_json_type(value)}")
    text = clean_text(str(value)).strip()
    return text or default


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "a list", float: "a number with a fraction", bool: "a boolean"}
    return names.get(type(value), type(value).__name__)


__all__ = ["MAX_DATE", "MIN_DATE", "article_id", "clean_text", "parse_iso_date"]
