"""`newsevents query`: stored events, filtered, sorted and paged, to the terminal.

In: a store URL (`--db`, default ./newsevents.duckdb) and filter options.
Out: a Rich table on stdout (default), or JSONL / CSV records; "N of M events" on stderr.
The filter options and their parsing (`newsevents.cli._filters`) are shared with `newsevents export`.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from newsevents.cli._app import app
from newsevents.cli._filters import NO_FILTERS, DbOption, FilterArgs, SortOpt, check_sort, with_filters
from newsevents.cli.extract import stderr_console, user_errors
from newsevents.errors import InputError
from newsevents.record import Event
from newsevents.store import open_store


def _parties(event_side: list, width: int = 28) -> str:  # type: ignore[type-arg]
    parts = []
    for ent in event_side:
        label = ent.code + (f" {ent.sector}" if ent.sector else "")
        if ent.entity_name:
            label += f": {ent.entity_name}"
        parts.append(label)
    out = "; ".join(parts)
    return out if len(out) <= width else out[: width - 1] + "…"


def events_table(events: list[Event]) -> Table:
    table = Table(show_lines=False, header_style="bold")
    for col, kw in (
        ("date", {"no_wrap": True}),
        ("event", {"min_width": 7}),
        ("actor", {"min_width": 10}),
        ("recipient", {"min_width": 10}),
        ("place", {"min_width": 6}),
        ("modality", {"min_width": 8}),
        ("conf", {"justify": "right", "min_width": 4}),
        ("evidence", {"ratio": 1, "min_width": 20}),
        ("id", {"style": "dim", "overflow": "fold"}),
    ):
        table.add_column(col, **kw)  # type: ignore[arg-type]
    for ev in events:
        loc = ev.event_loc
        place = f"{loc.name} {loc.country_code or ''}".strip() if loc else ""
        sentence = ev.text_info.sentence
        table.add_row(
            ev.date or "",
            ev.event + (f"/{ev.mode}" if ev.mode else ""),
            _parties(ev.actor),
            _parties(ev.recipient),
            place,
            ev.modality,
            f"{ev.confidence:.2f}",
            sentence if len(sentence) <= 160 else sentence[:159] + "…",
            ev.id,
        )
    return table


@app.command("query")
@with_filters
def query_cli(
    db: DbOption = None,
    filters: FilterArgs = NO_FILTERS,
    limit: Annotated[int, typer.Option("--limit", metavar="N", min=0, help="How many events to show.")] = 20,
    offset: Annotated[int, typer.Option("--offset", metavar="N", min=0, help="How many to skip first.")] = 0,
    sort: SortOpt = "date",
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="table, jsonl or csv.")] = "table",
) -> None:
    """Show stored events that match the filters.

    Example: newsevents query --actor ITA --category CONSULT --from 2018-06 --format jsonl
    """
    console = stderr_console()
    with user_errors():
        name = fmt.strip().lower()
        if name not in ("table", "jsonl", "csv"):
            raise InputError("--format", f"unknown format {fmt!r} (choose one of table, jsonl, csv)")
        flt = filters.event_filter()
        key = check_sort(sort)
        with open_store(db, read_only=True) as store:
            events = store.query_events(flt, limit=limit, offset=offset, sort=key)
            total = store.count_events(flt)
        if name == "table":
            Console().print(events_table(events))
        else:
            from newsevents.export import write_events

            write_events(events, name, sys.stdout)
        first = offset + 1 if events else 0
        console.print(
            f"events {first}-{offset + len(events)} of {total}" if events else f"no events shown ({total} match)",
            markup=False,
            highlight=False,
        )
