"""Cluster a store's new events: what `newsevents cluster` and `ingest` run.

In: a `Store` with events not yet in a cluster. Out: those events placed in clusters (stored),
and a `ClusterReport` saying how many joined an existing cluster and how many started one.
Only the clustered events within the window of the new ones are read back, never the whole store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from newsevents.clusters.incremental import Clusterer, cluster_id_for
from newsevents.clusters.settings import ClusterSettings, default_settings
from newsevents.clusters.sketch import EventSketch, sketch_event, story_words
from newsevents.record import Event
from newsevents.store.base import Store

SPAN_DAYS = 31
"""New events are clustered a month of days at a time, to bound what is read back."""


@dataclass
class ClusterReport:
    """What one clustering run did."""

    events: int = 0
    """new events placed"""
    joined: int = 0
    """of which joined a cluster holding other events"""
    new_clusters: int = 0
    multi_article: int = 0
    """clusters of the run's events that now span more than one article"""

    def summary(self) -> str:
        if not self.events:
            return "no new events to cluster"
        return (
            f"{self.events} new event{'s' if self.events != 1 else ''} clustered, {self.joined} joined "
            "reports of the same event in other articles"
        )


def _sketch(ev: Event, day: dt.date, stories: dict[str, frozenset[str]]) -> EventSketch:
    return sketch_event(ev, day, stories.get(ev.article_id, frozenset()))


def _stories(store: Store, article_ids: set[str]) -> dict[str, frozenset[str]]:
    """The words of each article (`story_words`), read from the store."""
    return {aid: story_words(title, text) for aid, (title, text) in store.article_texts(sorted(article_ids)).items()}


def _taken_ids(store: Store, batch: list[EventSketch]) -> Callable[[str], bool]:
    """Whether a new cluster's id is stored already: the ids the batch's events would give their
    clusters are looked up in one query; a derived id (after a clash, which only a recoded event
    keeping its id causes) on its own."""
    first_ids = {cluster_id_for(s.id) for s in batch}
    stored = store.taken_cluster_ids(sorted(first_ids))

    def taken(cid: str) -> bool:
        return cid in stored if cid in first_ids else bool(store.taken_cluster_ids([cid]))

    return taken


def cluster_store(
    store: Store,
    settings: ClusterSettings | None = None,
    *,
    rebuild: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ClusterReport:
    """Place every event of `store` that is in no cluster; `rebuild` forgets all clusters first."""
    settings = settings or default_settings()
    if rebuild:
        store.clear_clusters()
    found = store.unclustered_events()
    stories = _stories(store, {ev.article_id for ev, _ in found})
    new = sorted((_sketch(ev, day, stories) for ev, day in found), key=EventSketch.order_key)
    report = ClusterReport(events=len(new))
    done = 0
    window = dt.timedelta(days=settings.window_days)
    i = 0
    while i < len(new):
        first_day = new[i].day
        j = i
        while j < len(new) and (new[j].day - first_day).days < SPAN_DAYS:
            j += 1
        batch = new[i:j]
        stored = store.clustered_events(first_day - window, batch[-1].day + window)
        stories.update(_stories(store, {ev.article_id for ev, _, _ in stored} - set(stories)))
        clusterer = Clusterer(settings, taken=_taken_ids(store, batch))
        clusterer.seed((_sketch(ev, day, stories), cid) for ev, day, cid in stored)
        before = set(clusterer.assigned.values())
        assignments = clusterer.add_all(batch)
        for sketch in batch:
            cid = assignments[sketch.id]
            if cid in before:
                report.joined += 1
            else:
                report.new_clusters += 1
                before.add(cid)
        store.save_clusters(assignments)
        articles: dict[str, set[str]] = {}
        for ev, _day, cid in stored:
            articles.setdefault(cid, set()).add(ev.article_id)
        for sketch in batch:
            articles.setdefault(assignments[sketch.id], set()).add(sketch.article_id)
        report.multi_article += sum(1 for cid in set(assignments.values()) if len(articles[cid]) > 1)
        done += len(batch)
        if progress is not None:
            progress(done, len(new))
        i = j
    return report
