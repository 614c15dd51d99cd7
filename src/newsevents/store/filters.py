"""The event filter vocabulary, one for the command line and the REST API.

In: filter values as a user gives them, by name (`--category consult`, `?from=2018-06`).
Out: an `EventFilter` for the store (`event_filter`), a sort key (`sort_key`), or an
`InputError` naming the option or parameter; for a filter with a closed set of values the
message lists the valid ones.

`FILTERS` names each filter once: `newsevents query` and `newsevents export` take `--NAME`
(underscores as dashes), `GET /events`, `/actors` and `/stats` take `?NAME=` and the older
`date_from` / `date_to` as aliases of `from` / `to`. Dates are `YYYY`, `YYYY-MM` or
`YYYY-MM-DD`; a year or month means its first day for `from` and its last day for `to`.
Categories, quad classes, contexts and modalities come from the PLOVER ontology
(`newsevents.ontology`), sort keys from the store (`SORT_KEYS`): no second list of them exists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from newsevents.errors import InputError
from newsevents.ontology import default_ontology
from newsevents.store._sql import date_range
from newsevents.store.base import SORT_KEYS, EventFilter, SortKey

DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
DATE_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"


def _categories() -> tuple[str, ...]:
    return tuple(sorted(default_ontology().categories))


def _quads() -> tuple[str, ...]:
    return tuple(str(q) for q in default_ontology().quads)


def _contexts() -> tuple[str, ...]:
    return tuple(default_ontology().contexts)


def _modalities() -> tuple[str, ...]:
    return default_ontology().modalities


@dataclass(frozen=True)
class Filter:
    """One filter: its name in both interfaces, the `EventFilter` field it sets, and its values."""

    name: str
    field: str
    metavar: str
    help: str
    aliases: tuple[str, ...] = ()  # further names the API accepts
    noun: str = ""  # what one value is called in messages ("category", "quad class", ...)
    values: Callable[[], tuple[str, ...]] | None = None  # the closed set of values, if any
    fold: Callable[[str], str] = str  # case folding applied before looking a value up
    date_end: bool | None = None  # a date bound: False for the first day, True for the last

    @property
    def option(self) -> str:
        """The command-line option: `--article-id` for `article_id`."""
        return "--" + self.name.replace("_", "-")

    def choices(self) -> tuple[str, ...] | None:
        return None if self.values is None else self.values()

    def parse(self, value: str, source: str) -> Any:
        """The `EventFilter` value of one given value; `InputError(source, ...)` when it is not valid."""
        if self.date_end is not None:
            return parse_day(value, source, end=self.date_end)
        if self.values is not None:
            chosen = choose(value, self.values(), source, self.noun or self.name, fold=self.fold)
            return int(chosen) if self.field == "quad" else chosen
        return value


FILTERS: tuple[Filter, ...] = (
    Filter("actor", "actor", "CODE", "Actor code, e.g. ITA."),
    Filter("recipient", "recipient", "CODE", "Recipient code, e.g. LBY."),
    Filter("party", "party", "CODE", "Code on either side."),
    Filter(
        "category",
        "category",
        "NAME",
        "PLOVER event category.",
        noun="category",
        values=_categories,
        fold=str.upper,
    ),
    Filter(
        "quad",
        "quad",
        "N",
        "Quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.",
        noun="quad class",
        values=_quads,
    ),
    Filter("context", "context", "NAME", "PLOVER context, e.g. migration.", values=_contexts, fold=str.lower),
    Filter(
        "modality",
        "modality",
        "NAME",
        "Modality: what the report says of the event's reality.",
        values=_modalities,
        fold=str.lower,
    ),
    Filter(
        "from",
        "date_from",
        "DATE",
        f"Events on or after this day ({DATE_FORMS}; a year or month from its first day).",
        aliases=("date_from",),
        date_end=False,
    ),
    Filter(
        "to",
        "date_to",
        "DATE",
        f"Events on or before this day ({DATE_FORMS}; a year or month up to its last day).",
        aliases=("date_to",),
        date_end=True,
    ),
    Filter("country", "country", "ISO3", "Country of the event location (ISO 3166 alpha-3)."),
    Filter("place", "place", "NAME", "Place name of the event location."),
    Filter("text", "text", "WORDS", "Words in the evidence sentence."),
    Filter("article_id", "article_id", "ID", "Events of one article."),
)

BY_NAME: Mapping[str, Filter] = {f.name: f for f in FILTERS}

SORT_HELP = f"Sort key: {', '.join(SORT_KEYS)} ('-' for descending)."


def choose(value: str, valid: tuple[str, ...], source: str, noun: str, *, fold: Callable[[str], str] = str) -> str:
    """`value` as one of `valid` (after `fold`); otherwise an `InputError` listing them."""
    folded = fold(value.strip())
    if folded not in valid:
        raise InputError(source, f"unknown {noun} {value!r} (choose one of {', '.join(valid)})")
    return folded


def parse_day(value: str, source: str, *, end: bool) -> dt.date:
    """A date bound: a year or month means its first day, or with `end` its last day."""
    text = value.strip()
    span = date_range(text) if len(text) in (4, 7, 10) else None
    if span is None:
        raise InputError(source, f"not a date: {value!r} (use {DATE_FORMS})")
    return span[1] if end else span[0]


def sort_key(value: str, source: str = "sort") -> SortKey:
    """A sort key of the store; `InputError` listing them otherwise."""
    return choose(value, SORT_KEYS, source, "sort key")  # type: ignore[return-value]


def event_filter(values: Mapping[str, Any], *, source: Callable[[str], str] = lambda name: name) -> EventFilter:
    """The `EventFilter` of filter values given by name (`FILTERS`); None or blank means no filter.

    `source(name)` is what an error calls the filter: `--name` on the command line, the name
    itself in the API. A `from` after the `to` is an error as well.
    """
    fields: dict[str, Any] = {}
    for flt in FILTERS:
        raw = values.get(flt.name)
        text = None if raw is None else str(raw).strip()
        if text:
            fields[flt.field] = flt.parse(text, source(flt.name))
    start, end = fields.get("date_from"), fields.get("date_to")
    if start is not None and end is not None and start > end:
        raise InputError(source("from"), f"{values['from']!r} is after the end date {values['to']!r}")
    return EventFilter(**fields)


__all__ = [
    "BY_NAME",
    "DATE_PATTERN",
    "FILTERS",
    "SORT_HELP",
    "Filter",
    "choose",
    "event_filter",
    "parse_day",
    "sort_key",
]
