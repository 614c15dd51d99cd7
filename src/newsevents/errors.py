"""Errors newsevents raises. Each names the input it is about and the problem.

    NewsEventsError
     +-- InputError        a file, row, option or request value cannot be used
     +-- StoreError        the event store cannot be opened or written
     +-- ResourceError     a packaged model or data file is missing

The CLI turns any of them into one line on stderr and exit code 2. `json_problem` words a
JSON parse error the same way wherever JSON lines are read.
"""

from __future__ import annotations

import json


class NewsEventsError(Exception):
    """Base class of every error newsevents raises on purpose."""


class InputError(NewsEventsError):
    """An input (file, row, option, request field) that cannot be used."""

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class StoreError(NewsEventsError):
    """The event store cannot be opened, read or written."""


class ResourceError(NewsEventsError):
    """A packaged resource (spaCy pipeline, data file) is missing or broken."""


def json_problem(exc: json.JSONDecodeError) -> str:
    """A JSON parse error in words: `malformed JSON (Expecting ',' delimiter at column 28)`.

    Some of the parser's messages end in "at" already ("Unterminated string starting at"),
    so the column is joined without a second one.
    """
    where = f"column {exc.colno}" if exc.msg.endswith(" at") else f"at column {exc.colno}"
    return f"malformed JSON ({exc.msg} {where})"
