"""`newsevents export`: stored events to a file in the formats of the field.

In: a store URL (`--db`), `--format jsonl|csv|parquet|geojson|cameo`, `-o FILE` (`-` = stdout,
not for parquet) and the same filters as `newsevents query`.
Out: the file; "N events written to FILE" on stderr. GeoJSON holds only events with
coordinates, so its line says how many were left out: "13 of 47 events written to FILE
(geojson); 34 had no coordinates". Parquet goes through core DuckDB's COPY ... (FORMAT parquet);
the text formats through `newsevents.export.write_events`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated

import typer

from newsevents.cli._app import app
from newsevents.cli._filters import NO_FILTERS, DbOption, FilterArgs, SortOpt, check_sort, with_filters
from newsevents.cli.extract import stderr_console, user_errors
from newsevents.errors import InputError
from newsevents.export import EXPORT_FORMATS, write_events
from newsevents.record import Event
from newsevents.store import open_store


class Counted:
    """Events passed through, counted: what the store gave, whatever the writer kept."""

    def __init__(self, events: Iterable[Event]) -> None:
        self.events = events
        self.count = 0

    def __iter__(self) -> Iterator[Event]:
        for event in self.events:
            self.count += 1
            yield event


def written_line(written: int, total: int, where: str, fmt: str) -> str:
    """The summary on stderr; when the format left events out (GeoJSON without coordinates), how many."""
    if written == total:
        return f"{written} events written to {where} ({fmt})"
    return f"{written} of {total} events written to {where} ({fmt}); {total - written} had no coordinates"


@app.command("export")
@with_filters
def export_cli(
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help=", ".join(EXPORT_FORMATS) + ".")],
    output: Annotated[str, typer.Option("--output", "-o", metavar="FILE", help="File to write (- for stdout).")],
    db: DbOption = None,
    filters: FilterArgs = NO_FILTERS,
    sort: SortOpt = "date",
) -> None:
    """Write stored events that match the filters to a file.

    Example: newsevents export --format parquet -o events.parquet --party LBY
    """
    console = stderr_console()
    with user_errors():
        name = fmt.strip().lower()
        if name not in EXPORT_FORMATS:
            raise InputError("--format", f"unknown format {fmt!r} (choose one of {', '.join(EXPORT_FORMATS)})")
        if output == "-" and name == "parquet":
            raise InputError("--output", "Parquet needs a file, not stdout")
        flt = filters.event_filter()
        key = check_sort(sort)
        target = Path(output)
        if output != "-" and not target.parent.is_dir():
            raise InputError(output, f"directory {target.parent} does not exist")
        with open_store(db, read_only=True) as store:
            if name == "parquet":
                n = total = store.export_parquet(target, flt, sort=key)
            else:
                events = Counted(store.iter_events(flt, sort=key))
                if output == "-":
                    n = write_events(events, name, sys.stdout)
                else:
                    try:
                        handle = target.open("w", encoding="utf-8", newline="")
                    except OSError as exc:
                        raise InputError(output, f"cannot write the file ({exc.strerror or exc})") from None
                    with handle:
                        n = write_events(events, name, handle)
                total = events.count
        where = "stdout" if output == "-" else output
        console.print(written_line(n, total, where, name), markup=False, highlight=False)
