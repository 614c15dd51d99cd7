"""Request and response models of the REST API.

In: JSON bodies posted to `/articles`. Out: the typed shapes every endpoint
returns, so `/openapi.json` describes each response exactly. Events are the
project's `newsevents.record.Event` unchanged.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, field_validator

from newsevents.ingest.clean import MAX_DATE, MIN_DATE
from newsevents.record import Article, ArticleRef, Cluster, Event, RelatedReports

MAX_TEXT_CHARS = 500_000


class ArticleIn(BaseModel):
    """An article posted as JSON. Only `text` is required."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS, description="the article text")
    title: str | None = Field(default=None, max_length=2000)
    url: str | None = Field(default=None, max_length=4000)
    published: dt.date | None = Field(default=None, description="publication date, YYYY-MM-DD")
    id: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        pattern=r"^[A-Za-z0-9._:\-]+$",
        description="article id; derived from the text's hash when absent",
    )

    @field_validator("published")
    @classmethod
    def _sane_date(cls, value: dt.date | None) -> dt.date | None:
        # relative dates are resolved against it: calendar arithmetic near year 1 or 9999 overflows
        if value is not None and not MIN_DATE <= value <= MAX_DATE:
            raise ValueError(f"publication date out of range ({MIN_DATE.isoformat()} to {MAX_DATE.isoformat()})")
        return value


class ErrorItem(BaseModel):
    """One problem with one input field."""

    field: str | None = Field(description="the request field the problem is about, e.g. 'quad' or 'text'")
    message: str


class ErrorResponse(BaseModel):
    """The single shape of every JSON error the API returns."""

    ok: bool = False
    error: str
    status: int
    errors: list[ErrorItem] = Field(default_factory=list)


class ArticleEvents(BaseModel):
    """Answer to `POST /articles`: the article's id and the events coded from it."""

    ok: bool = True
    article_id: str
    created: bool = Field(description="true if the article was stored by this request")
    duplicate: bool = Field(description="true if the same text was already stored; its stored events are returned")
    events: list[Event]


class EventPage(BaseModel):
    """One page of `GET /events`."""

    total: int = Field(description="events matching the filters, over all pages")
    limit: int
    offset: int
    events: list[Event]


ArticleSummary = ArticleRef
"""An article named by id, title, url and publication date."""


class EventDetail(BaseModel):
    """Answer to `GET /events/{id}`: the event (evidence, mentions) and its article."""

    event: Event
    article: ArticleSummary | None


class ArticleDetail(BaseModel):
    """Answer to `GET /articles/{id}`: the text and every event coded from it."""

    article: Article
    events: list[Event]
    related: list[RelatedReports] = Field(
        default_factory=list,
        description="for each of its events that other articles report too (same cluster): those articles",
    )


class ClusterPage(BaseModel):
    """Answer to `GET /clusters`: clusters with an event matching the filters, most reported first."""

    total: int = Field(description="clusters matching, over all pages")
    limit: int
    offset: int
    clusters: list[Cluster]


class ActorCount(BaseModel):
    """A code (country or organisation) with how often it acts and receives."""

    code: str
    name: str | None = Field(default=None, description="the most frequent canonical name for this code")
    names: list[str] = Field(default_factory=list, description="canonical names seen, most frequent first")
    sectors: list[str] = Field(default_factory=list)
    as_actor: int = Field(default=0, description="events with this code as actor")
    as_recipient: int = Field(default=0, description="events with this code as recipient")
    events: int = Field(default=0, description="events with this code on either side")


class ActorList(BaseModel):
    """Answer to `GET /actors`: the codes of the matching events, most events first, paged."""

    total: int = Field(default=0, description="codes matching the filters, over all pages")
    limit: int | None = Field(default=None, description="the page size asked for; null: all codes")
    offset: int = 0
    actors: list[ActorCount]


class DayQuadCount(BaseModel):
    day: str = Field(description="ISO date of the events")
    quad: int | None = Field(description="PLOVER quad class 1..4")
    count: int


class CategoryCount(BaseModel):
    category: str
    count: int


class QuadCount(BaseModel):
    quad: int | None
    count: int


class ModalityCount(BaseModel):
    modality: str
    count: int


class PairCount(BaseModel):
    actor: str
    recipient: str
    quad: int | None = None
    count: int


class Stats(BaseModel):
    """Answer to `GET /stats`: counts of the filtered events."""

    total: int = Field(description="matching events")
    articles: int | None = Field(default=None, description="articles the matching events come from")
    undated: int | None = Field(default=None, description="matching events without a date")
    by_day: list[DayQuadCount] = Field(description="events per day and quad class")
    by_category: list[CategoryCount]
    by_quad: list[QuadCount]
    by_modality: list[ModalityCount] = Field(default_factory=list)
    by_pair: list[PairCount] = Field(description="events per actor -> recipient code pair and quad class")


class Health(BaseModel):
    ok: bool = True
    version: str
