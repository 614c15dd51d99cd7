"""The event's place through the engine: the clause's place, else the dateline's, else none."""

from __future__ import annotations

from newsevents.pipeline import Engine
from newsevents.record import Article

CLASH = (
    "OSH, May 9 (Reuters) - Kyrgyz and Tajik border guards exchanged fire in the Batken region on Sunday, "
    "Kyrgyz officials said. Tajik officials accused Kyrgyzstan of starting the shooting. In 2021 the border was closed."
)


def test_clause_place_then_dateline_place(engine: Engine) -> None:
    ((_, events),) = list(engine.process([Article(id="c", text=CLASH)]))
    assert events
    for e in events:
        assert e.event_loc is not None
        assert e.event_loc.name not in ("Kyrgyz", "Tajik")  # a demonym is never a place
    first = [e for e in events if e.text_info.start == CLASH.index("Kyrgyz and Tajik")]
    assert first and all(e.event_loc is not None and e.event_loc.name == "Batken region" for e in first)
    loc = first[0].event_loc
    assert loc is not None and loc.lat is not None and loc.lon is not None and loc.country_code == "KGZ"
    # the second sentence names no place: where the story happens (the clash's region) or the dateline's city
    second = [e for e in events if e.text_info.start == CLASH.index("Tajik officials")]
    assert second and all(e.event_loc is not None and e.event_loc.name in ("Batken region", "Osh") for e in second)


def test_no_place_anywhere(engine: Engine) -> None:
    text = "Tajik officials accused Kyrgyzstan of starting the shooting."
    events = engine.extract(text, published="2021-05-09")
    assert events and all(e.event_loc is None for e in events)
    assert all(e.date_basis == "published" for e in events)
