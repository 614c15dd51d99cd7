"""Load for the API's concurrency tests and for benchmarks/load.py.

In: coded articles (`Article`, events) to copy, a store URL, a command that serves the API.
Out: `copies` (the articles again with shifted dates, rotated codes and fresh ids, until a
number of events is reached), `bulk_load` (writes them in one transaction, so a store of
10,000 events takes seconds rather than the half-minute of one transaction an article),
`served` (a server process on a free 127.0.0.1 port, ready when it answers /health) and
`crowd` (many HTTP requests at once from one asyncio loop, each on its own connection; the
status, seconds and body of each).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import math
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import newsevents
from newsevents.record import Article, Entity, Event
from newsevents.store import EventFilter, content_hash, open_store
from newsevents.store._sql import ARTICLE_COLUMNS, SQLStore, insert_sql

CODES = ["USA", "RUS", "CHN", "GBR", "FRA", "DEU", "ITA", "LBY", "UKR", "ISR", "IRN", "TUR", "IND", "MLT", "EUR"]
SERVE = [sys.executable, "-c", "from newsevents.cli import main; main()", "serve"]


def shift(date: str | None, days: int) -> str | None:
    """An ISO date of day precision moved by `days`; other precisions are kept as they are."""
    if not date or len(date) != 10:
        return date
    return (dt.date.fromisoformat(date) + dt.timedelta(days=days)).isoformat()


def _recode(ents: list[Entity], rng: random.Random) -> list[Entity]:
    return [e.model_copy(update={"code": rng.choice(CODES)}) if rng.random() < 0.5 else e for e in ents]


def copies(
    coded: Sequence[tuple[Article, list[Event]]], target: int, *, seed: int = 7
) -> list[tuple[Article, list[Event]]]:
    """Copies of the coded articles (each a distinct text) with varied dates and codes, until >= `target` events."""
    source = [(a, evs) for a, evs in coded if evs]
    if not source:
        raise ValueError("no events to copy")
    rng = random.Random(seed)
    out: list[tuple[Article, list[Event]]] = []
    total = k = 0
    while total < target:
        for article, events in source:
            aid = f"{article.id}-copy{k}"
            days = rng.randint(-700, 700)
            copy = article.model_copy(update={"id": aid, "text": f"{article.text}\n\n[copy {k}]"})
            evs = [
                e.model_copy(
                    update={
                        "id": f"{aid}-{j}",
                        "article_id": aid,
                        "date": shift(e.date, days),
                        "enddate": shift(e.enddate, days),
                        "actor": _recode(e.actor, rng),
                        "recipient": _recode(e.recipient, rng),
                        "confidence": round(rng.uniform(0.2, 0.95), 2),
                    }
                )
                for j, e in enumerate(events)
            ]
            out.append((copy, evs))
            total += len(evs)
            if total >= target:
                break
        k += 1
    return out


def bulk_load(url: str, items: Sequence[tuple[Article, list[Event]]]) -> int:
    """Write new articles and their events in one transaction; the number of events stored after.

    The rows are the ones `add_article` writes; its per-article checks (a text or an id stored
    already) are left out, so the articles must be new.
    """
    with open_store(url) as store:
        if not isinstance(store, SQLStore):
            raise TypeError(f"bulk_load needs a SQL store, not {type(store).__name__}")
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        rows = [
            (a.id, content_hash(a.text), a.title, a.url, a.published, a.language, a.source, a.text, now,
             store.engine_version)
            for a, _ in items
        ]  # fmt: skip
        with store._guard("loading articles", write=True), store._transaction():
            store._run_many(insert_sql("articles", ARTICLE_COLUMNS), rows)
            store._insert_events([e for _, evs in items for e in evs])
        return store.count_events(EventFilter())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def child_env(src: str | Path | None = None) -> dict[str, str]:
    """The environment for a child process that imports newsevents from `src` (default: this checkout's)."""
    src = str(src or Path(newsevents.__file__).resolve().parents[1])
    return {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}


def wait_ready(port: int, proc: subprocess.Popen[Any], timeout: float = 60.0) -> None:
    """Return when the server answers GET /health; fail if it exits or does not answer in `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:  # noqa: S310
                if json.loads(r.read())["ok"]:
                    return
        except OSError:
            pass
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with code {proc.returncode}")
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not answer /health")
        time.sleep(0.1)


@contextmanager
def served(
    command: Sequence[str], *, port: int | None = None, src: str | Path | None = None
) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """Run `command` (which must serve on `port`, given to it as `{port}`) until the block ends.

    `src`: where the child imports newsevents from (another checkout, to compare versions).
    """
    port = port or free_port()
    argv = [a.replace("{port}", str(port)) for a in command]
    # stderr goes to a file: a pipe nobody reads would stop a server that logs a lot
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(argv, env=child_env(src), stdout=subprocess.DEVNULL, stderr=log)
        try:
            try:
                wait_ready(port, proc)
            except RuntimeError as exc:
                log.seek(0)
                raise RuntimeError(f"{exc}: {log.read().decode(errors='replace')[-2000:]}") from None
            yield port, proc
        finally:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


def serve_command(db: str | Path, *extra: str) -> list[str]:
    """`newsevents serve` on the store `db` and the port `served` chooses."""
    return [*SERVE, "--db", str(db), "--port", "{port}", "--log-level", "warning", *extra]


@dataclass
class Answer:
    """One request's outcome: status 0 when the connection failed (then `error` says how)."""

    path: str
    status: int
    seconds: float
    body: bytes
    error: str = ""

    def json(self) -> Any:
        return json.loads(self.body)


def _dechunk(body: bytes) -> bytes:
    out = bytearray()
    while body:
        size_line, _, rest = body.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out += rest[:size]
        body = rest[size + 2 :]
    return bytes(out)


async def _request(port: int, method: str, path: str, body: bytes, headers: dict[str, str], timeout: float) -> Answer:
    start = time.perf_counter()
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)
        head = {"Host": f"127.0.0.1:{port}", "Connection": "close", **headers}
        if body:
            head["Content-Length"] = str(len(body))
        lines = "".join(f"{k}: {v}\r\n" for k, v in head.items())
        writer.write(f"{method} {path} HTTP/1.1\r\n{lines}\r\n".encode("latin-1") + body)
        await writer.drain()
        data = await asyncio.wait_for(reader.read(), timeout)
        writer.close()
        status_line, _, rest = data.partition(b"\r\n")
        head_bytes, _, payload = rest.partition(b"\r\n\r\n")
        if b"transfer-encoding: chunked" in head_bytes.lower():
            payload = _dechunk(payload)
        return Answer(path, int(status_line.split(b" ", 2)[1]), time.perf_counter() - start, payload)
    except (OSError, TimeoutError, ValueError, IndexError) as exc:
        return Answer(path, 0, time.perf_counter() - start, b"", f"{type(exc).__name__}: {exc}")


def crowd(
    port: int,
    paths: Sequence[str],
    *,
    method: str = "GET",
    bodies: Sequence[bytes] | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 120.0,
) -> list[Answer]:
    """Send one request per path, all at once, each on a new connection; the answers in order."""

    async def run() -> list[Answer]:
        sends = [
            _request(port, method, path, bodies[i] if bodies else b"", headers or {}, timeout)
            for i, path in enumerate(paths)
        ]
        return list(await asyncio.gather(*sends))

    return asyncio.run(run())


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by the nearest-rank method."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return ordered[rank - 1]
