"""The query parameters of the API's list endpoints, from the one filter vocabulary.

In: the query string of `GET /events`, `GET /clusters`, `GET /actors` and `GET /stats`.
Out: FastAPI dependencies: `Filters` (an `EventFilter`), `Sort` (a store sort key), and the
`Limit` (or `AllOrLimit`) / `Offset` paging parameters.

The filters are `newsevents.store.filters.FILTERS`, under the names `newsevents query` uses
(`from` and `to`; `date_from` and `date_to` are accepted as the same filters). Each parameter's
schema carries the filter's closed set of values as `enum` and the date forms as `pattern`, so
`/openapi.json` and the error messages list the same values; the values themselves are checked
here, case-insensitively where the vocabulary folds case, and a bad one is a 422 in the API's
error shape naming the parameter as it was given.
"""

from __future__ import annotations

import inspect
import keyword
from typing import Annotated, Any

from fastapi import Depends, Query
from fastapi.exceptions import RequestValidationError

from newsevents.errors import InputError
from newsevents.ingest.clean import clean_text
from newsevents.store.base import SORT_KEYS, EventFilter, SortKey
from newsevents.store.filters import DATE_PATTERN, FILTERS, SORT_HELP, Filter, event_filter, sort_key

# Longest value a filter takes; a longer one is a 422 before any lookup.
_MAX_LENGTH = {"place": 200, "text": 500, "article_id": 200}
_DEFAULT_MAX_LENGTH = 64


def invalid(field: str, message: str) -> RequestValidationError:
    """A 422 about one query parameter, answered by the app's validation error handler."""
    return RequestValidationError([{"loc": ("query", field), "msg": message, "type": "value_error"}])


def _py_name(name: str) -> str:
    """The Python parameter of a query parameter: `from_` for the keyword `from`."""
    return name + "_" if keyword.iskeyword(name) else name


def _query(flt: Filter, name: str) -> Any:
    """The query parameter `name` (the filter's name or an alias), documented from the vocabulary."""
    extra: dict[str, Any] = {}
    choices = flt.choices()
    if choices is not None:
        extra["enum"] = list(choices)
    if flt.date_end is not None:
        extra["pattern"] = DATE_PATTERN
    description = flt.help if name == flt.name else f"{flt.help} Same as `{flt.name}`."
    query = Query(
        alias=None if _py_name(name) == name else name,
        max_length=_MAX_LENGTH.get(flt.name, _DEFAULT_MAX_LENGTH),
        description=description,
        json_schema_extra=extra or None,
    )
    return Annotated[str | None, query]


def _plain(value: str, field: str) -> None:
    """422 for a value with control characters or lone surrogates (PostgreSQL cannot even compare NUL)."""
    if clean_text(value) != value:
        raise invalid(field, f"{field} holds control characters or invalid unicode")


async def event_filters(**given: str | None) -> EventFilter:
    """The `EventFilter` of the filter parameters (the signature is set below, one per name)."""
    values: dict[str, str | None] = {}
    named: dict[str, str] = {}  # filter name -> the parameter it was given as
    for flt in FILTERS:
        names = [name for name in (flt.name, *flt.aliases) if given.get(_py_name(name)) is not None]
        if len(names) > 1:
            raise invalid(names[1], f"{names[1]} is the same filter as {names[0]}; give one of them")
        if names:
            value = str(given[_py_name(names[0])])
            _plain(value, names[0])
            values[flt.name] = value
            named[flt.name] = names[0]
    try:
        return event_filter(values, source=lambda name: named.get(name, name))
    except InputError as exc:
        raise invalid(exc.source, exc.problem) from None


event_filters.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
    [
        inspect.Parameter(_py_name(name), inspect.Parameter.KEYWORD_ONLY, default=None, annotation=_query(flt, name))
        for flt in FILTERS
        for name in (flt.name, *flt.aliases)
    ],
    return_annotation=EventFilter,
)


async def sort_param(
    sort: Annotated[
        str, Query(max_length=32, description=SORT_HELP, json_schema_extra={"enum": list(SORT_KEYS)})
    ] = "date",
) -> SortKey:
    """The `sort` parameter as a store sort key."""
    try:
        return sort_key(sort.strip())
    except InputError as exc:
        raise invalid("sort", exc.problem) from None


Filters = Annotated[EventFilter, Depends(event_filters)]
Sort = Annotated[SortKey, Depends(sort_param)]
Limit = Annotated[int, Query(ge=1, le=1000, description="page size, 1-1000")]
AllOrLimit = Annotated[int | None, Query(ge=1, le=1000, description="page size, 1-1000; absent: all")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="how many to skip first")]

__all__ = ["AllOrLimit", "Filters", "Limit", "Offset", "Sort", "event_filters", "invalid", "sort_param"]
