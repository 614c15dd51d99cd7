"""Hand-made articles and coded events for the store tests (no engine, no shared data).

In: an index (and optionally how many events). Out: an `Article` and `Event`s shaped like the
engine's output: PLOVER categories, actors/recipients with spans, places, mentions, contexts,
dates of day, month or year precision. Deterministic: the same index gives the same records.
"""

from __future__ import annotations

import datetime as dt

from newsevents.record import Article, Entity, Event, Location, Mention, TextInfo

# (code, sector, name, office, words in the text)
PARTIES = [
    ("ITA", "GOV", "Matteo Salvini", "Minister of the Interior", "Italy's Interior Minister Matteo Salvini"),
    (
        "LBY",
        "GOV",
        "Abdulsalam Ashour",
        "Minister of the Interior",
        "his Libyan counterpart Abdulsalam Ashour",
    ),
    ("MLT", "GOV", "Joseph Muscat", "Prime Minister", "Prime Minister Joseph Muscat"),
    ("FRA", "GOV", "Emmanuel Macron", "President", "French President Emmanuel Macron"),
    ("RUS", "MIL", None, None, "Russian troops"),
    ("UKR", "CVL", None, None, "Ukrainian civilians"),
    ("IGO", "GOV", "European Union", None, "the European Union"),
    ("USA", "GOV", "Donald Trump", "President", "U.S. President Donald Trump"),
]
# (category, mode, quad, scale, cameo, verb phrase, contexts)
KINDS = [
    ("CONSULT", "visit", 1, 1.0, "042", "met", ["diplomatic", "migration"]),
    ("AGREE", None, 1, 3.0, "057", "signed an agreement with", ["economic"]),
    ("AID", "humanitarian", 2, 7.0, "073", "sent aid to", ["migration"]),
    ("ACCUSE", "allege", 3, -2.0, "112", "accused", ["human_rights"]),
    ("THREATEN", None, 3, -4.4, "138", "threatened", ["military"]),
    ("ASSAULT", "beat", 4, -9.0, "190", "attacked", ["military"]),
    ("PROTEST", "demonstrate", 4, -6.5, "141", "protested against", ["human_rights"]),
]
# (name, ISO3, lat, lon)
PLACES = [
    ("Tripoli", "LBY", 32.8872, 13.1913),
    ("Rome", "ITA", 41.8919, 12.5113),
    ("Valletta", "MLT", 35.8997, 14.5147),
    ("Kyiv", "UKR", 50.4547, 30.5238),
    ("Paris", "FRA", 48.8534, 2.3488),
]
MODALITIES = ["asserted", "asserted", "planned", "negated", "historical", "asserted", "ongoing"]


def event_date(i: int, j: int) -> str:
    """Mostly day precision, some month and some year precision dates."""
    day = dt.date(2018, 1, 1) + dt.timedelta(days=(i * 7 + j * 3) % 500)
    if (i + j) % 11 == 5:
        return day.strftime("%Y-%m")
    if (i + j) % 13 == 7:
        return day.strftime("%Y")
    return day.isoformat()


def n_events(i: int) -> int:
    return 1 + i % 4


def make_article(i: int, events: int | None = None, *, article_id: str | None = None) -> tuple[Article, list[Event]]:
    """Article number `i` and its events (1..4 unless `events` is given)."""
    aid = article_id or f"art-{i:05d}"
    count = n_events(i) if events is None else events
    sentences: list[tuple[str, int, int, int, int, int, int, int, int]] = []
    text = f"Report {i}. "
    for j in range(count):
        a = PARTIES[(i + j) % len(PARTIES)]
        r = PARTIES[(i + 2 * j + 1) % len(PARTIES)]
        kind = KINDS[(i * 3 + j) % len(KINDS)]
        place = PLACES[(i + j) % len(PLACES)]
        s_start = len(text)
        sentence = f"{a[4]} {kind[5]} {r[4]} in {place[0]} on day {j} of story {i}."
        a_start = s_start
        t_start = a_start + len(a[4]) + 1
        r_start = t_start + len(kind[5]) + 1
        p_start = r_start + len(r[4]) + 4
        text += sentence + " "
        sentences.append((sentence, s_start, a_start, t_start, r_start, p_start, j, 0, 0))
    article = Article(
        id=aid,
        text=text.strip(),
        title=f"Story {i}",
        url=f"https://news.example.org/{i}",
        published=dt.date(2018, 6, 25) + dt.timedelta(days=i % 300),
        language="en",
        source="factory",
    )
    events: list[Event] = []
    for sentence, s_start, a_start, t_start, r_start, p_start, j, _, _ in sentences:
        a = PARTIES[(i + j) % len(PARTIES)]
        r = PARTIES[(i + 2 * j + 1) % len(PARTIES)]
        kind = KINDS[(i * 3 + j) % len(KINDS)]
        place = PLACES[(i + j) % len(PLACES)]
        recipients = (
            []
            if j == 3
            else [
                Entity(
                    code=r[0],
                    sector=r[1],
                    entity_name=r[2],
                    office=r[3],
                    entity_text=r[4],
                    start=r_start,
                    end=r_start + len(r[4]),
                )
            ]
        )
        events.append(
            Event(
                id=f"{aid}-e{j}",
                article_id=aid,
                event=kind[0],
                mode=kind[1],
                context=list(kind[6]),
                modality=MODALITIES[(i + j) % len(MODALITIES)],  # type: ignore[arg-type]
                date=event_date(i, j),
                date_text=f"day {j}",
                date_basis=("published", "dateline", "none")[(i + j) % 3],  # type: ignore[arg-type]
                actor=[
                    Entity(
                        code=a[0],
                        sector=a[1],
                        entity_name=a[2],
                        office=a[3],
                        entity_text=a[4],
                        start=a_start,
                        end=a_start + len(a[4]),
                    )
                ],
                recipient=recipients,
                event_loc=Location(
                    name=place[0],
                    lat=place[2],
                    lon=place[3],
                    country_code=place[1],
                    feature="city",
                    start=p_start,
                    end=p_start + len(place[0]),
                ),
                event_text=kind[5],
                quad_code=kind[2],
                event_scale=kind[3],
                cameo_code=kind[4],
                confidence=round(0.3 + ((i + j) % 7) / 10, 2),
                text_info=TextInfo(
                    sentence=sentence,
                    start=s_start,
                    end=s_start + len(sentence),
                    trigger_start=t_start,
                    trigger_end=t_start + len(kind[5]),
                ),
                mentions=[Mention(start=s_start, end=s_start + len(sentence), sentence=sentence)]
                + ([Mention(start=0, end=len(f"Report {i}."), sentence=f"Report {i}.")] if j == 0 else []),
                size={"killed": 3} if kind[0] == "ASSAULT" else {},
            )
        )
    return article, events
