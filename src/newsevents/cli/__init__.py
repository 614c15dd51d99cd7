"""Command-line interface: one module per command, each a thin wrapper over the Python API.

Domain errors (`newsevents.errors.NewsEventsError`) become one line on stderr and exit code 2.
"""

from __future__ import annotations

import sys

# Command modules register themselves on `app` when imported.
from newsevents.cli import cluster as _cluster  # noqa: F401
from newsevents.cli import demo as _demo  # noqa: F401
from newsevents.cli import eval as _eval  # noqa: F401
from newsevents.cli import export as _export  # noqa: F401
from newsevents.cli import extract as _extract  # noqa: F401
from newsevents.cli import ingest as _ingest  # noqa: F401
from newsevents.cli import query as _query  # noqa: F401
from newsevents.cli import recode as _recode  # noqa: F401
from newsevents.cli import serve as _serve  # noqa: F401
from newsevents.cli import show as _show  # noqa: F401
from newsevents.cli import watch as _watch  # noqa: F401
from newsevents.cli._app import app
from newsevents.errors import NewsEventsError


def main() -> None:
    """Entry point of the `newsevents` console script."""
    try:
        app()
    except NewsEventsError as exc:
        print(f"newsevents: error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


__all__ = ["app", "main"]
