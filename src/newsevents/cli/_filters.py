"""The event filter options of `newsevents query` and `newsevents export`, declared once.

In: a command function with a `filters: FilterArgs` parameter, decorated with `with_filters`.
Out: the same command with the filter options (`--actor` ... `--text`) in that parameter's place;
Typer parses them and the command gets them back as one `FilterArgs`, whose `event_filter()`
turns them into a `newsevents.store.EventFilter` (an `InputError` naming the option if one is bad).
`DbOption` and `SortOpt` are the `--db` and `--sort` options the store commands share.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar

import typer
from pydantic import ValidationError

from newsevents.errors import InputError
from newsevents.store import EventFilter, SortKey
from newsevents.store._sql import date_range
from newsevents.store.base import SORT_KEYS

DbOption = Annotated[
    str | None,
    typer.Option("--db", metavar="URL", help="Store: a .duckdb file (default ./newsevents.duckdb) or postgresql://..."),
]
SortOpt = Annotated[str, typer.Option("--sort", metavar="KEY", help=f"One of {', '.join(SORT_KEYS)}.")]


def _word(flag: str, metavar: str, description: str) -> Any:
    """A filter option taking one word (a code, a name, a date, ...); absent means no filter."""
    return Annotated[str | None, typer.Option(flag, metavar=metavar, help=description)]


# Parameter name (an `EventFilter` field) -> its option, in the order `--help` lists them.
FILTER_OPTIONS: dict[str, Any] = {
    "actor": _word("--actor", "CODE", "Actor code, e.g. ITA."),
    "recipient": _word("--recipient", "CODE", "Recipient code."),
    "party": _word("--party", "CODE", "Code on either side."),
    "category": _word("--category", "NAME", "PLOVER category, e.g. CONSULT."),
    "quad": Annotated[int | None, typer.Option("--quad", min=1, max=4, help="Quad class 1-4.")],
    "context": _word("--context", "NAME", "PLOVER context, e.g. migration."),
    "modality": _word("--modality", "NAME", "asserted, planned, negated, ..."),
    "date_from": _word("--from", "DATE", "Events on or after (YYYY, YYYY-MM or YYYY-MM-DD)."),
    "date_to": _word("--to", "DATE", "Events on or before (YYYY[-MM[-DD]])."),
    "country": _word("--country", "ISO3", "Country of the event location."),
    "place": _word("--place", "NAME", "Place name of the event location."),
    "text": _word("--text", "WORDS", "Words in the evidence sentence."),
}


def parse_day(value: str | None, option: str, *, end: bool) -> dt.date | None:
    """A --from/--to value: a year or month means its first (--from) or last (--to) day."""
    if value is None:
        return None
    text = value.strip()
    span = date_range(text) if len(text) in (4, 7, 10) else None
    if span is None:
        raise InputError(option, f"not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    return span[1] if end else span[0]


def check_sort(value: str) -> SortKey:
    if value not in SORT_KEYS:
        raise InputError("--sort", f"unknown sort key {value!r} (choose one of {', '.join(SORT_KEYS)})")
    return value  # type: ignore[return-value]


@dataclass(frozen=True)
class FilterArgs:
    """The filter options as given on the command line, by parameter name (absent ones are None)."""

    values: Mapping[str, Any] = field(default_factory=dict)

    def event_filter(self) -> EventFilter:
        """The options as an `EventFilter`; `InputError` naming the option if one is bad."""
        values = dict(self.values)
        values["date_from"] = parse_day(values.get("date_from"), "--from", end=False)
        values["date_to"] = parse_day(values.get("date_to"), "--to", end=True)
        try:
            return EventFilter(**values)
        except ValidationError as exc:
            err = exc.errors()[0]
            raise InputError(f"--{err['loc'][0]}", err["msg"]) from None


NO_FILTERS = FilterArgs()

R = TypeVar("R")


def with_filters(command: Callable[..., R]) -> Callable[..., R]:
    """`command` with the filter options in place of its `filters` parameter (see the module docstring)."""
    signature = inspect.signature(command, eval_str=True)
    if "filters" not in signature.parameters:
        raise TypeError(f"{command.__name__} has no filters parameter")
    params: list[inspect.Parameter] = []
    for param in signature.parameters.values():
        if param.name != "filters":
            params.append(param)
            continue
        for name, annotation in FILTER_OPTIONS.items():
            params.append(param.replace(name=name, annotation=annotation, default=None))

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> R:
        values = {name: kwargs.pop(name, None) for name in FILTER_OPTIONS}
        return command(*args, filters=FilterArgs(values), **kwargs)

    run.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in params} | {"return": signature.return_annotation}
    return run
