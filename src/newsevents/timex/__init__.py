"""timex stage: date expressions in, calendar date ranges out.

- `resolve_date(text, published, tense=...)`: one expression -> `DateRange`.
- `find_dates(sent, published)`: every resolvable date expression of a sentence.
- `event_date(sent, trigger, published)`: the date of one event's clause.
See `newsevents.timex.resolve` for the calendar conventions.
"""

from newsevents.timex.resolve import DateRange, Granularity, Tense, resolve_date
from newsevents.timex.spans import enclosing_date, event_date, find_dates

__all__ = ["DateRange", "Granularity", "Tense", "enclosing_date", "event_date", "find_dates", "resolve_date"]
