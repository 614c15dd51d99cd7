"""A local news site for the watch tests: an HTTP server on 127.0.0.1 serving feeds and pages.

`site` is a `NewsSite`: `site.page(path, body, ...)` serves a response at `path` (status, media
type, a delay before answering, no Content-Length, or a function of the request count), and
`site.requests` records each request's path and User-Agent. Routes can change between polls.
The texts are short reports written for these tests.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

ARREST = (
    "TBILISI, March 12 - Georgian police arrested opposition leader Nika Melia on Tuesday outside the "
    "party's headquarters in Tbilisi, his lawyer said.",
    "The interior ministry said Melia was detained on charges of organising violence during a rally last "
    "month. His party denied the charges and called the arrest an attempt to silence the opposition.",
)
PROTEST = (
    "BELGRADE, March 13 - Thousands of people protested in Belgrade on Wednesday against the results of "
    "last month's parliamentary election, which the opposition says was rigged.",
    "Serbian President Aleksandar Vucic rejected the demand for a new election and accused the opposition "
    "of trying to seize power in the streets.",
)
VISIT = (
    "ANKARA, March 14 - Turkish Foreign Minister Hakan Fidan met his Iraqi counterpart in Ankara on "
    "Thursday to discuss water sharing and border security.",
    "The two ministers signed an agreement to set up a joint commission on the Tigris and Euphrates rivers.",
)


def article_page(title: str, paragraphs: tuple[str, ...], published: str = "2024-03-12") -> bytes:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title>"
        f"<meta property='article:published_time' content='{published}T09:00:00Z'></head>"
        "<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>\n{body}\n</article>"
        "<footer>Example Wire, a news service invented for tests.</footer></body></html>"
    ).encode()


@dataclass
class Item:
    link: str
    title: str = "A report"
    summary: str | None = None
    published: str = "2024-03-12"


def rss(items: list[Item], title: str = "Example Wire") -> bytes:
    import datetime as dt

    entries = []
    for it in items:
        date = format_datetime(dt.datetime.fromisoformat(it.published + "T09:00:00+00:00"))
        summary = f"<description>{it.summary}</description>" if it.summary else ""
        entries.append(
            f"<item><title>{it.title}</title><link>{it.link}</link><guid>{it.link}</guid>"
            f"<pubDate>{date}</pubDate>{summary}</item>"
        )
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
        f"<title>{title}</title><link>http://127.0.0.1/</link><description>tests</description>"
        f"<language>en</language>{''.join(entries)}</channel></rss>"
    ).encode()


@dataclass
class Route:
    body: bytes | Callable[[int], bytes]
    status: int | Callable[[int], int] = 200
    media: str = "text/html; charset=utf-8"
    delay: float = 0.0
    length: bool = True
    headers: dict[str, str] = field(default_factory=dict)
    hits: int = 0


class NewsSite:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                with site.lock:
                    site.requests.append((self.path, self.headers.get("User-Agent", "")))
                    route = site.routes.get(self.path)
                    if route is not None:
                        route.hits += 1
                if route is None:
                    route = Route(b"<html><body>not found</body></html>", status=404)
                if route.delay:
                    time.sleep(route.delay)
                body = route.body(route.hits) if callable(route.body) else route.body
                try:
                    self.send_response(route.status(route.hits) if callable(route.status) else route.status)
                    self.send_header("Content-Type", route.media)
                    if route.length:
                        self.send_header("Content-Length", str(len(body)))
                    for key, value in route.headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def page(self, path: str, body: bytes | Callable[[int], bytes], **kw: Any) -> str:
        """Serve `body` at `path` (a function of the number of requests so far for answers that change)."""
        self.routes[path] = Route(body, **kw)
        return self.url + path

    def feed(self, path: str, items: list[Item]) -> str:
        return self.page(path, rss(items), media="application/rss+xml")

    def fetched(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site() -> Iterator[NewsSite]:
    s = NewsSite()
    yield s
    s.close()


@pytest.fixture
def news(site: NewsSite) -> NewsSite:
    """The site with two reports (an arrest, a protest) and a feed of them at /news.rss."""
    site.page("/2024/arrest.html", article_page("Police arrest opposition leader in Tbilisi", ARREST))
    site.page("/2024/protest.html", article_page("Thousands protest in Belgrade", PROTEST, "2024-03-13"))
    site.feed(
        "/news.rss",
        [
            Item(site.url + "/2024/arrest.html", "Police arrest opposition leader in Tbilisi"),
            Item("/2024/protest.html", "Thousands protest in Belgrade", published="2024-03-13"),  # relative link
        ],
    )
    return site
