"""What an article's layout tells the engine: the date that anchors it and the place it was filed from.

In: an `Article` and a place resolver (the gazetteer's `resolve_place`, or any function from a
name to a `newsevents.record.Location`).
Out: `ArticleHints` and, through `anchored`, the article to code: its `published` date is the one
given, else the dateline's or date line's date (`date_basis` says which: "published",
"dateline" or "none"). `apply_hints` finishes an article's events: each says which date basis it
used, and an event without a place of its own takes the dateline's place when nothing in the
event says it happened elsewhere (its parties have no country, or one of them is the dateline
place's country): "WASHINGTON - Russia shelled Kharkiv" does not happen in Washington.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from newsevents.actors.kb import NON_STATE_CODES
from newsevents.ingest.layout import Layout, find_layout
from newsevents.record import Article, Event, Location

__all__ = ["ArticleHints", "DateBasis", "anchored", "apply_hints"]

DateBasis = Literal["published", "dateline", "none"]


@dataclass(frozen=True)
class ArticleHints:
    """The layout of an article and the date basis and place it gives."""

    layout: Layout
    date_basis: DateBasis
    place: Location | None = None


PlaceResolver = Callable[[str], Location | None]


def anchored(
    article: Article, resolve: PlaceResolver | None = None, is_place: Callable[[str], bool] | None = None
) -> tuple[Article, ArticleHints]:
    """The article to code (with the dateline's date when it had none) and its hints."""
    try:
        layout = find_layout(article.text, title=article.title, url=article.url, is_place=is_place)
    except Exception:  # noqa: BLE001 - hints are optional: a text they cannot read is coded without them
        layout = Layout()
    basis: DateBasis = "none"
    if article.published is not None:
        basis = "published"
    elif (dated := layout.date) is not None and dated.date is not None:
        article = article.model_copy(update={"published": dated.date})
        basis = "dateline"
    place: Location | None = None
    placed = layout.place
    if placed is not None and placed.place and resolve is not None:
        found = resolve(placed.place)
        if found is not None:
            place = found.model_copy(update={"start": placed.place_start, "end": placed.place_end})
    return article, ArticleHints(layout=layout, date_basis=basis, place=place)


def apply_hints(events: Sequence[Event], hints: ArticleHints) -> list[Event]:
    """`events` with their date basis, and the dateline's place where they have none (see the module doc)."""
    out: list[Event] = []
    for event in events:
        update: dict[str, object] = {"date_basis": hints.date_basis}
        if event.event_loc is None and hints.place is not None and _may_be_there(event, hints.place):
            update["event_loc"] = hints.place
            update["decisions"] = [*event.decisions, f"place {hints.place.name}: the dateline's"]
        out.append(event.model_copy(update=update))
    return out


def _may_be_there(event: Event, place: Location) -> bool:
    codes = {e.code for e in (*event.actor, *event.recipient) if e.code not in NON_STATE_CODES}
    return not codes or place.country_code in codes
