"""Hand-made events for the seed article and a second article, with real character offsets.

In: tests/data/seed_article.txt. Out: (Article, [Event]) pairs that API and
browser tests store before they run, so they do not depend on the engine.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from newsevents.record import Article, Entity, Event, Location, Mention, TextInfo

SEED_PATH = Path(__file__).resolve().parents[1] / "data" / "seed_article.txt"
SEED_ID = "seed-salvini-tripoli-2018-06-25"
QUAD = {"CONSULT": 1, "REQUEST": 3, "AGREE": 1, "REJECT": 3, "ACCUSE": 3, "COERCE": 4, "AID": 2, "PROTEST": 4}


def _sentence(text: str, needle: str) -> tuple[str, int, int]:
    pos = text.index(needle)
    start = max(text.rfind("\n", 0, pos) + 1, text.rfind(". ", 0, pos) + 2 if text.rfind(". ", 0, pos) >= 0 else 0)
    end_dot = text.find(".", pos + len(needle))
    end_nl = text.find("\n", pos + len(needle))
    ends = [e for e in (end_dot + 1 if end_dot >= 0 else -1, end_nl) if e > 0]
    end = min(ends) if ends else len(text)
    return text[start:end], start, end


def _ent(text: str, words: str, code: str, sector: str | None, name: str | None = None, after: int = 0) -> Entity:
    start = text.index(words, after)
    return Entity(code=code, sector=sector, entity_text=words, entity_name=name, start=start, end=start + len(words))


def _event(
    text: str,
    article_id: str,
    n: int,
    category: str,
    mode: str | None,
    trigger: str,
    actor: list[tuple[str, str, str | None, str | None]],
    recipient: list[tuple[str, str, str | None, str | None]],
    date: str,
    loc: Location | None = None,
    context: list[str] | None = None,
    modality: str = "asserted",
    extra_mentions: list[str] | None = None,
    scale: float = 1.0,
) -> Event:
    anchor, _, word = trigger.partition("::")
    word = word or anchor
    sentence, s_start, s_end = _sentence(text, anchor)
    trigger = word
    t_start = text.index(word, text.index(anchor))
    mentions = [Mention(start=s_start, end=s_end, sentence=sentence)]
    for m in extra_mentions or []:
        m_sent, m_start, m_end = _sentence(text, m)
        lang = "it" if "incontrato" in m else "en"
        mentions.append(Mention(start=m_start, end=m_end, sentence=m_sent, language=lang))
    return Event(
        id=f"{article_id}-e{n:02d}",
        article_id=article_id,
        event=category,
        mode=mode,
        context=context or ["migration"],
        modality=modality,  # type: ignore[arg-type]
        date=date,
        actor=[_ent(text, w, c, s, nm, s_start if w in sentence else 0) for w, c, s, nm in actor],
        recipient=[_ent(text, w, c, s, nm, s_start if w in sentence else 0) for w, c, s, nm in recipient],
        event_loc=loc,
        event_text=sentence,
        quad_code=QUAD[category],
        event_scale=scale,
        confidence=0.8,
        text_info=TextInfo(
            sentence=sentence,
            start=s_start,
            end=s_end,
            trigger_start=t_start,
            trigger_end=t_start + len(trigger),
        ),
        mentions=mentions,
    )


def seed_article() -> tuple[Article, list[Event]]:
    text = SEED_PATH.read_text(encoding="utf-8")
    art = Article(
        id=SEED_ID,
        text=text,
        title="Salvini in Libya to seek help on migrant departures",
        url="https://example.org/news/salvini-libya",
        published=dt.date(2018, 6, 25),
        language="en",
        source="tests",
    )
    aid = SEED_ID
    tripoli = Location(name="Tripoli", lat=32.8872, lon=13.1913, country_code="LBY", feature="city", geonameid=2210247)
    brussels = Location(name="Brussels", lat=50.8503, lon=4.3517, country_code="BEL", feature="city")
    salvini = ("Salvini", "ITA", "GOV", "Matteo Salvini")
    events = [
        _event(
            text,
            aid,
            1,
            "CONSULT",
            "visit",
            "Salvini met::met",
            [salvini],
            [("his Libyan counterpart Abdulsalam Ashour", "LBY", "GOV", "Abdulsalam Ashour")],
            "2018-06-25",
            tripoli,
            extra_mentions=["is on a one-day visit to Libya", "ho appena incontrato"],
            scale=1.0,
        ),
        _event(
            text,
            aid,
            2,
            "REQUEST",
            "assist",
            "solicit",
            [("Italy’s Home Affairs Minister Matteo Salvini", "ITA", "GOV", "Matteo Salvini")],
            [("the government", "LBY", "GOV", None)],
            "2018-06-25",
            None,
            scale=-1.0,
        ),
        _event(
            text,
            aid,
            3,
            "CONSULT",
            "multilateral",
            "met informally",
            [("16 EU leaders", "EUR", "GOV", None)],
            [],
            "2018-06-24",
            brussels,
        ),
        _event(
            text,
            aid,
            4,
            "REJECT",
            None,
            "refused",
            [("Italy and Malta", "ITA", "GOV", None)],
            [("Mission Lifeline", "DEU", "NGO", "Mission Lifeline")],
            "2018-06-25",
            None,
            context=["migration", "human_security"],
            scale=-4.0,
        ),
        _event(
            text,
            aid,
            5,
            "ACCUSE",
            "disapprove",
            "traded insults",
            [("Italy has also traded", "ITA", "GOV", None)],
            [("France", "FRA", "GOV", None)],
            "2018-06-25",
            None,
            scale=-2.0,
        ),
        _event(
            text,
            aid,
            6,
            "CONSULT",
            "multilateral",
            "will be holding a summit",
            [("the leaders of the EU-28", "EUR", "GOV", None)],
            [],
            "2018-06-29",
            brussels,
            modality="planned",
        ),
        _event(
            text,
            aid,
            7,
            "REJECT",
            None,
            "hit back",
            [("Prime Minister Joseph Muscat", "MLT", "GOV", "Joseph Muscat")],
            [("Italy wanted", "ITA", "GOV", None)],
            "2018-06-25",
            None,
            scale=-3.0,
        ),
    ]
    # Keep actor spans exactly where the words are in the text.
    for ev in events:
        for ent in ev.actor + ev.recipient:
            if ent.entity_text and ent.entity_text.endswith((" wanted", " has also traded")):
                word = ent.entity_text.split()[0]
                ent.entity_text = word
                assert ent.start is not None
                ent.end = ent.start + len(word)
    return art, events


def second_article() -> tuple[Article, list[Event]]:
    text = (
        "Police in Valletta arrested 12 protesters on Monday after a demonstration "
        "against the government.\n\n"
        "The European Union sent emergency aid to Libya on Tuesday, officials said."
    )
    art = Article(
        id="malta-protest-2018-07-02",
        text=text,
        title="Arrests in Valletta",
        published=dt.date(2018, 7, 3),
        language="en",
        source="tests",
    )
    aid = art.id
    valletta = Location(name="Valletta", lat=35.8989, lon=14.5146, country_code="MLT", feature="city")
    tripoli = Location(name="Tripoli", lat=32.8872, lon=13.1913, country_code="LBY", feature="city")
    events = [
        _event(
            text,
            aid,
            1,
            "COERCE",
            "arrest",
            "arrested",
            [("Police", "MLT", "COP", None)],
            [("12 protesters", "MLT", "CVL", None)],
            "2018-07-02",
            valletta,
            context=["rights_freedoms"],
            scale=-7.0,
        ),
        _event(
            text,
            aid,
            2,
            "AID",
            None,
            "sent emergency aid",
            [("The European Union", "EUR", "IGO", "European Union")],
            [("Libya", "LBY", "GOV", None)],
            "2018-07-03",
            tripoli,
            context=["human_security"],
            scale=6.0,
        ),
    ]
    return art, events


def all_articles() -> list[tuple[Article, list[Event]]]:
    return [seed_article(), second_article()]
