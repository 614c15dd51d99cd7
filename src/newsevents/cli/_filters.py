"""The event filter options of `newsevents query` and `newsevents export`, declared once.

In: a command function with a `filters: FilterArgs` parameter, decorated with `with_filters`.
Out: the same command with one option per filter of `newsevents.store.filters.FILTERS` (`--actor`
... `--article-id`) in that parameter's place; Typer parses them as text and the command gets them
back as one `FilterArgs`, whose `event_filter()` turns them into a `newsevents.store.EventFilter`
(an `InputError` naming the option, and listing the valid values of a closed set, if one is bad).
The API takes the same filters under the same names (`newsevents.serve.app`).
`DbOption` and `SortOpt` are the `--db` and `--sort` options the store commands share.
"""

from __future__ import annotations

import functools
import inspect
import keyword
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar

import typer

from newsevents.store import EventFilter, SortKey
from newsevents.store.filters import BY_NAME, FILTERS, SORT_HELP, Filter, event_filter, sort_key

DbOption = Annotated[
    str | None,
    typer.Option("--db", metavar="URL", help="Store: a .duckdb file (default ./newsevents.duckdb) or postgresql://..."),
]
SortOpt = Annotated[str, typer.Option("--sort", metavar="KEY", help=SORT_HELP)]


def _help(flt: Filter) -> str:
    """The option's help; a short closed set of names is listed in full (not the 37 contexts, and
    not the quad classes, whose help says what each number means)."""
    choices = flt.choices()
    if choices is None or len(choices) > 20 or all(c.isdigit() for c in choices):
        return flt.help
    return f"{flt.help} One of {', '.join(choices)}."


def _option(flt: Filter) -> Any:
    """The Typer option of one filter: a word; absent means no filter. Values are checked later,
    by `event_filter`, so every bad value is one error line naming the option."""
    return Annotated[str | None, typer.Option(flt.option, metavar=flt.metavar, help=_help(flt))]


def _param(flt: Filter) -> str:
    """The command function's parameter of a filter: its name, `from_` for the keyword `from`."""
    return flt.name + "_" if keyword.iskeyword(flt.name) else flt.name


# Parameter name -> the filter's option, in the order `--help` lists them.
FILTER_OPTIONS: dict[str, Any] = {_param(flt): _option(flt) for flt in FILTERS}


def check_sort(value: str) -> SortKey:
    """The `--sort` option as a store sort key."""
    return sort_key(value, "--sort")


@dataclass(frozen=True)
class FilterArgs:
    """The filter options as given on the command line, by filter name (absent ones are None)."""

    values: Mapping[str, Any] = field(default_factory=dict)

    def event_filter(self) -> EventFilter:
        """The options as an `EventFilter`; `InputError` naming the option if one is bad."""
        return event_filter(self.values, source=lambda name: BY_NAME[name].option)


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
        values = {flt.name: kwargs.pop(_param(flt), None) for flt in FILTERS}
        return command(*args, filters=FilterArgs(values), **kwargs)

    run.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in params} | {"return": signature.return_annotation}
    return run
