"""Command-line interface: one module per command, each a thin wrapper over the Python API.

Domain errors (`newsevents.errors.NewsEventsError`) become one line on stderr and exit code 2.
"""

from __future__ import annotations

import sys

from newsevents.cli._app import app
from newsevents.errors import NewsEventsError

# Command modules register themselves on `app` when imported.


def main() -> None:
    """Entry point of the `newsevents` console script."""
    try:
        app()
    except NewsEventsError as exc:
        print(f"newsevents: error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


__all__ = ["app", "main"]
