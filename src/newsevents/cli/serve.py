"""`newsevents serve`: the REST API and the web explorer over a store, with uvicorn.

In: a store URL (`--db`, default ./newsevents.duckdb), a host (default 127.0.0.1) and a port.
A DuckDB file must exist (made by `newsevents ingest` or `newsevents demo`) unless `--create`
asks for a new, empty store: a mistyped path is an error, not a silently empty explorer.
Out: an HTTP server until interrupted; the explorer's address on stderr.

Requests are answered in parallel, each on a store connection of its own. A DuckDB file is
held only while requests use it and handed to other programs in turns
(`newsevents.store.sharing`), so `ingest`, `recode` and `query` run beside the server.

Requests for another Host than 127.0.0.1, localhost, ::1, the bound address or an
`--allow-host` name are refused (DNS rebinding); a request's headers must arrive within
10 s and its body within 30 s (`newsevents.serve.server`, `newsevents.serve.limits`).
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from newsevents.cli._app import app
from newsevents.cli._filters import DbOption
from newsevents.cli.extract import user_errors
from newsevents.errors import InputError
from newsevents.store import DEFAULT_DB, duckdb_path
from newsevents.store.filters import choose

LOG_LEVELS = ("critical", "error", "warning", "info", "debug", "trace")


def check_store_exists(db: str | None, *, create: bool) -> None:
    """A DuckDB store that does not exist is an `InputError` unless `create` is set."""
    path = duckdb_path(db)
    if path is not None and not path.exists() and not create:
        raise InputError(
            db or DEFAULT_DB,
            "no such store (ingest articles into it first, or pass --create to serve a new, empty one)",
        )


@app.command("serve")
def serve(
    db: DbOption = None,
    create: Annotated[
        bool, typer.Option("--create", help="Create the DuckDB file if it does not exist (an empty store).")
    ] = False,
    host: Annotated[
        str, typer.Option("--host", metavar="HOST", help="Address to bind; 127.0.0.1 keeps the server local.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", metavar="PORT", min=0, max=65535, help="TCP port.")] = 8000,
    log_level: Annotated[
        str, typer.Option("--log-level", metavar="LEVEL", help=f"uvicorn log level: {', '.join(LOG_LEVELS)}.")
    ] = "info",
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-host",
            metavar="HOST",
            help="Also answer requests for this host name (besides 127.0.0.1 and localhost); repeatable.",
        ),
    ] = None,
) -> None:
    """Serve the REST API (documentation at /docs) and the web explorer at http://HOST:PORT/."""
    from newsevents.serve import create_app
    from newsevents.serve.guard import served_hosts
    from newsevents.serve.server import run
    from newsevents.store import open_store

    with user_errors():
        level = choose(log_level, LOG_LEVELS, "--log-level", "log level", fold=str.lower)
        check_store_exists(db, create=create)
        # Open once up front so a bad --db fails here, with one line, not on the first request.
        open_store(db).close()
    application = create_app(db, allowed_hosts=served_hosts(host, allow_host or []))
    shown = f"[{host}]" if ":" in host else host
    print(f"newsevents: explorer at http://{shown}:{port}/ (API docs at /docs)", file=sys.stderr)
    run(application, host=host, port=port, log_level=level)
