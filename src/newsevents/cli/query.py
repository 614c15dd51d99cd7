"""`newsevents query`: stored events, filtered, sorted and paged, to the terminal.

In: a store URL (`--db`, default ./newsevents.duckdb) and filter options.
Out: a Rich table on stdout (default), or JSONL / CSV records; "N of M events" on stderr.
The filter options and their parsing are shared with `newsevents export`.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from newsevents.cli._app import app
from newsevents.cli.extract import stderr_console, user_errors
from newsevents.errors import InputError
from newsevents.record import Event
from newsevents.store import EventFilter, SortKey, open_store
from newsevents.store._sql import date_range
from newsevents.store.base import SORT_KEYS

DbOption = Annotated[
    str | None,
    typer.Option("--db", metavar="URL", help="Store: a .duckdb file (default ./newsevents.duckdb) or postgresql://..."),
]
ActorOpt = Annotated[str | None, typer.Option("--actor", metavar="CODE", help="Actor code, e.g. ITA.")]
RecipientOpt = Annotated[str | None, typer.Option("--recipient", metavar="CODE", help="Recipient code.")]
PartyOpt = Annotated[str | None, typer.Option("--party", metavar="CODE", help="Code on either side.")]
CategoryOpt = Annotated[str | None, typer.Option("--category", metavar="NAME", help="PLOVER category, e.g. CONSULT.")]
QuadOpt = Annotated[int | None, typer.Option("--quad", min=1, max=4, help="Quad class 1-4.")]
ContextOpt = Annotated[str | None, typer.Option("--context", metavar="NAME", help="PLOVER context, e.g. migration.")]
ModalityOpt = Annotated[str | None, typer.Option("--modality", metavar="NAME", help="asserted, planned, negated, ...")]
FromOpt = Annotated[
    str | None,
    typer.Option("--from", metavar="DATE", help="Events on or after (YYYY, YYYY-MM or YYYY-MM-DD)."),
]
ToOpt = Annotated[str | None, typer.Option("--to", metavar="DATE", help="Events on or before (YYYY[-MM[-DD]]).")]
CountryOpt = Annotated[str | None, typer.Option("--country", metavar="ISO3", help="Country of the event location.")]
PlaceOpt = Annotated[str | None, typer.Option("--place", metavar="NAME", help="Place name of the event location.")]
TextOpt = Annotated[str | None, typer.Option("--text", metavar="WORDS", help="Words in the evidence sentence.")]
SortOpt = Annotated[str, typer.Option("--sort", metavar="KEY", help=f"One of {', '.join(SORT_KEYS)}.")]


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


def build_filter(
    *,
    actor: str | None = None,
    recipient: str | None = None,
    party: str | None = None,
    category: str | None = None,
    quad: int | None = None,
    context: str | None = None,
    modality: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    country: str | None = None,
    place: str | None = None,
    text: str | None = None,
) -> EventFilter:
    """The command-line filter options as an `EventFilter`; `InputError` naming the option if one is bad."""
    try:
        return EventFilter(
            actor=actor,
            recipient=recipient,
            party=party,
            category=category,
            quad=quad,
            context=context,
            modality=modality,
            date_from=parse_day(date_from, "--from", end=False),
            date_to=parse_day(date_to, "--to", end=True),
            country=country,
            place=place,
            text=text,
        )
    except ValidationError as exc:
        err = exc.errors()[0]
        raise InputError(f"--{err['loc'][0]}", err["msg"]) from None


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
def query_cli(
    db: DbOption = None,
    actor: ActorOpt = None,
    recipient: RecipientOpt = None,
    party: PartyOpt = None,
    category: CategoryOpt = None,
    quad: QuadOpt = None,
    context: ContextOpt = None,
    modality: ModalityOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    country: CountryOpt = None,
    place: PlaceOpt = None,
    text: TextOpt = None,
    limit: Annotated[int, typer.Option("--limit", min=0, help="How many events to show.")] = 20,
    offset: Annotated[int, typer.Option("--offset", min=0, help="How many to skip first.")] = 0,
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
        flt = build_filter(
            actor=actor,
            recipient=recipient,
            party=party,
            category=category,
            quad=quad,
            context=context,
            modality=modality,
            date_from=date_from,
            date_to=date_to,
            country=country,
            place=place,
            text=text,
        )
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
