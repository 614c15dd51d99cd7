"""Hand-made events for the export, eval and CLI tests (no engine needed).

In: the fields a test cares about. Out: an `Event` shaped like the engine's output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from newsevents.errors import InputError
from newsevents.record import Article, Entity, Event, Location, Mention, TextInfo


def make_event(
    event: str = "CONSULT",
    *,
    actor: Sequence[str] = ("ITA",),
    recipient: Sequence[str] = ("LBY",),
    sector: str | None = "GOV",
    start: int = 0,
    end: int = 40,
    sentence: str = "Salvini met his Libyan counterpart Ashour",
    event_id: str = "e1",
    article_id: str = "a1",
    mentions: Sequence[tuple[int, int]] = (),
    location: Location | None = None,
    **fields: object,
) -> Event:
    return Event.model_validate(
        {
            "id": event_id,
            "article_id": article_id,
            "event": event,
            "actor": [Entity(code=c, sector=sector, entity_name=f"{c} name") for c in actor],
            "recipient": [Entity(code=c, sector=sector) for c in recipient],
            "text_info": TextInfo(sentence=sentence, start=start, end=end),
            "mentions": [Mention(start=s, end=e, sentence=sentence) for s, e in mentions],
            "event_loc": location,
            **fields,
        }
    )


TRIPOLI = Location(name="Tripoli", lat=32.89, lon=13.19, country_code="LBY", feature="city")


class FakeEngine:
    """Stands in for `newsevents.pipeline.Engine`: one CONSULT event per article, on its first words."""

    def __init__(self) -> None:
        self.seen: list[Article] = []

    def process(
        self,
        articles: Iterable[Article],
        *,
        batch_size: int = 16,
        on_error: Callable[[InputError], None] | None = None,
    ) -> Iterator[tuple[Article, list[Event]]]:
        for article in articles:
            self.seen.append(article)
            end = min(len(article.text), 40)
            event = make_event(
                article_id=article.id,
                event_id=f"{article.id}-1",
                end=end,
                sentence=article.text[:end],
                location=TRIPOLI,
                date=str(article.published) if article.published else None,
            )
            yield article, [event]
