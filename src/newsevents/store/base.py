"""The store interface every backend implements (DuckDB embedded, PostgreSQL).

In: articles and their coded events. Out: the same events, filtered, paged and
aggregated. Backends must behave identically; one test suite runs against both.
"""

from __future__ import annotations

import abc
import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Hashable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from newsevents.errors import StoreError
from newsevents.ontology import default_ontology
from newsevents.record import Article, Cluster, ClusterDetail, Event, RelatedReports

SortKey = Literal["date", "-date", "event", "-event", "confidence", "-confidence", "id"]
SORT_KEYS: tuple[str, ...] = ("date", "-date", "event", "-event", "confidence", "-confidence", "id")

_SPACES = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """The form of an article's text its key is computed from: NFC, whitespace runs collapsed, stripped."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def content_hash(text: str) -> str:
    """Article key: hex sha256 of the normalised text (same text, same key, whatever the article id)."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


class EventFilter(BaseModel):
    """Filters shared by `newsevents query`, `GET /events` and the web explorer."""

    actor: str | None = Field(default=None, description="actor country/org code, e.g. ITA")
    recipient: str | None = Field(default=None, description="recipient code")
    party: str | None = Field(default=None, description="code on either side")
    category: str | None = Field(default=None, description="PLOVER category, e.g. CONSULT")
    quad: int | None = Field(default=None, description="quad class, one of the ontology's (1-4)")
    context: str | None = None
    modality: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    country: str | None = Field(default=None, description="ISO3 of the event location")
    place: str | None = Field(default=None, description="place name of the event location")
    text: str | None = Field(default=None, description="words searched in the evidence sentence")
    article_id: str | None = None

    @field_validator("quad")
    @classmethod
    def _known_quad(cls, value: int | None) -> int | None:
        quads = default_ontology().quads
        if value is not None and value not in quads:
            raise ValueError(f"unknown quad class {value} (choose one of {', '.join(map(str, quads))})")
        return value


class StoredArticle(BaseModel):
    """An article as kept in the store, with its content hash."""

    article: Article
    content_hash: str
    ingested_at: dt.datetime


class Store(abc.ABC):
    """One interface, two backends. Every write of an article is one transaction."""

    concurrent: bool = False
    """True when one object may be used from several threads at once (each gets its own connection)."""

    @abc.abstractmethod
    def add_article(self, article: Article, events: list[Event], *, engine_version: str | None = None) -> bool:
        """Store an article and its events atomically. False if its content hash is already stored.

        If another text is stored under the same article id, this one gets the id
        `<id>#<first 12 hex digits of its hash>`; event ids already taken are prefixed with the article id.
        """

    @abc.abstractmethod
    def has_article(self, content_hash: str) -> bool: ...

    @abc.abstractmethod
    def replace_events(self, article_id: str, events: list[Event], *, engine_version: str | None = None) -> None:
        """Recode: swap an article's events for new ones in one transaction."""

    @abc.abstractmethod
    def iter_articles(self) -> Iterator[Article]: ...

    @abc.abstractmethod
    def get_article(self, article_id: str) -> tuple[Article, list[Event]] | None: ...

    @abc.abstractmethod
    def get_event(self, event_id: str) -> Event | None: ...

    @abc.abstractmethod
    def query_events(
        self, filters: EventFilter, *, limit: int = 100, offset: int = 0, sort: SortKey = "date"
    ) -> list[Event]: ...

    @abc.abstractmethod
    def count_events(self, filters: EventFilter) -> int: ...

    @abc.abstractmethod
    def actors(self, filters: EventFilter | None = None) -> list[dict[str, Any]]:
        """Codes with their names, sectors and event counts as actor and as recipient."""

    @abc.abstractmethod
    def stats(self, filters: EventFilter | None = None) -> dict[str, Any]:
        """Counts by day, category, quad class and country pair."""

    @abc.abstractmethod
    def close(self) -> None: ...

    # Optional extensions with portable defaults; backends may do better.

    def count_articles(self) -> int:
        """Number of stored articles."""
        return sum(1 for _ in self.iter_articles())

    def seen_urls(self, urls: Sequence[str]) -> set[str]:
        """The feed item URLs among `urls` this store remembers (`remember_url`)."""
        raise StoreError(f"{type(self).__name__} does not keep feed items")

    def remember_url(
        self, url: str, content_hash: str, *, article_id: str | None = None, feed: str | None = None
    ) -> None:
        """Remember a feed item's URL with the content hash of its text, so `newsevents watch` never reads it again."""
        raise StoreError(f"{type(self).__name__} does not keep feed items")

    # Cross-article clusters (newsevents.clusters); SQL stores keep them.

    def unclustered_events(self) -> list[tuple[Event, dt.date]]:
        """Events in no cluster yet, each with the day its article was reported."""
        raise StoreError(f"{type(self).__name__} does not keep clusters")

    def clustered_events(self, day_from: dt.date, day_to: dt.date) -> list[tuple[Event, dt.date, str]]:
        """Clustered events placed on a day in [day_from, day_to], with their report day and cluster id."""
        raise StoreError(f"{type(self).__name__} does not keep clusters")

    def article_texts(self, article_ids: Sequence[str]) -> dict[str, tuple[str | None, str]]:
        """Title and text of each stored article among `article_ids`."""
        out: dict[str, tuple[str | None, str]] = {}
        for aid in article_ids:
            found = self.get_article(aid)
            if found is not None:
                out[aid] = (found[0].title, found[0].text)
        return out

    def save_clusters(self, assignments: dict[str, str]) -> None:
        """Put events (event id -> cluster id) in clusters and update those clusters' summaries."""
        raise StoreError(f"{type(self).__name__} does not keep clusters")

    def taken_cluster_ids(self, cluster_ids: Sequence[str]) -> set[str]:
        """The ids among `cluster_ids` that a stored cluster already has."""
        raise StoreError(f"{type(self).__name__} does not keep clusters")

    def clear_clusters(self) -> None:
        """Forget every cluster."""
        raise StoreError(f"{type(self).__name__} does not keep clusters")

    def query_clusters(
        self, filters: EventFilter | None = None, *, min_articles: int = 1, limit: int = 100, offset: int = 0
    ) -> list[Cluster]:
        """Clusters with an event matching `filters` and at least `min_articles` articles, most reported first."""
        raise StoreError(f"{type(self).__name__} does not keep clusters")

    def count_clusters(self, filters: EventFilter | None = None, *, min_articles: int = 1) -> int:
        raise StoreError(f"{type(self).__name__} does not keep clusters")

    def get_cluster(self, cluster_id: str) -> ClusterDetail | None:
        """A cluster with its events and their articles, or None."""
        raise StoreError(f"{type(self).__name__} does not keep clusters")

    def related_reports(self, article_id: str) -> list[RelatedReports]:
        """For each event of the article that other articles also report: those articles."""
        raise StoreError(f"{type(self).__name__} does not keep clusters")

    def query_events_json(
        self, filters: EventFilter, *, limit: int = 100, offset: int = 0, sort: SortKey = "date"
    ) -> list[str]:
        """`query_events` as the JSON of each event, exactly as `Event.model_dump_json()` writes it."""
        return [ev.model_dump_json() for ev in self.query_events(filters, limit=limit, offset=offset, sort=sort)]

    def change_marker(self) -> Hashable | None:
        """A value that changes whenever the stored data may have changed, or None when the store cannot tell.

        Read it before a query: while it is unchanged, the query's answer is still current
        (`newsevents.serve` caches answers under it). Cheap enough to read on every request.
        """
        return None

    def iter_events(
        self, filters: EventFilter | None = None, *, sort: SortKey = "date", page_size: int = 1000
    ) -> Iterator[Event]:
        """Every event matching `filters`, in `sort` order, fetched page by page."""
        flt = filters or EventFilter()
        offset = 0
        while True:
            page = self.query_events(flt, limit=page_size, offset=offset, sort=sort)
            yield from page
            if len(page) < page_size:
                return
            offset += page_size

    def export_parquet(self, path: Path, filters: EventFilter | None = None, *, sort: SortKey = "date") -> int:
        """Write matching events to a Parquet file (flat columns + the JSON record); returns the count."""
        from newsevents.store.parquet import write_parquet

        return write_parquet(self.iter_events(filters, sort=sort), path)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
