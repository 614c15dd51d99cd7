"""`newsevents watch`: news feeds in, new articles coded and kept in the store, pass after pass.

In: feed URLs (RSS or Atom over http/https) or local feed files, `--db URL`, `--every 15m`,
`--once`, fetch limits (`--timeout`, `--max-size`, `--retries`, `--backoff`), `--actors FILE`.
Out: every new item's page (`newsevents.ingest.feeds`) coded by the engine and stored as
`ingest` stores an article (`Store.add_article`, one transaction an article); progress and one
summary line a pass on stderr ("1 feed read, 2 new items: 2 new articles, 0 already stored,
9 events; 1 page skipped").

What was read is remembered in the store (`Store.remember_url`: the item's URL with the content
hash of its text), so neither a second pass nor a restart fetches or codes an item again; a
story published under a second URL is fetched once, found stored by its content hash, not
coded, and its URL remembered too. An item that failed (404, timeout, no text) is not
remembered and is tried again on the next pass.

Faults never end the loop: network errors are retried with backoff and reported; a feed or
page that still fails is reported ("newsevents: skipped <url>: <reason>") and skipped; a store
error is reported and the pass ends (the next pass tries again). With `--once` one pass runs
and the exit code says how it went: 0 every feed and page was read, 1 some failed (the rest
was stored), 2 no feed could be read, or an error the user can fix (bad option, missing feed
file, unreachable store). Without `--once` passes run every `--every`; Ctrl-C (or SIGTERM)
between passes stops with exit code 0, during a pass it keeps what was stored, prints the pass
so far and exits with 130, as `ingest` does.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from newsevents.cli._app import app
from newsevents.cli.extract import EXIT_SOME_FAILED, ActorsOption, check_actor_files, load_engine, stderr_console
from newsevents.cli.extract import user_errors as _user_errors
from newsevents.cli.ingest import EXIT_INTERRUPTED, live_progress, plural
from newsevents.cli.query import DbOption
from newsevents.clusters import cluster_store
from newsevents.errors import InputError, StoreError
from newsevents.eval.run import EngineLike
from newsevents.ingest.feeds import FeedItem, Fetcher, FetchSettings, fetch_article, is_url, read_feed
from newsevents.record import Article
from newsevents.store import Store, content_hash, open_store

EXIT_NOTHING_READ = 2

_sleep = time.sleep  # the wait between passes (tests replace it)

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$", re.IGNORECASE)
_SIZES = {"": 1, "k": 1_000, "m": 1_000_000, "g": 1_000_000_000}


def parse_interval(value: str) -> float:
    """`--every`: seconds from `30s`, `15m`, `1h`, `1d` or a plain number of seconds."""
    m = _INTERVAL.match(value)
    seconds = float(m.group(1)) * _UNITS[m.group(2).lower()] if m else 0.0
    if seconds <= 0:
        raise InputError("--every", f"bad interval {value!r} (expected e.g. 30s, 15m, 1h)")
    return seconds


def parse_size(value: str) -> int:
    """`--max-size`: bytes from `500000`, `500kB`, `10MB`, `1GB`."""
    m = _SIZE.match(value)
    size = int(float(m.group(1)) * _SIZES[m.group(2).lower()]) if m else 0
    if size <= 0:
        raise InputError("--max-size", f"bad size {value!r} (expected e.g. 10MB, 500kB or a number of bytes)")
    return size


@dataclass
class PassResult:
    """What one pass over the feeds did."""

    feeds: int = 0
    feeds_read: int = 0
    new_items: int = 0
    stored: int = 0
    already: int = 0
    events: int = 0
    pages_failed: int = 0
    store_failed: bool = False
    joined: int | None = None
    """events of the pass that joined a cluster (None: not clustered)"""

    @property
    def failed(self) -> bool:
        return self.feeds_read < self.feeds or self.pages_failed > 0 or self.store_failed

    def summary(self) -> str:
        feeds = (
            f"{plural(self.feeds, 'feed')} read"
            if self.feeds_read == self.feeds
            else f"{self.feeds_read} of {plural(self.feeds, 'feed')} read"
        )
        text = f"{feeds}, {plural(self.new_items, 'new item')}"
        if self.new_items:
            text += (
                f": {plural(self.stored, 'new article')}, {self.already} already stored, {plural(self.events, 'event')}"
            )
            if self.joined is not None:
                text += f" ({self.joined} joined a cluster)"
        skipped = []
        if self.feeds_read < self.feeds:
            skipped.append(plural(self.feeds - self.feeds_read, "feed"))
        if self.pages_failed:
            skipped.append(plural(self.pages_failed, "page"))
        if skipped:
            text += f"; {' and '.join(skipped)} skipped"
        if self.store_failed:
            text += "; stopped by a store error"
        return text


class Watcher:
    """One pass over the feeds at a time, against one store; the engine is loaded at the first new article."""

    def __init__(
        self,
        feeds: list[str],
        store: Store,
        fetcher: Fetcher,
        *,
        engine: Callable[[], EngineLike],
        report: Callable[[str], None],
        status: Callable[[str], None] = lambda _text: None,
        batch_size: int = 16,
    ) -> None:
        self.feeds = feeds
        self.store = store
        self.fetcher = fetcher
        self._engine_factory = engine
        self._engine: EngineLike | None = None
        self.report = report
        self.status = status
        self.batch_size = batch_size
        self.result = PassResult()

    def engine(self) -> EngineLike:
        if self._engine is None:
            self.status("loading the engine")
            self._engine = self._engine_factory()
        return self._engine

    def run_pass(self) -> PassResult:
        """Read every feed once; `self.result` holds the counts so far should the pass be interrupted."""
        self.result = PassResult(feeds=len(self.feeds))
        handled: set[str] = set()  # links dealt with in this pass (the same story in two feeds)
        try:
            for n, feed in enumerate(self.feeds, start=1):
                self._feed(feed, f"feed {n}/{len(self.feeds)}", handled)
            if self.result.events:
                self.status("clustering")
                self.result.joined = cluster_store(self.store).joined
        except StoreError as exc:
            self.report(f"newsevents: error: {exc}")
            self.result.store_failed = True
        return self.result

    def _skip(self, err: InputError) -> None:
        self.report(f"newsevents: skipped {err}")

    def _feed(self, feed: str, label: str, handled: set[str]) -> None:
        res = self.result
        self.status(f"{label}: reading {feed}")
        try:
            items = read_feed(feed, self.fetcher)
        except InputError as err:
            self._skip(err)
            return
        res.feeds_read += 1
        fresh = [i for i in dict((i.link, i) for i in items).values() if i.link not in handled]
        seen = self.store.seen_urls([i.link for i in fresh]) if fresh else set()
        fresh = [i for i in fresh if i.link not in seen]
        handled.update(i.link for i in items)
        res.new_items += len(fresh)
        todo: list[tuple[Article, str]] = []  # articles to code, with their content hash
        links: dict[str, list[str]] = {}  # content hash -> the links of that text in this feed
        for k, item in enumerate(fresh, start=1):
            self.status(f"{label}: fetching item {k}/{len(fresh)}")
            article = self._fetch(item)
            if article is None:
                continue
            key = content_hash(article.text)
            if key in links:  # the same story under another link of this feed
                links[key].append(item.link)
                continue
            if self.store.has_article(key):
                self.store.remember_url(item.link, key, article_id=article.id, feed=feed)
                res.already += 1
                continue
            links[key] = [item.link]
            todo.append((article, key))
        if todo:
            self._code(feed, label, todo, links)

    def _fetch(self, item: FeedItem) -> Article | None:
        try:
            return fetch_article(item, self.fetcher)
        except InputError as err:
            self._skip(err)
            self.result.pages_failed += 1
            return None

    def _code(self, feed: str, label: str, todo: list[tuple[Article, str]], links: dict[str, list[str]]) -> None:
        res = self.result
        keys = {article.id: key for article, key in todo}
        engine = self.engine()
        self.status(f"{label}: coding {plural(len(todo), 'article')}")

        def failed(err: InputError) -> None:
            self._skip(err)
            res.pages_failed += 1

        version = getattr(engine, "version", None)
        for article, events in engine.process([a for a, _ in todo], batch_size=self.batch_size, on_error=failed):
            key = keys.get(article.id) or content_hash(article.text)
            try:
                added = self.store.add_article(article, events, engine_version=version)
            except StoreError as exc:
                failed(InputError(article.source or article.id, f"not stored ({exc})"))
                continue
            if added:
                res.stored += 1
                res.events += len(events)
            else:
                res.already += 1
            for n, link in enumerate(links.get(key, [])):
                self.store.remember_url(link, key, article_id=article.id, feed=feed)
                if n:  # a second link of the same text
                    res.already += 1
            self.status(f"{label}: {plural(res.stored, 'new article')}, {plural(res.events, 'event')}")


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM (a service manager stopping the watcher) ends it as Ctrl-C does."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _check_feeds(feeds: list[str]) -> None:
    for feed in feeds:
        if is_url(feed):
            continue
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", feed) and not feed.lower().startswith("file://"):
            raise InputError(feed, "unsupported feed address (expected an http(s) URL or a local file)")
        path = Path(feed[7:] if feed.lower().startswith("file://") else feed)
        if not path.exists():
            raise InputError(feed, "no such file")
        if path.is_dir():
            raise InputError(feed, "is a directory, not a file")


@app.command("watch")
def watch_cli(
    feeds: Annotated[list[str], typer.Argument(metavar="FEED_URL_OR_FILE", help="RSS or Atom feeds: URLs or files.")],
    db: DbOption = None,
    every: Annotated[
        str, typer.Option("--every", metavar="INTERVAL", help="Time between passes: 30s, 15m, 1h.")
    ] = "15m",
    once: Annotated[bool, typer.Option("--once", help="Run one pass and exit.")] = False,
    actors: ActorsOption = None,
    timeout: Annotated[
        float, typer.Option("--timeout", metavar="SECONDS", min=0.01, help="Connect and read timeout of each fetch.")
    ] = 20.0,
    max_size: Annotated[
        str, typer.Option("--max-size", metavar="SIZE", help="Largest feed or page fetched (10MB, 500kB).")
    ] = "10MB",
    retries: Annotated[
        int, typer.Option("--retries", metavar="N", min=0, help="Retries after a network error, 429 or 5xx.")
    ] = 3,
    backoff: Annotated[
        float, typer.Option("--backoff", metavar="SECONDS", min=0.0, help="Wait before the first retry; doubles.")
    ] = 1.0,
) -> None:
    """Read RSS/Atom feeds, code each new article and keep it in the store; again every INTERVAL.

    Example: newsevents watch https://example.org/news.rss --db events.duckdb --every 15m
    """
    console = stderr_console()
    with _user_errors():
        interval = parse_interval(every)
        settings = FetchSettings(timeout=timeout, max_bytes=parse_size(max_size), retries=retries, backoff=backoff)
        actor_files = check_actor_files(actors)
        _check_feeds(feeds)
        code = _watch(feeds, db, settings, actor_files, interval=interval, once=once, console=console)
    if code:
        raise typer.Exit(code)


def _watch(
    feeds: list[str],
    db: str | None,
    settings: FetchSettings,
    actor_files: list[Path],
    *,
    interval: float,
    once: bool,
    console: Console,
) -> int:
    def say(line: str) -> None:
        console.print(line, markup=False, highlight=False)

    def retrying(url: str, problem: str, attempt: int, delay: float) -> None:
        say(f"newsevents: retrying {url}: {problem} (attempt {attempt} of {settings.retries + 1} in {delay:g} s)")

    with (
        open_store(db) as store,
        Fetcher(settings, on_retry=retrying) as fetcher,
        live_progress(console) as progress,
        _sigterm_as_interrupt(),
    ):
        task = progress.add_task("starting", total=None)

        def status(text: str) -> None:
            progress.update(task, description=text)

        watcher = Watcher(feeds, store, fetcher, engine=lambda: load_engine(actor_files), report=say, status=status)
        passes = 0
        while True:
            passes += 1
            try:
                result = watcher.run_pass()
            except KeyboardInterrupt:
                say(_stamp(watcher.result.summary(), passes, once))
                say("newsevents: interrupted; what was stored stays stored (the next run skips it)")
                return EXIT_INTERRUPTED
            say(_stamp(result.summary(), passes, once))
            if once:
                if result.store_failed or (result.feeds and not result.feeds_read):
                    return EXIT_NOTHING_READ
                return EXIT_SOME_FAILED if result.failed else 0
            try:
                wake = time.monotonic() + interval
                while (left := wake - time.monotonic()) > 0:
                    status(f"next pass in {_duration(left)} (Ctrl-C stops)")
                    _sleep(min(1.0, left))
            except KeyboardInterrupt:
                say(f"newsevents: stopped after {plural(passes, 'pass', 'passes')}")
                return 0


def _stamp(summary: str, passes: int, once: bool) -> str:
    if once:
        return summary
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return f"{now} pass {passes}: {summary}"


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.999)
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours}h{minutes:02d}m"
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"
