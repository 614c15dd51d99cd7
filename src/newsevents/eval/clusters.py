"""Scoring event clusters against gold cross-article event identity.

In: a predicted cluster label and a gold incident label for the same items (events).
Out: B-cubed precision, recall and F1 (Bagga and Baldwin 1998: per item, the share of its
predicted cluster that is in its gold cluster, and the share of its gold cluster that is in its
predicted cluster, averaged over items), and the same figures over cross-article links only.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class ClusterScore:
    precision: float
    recall: float
    items: int

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1, "items": self.items}


def bcubed(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> ClusterScore:
    """B-cubed over the items both mappings label."""
    items = sorted(set(predicted) & set(gold))
    if not items:
        return ClusterScore(0.0, 0.0, 0)
    pairs = Counter((predicted[i], gold[i]) for i in items)
    pred_size = Counter(predicted[i] for i in items)
    gold_size = Counter(gold[i] for i in items)
    precision = sum(pairs[(predicted[i], gold[i])] / pred_size[predicted[i]] for i in items) / len(items)
    recall = sum(pairs[(predicted[i], gold[i])] / gold_size[gold[i]] for i in items) / len(items)
    return ClusterScore(precision, recall, len(items))


def cross_article_links(
    predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable], article_of: Mapping[str, str]
) -> ClusterScore:
    """Precision and recall of the pairs of items from different articles put in one cluster."""
    items = sorted(set(predicted) & set(gold))

    def links(labels: Mapping[str, Hashable]) -> set[tuple[str, str]]:
        groups: dict[Hashable, list[str]] = defaultdict(list)
        for i in items:
            groups[labels[i]].append(i)
        out: set[tuple[str, str]] = set()
        for members in groups.values():
            for a_i, a in enumerate(members):
                for b in members[a_i + 1 :]:
                    if article_of[a] != article_of[b]:
                        out.add((a, b) if a < b else (b, a))
        return out

    got, want = links(predicted), links(gold)
    hit = len(got & want)
    return ClusterScore(hit / len(got) if got else 0.0, hit / len(want) if want else 0.0, len(want))
