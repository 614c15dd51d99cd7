"""The event record: what every stage of newsevents produces or consumes.

In: nothing (this module only defines types).
Out: pydantic models for articles, entities, places, mentions and PLOVER events.
The JSON form of `Event` is the project's interchange format (one event a line
in JSONL); CSV and CAMEO exports are flat views of it. Character offsets always
refer to the article text exactly as it was given.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

Modality = Literal["asserted", "negated", "planned", "hypothetical", "historical", "ongoing"]
MODALITIES: tuple[str, ...] = get_args(Modality)


class PassageNote(BaseModel):
    """A passage of the article in another language than the article's, and what the engine did with it."""

    start: int
    end: int
    language: str
    coded: bool = Field(description="true when a trigger lexicon for the language exists and was applied")
    author: str | None = None
    date: str | None = None


class Article(BaseModel):
    """One news report as read from a file, a row of a JSONL/CSV export, or the API."""

    model_config = ConfigDict(extra="forbid")

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    language: str | None = None
    source: str | None = Field(default=None, description="where the article was read from (path, 'stdin', 'api')")
    passages: list[PassageNote] = Field(
        default_factory=list, description="foreign-language passages found by the engine (filled when coding)"
    )


class Entity(BaseModel):
    """An actor or recipient: PLOVER country code + sector, with the words that name it."""

    code: str = Field(default="---", description="ISO 3166 alpha-3, or IGO/UNO/EUR/NGO/ISM/IMG/MNC, '---' if unknown")
    sector: str | None = Field(default=None, description="PLOVER sector code (GOV, MIL, COP, CVL, ...)")
    entity_text: str | None = Field(default=None, description="the words of the article that name the entity")
    entity_name: str | None = Field(default=None, description="canonical name of the person or organisation")
    office: str | None = None
    start: int | None = Field(default=None, description="character offset of entity_text in the article")
    end: int | None = None


class Location(BaseModel):
    """A place resolved against the offline gazetteer."""

    name: str
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    country_code: str | None = Field(default=None, description="ISO 3166 alpha-3")
    feature: str | None = Field(default=None, description="'city', 'country', 'region' or 'water'")
    geonameid: int | None = None
    start: int | None = None
    end: int | None = None


class TextInfo(BaseModel):
    """The evidence sentence of an event and, inside it, the trigger words."""

    sentence: str
    start: int
    end: int
    trigger_start: int | None = None
    trigger_end: int | None = None


class Mention(BaseModel):
    """One place in the article that reports the event."""

    start: int
    end: int
    sentence: str
    language: str = "en"


class Event(BaseModel):
    """A PLOVER event with its evidence. Field names follow PLOVER's JSON record."""

    id: str
    article_id: str
    event: str = Field(description="one of the 16 PLOVER categories")
    mode: str | None = None
    context: list[str] = Field(default_factory=list)
    modality: Modality = "asserted"
    date: str | None = Field(default=None, description="ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    enddate: str | None = None
    date_text: str | None = Field(default=None, description="the words the date was resolved from")
    date_basis: Literal["published", "dateline", "none"] = Field(
        default="none",
        description="what anchored the article's relative dates: the publication date given with it, the date"
        " of its dateline or date line, or nothing (then only dates written in full resolve)",
    )
    actor: list[Entity] = Field(default_factory=list)
    recipient: list[Entity] = Field(default_factory=list)
    event_loc: Location | None = None
    event_text: str = ""
    quad_code: int | None = None
    event_scale: float | None = None
    cameo_code: str | None = None
    confidence: float = Field(
        default=0.5, ge=0.0, le=1.0, description="calibrated probability that the category is right"
    )
    source: Literal["model", "lexicon", "both"] | None = Field(
        default=None, description="what decided the category: the learned model, the trigger lexicon, or both"
    )
    decisions: list[str] = Field(
        default_factory=list, description="why the event has its category and parties, one note per decision"
    )
    text_info: TextInfo
    mentions: list[Mention] = Field(default_factory=list)
    size: dict[str, int | str] = Field(default_factory=dict)
    language: str = "en"
    source_info: dict[str, str] = Field(
        default_factory=dict, description="attribution of quoted passages (author, date) where known"
    )


class ArticleRef(BaseModel):
    """An article named by id, with what a reader needs to recognise it."""

    id: str
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None


class Cluster(BaseModel):
    """Events of one or more articles that report the same real-world event (`newsevents.clusters`)."""

    id: str
    event: str = Field(description="the category of the representative event")
    num_articles: int = Field(description="articles that report the event")
    num_events: int = Field(description="coded events in the cluster (one or more per article)")
    num_mentions: int = Field(description="sentences that report the event, over all its articles")
    first_report: dt.date | None = Field(default=None, description="earliest day an article reported it")
    last_report: dt.date | None = Field(default=None, description="latest day an article reported it")
    date_start: dt.date | None = Field(default=None, description="earliest date of its events")
    date_end: dt.date | None = Field(default=None, description="latest date of its events")
    representative: Event = Field(description="the event with most mentions (then confidence, then earliest)")


class ClusterDetail(BaseModel):
    """A cluster with all its events and the articles they come from."""

    cluster: Cluster
    events: list[Event]
    articles: list[ArticleRef]


class RelatedReports(BaseModel):
    """For one event of an article: the other articles that report the same event."""

    event_id: str
    cluster_id: str
    num_articles: int
    articles: list[ArticleRef] = Field(description="the other articles, earliest report first")
