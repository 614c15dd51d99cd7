"""Answers of the read endpoints, kept while the store is unchanged.

In: a request key (the endpoint and its normalised parameters), the store's change marker
(`Store.change_marker()`: a value that changes whenever the stored data may have) and a
function that computes the answer in a worker thread. Out: the answer's bytes, from the
cache when the same key was answered under the same marker, else computed once however
many requests ask for it at the same time (they all wait for the one computation).

The marker is read in the worker thread before the store is queried, and the answer is
kept under that marker: a write that lands during the query changes the marker, so the
next request computes the answer again. A store without a marker (None: PostgreSQL, which
other programs write without a trace this process can see cheaply) is never cached. When
the marker changes every kept answer is dropped; answers are also dropped after `max_age`
seconds, and the oldest ones once they hold more than `max_bytes`.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

import anyio
import anyio.to_thread

MAX_BYTES = 32 * 1024 * 1024
MAX_AGE = 30.0
READ_THREADS = 4
"""Answers computed at once. The queries run in DuckDB's threads or the database server, but
turning their rows into JSON holds Python's global lock: on a few cores, a few at a time
answer a crowd first come first served, where forty threads would share the processor
between all the requests and finish them all late."""

Computed = tuple[Hashable | None, bytes]
"""What a computation returns: the change marker read before it queried the store, and the answer."""


class AnswerCache:
    """Bytes by request key, valid while the store's change marker is unchanged (see the module)."""

    def __init__(self, max_bytes: int = MAX_BYTES, max_age: float = MAX_AGE, threads: int = READ_THREADS) -> None:
        self.max_bytes = max_bytes
        self.max_age = max_age
        self.threads = max(1, threads)
        self._limiter: anyio.CapacityLimiter | None = None
        self._marker: Hashable | None = None
        self._entries: OrderedDict[Hashable, tuple[bytes, float]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._pending: dict[tuple[Hashable, Hashable], asyncio.Future[Computed]] = {}
        self.hits = 0
        """Answers served from the cache (a count for tests and benchmarks)."""
        self.computed = 0
        """Answers computed."""

    def lookup(self, key: Hashable, marker: Hashable | None) -> bytes | None:
        """The kept answer for `key` under `marker`, or None."""
        if marker is None:
            return None
        with self._lock:
            if marker != self._marker:
                return None
            entry = self._entries.get(key)
            if entry is None:
                return None
            if time.monotonic() - entry[1] > self.max_age:
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry[0]

    def keep(self, key: Hashable, marker: Hashable | None, body: bytes) -> None:
        """Keep `body` as the answer for `key` under `marker` (nothing is kept without a marker)."""
        if marker is None or len(body) > self.max_bytes // 4:
            return
        with self._lock:
            if marker != self._marker:
                self._entries.clear()
                self._bytes = 0
                self._marker = marker
            if key in self._entries:
                self._drop(key)
            self._entries[key] = (body, time.monotonic())
            self._bytes += len(body)
            while self._bytes > self.max_bytes and self._entries:
                self._drop(next(iter(self._entries)))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0
            self._marker = None

    def _drop(self, key: Hashable) -> None:
        body, _ = self._entries.pop(key)
        self._bytes -= len(body)

    async def answer(self, key: Hashable, marker: Hashable | None, compute: Callable[[], Computed]) -> bytes:
        """The answer for `key`: kept, being computed for another request, or computed now in a worker thread.

        `marker` is the store's change marker as the request arrived (None: the store is not
        open yet, or cannot tell). Errors of the computation reach every request waiting for it.
        """
        kept = self.lookup(key, marker)
        if kept is not None:
            return kept
        if marker is None:
            return (await self.run(compute))[1]
        pending = self._pending.get((key, marker))
        if pending is None:
            pending = asyncio.ensure_future(self.run(compute))
            self._pending[(key, marker)] = pending
            pending.add_done_callback(lambda done: self._finish(key, marker, done))
        # shielded: a client that goes away does not cancel the answer the others wait for
        return (await asyncio.shield(pending))[1]

    async def run(self, compute: Callable[[], Computed]) -> Computed:
        """Run `compute` in a worker thread, at most `threads` at once (first come, first served)."""
        if self._limiter is None:  # made here: it belongs to the running event loop
            self._limiter = anyio.CapacityLimiter(self.threads)
        return await anyio.to_thread.run_sync(compute, limiter=self._limiter)

    def _finish(self, key: Hashable, marker: Hashable, done: asyncio.Future[Computed]) -> None:
        self._pending.pop((key, marker), None)
        if done.cancelled() or done.exception() is not None:
            return  # the error was (or will be) raised in the requests that waited
        self.computed += 1
        before, body = done.result()
        self.keep(key, before, body)


def request_key(*parts: Any) -> Hashable:
    """A hashable key from an endpoint's name and its parameters (dicts become sorted item tuples)."""
    out: list[Hashable] = []
    for part in parts:
        if isinstance(part, dict):
            out.append(tuple(sorted((k, v) for k, v in part.items() if v is not None)))
        else:
            out.append(part)
    return tuple(out)


__all__ = ["MAX_AGE", "MAX_BYTES", "AnswerCache", "Computed", "request_key"]
