"""Incremental clustering: each new event joins the cluster of its most similar event, or starts one.

In: sketches of events already clustered (with their cluster ids), then new sketches.
Out: the cluster id of each new event. A cluster holds at most one event of each article (the
engine merges an article's mentions of one event itself). The same inputs in the same order
give the same ids.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable

from newsevents.clusters.settings import ClusterSettings, default_settings
from newsevents.clusters.similarity import WordWeights, similarity
from newsevents.clusters.sketch import EventSketch


def cluster_id_for(first_event_id: str) -> str:
    """A cluster's id: derived from the id of the event that started it, so reruns agree."""
    return "c" + hashlib.sha256(first_event_id.encode("utf-8")).hexdigest()[:15]


class Clusterer:
    """Holds the clustered events by family and day; `add_all` places more events."""

    def __init__(self, settings: ClusterSettings | None = None, taken: Callable[[str], bool] | None = None) -> None:
        """`taken` says whether a cluster id is already used outside what was seeded (by the store)."""
        self.settings = settings or default_settings()
        self._taken = taken
        self.words = WordWeights()
        self._by_day: dict[tuple[str, dt.date], list[tuple[EventSketch, str]]] = defaultdict(list)
        self._articles: dict[str, set[str]] = defaultdict(set)  # cluster id -> its articles
        self.assigned: dict[str, str] = {}
        """event id -> cluster id, for every event seen (seeded or added)"""

    def seed(self, sketches: Iterable[tuple[EventSketch, str]]) -> None:
        """Events already in clusters: they are matched against, never moved."""
        pairs = list(sketches)
        self.words.observe(s for s, _ in pairs)
        for sketch, cluster in pairs:
            self._keep(sketch, cluster)

    def _keep(self, sketch: EventSketch, cluster: str) -> None:
        family = self.settings.family_of.get(sketch.category, sketch.category)
        self._by_day[(family, sketch.day)].append((sketch, cluster))
        self._articles[cluster].add(sketch.article_id)
        self.assigned[sketch.id] = cluster

    def best_match(self, sketch: EventSketch) -> tuple[str, float] | None:
        """The cluster holding the most similar event above the threshold, with that score."""
        family = self.settings.family_of.get(sketch.category, sketch.category)
        window = self.settings.window_days
        best: tuple[float, str] | None = None
        for offset in range(-window, window + 1):
            for other, cluster in self._by_day.get((family, sketch.day + dt.timedelta(days=offset)), ()):
                if sketch.article_id in self._articles[cluster]:
                    continue
                score = similarity(sketch, other, self.settings, self.words)
                if score is None or score < self.settings.threshold:
                    continue
                # ties go to the smaller cluster id, so the answer does not depend on dict order
                if best is None or score > best[0] or (score == best[0] and cluster < best[1]):
                    best = (score, cluster)
        return None if best is None else (best[1], best[0])

    def add(self, sketch: EventSketch) -> str:
        """Place one event (its words should have been observed: `add_all` does it) and return its cluster."""
        if sketch.id in self.assigned:
            return self.assigned[sketch.id]
        match = self.best_match(sketch)
        cluster = match[0] if match else self._fresh_id(sketch.id)
        self._keep(sketch, cluster)
        return cluster

    def _fresh_id(self, event_id: str) -> str:
        """A new cluster's id; an event id seen before (a recoded event keeps its id) gets a derived one."""
        candidate, n = cluster_id_for(event_id), 1
        while candidate in self._articles or (self._taken is not None and self._taken(candidate)):
            n += 1
            candidate = cluster_id_for(f"{event_id}~{n}")
        return candidate

    def add_all(self, sketches: Iterable[EventSketch]) -> dict[str, str]:
        """Place events in their clustering order; event id -> cluster id for each."""
        batch = sorted(sketches, key=EventSketch.order_key)
        self.words.observe(s for s in batch if s.id not in self.assigned)
        return {s.id: self.add(s) for s in batch}
