"""Gold records and score reports of the evaluation.

In: nothing (types only).
Out: pydantic models for the two gold formats (the seed article gold and the sentence gold)
and for the reports the scoring functions return.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, computed_field


class GoldEntity(BaseModel):
    """An actor or recipient in a gold file; `alt_codes` are accepted as well as `code`."""

    model_config = ConfigDict(extra="ignore")

    code: str | None = None
    sector: str | None = None
    alt_codes: list[str] = Field(default_factory=list)
    entity_name: str | None = None
    entity_text: str | None = None
    office: str | None = None
    text: str | None = None


class GoldLocation(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str | None = None
    country_code: str | None = None


class GoldEvent(BaseModel):
    """One hand-coded event of the seed gold format (see shared fixtures README)."""

    model_config = ConfigDict(extra="ignore")

    id: str
    event: str
    alt_events: list[str] = Field(default_factory=list)
    mode: str | None = None
    actor: list[GoldEntity] = Field(default_factory=list)
    recipient: list[GoldEntity] = Field(default_factory=list)
    symmetric: bool = False
    date: str | None = None
    date_window: list[str] | None = None
    location: GoldLocation | None = None
    modality: str = "asserted"
    context: list[str] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list)
    required: bool = True


class ArticleGold(BaseModel):
    """The gold events of one article; `file` names the article text beside the gold file."""

    model_config = ConfigDict(extra="ignore")

    article_id: str | None = None
    file: str | None = None
    publication_date: dt.date | None = None
    language: str | None = None
    events: list[GoldEvent]


class SentenceGold(BaseModel):
    """One sentence coded with one event (the PLOVER gold standard records format)."""

    model_config = ConfigDict(extra="ignore")

    id: str
    text: str
    event: str | None = Field(default=None, description="null: a sentence that reports no event")
    actor: list[GoldEntity] = Field(default_factory=list)
    recipient: list[GoldEntity] = Field(default_factory=list)
    mode_v05: str | None = None
    context_v05: str | None = None
    event_text: str | None = None
    comment: str | None = None


class FieldScore(BaseModel):
    """How often one field of a matched event agrees with the gold."""

    correct: int = 0
    total: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def accuracy(self) -> float | None:
        return round(self.correct / self.total, 3) if self.total else None


class CategoryRecall(BaseModel):
    """Recall of the gold events of one category."""

    category: str
    gold: int
    found: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def recall(self) -> float | None:
        return round(self.found / self.gold, 3) if self.gold else None


class ModalityError(BaseModel):
    """A matched event whose modality disagrees with the gold (e.g. a planned event reported as done)."""

    gold_id: str
    event_id: str
    expected: str
    got: str


class UnmatchedEvent(BaseModel):
    """A system event that matches no gold entry (a false positive)."""

    event_id: str
    event: str
    actor: list[str]
    recipient: list[str]
    sentence: str


class ArticleReport(BaseModel):
    """Scores of a system's events against the gold of one article."""

    required: int
    found: int
    recall: float
    system_events: int
    matched_events: int
    false_positives: int
    precision: float
    f1: float
    strict_category_matches: int = Field(description="matched events whose category is the gold's main one")
    duplication: float = Field(description="matched system events per distinct gold event found")
    planned_ok: bool = Field(description="every event matched to a planned gold event is planned")
    per_category: list[CategoryRecall]
    fields: dict[str, FieldScore]
    missed: list[str]
    modality_errors: list[ModalityError]
    unmatched: list[UnmatchedEvent]
    evidence_not_found: list[str] = Field(
        default_factory=list, description="gold evidence strings absent from the article text"
    )


class SentenceCategory(BaseModel):
    """Recall of one category over the sentence gold."""

    category: str
    gold: int
    category_found: int
    full_found: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def category_recall(self) -> float | None:
        return round(self.category_found / self.gold, 3) if self.gold else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def full_recall(self) -> float | None:
        return round(self.full_found / self.gold, 3) if self.gold else None


class SentenceMiss(BaseModel):
    """A gold sentence whose event (category + parties) the system did not find."""

    id: str
    gold: str
    system: list[str] = Field(description="'CATEGORY ACTORS -> RECIPIENTS' of each system event")


class SentenceReport(BaseModel):
    """Scores of a system's events against sentence gold (one gold event per sentence)."""

    sentences: int
    system_events: int
    events_per_sentence: float
    sentences_without_events: int
    category_recall: float
    full_recall: float = Field(description="category + actor + recipient codes")
    category_precision: float = Field(
        description="share of system events whose category is the sentence's gold category "
        "(a lower bound: the gold codes one event per sentence)"
    )
    per_category: list[SentenceCategory]
    fields: dict[str, FieldScore]
    misses: list[SentenceMiss]
    no_event_sentences: int = Field(default=0, description="gold sentences that report no event")
    false_alarms: int = Field(default=0, description="no-event sentences the system coded an event in")
