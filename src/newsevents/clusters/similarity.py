"""How alike two events are, as a score in 0..1, or None when they cannot be one event.

In: two `EventSketch`es, the `ClusterSettings` and the word weights of the events seen so far
(`WordWeights`: rarer words weigh more). Out: a score the clusterer compares with its threshold.

The evidence, from what told reports of one event apart from reports of others in our gold:
the articles tell the same story (cosine of their words), the sentences share words and names,
the parties agree, and the days are close. Same-incident reports almost always share the
category (98% of gold pairs), so other categories never match unless the settings join them
in a family.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from newsevents.clusters.settings import ClusterSettings
from newsevents.clusters.sketch import EventSketch


class WordWeights:
    """Inverse document frequency of words over the events (and, separately, the articles) seen."""

    def __init__(self) -> None:
        self._events: Counter[str] = Counter()
        self._articles: Counter[str] = Counter()
        self._n_events = 0
        self._seen_articles: set[str] = set()
        self._cache: dict[tuple[str, str], tuple[dict[str, float], float]] = {}

    def observe(self, sketches: Iterable[EventSketch]) -> None:
        for s in sketches:
            self._n_events += 1
            self._events.update(s.words)
            if s.article_id not in self._seen_articles:
                self._seen_articles.add(s.article_id)
                self._articles.update(s.story)
        self._cache.clear()

    def _idf(self, counts: Counter[str], n: int, word: str) -> float:
        return math.log((n + 1) / (counts[word] + 1)) + 1.0

    def _vector(self, s: EventSketch, kind: str) -> tuple[dict[str, float], float]:
        key = (kind, s.id if kind == "event" else s.article_id)
        found = self._cache.get(key)
        if found is not None:
            return found
        if kind == "event":
            # a name (a capitalised word inside a sentence) counts double
            vec = {w: self._idf(self._events, self._n_events, w) * (2.0 if w in s.names else 1.0) for w in s.words}
        else:
            vec = {w: self._idf(self._articles, len(self._seen_articles), w) for w in s.story}
        out = (vec, math.sqrt(sum(v * v for v in vec.values())))
        self._cache[key] = out
        return out

    def cosine(self, a: EventSketch, b: EventSketch, kind: str) -> float:
        va, na = self._vector(a, kind)
        vb, nb = self._vector(b, kind)
        if not na or not nb:
            return 0.0
        if len(va) > len(vb):
            va, vb = vb, va
        return sum(w * vb[k] for k, w in va.items() if k in vb) / (na * nb)


def _side(a: frozenset[str], b: frozenset[str]) -> float:
    """1 when two sides share a code, 0 when both are known and share none, 1/2 when one is unknown."""
    if not a or not b:
        return 0.5
    return 1.0 if a & b else 0.0


def party_similarity(a: EventSketch, b: EventSketch) -> float | None:
    """How well the parties agree (reading the two sides either way round); None when they contradict."""
    pa, pb = a.parties, b.parties
    if pa and pb and not pa & pb:
        return None
    straight = (_side(a.actors, b.actors) + _side(a.recipients, b.recipients)) / 2
    crossed = (_side(a.actors, b.recipients) + _side(a.recipients, b.actors)) / 2
    # The same exchange told from the other side ("A met B" / "B hosted A") is weaker evidence.
    return max(straight, 0.8 * crossed)


def similarity(a: EventSketch, b: EventSketch, settings: ClusterSettings, words: WordWeights) -> float | None:
    """The weighted evidence that `a` and `b` report one happening, or None if they cannot."""
    family = settings.family_of
    if family.get(a.category, a.category) != family.get(b.category, b.category):
        return None
    gap = abs((a.day - b.day).days)
    if gap > settings.window_days:
        return None
    parties = party_similarity(a, b)
    if parties is None:
        return None
    w = settings.weights
    category = 1.0 if a.category == b.category else settings.family_credit
    date = 1.0 - gap / (settings.window_days + 1)
    story = min(1.0, words.cosine(a, b, "story") / settings.story_saturation) if a.story and b.story else 0.0
    sentence = min(1.0, words.cosine(a, b, "event") / settings.words_saturation)
    score = w.category * category + w.parties * parties + w.date * date + w.story * story + w.words * sentence
    if a.country and b.country and a.country != b.country:
        score -= settings.penalties.other_country
    if a.tentative != b.tentative:
        score -= settings.penalties.other_modality
    return max(0.0, score)
