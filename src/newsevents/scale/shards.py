"""JSONL shards: the events of a run written to a directory, a fixed number of articles a file.

In: a directory (created if missing; one that already holds shards is refused, so an old run's
files are never mixed with a new one's) and, article by article in input order, each article's
events.
Out: `part-00000.jsonl`, `part-00001.jsonl`, ...: each the events of `SHARD_ARTICLES`
consecutive articles, one JSON event a line (the `extract --format jsonl` lines), so the
shards read in name order are the single-process output. A shard is written to a temporary
name and renamed when complete: an interrupted run leaves whole shards only.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from newsevents.errors import InputError
from newsevents.record import Event

SHARD_ARTICLES = 1000
"""Articles a shard holds (the last shard may hold fewer)."""


class ShardWriter:
    """Writes events into numbered JSONL shards of `per_shard` articles; use as a context manager."""

    def __init__(self, directory: Path, *, per_shard: int = SHARD_ARTICLES, option: str = "-o") -> None:
        if per_shard < 1:
            raise ValueError("per_shard must be positive")
        if directory.exists() and not directory.is_dir():
            raise InputError(str(directory), f"is a file; {option} takes a directory for shards with --ray")
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(str(directory), f"cannot create the directory ({exc.strerror or exc})") from None
        if any(directory.glob("part-*.jsonl")):
            raise InputError(str(directory), "already holds shards (part-*.jsonl); choose an empty directory")
        self.directory = directory
        self.per_shard = per_shard
        self.shards: list[Path] = []
        self.events = 0
        self._articles = 0
        self._handle: TextIO | None = None
        self._tmp: Path | None = None

    def add(self, events: Iterable[Event]) -> None:
        """The events of the next article."""
        if self._handle is None:
            self._open()
        assert self._handle is not None
        for event in events:
            self._handle.write(event.model_dump_json())
            self._handle.write("\n")
            self.events += 1
        self._articles += 1
        if self._articles >= self.per_shard:
            self._finish()

    def _open(self) -> None:
        name = f"part-{len(self.shards):05d}.jsonl"
        self._tmp = self.directory / f".{name}.tmp"
        try:
            self._handle = self._tmp.open("w", encoding="utf-8", newline="")
        except OSError as exc:
            raise InputError(str(self._tmp), f"cannot write the file ({exc.strerror or exc})") from None
        self.shards.append(self.directory / name)
        self._articles = 0

    def _finish(self) -> None:
        if self._handle is None or self._tmp is None:
            return
        self._handle.close()
        os.replace(self._tmp, self.shards[-1])
        self._handle = self._tmp = None

    def close(self, *, complete: bool = True) -> None:
        """Finish the open shard (`complete`), or drop it (an interrupted run keeps whole shards only)."""
        if complete:
            self._finish()
        elif self._handle is not None and self._tmp is not None:
            self._handle.close()
            self._tmp.unlink(missing_ok=True)
            self.shards.pop()
            self._handle = self._tmp = None

    def __enter__(self) -> ShardWriter:
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self.close(complete=exc_type is None)
