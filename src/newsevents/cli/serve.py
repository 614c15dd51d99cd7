"""`newsevents serve`: the REST API and the web explorer over a store, with uvicorn.

In: a store URL (`--db`, default ./newsevents.duckdb), a host (default 127.0.0.1) and a port.
Out: an HTTP server until interrupted; the explorer's address on stderr.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from newsevents.cli._app import app
from newsevents.errors import InputError


@app.command("serve")
def serve(
    db: Annotated[
        str | None,
        typer.Option(
            "--db", metavar="URL", help="Store: a .duckdb file (default ./newsevents.duckdb) or postgresql://..."
        ),
    ] = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to bind; 127.0.0.1 keeps the server local.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="TCP port.")] = 8000,
    log_level: Annotated[str, typer.Option("--log-level", help="uvicorn log level.")] = "info",
) -> None:
    """Serve the REST API (OpenAPI at /docs) and the web explorer at http://HOST:PORT/."""
    import uvicorn

    from newsevents.serve import create_app
    from newsevents.store import open_store

    if log_level not in ("critical", "error", "warning", "info", "debug", "trace"):
        raise InputError("--log-level", f"unknown level {log_level!r}")
    # Open once up front so a bad --db fails here, with one line, not on the first request.
    open_store(db).close()
    application = create_app(db)
    shown = f"[{host}]" if ":" in host else host
    print(f"newsevents: explorer at http://{shown}:{port}/ (API docs at /docs)", file=sys.stderr)
    uvicorn.run(application, host=host, port=port, log_level=log_level)
