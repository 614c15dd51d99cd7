"""Clusters in the store, on DuckDB and PostgreSQL: placing new events, summaries, queries, recoding.

A small news day built by hand (no engine): two articles report a meeting in Tripoli (one from
each side), one of them also a shelling in Kharkiv, the other a protest in Paris; a third article,
stored later, reports the meeting again a day on. `store_scenario` is also used by the CLI and API tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsevents.clusters import ClusterReport, cluster_id_for, cluster_store, sketch_event
from newsevents.record import Article, Entity, Event, Location, Mention, TextInfo
from newsevents.store import EventFilter, Store, open_store


@pytest.fixture(params=["duckdb", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh, empty store: a DuckDB file in tmp_path, or a new PostgreSQL database."""
    url = str(tmp_path / "events.duckdb") if request.param == "duckdb" else request.getfixturevalue("pg_fresh_url")
    with open_store(url) as s:
        yield s


MEETING = "Italian Interior Minister Matteo Salvini met his Libyan counterpart Abdulsalam Ashour in Tripoli on Sunday."
HOSTED = "Libya's Abdulsalam Ashour hosted Matteo Salvini in Tripoli for talks on migration."
AGAIN = "Salvini and Ashour met in Tripoli to discuss migration across the Mediterranean."
SHELLING = "Russian troops shelled the city of Kharkiv on Saturday, killing three civilians."
PROTEST = "Farmers protested in Paris against new fuel taxes."

DAY = dt.date(2024, 3, 10)
ALL_DAYS = (dt.date(1990, 1, 1), dt.date(2100, 1, 1))


def event(
    eid: str,
    article: str,
    category: str,
    actors: tuple[str, ...],
    recipients: tuple[str, ...],
    sentence: str,
    *,
    date: str | None,
    enddate: str | None = None,
    start: int = 0,
    mentions: int = 1,
    confidence: float = 0.5,
    place: tuple[str, str] | None = None,
    modality: str = "asserted",
) -> Event:
    """A coded event as the engine would give it (with only the fields clustering and filters use)."""
    return Event.model_validate(
        {
            "id": eid,
            "article_id": article,
            "event": category,
            "modality": modality,
            "date": date,
            "enddate": enddate,
            "actor": [Entity(code=c, sector="GOV") for c in actors],
            "recipient": [Entity(code=c) for c in recipients],
            "event_loc": Location(name=place[0], country_code=place[1], feature="city") if place else None,
            "event_text": sentence.split()[2] if len(sentence.split()) > 2 else sentence,
            "confidence": confidence,
            "text_info": TextInfo(sentence=sentence, start=start, end=start + len(sentence)),
            "mentions": [
                Mention(start=start + 1000 * i, end=start + 1000 * i + len(sentence), sentence=sentence)
                for i in range(mentions)
            ],
        }
    )


def article(aid: str, published: dt.date | None, *sentences: str) -> Article:
    return Article(
        id=aid,
        text=" ".join(sentences) + f" ({aid})",
        title=f"Title of {aid}",
        url=f"https://news.example.org/{aid}",
        published=published,
        source="test",
    )


def wire() -> tuple[Article, list[Event]]:
    return article("wire-1", dt.date(2024, 3, 11), MEETING, SHELLING), [
        event("wire-1-e1", "wire-1", "CONSULT", ("ITA",), ("LBY",), MEETING, date="2024-03-10",
              confidence=0.9, place=("Tripoli", "LBY")),
        event("wire-1-e2", "wire-1", "ASSAULT", ("RUS",), ("UKR",), SHELLING, date="2024-03-09",
              start=120, mentions=2, place=("Kharkiv", "UKR")),
    ]  # fmt: skip


def paper() -> tuple[Article, list[Event]]:
    return article("paper-2", dt.date(2024, 3, 11), HOSTED, PROTEST), [
        event("paper-2-e1", "paper-2", "CONSULT", ("LBY",), ("ITA",), HOSTED, date="2024-03-10",
              confidence=0.8, place=("Tripoli", "LBY")),
        event("paper-2-e2", "paper-2", "PROTEST", ("---",), ("FRA",), PROTEST, date="2024-03-11",
              start=90, place=("Paris", "FRA")),
    ]  # fmt: skip


def blog() -> tuple[Article, list[Event]]:
    return article("blog-3", dt.date(2024, 3, 12), AGAIN), [
        event("blog-3-e1", "blog-3", "CONSULT", ("ITA",), ("LBY",), AGAIN, date="2024-03-11",
              mentions=2, confidence=0.7, place=("Tripoli", "LBY")),
    ]  # fmt: skip


MEETING_ID = cluster_id_for("paper-2-e1")  # first in clustering order: same day as wire-1-e1, 'paper' < 'wire'
SHELLING_ID = cluster_id_for("wire-1-e2")
PROTEST_ID = cluster_id_for("paper-2-e2")


def store_scenario(store: Store, *, with_blog: bool = True) -> None:
    """Store the articles and cluster them: the two first, then (if asked) the third on its own."""
    for art, evs in (wire(), paper()):
        assert store.add_article(art, evs)
    cluster_store(store)
    if with_blog:
        art, evs = blog()
        assert store.add_article(art, evs)
        cluster_store(store)


def assignment(store: Store) -> dict[str, str]:
    """Event id -> cluster id for every clustered event of the store."""
    return {ev.id: cid for ev, _day, cid in store.clustered_events(*ALL_DAYS)}


# ---- placing events ---------------------------------------------------------------------------


def test_cluster_store_places_every_event_and_a_second_run_does_nothing(store: Store) -> None:
    for art, evs in (wire(), paper()):
        store.add_article(art, evs)
    waiting = store.unclustered_events()
    assert sorted(ev.id for ev, _ in waiting) == ["paper-2-e1", "paper-2-e2", "wire-1-e1", "wire-1-e2"]
    assert {day for _, day in waiting} == {dt.date(2024, 3, 11)}  # the day the articles were published
    assert store.count_clusters() == 0 and store.query_clusters() == []

    steps: list[tuple[int, int]] = []
    report = cluster_store(store, progress=lambda done, total: steps.append((done, total)))
    assert (report.events, report.joined, report.new_clusters, report.multi_article) == (4, 1, 3, 1)
    assert str(report.events) in report.summary()
    assert steps and steps[-1] == (4, 4)
    assert store.unclustered_events() == []
    assert assignment(store) == {
        "wire-1-e1": MEETING_ID,
        "paper-2-e1": MEETING_ID,
        "wire-1-e2": SHELLING_ID,
        "paper-2-e2": PROTEST_ID,
    }
    assert store.count_clusters() == 3

    again = cluster_store(store)
    assert again.events == 0 and (again.joined, again.new_clusters, again.multi_article) == (0, 0, 0)
    assert again.summary() == ClusterReport().summary()
    assert store.count_clusters() == 3


def test_a_cluster_summary(store: Store) -> None:
    store_scenario(store, with_blog=False)
    found = store.get_cluster(MEETING_ID)
    assert found is not None
    c = found.cluster
    assert c.id == MEETING_ID and c.event == "CONSULT"
    assert (c.num_articles, c.num_events, c.num_mentions) == (2, 2, 2)
    assert c.first_report == c.last_report == dt.date(2024, 3, 11)
    assert c.date_start == c.date_end == DAY
    assert c.representative.id == "wire-1-e1"  # equally mentioned: the surer one
    assert c.representative.text_info.sentence == MEETING
    shelling = store.get_cluster(SHELLING_ID)
    assert shelling is not None
    assert (shelling.cluster.num_articles, shelling.cluster.num_events, shelling.cluster.num_mentions) == (1, 1, 2)
    assert shelling.cluster.event == "ASSAULT" and shelling.cluster.date_start == dt.date(2024, 3, 9)


def test_a_later_article_joins_the_stored_cluster_and_updates_its_summary(store: Store) -> None:
    store_scenario(store, with_blog=False)
    art, evs = blog()
    store.add_article(art, evs)
    assert [ev.id for ev, _ in store.unclustered_events()] == ["blog-3-e1"]
    report = cluster_store(store)
    assert (report.events, report.joined, report.new_clusters, report.multi_article) == (1, 1, 0, 1)
    assert store.unclustered_events() == []
    assert assignment(store)["blog-3-e1"] == MEETING_ID
    found = store.get_cluster(MEETING_ID)
    assert found is not None
    c = found.cluster
    assert (c.num_articles, c.num_events, c.num_mentions) == (3, 3, 4)
    assert (c.first_report, c.last_report) == (dt.date(2024, 3, 11), dt.date(2024, 3, 12))
    assert (c.date_start, c.date_end) == (DAY, dt.date(2024, 3, 11))
    assert c.representative.id == "blog-3-e1"  # the most mentioned event stands for the cluster
    assert store.count_clusters() == 3


def test_clustered_events_reads_only_the_days_asked(store: Store) -> None:
    store_scenario(store)
    # the day an event is placed on: its own day-precise date
    got = store.clustered_events(dt.date(2024, 3, 10), dt.date(2024, 3, 10))
    assert sorted(ev.id for ev, _, _ in got) == ["paper-2-e1", "wire-1-e1"]
    assert {(day, cid) for _, day, cid in got} == {(dt.date(2024, 3, 11), MEETING_ID)}
    assert [ev.id for ev, _, _ in store.clustered_events(dt.date(2024, 3, 9), dt.date(2024, 3, 9))] == ["wire-1-e2"]
    assert store.clustered_events(dt.date(2024, 3, 13), dt.date(2024, 4, 1)) == []


# ---- reading clusters -------------------------------------------------------------------------


def test_query_clusters_most_reported_first(store: Store) -> None:
    store_scenario(store)
    found = store.query_clusters()
    assert [c.id for c in found] == [MEETING_ID, SHELLING_ID, PROTEST_ID]  # then most mentions first
    assert [c.num_articles for c in found] == [3, 1, 1]
    assert store.count_clusters() == 3
    assert [c.id for c in store.query_clusters(limit=1, offset=1)] == [SHELLING_ID]
    assert [c.id for c in store.query_clusters(limit=5, offset=2)] == [PROTEST_ID]
    assert store.query_clusters(limit=0) == []
    assert store.query_clusters(offset=3) == []


@pytest.mark.parametrize(
    ("min_articles", "expected"),
    [(1, [MEETING_ID, SHELLING_ID, PROTEST_ID]), (2, [MEETING_ID]), (3, [MEETING_ID]), (4, [])],
)
def test_min_articles(store: Store, min_articles: int, expected: list[str]) -> None:
    store_scenario(store)
    assert [c.id for c in store.query_clusters(min_articles=min_articles)] == expected
    assert store.count_clusters(min_articles=min_articles) == len(expected)


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (EventFilter(), [MEETING_ID, SHELLING_ID, PROTEST_ID]),
        # any event of the cluster may match, not only the one that stands for it (blog-3-e1)
        (EventFilter(actor="LBY"), [MEETING_ID]),
        (EventFilter(actor="ITA"), [MEETING_ID]),
        (EventFilter(actor="RUS"), [SHELLING_ID]),
        (EventFilter(recipient="FRA"), [PROTEST_ID]),
        (EventFilter(party="UKR"), [SHELLING_ID]),
        (EventFilter(actor="USA"), []),
        (EventFilter(category="CONSULT"), [MEETING_ID]),
        (EventFilter(category="PROTEST"), [PROTEST_ID]),
        (EventFilter(category="AGREE"), []),
        (EventFilter(date_from=dt.date(2024, 3, 11)), [MEETING_ID, PROTEST_ID]),
        (EventFilter(date_to=dt.date(2024, 3, 9)), [SHELLING_ID]),
        (EventFilter(date_from=dt.date(2024, 3, 10), date_to=dt.date(2024, 3, 10)), [MEETING_ID]),
        (EventFilter(country="UKR"), [SHELLING_ID]),
        (EventFilter(text="fuel"), [PROTEST_ID]),
        (EventFilter(article_id="paper-2"), [MEETING_ID, PROTEST_ID]),
        (EventFilter(actor="ITA", category="ASSAULT"), []),
    ],
)
def test_query_clusters_filters_match_any_event_of_a_cluster(
    store: Store, flt: EventFilter, expected: list[str]
) -> None:
    store_scenario(store)
    assert [c.id for c in store.query_clusters(flt)] == expected
    assert store.count_clusters(flt) == len(expected)
    assert [c.id for c in store.query_clusters(flt, min_articles=2)] == [c for c in expected if c == MEETING_ID]
    assert store.count_clusters(flt, min_articles=2) == int(MEETING_ID in expected)


def test_get_cluster_has_events_and_articles(store: Store) -> None:
    store_scenario(store)
    found = store.get_cluster(MEETING_ID)
    assert found is not None
    # events by report day, article, position; articles earliest report first
    assert [e.id for e in found.events] == ["paper-2-e1", "wire-1-e1", "blog-3-e1"]
    assert found.events[0].actor[0].code == "LBY" and found.events[0].text_info.sentence == HOSTED
    assert [a.id for a in found.articles] == ["paper-2", "wire-1", "blog-3"]
    blog_ref = found.articles[-1]
    assert blog_ref.title == "Title of blog-3" and blog_ref.url == "https://news.example.org/blog-3"
    assert blog_ref.published == dt.date(2024, 3, 12)
    single = store.get_cluster(PROTEST_ID)
    assert single is not None
    assert [e.id for e in single.events] == ["paper-2-e2"] and [a.id for a in single.articles] == ["paper-2"]
    assert store.get_cluster("c0000000000000000") is None
    assert store.get_cluster("") is None


def test_related_reports_lists_the_other_articles(store: Store) -> None:
    store_scenario(store)
    related = store.related_reports("wire-1")
    assert len(related) == 1  # the shelling is reported by no other article
    r = related[0]
    assert (r.event_id, r.cluster_id, r.num_articles) == ("wire-1-e1", MEETING_ID, 3)
    assert [a.id for a in r.articles] == ["paper-2", "blog-3"]  # earliest report first, never itself
    assert r.articles[1].title == "Title of blog-3" and r.articles[1].published == dt.date(2024, 3, 12)
    assert [(x.event_id, [a.id for a in x.articles]) for x in store.related_reports("blog-3")] == [
        ("blog-3-e1", ["paper-2", "wire-1"])
    ]
    assert [(x.event_id, [a.id for a in x.articles]) for x in store.related_reports("paper-2")] == [
        ("paper-2-e1", ["wire-1", "blog-3"])
    ]
    assert store.related_reports("no-such-article") == []


def test_a_cluster_holds_one_event_of_each_article(store: Store) -> None:
    art, evs = wire()
    repeat = event("wire-1-e3", "wire-1", "CONSULT", ("ITA",), ("LBY",), MEETING, date="2024-03-10", start=300)
    store.add_article(art, [*evs, repeat])  # the article tells its meeting twice, word for word
    art2, evs2 = blog()
    store.add_article(art2, evs2)
    cluster_store(store)
    a = assignment(store)
    assert a["wire-1-e1"] != a["wire-1-e3"]
    assert a["blog-3-e1"] in (a["wire-1-e1"], a["wire-1-e3"])
    for c in store.query_clusters():
        found = store.get_cluster(c.id)
        assert found is not None
        articles = [e.article_id for e in found.events]
        assert len(articles) == len(set(articles)) == c.num_articles == c.num_events
    assert [[x.id for x in r.articles] for r in store.related_reports("blog-3")] == [["wire-1"]]


# ---- recoding and rebuilding ------------------------------------------------------------------


def test_recoding_an_article_takes_its_old_events_out_of_their_clusters(store: Store) -> None:
    store_scenario(store)
    # paper-2 recoded: its meeting is gone, and its protest is read as another event
    recoded = event("paper-2-r1", "paper-2", "REQUEST", ("---",), ("FRA",), PROTEST, date="2024-03-11", start=90)
    store.replace_events("paper-2", [recoded])

    meeting = store.get_cluster(MEETING_ID)
    assert meeting is not None  # the cluster keeps its id and its other events
    c = meeting.cluster
    assert (c.num_articles, c.num_events, c.num_mentions) == (2, 2, 3)
    assert (c.first_report, c.last_report) == (dt.date(2024, 3, 11), dt.date(2024, 3, 12))
    assert [e.id for e in meeting.events] == ["wire-1-e1", "blog-3-e1"]
    assert [a.id for a in meeting.articles] == ["wire-1", "blog-3"]
    # the protest's cluster held only the old event: it is gone
    assert store.get_cluster(PROTEST_ID) is None
    assert store.count_clusters() == 2
    assert [c.id for c in store.query_clusters(EventFilter(article_id="paper-2"))] == []
    assert store.related_reports("paper-2") == []
    assert [[a.id for a in r.articles] for r in store.related_reports("wire-1")] == [["blog-3"]]

    # the new event waits to be placed, and the next run places it
    assert [ev.id for ev, _ in store.unclustered_events()] == ["paper-2-r1"]
    report = cluster_store(store)
    assert (report.events, report.joined, report.new_clusters) == (1, 0, 1)
    assert assignment(store)["paper-2-r1"] == cluster_id_for("paper-2-r1")
    assert store.count_clusters() == 3


def test_recoding_the_representative_event_picks_another(store: Store) -> None:
    store_scenario(store)
    store.replace_events("blog-3", [])
    meeting = store.get_cluster(MEETING_ID)
    assert meeting is not None
    assert meeting.cluster.representative.id == "wire-1-e1"
    assert (meeting.cluster.num_articles, meeting.cluster.num_mentions) == (2, 2)
    assert meeting.cluster.last_report == dt.date(2024, 3, 11) and meeting.cluster.date_end == DAY


def test_an_event_recoded_under_its_old_id_that_no_longer_matches_leaves_the_cluster(store: Store) -> None:
    store_scenario(store)
    # the engine's event ids name the article, category, trigger and sentence: recoding with a new
    # actor file keeps the id and may change only the parties; this meeting is now between others
    other = event("paper-2-e1", "paper-2", "CONSULT", ("FRA",), ("DEU",), HOSTED, date="2024-03-10")
    store.replace_events("paper-2", [other])
    cluster_store(store)
    a = assignment(store)
    assert a["wire-1-e1"] == a["blog-3-e1"]
    # FRA/DEU contradicts ITA/LBY: it cannot be the same meeting, so it must not share their cluster
    assert a["paper-2-e1"] != a["wire-1-e1"]
    meeting = store.get_cluster(a["wire-1-e1"])
    assert meeting is not None and {e.id for e in meeting.events} == {"wire-1-e1", "blog-3-e1"}


def test_clear_clusters_then_rebuild_gives_the_same_clusters(store: Store) -> None:
    store_scenario(store)
    before = assignment(store)
    summaries = [c.model_dump() for c in store.query_clusters()]
    assert len(before) == 5

    store.clear_clusters()
    assert store.count_clusters() == 0 and store.query_clusters() == [] and assignment(store) == {}
    assert store.get_cluster(MEETING_ID) is None and store.related_reports("wire-1") == []
    assert len(store.unclustered_events()) == 5

    report = cluster_store(store)
    assert report.events == 5 and report.new_clusters == 3
    assert assignment(store) == before
    assert [c.model_dump() for c in store.query_clusters()] == summaries

    # rebuild=True forgets and places again, with the same answer
    again = cluster_store(store, rebuild=True)
    assert again.events == 5
    assert assignment(store) == before


def test_incremental_clustering_agrees_with_a_rebuild_for_an_event_over_several_days(store: Store) -> None:
    # a report published weeks later dates the meeting 10-12 March (a range, not one day) ...
    late = article("review-9", dt.date(2024, 4, 20), MEETING)
    ranged = event("review-9-e1", "review-9", "CONSULT", ("ITA",), ("LBY",), MEETING, date="2024-03-10",
                   enddate="2024-03-12")  # fmt: skip
    store.add_article(late, [ranged])
    cluster_store(store)
    # a clustered event is read back on the day clustering places it (what `cluster_store` relies on
    # to find the stored events within the window of new ones)
    ((stored, reported, _cid),) = store.clustered_events(*ALL_DAYS)
    day = sketch_event(stored, reported).day
    assert [ev.id for ev, _, _ in store.clustered_events(day, day)] == ["review-9-e1"]
    # ... then the day's own report of the meeting is stored and clustered
    art, evs = blog()
    store.add_article(art, evs)
    cluster_store(store)
    incremental = assignment(store)
    cluster_store(store, rebuild=True)
    rebuilt = assignment(store)
    # clustered one at a time or at once, the two reports are together, or apart, both times
    together = rebuilt["review-9-e1"] == rebuilt["blog-3-e1"]
    assert (incremental["review-9-e1"] == incremental["blog-3-e1"]) == together


def test_events_far_apart_are_clustered_in_several_spans(store: Store) -> None:
    # one meeting reported on each of 5 days 40 days apart, plus a second report of the last one
    for n in range(5):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=40 * n)
        aid = f"month-{n}"
        store.add_article(
            article(aid, day, MEETING),
            [event(f"{aid}-e1", aid, "CONSULT", ("ITA",), ("LBY",), MEETING, date=day.isoformat())],
        )
    last = dt.date(2024, 1, 1) + dt.timedelta(days=160)
    store.add_article(
        article("echo", last, AGAIN),
        [event("echo-e1", "echo", "CONSULT", ("LBY",), ("ITA",), AGAIN, date=last.isoformat())],
    )
    steps: list[tuple[int, int]] = []
    report = cluster_store(store, progress=lambda d, t: steps.append((d, t)))
    assert report.events == 6 and report.new_clusters == 5 and report.joined == 1 and report.multi_article == 1
    assert len(steps) == 5 and steps[-1] == (6, 6)  # one step a span of days
    a = assignment(store)
    assert a["echo-e1"] == a["month-4-e1"] == cluster_id_for("echo-e1")  # same day: 'echo' < 'month-4'
    assert len(set(a.values())) == 5
