"""`newsevents export`: stored events to a file in the formats of the field.

In: a store URL (`--db`), `--format jsonl|csv|parquet|geojson|cameo`, `-o FILE` (`-` = stdout,
not for parquet) and the same filters as `newsevents query`.
Out: the file; "N events written to FILE" on stderr. Parquet goes through core DuckDB's
COPY ... (FORMAT parquet); the text formats through `newsevents.export.write_events`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from newsevents.cli._app import app
from newsevents.cli._filters import NO_FILTERS, DbOption, FilterArgs, SortOpt, check_sort, with_filters
from newsevents.cli.extract import stderr_console, user_errors
from newsevents.errors import InputError
from newsevents.store import open_store

EXPORT_FORMATS = ("jsonl", "csv", "parquet", "geojson", "cameo")


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
                n = store.export_parquet(target, flt, sort=key)
            else:
                from newsevents.export import write_events

                if output == "-":
                    n = write_events(store.iter_events(flt, sort=key), name, sys.stdout)
                else:
                    try:
                        handle = target.open("w", encoding="utf-8", newline="")
                    except OSError as exc:
                        raise InputError(output, f"cannot write the file ({exc.strerror or exc})") from None
                    with handle:
                        n = write_events(store.iter_events(flt, sort=key), name, handle)
        where = "stdout" if output == "-" else output
        console.print(f"{n} events written to {where} ({name})", markup=False, highlight=False)
