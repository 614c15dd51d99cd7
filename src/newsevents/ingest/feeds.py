"""Read news feeds: RSS/Atom in, one `Article` per new item's page out.

In: a feed URL (`http://`, `https://`) or a local feed file, and `FetchSettings`.
Out: `FeedItem`s (link, title, summary, date, language) from the feed, and for each item the
`Article` of its page.

Rules:
- Every byte is fetched here, with httpx (`Fetcher`): a timeout for connecting and for each
  read, a size limit (a page over `max_bytes` is refused, whether its Content-Length says so
  or its body grows past it), at most `max_redirects` redirects, and the User-Agent
  `USER_AGENT` (the project and its version). feedparser only parses the bytes fetched (it
  never opens a URL itself).
- Network errors (connection refused or reset, timeouts) and answers 429 and 5xx are tried
  again `retries` times, waiting `backoff` seconds, then twice as long each time; each retry
  is reported through `on_retry`. Other HTTP errors (404, ...), too many redirects and an
  oversized body are not retried. Whatever fails in the end is an `InputError` naming the
  URL and the problem in one line.
- A local feed file is read from disk (with the same size limit). Its items may link to pages
  by relative path or `file://` URL, read from disk relative to the feed file; so a feed and
  its pages work offline. A remote feed's relative links are resolved against the feed's URL,
  and its `file://` links are refused.
- A feed that feedparser finds faulty and that has no item with a link (malformed XML, an HTML
  page, an empty answer) is an `InputError` "not a readable RSS or Atom feed (<reason>)"; a
  faulty feed with usable items is read (feedparser's lenient parsing, as feed readers do).
- The page's main text, title, publication date and language come from trafilatura, given the
  page as a string (decoded by the charset of the answer, else of the page's `<meta>`, else
  UTF-8). When it finds no main text (or the answer is not HTML), the feed item's summary is
  the text; the feed item's title and date fill what the page does not give. An item with
  neither page text nor summary is an `InputError`.
- The article's id is the last part of the link's path (letters, digits, `-`, `_`) and 8 hex
  digits of the link's hash (`arrest-in-city-3f2a9c1d`); its `url` and `source` are the link.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import html
import io
import re
import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from newsevents import __version__
from newsevents.errors import InputError
from newsevents.ingest.clean import clean_text, parse_iso_date
from newsevents.record import Article

USER_AGENT = f"newsevents/{__version__} (news event coder; feed reader)"

RetryHandler = Callable[[str, str, int, float], None]
"""Called before each retry with the URL, the problem, the attempt about to run (2, 3, ...) and the wait in seconds."""


@dataclass(frozen=True)
class FetchSettings:
    """Limits of every fetch."""

    timeout: float = 20.0
    """Seconds to connect, and to wait for each read of the answer."""
    max_bytes: int = 10_000_000
    """Largest feed or page accepted."""
    max_redirects: int = 5
    retries: int = 3
    """Further attempts after a network error, 429 or 5xx."""
    backoff: float = 1.0
    """Seconds before the first retry; doubled for each further one."""


@dataclass(frozen=True)
class Fetched:
    """The body of a URL or file, with its final address and media type."""

    url: str
    content: bytes
    content_type: str = ""
    charset: str | None = None


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed."""

    link: str
    feed: str
    title: str | None = None
    summary: str | None = None
    published: dt.date | None = None
    language: str | None = None


class _Retryable(Exception):
    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def is_url(source: str) -> bool:
    """True for an http(s) URL; anything else names a local file."""
    return urllib.parse.urlsplit(source).scheme.lower() in ("http", "https")


class Fetcher:
    """Fetches URLs (httpx, with the limits of `FetchSettings`) and local files."""

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        on_retry: RetryHandler | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings or FetchSettings()
        self.on_retry = on_retry
        self._sleep = sleep
        self._client = httpx.Client(
            headers={"User-Agent": USER_AGENT, "Accept": "*/*"},
            timeout=httpx.Timeout(self.settings.timeout),
            follow_redirects=True,
            max_redirects=self.settings.max_redirects,
            trust_env=False,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, source: str) -> Fetched:
        """The body of `source` (a URL, or a local file path or `file://` URL); `InputError` when it fails."""
        if not is_url(source):
            return self._read_file(source)
        attempts = 1 + max(0, self.settings.retries)
        delay = self.settings.backoff
        for attempt in range(1, attempts + 1):
            try:
                return self._get_once(source)
            except _Retryable as exc:
                if attempt == attempts:
                    tries = "" if attempts == 1 else f" (after {attempts} attempts)"
                    raise InputError(source, f"{exc.problem}{tries}") from None
                if self.on_retry is not None:
                    self.on_retry(source, exc.problem, attempt + 1, delay)
                self._sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    def _get_once(self, url: str) -> Fetched:
        limit = self.settings.max_bytes
        try:
            with self._client.stream("GET", url) as response:
                status = response.status_code
                if status == 429 or status >= 500:
                    raise _Retryable(f"HTTP {status} {response.reason_phrase}".rstrip())
                if status >= 400:
                    raise InputError(url, f"HTTP {status} {response.reason_phrase}".rstrip())
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise InputError(url, f"too large ({int(declared):,} bytes; the limit is {limit:,})")
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise InputError(url, f"too large (over {limit:,} bytes; the limit is {limit:,})")
                    chunks.append(chunk)
                media, charset = _content_type(response.headers.get("content-type", ""))
                return Fetched(str(response.url), b"".join(chunks), media, charset)
        except httpx.TooManyRedirects:
            raise InputError(url, f"too many redirects (more than {self.settings.max_redirects})") from None
        except httpx.TimeoutException:
            raise _Retryable(f"timed out (no answer within {self.settings.timeout:g} s)") from None
        except httpx.TransportError as exc:
            raise _Retryable(f"network error ({_first_line(exc) or type(exc).__name__})") from None
        except httpx.InvalidURL as exc:
            raise InputError(url, f"bad URL ({_first_line(exc)})") from None

    def _read_file(self, source: str) -> Fetched:
        path = _file_path(source)
        try:
            size = path.stat().st_size
            if path.is_dir():
                raise InputError(source, "is a directory, not a file")
            if size > self.settings.max_bytes:
                raise InputError(source, f"too large ({size:,} bytes; the limit is {self.settings.max_bytes:,})")
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError(source, "no such file") from None
        except PermissionError:
            raise InputError(source, "cannot read the file (permission denied)") from None
        except OSError as exc:
            raise InputError(source, f"cannot read the file ({exc.strerror or exc})") from None
        suffix = path.suffix.lower()
        media = {".html": "text/html", ".htm": "text/html", ".txt": "text/plain"}.get(suffix, "")
        return Fetched(path.resolve().as_uri(), data, media)


def read_feed(source: str, fetcher: Fetcher) -> list[FeedItem]:
    """The items of the feed at `source` (URL or file), in feed order; `InputError` when it cannot be read."""
    import feedparser

    fetched = fetcher.get(source)
    base = fetched.url
    headers = {"content-location": base} if is_url(base) else {}
    if fetched.content_type:
        headers["content-type"] = fetched.content_type + (f"; charset={fetched.charset}" if fetched.charset else "")
    parsed = feedparser.parse(io.BytesIO(fetched.content), response_headers=headers)
    entries = parsed.get("entries") or []
    language = _optional(parsed.get("feed", {}).get("language"))
    items: list[FeedItem] = []
    for entry in entries:
        link = _entry_link(entry)
        if link is None:
            continue
        items.append(
            FeedItem(
                link=_resolve(link, source, base),
                feed=source,
                title=_optional(entry.get("title")),
                summary=_summary_text(entry),
                published=_entry_date(entry),
                language=language,
            )
        )
    if not items and (parsed.get("bozo") or not parsed.get("version")):
        # a feed with faults but usable items is read; one without any is not a feed
        reason = _first_line(parsed.get("bozo_exception")) if parsed.get("bozo") else ""
        raise InputError(source, f"not a readable RSS or Atom feed ({reason or 'no RSS or Atom elements'})")
    return items


def fetch_article(item: FeedItem, fetcher: Fetcher) -> Article:
    """The article of a feed item's page (see the module doc); `InputError` naming the link when there is none."""
    if item.link.lower().startswith("file:") and is_url(item.feed):
        raise InputError(item.link, "a file link in a remote feed is not read")
    fetched = fetcher.get(item.link)
    meta: Mapping[str, Any] = {}
    text = ""
    media = fetched.content_type
    if media in ("", "text/html", "application/xhtml+xml") or media.endswith("+xml") and "html" in media:
        page = _decode_html(fetched)
        if page.strip():
            meta = _extract(page, item.link)
            text = str(meta.get("text") or "")
    elif media == "text/plain":
        text = fetched.content.decode(fetched.charset or "utf-8", errors="replace")
    if not text.strip():
        text = item.summary or ""
    if not text.strip():
        what = "no main text in the page" if not media or "html" in media else f"not an HTML page ({media})"
        raise InputError(item.link, f"{what} and no summary in the feed")
    date = item.published
    if meta.get("date"):
        with contextlib.suppress(InputError):  # a page date we cannot read: the feed's date stands
            date = parse_iso_date(str(meta["date"]), source=item.link)
    return Article(
        id=article_id(item.link),
        text=clean_text(text),
        title=_optional(meta.get("title")) or item.title,
        url=item.link,
        published=date,
        language=_optional(meta.get("language")) or item.language,
        source=item.link,
    )


def article_id(link: str) -> str:
    """A readable, stable id for the article behind `link`."""
    path = urllib.parse.urlsplit(link).path.rstrip("/")
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-")[:60] or "item"
    return f"{slug}-{hashlib.sha256(link.encode('utf-8')).hexdigest()[:8]}"


# ---------------------------------------------------------------- helpers

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"[ \t\r\f\v]+")


def _content_type(value: str) -> tuple[str, str | None]:
    media, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'")
    return media.strip().lower(), charset


def _decode_html(fetched: Fetched) -> str:
    charset = fetched.charset
    if charset is None:
        m = _META_CHARSET.search(fetched.content[:4096])
        charset = m.group(1).decode("ascii") if m else "utf-8"
    try:
        return fetched.content.decode(charset, errors="replace")
    except LookupError:  # an unknown charset name
        return fetched.content.decode("utf-8", errors="replace")


def _extract(page: str, url: str) -> Mapping[str, Any]:
    import trafilatura  # slow to import: only when a page is read

    try:
        doc = trafilatura.bare_extraction(page, url=url, with_metadata=True, include_comments=False)
    except Exception:  # noqa: BLE001 - trafilatura raises assorted parser errors on broken markup
        return {}
    if doc is None:
        return {}
    return doc if isinstance(doc, dict) else doc.as_dict()


def _file_path(source: str) -> Path:
    if source.lower().startswith("file:"):
        return Path(urllib.parse.unquote(urllib.parse.urlsplit(source).path))
    return Path(source)


def _resolve(link: str, feed: str, base: str) -> str:
    """An item link as an absolute URL: against the feed's URL, or a file next to a local feed."""
    scheme = urllib.parse.urlsplit(link).scheme.lower()
    if scheme in ("http", "https"):
        return link
    if is_url(feed):
        return urllib.parse.urljoin(base, link)
    if scheme == "file":
        return link
    if scheme:  # mailto:, ftp:, ...: left as it is, and refused when fetched
        return link
    return (_file_path(feed).resolve().parent / urllib.parse.unquote(link)).resolve().as_uri()


def _entry_link(entry: Mapping[str, Any]) -> str | None:
    for key in ("link", "id"):
        value = entry.get(key)
        if isinstance(value, str) and value.strip() and (key == "link" or "://" in value):
            return value.strip()
    return None


def _entry_date(entry: Mapping[str, Any]) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return parse_iso_date(dt.date(value[0], value[1], value[2]), source="feed")
            except (InputError, ValueError, TypeError):
                continue
    return None


def _summary_text(entry: Mapping[str, Any]) -> str | None:
    value = entry.get("summary")
    if not value:
        for content in entry.get("content") or []:
            if content.get("value"):
                value = content["value"]
                break
    if not value:
        return None
    text = html.unescape(_TAGS.sub(" ", str(value)))
    lines = [_SPACE.sub(" ", line).strip() for line in text.splitlines()]
    return _optional("\n".join(line for line in lines if line))


def _optional(value: object) -> str | None:
    if value is None:
        return None
    text = clean_text(str(value)).strip()
    return text or None


def _first_line(exc: object) -> str:
    for line in str(exc or "").splitlines():
        if line.strip():
            return line.strip()
    return ""


__all__ = [
    "USER_AGENT",
    "FeedItem",
    "FetchSettings",
    "Fetched",
    "Fetcher",
    "article_id",
    "fetch_article",
    "is_url",
    "read_feed",
]
