"""What every way of running the engine offers: `Coder`, per-worker figures, and `open_coder`.

In: how to run (number of workers, Ray or not, a Ray address) and the engine's options
(extra actor files). Out: a context manager yielding a `Coder`, an object with the
signature of `Engine.process` (articles in, `(Article, events)` pairs out in input order,
unreadable articles passed to `on_error`), whose `stats` say what each worker did.
"""

from __future__ import annotations

import contextlib
import resource
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from newsevents import __version__
from newsevents.errors import InputError
from newsevents.record import Article, Event

CHUNK_ARTICLES = 4
"""Articles sent to a worker or actor at once (fewer when `batch_size` is smaller): small enough to
keep every worker busy to the end of a run and the progress bar moving, large enough for `nlp.pipe`."""

ErrorHandler = Callable[[InputError], None]


class Coder(Protocol):
    """An engine, or several: `process` as `Engine.process` (same output, same order)."""

    version: str

    def process(
        self,
        articles: Iterable[Article],
        *,
        batch_size: int = 16,
        on_error: ErrorHandler | None = None,
    ) -> Iterator[tuple[Article, list[Event]]]: ...


@dataclass
class WorkerStats:
    """What one worker (a process or a Ray actor) did: articles coded, its peak resident memory and
    the CPU time its process has used (engine load included)."""

    worker: str
    articles: int = 0
    peak_rss_mib: float = 0.0
    cpu_s: float = 0.0


def peak_rss_mib() -> float:
    """Peak resident set size of this process so far, in MiB (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def cpu_seconds() -> float:
    """CPU time (user + system) this process has used so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def note_worker(stats: dict[str, WorkerStats], worker: str, articles: int, rss_mib: float, cpu_s: float) -> None:
    """Add one batch's figures to the worker's (memory and CPU time are the process's totals so far)."""
    entry = stats.setdefault(worker, WorkerStats(worker))
    entry.articles += articles
    entry.peak_rss_mib = max(entry.peak_rss_mib, rss_mib)
    entry.cpu_s = max(entry.cpu_s, cpu_s)


class InProcessCoder:
    """One `Engine` in this process: today's path, with the same `stats` as the others."""

    def __init__(self, actor_files: Sequence[Path] = ()) -> None:
        from newsevents.pipeline import Engine

        self.engine = Engine(actor_files=list(actor_files))
        self.version: str = self.engine.version
        self.stats: dict[str, WorkerStats] = {}

    def process(
        self,
        articles: Iterable[Article],
        *,
        batch_size: int = 16,
        on_error: ErrorHandler | None = None,
    ) -> Iterator[tuple[Article, list[Event]]]:
        for article, events in self.engine.process(articles, batch_size=batch_size, on_error=on_error):
            note_worker(self.stats, "main", 1, peak_rss_mib(), cpu_seconds())
            yield article, events


@contextlib.contextmanager
def open_coder(
    *,
    workers: int | None = 1,
    ray: bool = False,
    ray_address: str | None = None,
    actor_files: Sequence[Path] = (),
) -> Iterator[Coder]:
    """A coder for the run: one engine in process (workers=1), a local process pool, or Ray actors.

    `workers`: processes, or Ray actors (None with Ray: one per CPU of the cluster). Leaving the
    context stops the workers (and a local Ray instance this call started), also on Ctrl-C.
    """
    files = [Path(p) for p in actor_files]
    if ray or ray_address:
        from newsevents.scale.on_ray import RayCoder

        ray_coder = RayCoder(actors=workers, actor_files=files, address=ray_address)
        try:
            yield ray_coder
        finally:
            ray_coder.close()
        return
    n = 1 if workers is None else workers
    if n < 1:
        raise InputError("--workers", f"{n} is not a positive number of workers")
    if n == 1:
        yield InProcessCoder(files)
        return
    from newsevents.scale.local import ProcessPoolCoder

    pool = ProcessPoolCoder(n, actor_files=files)
    try:
        yield pool
    finally:
        pool.close()


ENGINE_VERSION = __version__
"""The engine version stored with each event (`newsevents.pipeline.ENGINE_VERSION`, without loading spaCy)."""
