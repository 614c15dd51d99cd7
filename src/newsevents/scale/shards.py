"""Shards: the events of a run written to a directory, a fixed number of articles a file,
as JSONL or Parquet, and resumable.

In: a directory (created if missing), the run's input articles in order, and, article by article
in that order, each coded article's events (`add`) or the news that it could not be coded (`skip`).
Out: `part-00000.jsonl`, `part-00001.jsonl`, ... (or `.parquet`): each the events of `per_shard`
consecutive coded articles, so the shards read in name order are the single-process output.
A JSONL shard holds one JSON event a line (the `extract --format jsonl` lines); a Parquet shard
one row an event with the columns of the store's Parquet export (`newsevents.store.parquet`:
flat codes, names, place and dates, and `record`, the event's JSON).

Resuming: `_shards.json`, the run's manifest, names the run's settings (format, articles a shard,
engine version and what the caller adds, e.g. the confidence threshold) and each finished shard
with how many input articles it took the run through and a digest of those articles. A new
writer on a directory with a manifest of the same settings and the same input trusts the shards
it lists, and `done` says how many input articles to skip: the run goes on after the last whole
shard. A shard is written to a temporary name, synced and renamed when complete, and only then
entered in the manifest (itself replaced atomically): a run killed at any point leaves no
half shard that a resume trusts; shard files the manifest does not list, and temporary files,
are removed when the run goes on. A directory holding shards of another run (other input or
settings), or shards without a manifest, is refused, so two runs' files are never mixed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from newsevents import __version__
from newsevents.errors import InputError, NewsEventsError
from newsevents.record import Article, Event

SHARD_ARTICLES = 1000
"""Articles a shard holds (the last shard may hold fewer)."""

SHARD_FORMATS = ("jsonl", "parquet")
"""The formats a shard can be written in."""

MANIFEST = "_shards.json"
"""The run's manifest in the shard directory (a leading `_`: Parquet dataset readers skip it)."""

_SHARD_NAME = re.compile(r"part-(\d{5,})\.(jsonl|parquet)")


def article_key(article: Article) -> bytes:
    """What identifies an input article for a resume: everything the engine reads (not where it was read from)."""
    return article.model_dump_json(exclude={"source", "passages"}).encode("utf-8") + b"\n"


@dataclass
class _Shard:
    """A finished shard as the manifest lists it."""

    name: str
    articles: int
    events: int
    through: int
    """Input articles (coded or not) the run had gone through when the shard was finished."""
    digest: str
    """sha256 over `article_key` of those `through` input articles."""


class ShardWriter:
    """Writes events into numbered shards of `per_shard` articles; use as a context manager.

    `articles`: the run's input, in order; each `add` or `skip` is the next one. `settings`:
    what else must be the same for a rerun to go on with these shards (kept in the manifest).
    After construction, `done` input articles are already in trusted shards: code `articles[done:]`.
    """

    def __init__(
        self,
        directory: Path,
        *,
        articles: Sequence[Article] = (),
        per_shard: int = SHARD_ARTICLES,
        fmt: str = "jsonl",
        settings: Mapping[str, Any] | None = None,
        option: str = "-o",
    ) -> None:
        if per_shard < 1:
            raise ValueError("per_shard must be positive")
        if fmt not in SHARD_FORMATS:
            raise ValueError(f"shard format {fmt!r} is not one of {', '.join(SHARD_FORMATS)}")
        if directory.exists() and not directory.is_dir():
            raise InputError(str(directory), f"is a file; {option} takes a directory for shards")
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(str(directory), f"cannot create the directory ({exc.strerror or exc})") from None
        self.directory = directory
        self.per_shard = per_shard
        self.fmt = fmt
        self.settings: dict[str, Any] = {
            "format": fmt,
            "per_shard": per_shard,
            "engine": __version__,
            **(settings or {}),
        }
        self._inputs = articles
        self._finished: list[_Shard] = self._trusted()
        self.shards: list[Path] = [directory / s.name for s in self._finished]
        """The run's shards in order: those of the earlier run it goes on from, then its own (the last
        may be the one being written)."""
        self.done = self._finished[-1].through if self._finished else 0
        """Input articles already in trusted shards when the writer was made (a rerun skips them)."""
        self.resumed_articles = sum(s.articles for s in self._finished)
        """Coded articles in those shards."""
        self.resumed_events = sum(s.events for s in self._finished)
        self.articles = 0
        """Coded articles this run put in whole shards."""
        self.events = 0
        """Events this run put in whole shards."""
        self._position = self.done
        self._hash = hashlib.sha256()
        self._hashed = 0
        self._hash_through(self.done)
        self._articles = 0
        self._shard_events = 0
        self._pending: list[Event] = []
        self._handle: TextIO | None = None
        self._tmp: Path | None = None
        self._clean(keep={s.name for s in self._finished})
        self._write_manifest()

    # --- resuming -------------------------------------------------------------------------------

    def _trusted(self) -> list[_Shard]:
        """The shards of an earlier run of the same input and settings that this run goes on from."""
        manifest = self.directory / MANIFEST
        if not manifest.exists():
            found = sorted(p.name for p in self.directory.iterdir() if _SHARD_NAME.fullmatch(p.name))
            if found:
                raise InputError(
                    str(self.directory),
                    f"already holds shards ({found[0]}, ...) but no {MANIFEST}; choose an empty directory",
                )
            return []
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
            listed = [_Shard(**entry) for entry in data["shards"]]
            settings = data["settings"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InputError(str(manifest), f"unreadable shard manifest ({exc}); choose an empty directory") from None
        trusted: list[_Shard] = []
        old_format = str(settings.get("format"))
        for number, entry in enumerate(listed):
            if entry.name != self._name(number, old_format) or not (self.directory / entry.name).is_file():
                break  # a shard gone missing: the run goes on from there
            trusted.append(entry)
        if not trusted:
            return []  # nothing to keep: a new run, whatever the old one was
        if settings != self.settings:
            differ = sorted(k for k in {*settings, *self.settings} if settings.get(k) != self.settings.get(k))
            raise InputError(
                str(self.directory),
                f"holds shards of a run with other settings ({', '.join(differ)}); "
                "rerun that command to go on, or choose an empty directory",
            )
        last = trusted[-1]
        digest = hashlib.sha256()
        for article in self._inputs[: last.through]:
            digest.update(article_key(article))
        if len(self._inputs) < last.through or digest.hexdigest() != last.digest:
            raise InputError(
                str(self.directory),
                "holds shards of a run with other input; rerun that command to go on, or choose an empty directory",
            )
        return trusted

    def _clean(self, keep: set[str]) -> None:
        """Remove shard files the manifest does not vouch for, and temporary files of a stopped run."""
        for path in self.directory.iterdir():
            name = path.name
            stale = (_SHARD_NAME.fullmatch(name) and name not in keep) or (
                name.startswith((".part-", f".{MANIFEST}")) and name.endswith(".tmp")
            )
            if stale and path.is_file():
                path.unlink(missing_ok=True)

    def _hash_through(self, position: int) -> str:
        """The digest of the first `position` input articles (the running hash, moved forward)."""
        for article in self._inputs[self._hashed : position]:
            self._hash.update(article_key(article))
        self._hashed = max(self._hashed, position)
        return self._hash.hexdigest()

    def _write_manifest(self) -> None:
        data = {"settings": self.settings, "shards": [vars(s) for s in self._finished]}
        _write_atomically(self.directory / MANIFEST, json.dumps(data, indent=1).encode("utf-8"))

    # --- writing --------------------------------------------------------------------------------

    @staticmethod
    def _name(number: int, fmt: str) -> str:
        return f"part-{number:05d}.{fmt}"

    def add(self, events: Iterable[Event]) -> None:
        """The events of the next input article."""
        if self._tmp is None:
            self._open()
        for event in events:
            if self._handle is not None:
                self._handle.write(event.model_dump_json())
                self._handle.write("\n")
            else:
                self._pending.append(event)
            self._shard_events += 1
        self._articles += 1
        self._position += 1
        if self._articles >= self.per_shard:
            self._finish()

    def skip(self) -> None:
        """The next input article could not be coded: it is in no shard (a rerun tries it again)."""
        self._position += 1

    def _open(self) -> None:
        name = self._name(len(self.shards), self.fmt)
        self._tmp = self.directory / f".{name}.tmp"
        if self.fmt == "jsonl":
            try:
                self._handle = self._tmp.open("w", encoding="utf-8", newline="")
            except OSError as exc:
                raise InputError(str(self._tmp), f"cannot write the file ({exc.strerror or exc})") from None
        self.shards.append(self.directory / name)
        self._articles = self._shard_events = 0

    def _finish(self) -> None:
        if self._tmp is None:
            return
        tmp, target = self._tmp, self.shards[-1]
        try:
            if self._handle is not None:
                self._handle.flush()
                os.fsync(self._handle.fileno())
                self._handle.close()
            else:
                from newsevents.store.parquet import write_parquet

                write_parquet(self._pending, tmp)
                _sync(tmp)
            os.replace(tmp, target)
        except OSError as exc:
            raise InputError(str(target), f"cannot write the shard ({exc.strerror or exc})") from None
        except NewsEventsError as exc:
            raise InputError(str(target), f"cannot write the shard ({exc})") from None
        self._handle = self._tmp = None
        self._pending = []
        self.articles += self._articles
        self.events += self._shard_events
        self._finished.append(
            _Shard(target.name, self._articles, self._shard_events, self._position, self._hash_through(self._position))
        )
        self._write_manifest()  # only now may a resume trust the shard

    def close(self, *, complete: bool = True) -> None:
        """Finish the open shard (`complete`), or drop it (an interrupted run keeps whole shards only)."""
        if complete:
            self._finish()
        elif self._tmp is not None:
            if self._handle is not None:
                self._handle.close()
            self._tmp.unlink(missing_ok=True)
            self.shards.pop()
            self._handle = self._tmp = None
            self._pending = []

    def __enter__(self) -> ShardWriter:
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self.close(complete=exc_type is None)


def _sync(path: Path) -> None:
    """Flush a written file to disk, so the rename that follows never names a file still being written."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data`: a temporary file, synced, then renamed over it."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with tmp.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise InputError(str(path), f"cannot write the file ({exc.strerror or exc})") from None
