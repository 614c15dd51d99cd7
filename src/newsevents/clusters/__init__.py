"""Cross-article event clusters: events of different articles that report one real-world event.

In: coded events with the day their article was reported (from the store, or any list).
Out: a cluster id per event. Two events may share a cluster only if their categories are of one
family, their dates are within a window and their parties do not contradict; among those, the
score weighs category, parties, date and the words of the evidence (`data/clusters.yaml`).
Clustering is incremental and deterministic: new events join the clusters already stored, in
the order of their report day, article and position, and nothing stored is recomputed.

    from newsevents.clusters import cluster_store
    report = cluster_store(store)      # what `newsevents cluster --db` and `ingest` run
"""

from newsevents.clusters.incremental import Clusterer, cluster_id_for
from newsevents.clusters.run import ClusterReport, cluster_store
from newsevents.clusters.settings import ClusterSettings, load_settings
from newsevents.clusters.sketch import EventSketch, sketch_event

__all__ = [
    "ClusterReport",
    "ClusterSettings",
    "Clusterer",
    "EventSketch",
    "cluster_id_for",
    "cluster_store",
    "load_settings",
    "sketch_event",
]
