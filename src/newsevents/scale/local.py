"""Local scale-out: `Engine.process` on N worker processes of this machine.

In: `Article`s (any iterable, read lazily: at most two chunks per worker are in flight), the
number of workers, the engine's extra actor files.
Out: the `(Article, events)` pairs of a single `Engine`, in input order; an article a worker
cannot code goes to `on_error` as the same `InputError` a single engine reports.

Each worker is a spawned process that loads the engine once (its initializer) and codes chunks
of up to `CHUNK_ARTICLES` articles through `Engine.process`. The engine's output does not depend on how
articles are batched (each article is parsed and coded on its own), so the result equals a
single-process run's, which tests/scale checks. Workers ignore SIGINT: Ctrl-C reaches the
parent, which stops them (`close`) and lets the interrupt through.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from newsevents.errors import InputError, ResourceError
from newsevents.record import Article, Event
from newsevents.scale.coder import (
    CHUNK_ARTICLES,
    ENGINE_VERSION,
    ErrorHandler,
    WorkerStats,
    cpu_seconds,
    note_worker,
    peak_rss_mib,
)

if TYPE_CHECKING:
    from newsevents.pipeline import Engine

# One coded article (its article and events), or one that failed: (source, problem).
Outcome = tuple[Article, list[Event]] | tuple[str, str]


@dataclass
class ChunkResult:
    """What a worker sends back for one chunk: an outcome per article, in order, and its own figures."""

    outcomes: list[Outcome] = field(default_factory=list)
    worker: str = ""
    peak_rss_mib: float = 0.0
    cpu_s: float = 0.0
    load_error: str | None = None


_engine: Engine | None = None
_load_error: str | None = None


def _start_worker(actor_files: list[str]) -> None:
    """Worker initializer: ignore Ctrl-C (the parent stops the pool) and load the engine once."""
    global _engine, _load_error
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        from newsevents.pipeline import Engine

        _engine = Engine(actor_files=actor_files)
    except Exception as exc:  # noqa: BLE001 - reported by the parent as one line, not a worker traceback
        _load_error = f"{type(exc).__name__}: {exc}".splitlines()[0]


def _code_chunk(articles: list[Article], batch_size: int) -> ChunkResult:
    """Code one chunk in a worker; every article gets an outcome, whatever happens."""
    result = ChunkResult(worker=f"pid {os.getpid()}")
    if _engine is None:
        result.load_error = _load_error or "the engine was not loaded"
        return result
    outcomes = result.outcomes

    def failed(err: InputError) -> None:
        outcomes.append((err.source, err.problem))

    try:
        for article, events in _engine.process(articles, batch_size=batch_size, on_error=failed):
            outcomes.append((article, events))
    except Exception as exc:  # noqa: BLE001 - the engine isolates articles; this is a last guard
        problem = f"could not be coded (worker failed: {type(exc).__name__})"
        outcomes.extend((a.source or f"article {a.id!r}", problem) for a in articles[len(outcomes) :])
    result.peak_rss_mib = peak_rss_mib()
    result.cpu_s = cpu_seconds()
    return result


def chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """Consecutive lists of `size` articles (the last may be shorter)."""
    chunk: list[Article] = []
    for article in articles:
        chunk.append(article)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class ProcessPoolCoder:
    """`Engine.process` on `workers` local processes (see the module docstring)."""

    def __init__(self, workers: int, *, actor_files: Sequence[Path] = ()) -> None:
        if workers < 1:
            raise InputError("--workers", f"{workers} is not a positive number of workers")
        self.workers = workers
        self.version: str = ENGINE_VERSION
        self.stats: dict[str, WorkerStats] = {}
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=([str(p) for p in actor_files],),
        )

    def process(
        self,
        articles: Iterable[Article],
        *,
        batch_size: int = 16,
        on_error: ErrorHandler | None = None,
    ) -> Iterator[tuple[Article, list[Event]]]:
        """Code `articles` in chunks on the workers; results in input order."""
        pending: deque[Future[ChunkResult]] = deque()
        try:
            for chunk in chunks(articles, min(batch_size, CHUNK_ARTICLES)):
                pending.append(self._pool.submit(_code_chunk, chunk, batch_size))
                while len(pending) >= 2 * self.workers:
                    yield from self._collect(pending.popleft(), on_error)
            while pending:
                yield from self._collect(pending.popleft(), on_error)
        finally:
            for future in pending:
                future.cancel()

    def _collect(
        self, future: Future[ChunkResult], on_error: ErrorHandler | None
    ) -> Iterator[tuple[Article, list[Event]]]:
        try:
            result = future.result()
        except BrokenProcessPool:
            raise ResourceError("a worker process died (out of memory or killed); rerun to go on") from None
        if result.load_error is not None:
            raise ResourceError(f"the extraction engine could not be loaded in a worker ({result.load_error})")
        note_worker(self.stats, result.worker, len(result.outcomes), result.peak_rss_mib, result.cpu_s)
        for outcome in result.outcomes:
            first, second = outcome
            if isinstance(first, Article):
                assert isinstance(second, list)
                yield first, second
                continue
            err = InputError(str(first), str(second))
            if on_error is None:
                raise err
            on_error(err)

    def close(self) -> None:
        """Stop the workers now: queued chunks are dropped and running ones ended."""
        # the executor forgets its processes on shutdown: take them first (no public way to end them in 3.11)
        processes = list((getattr(self._pool, "_processes", None) or {}).values())
        self._pool.shutdown(wait=False, cancel_futures=True)
        for proc in processes:
            if proc.is_alive():
                proc.terminate()
        for proc in processes:
            proc.join(timeout=10)
