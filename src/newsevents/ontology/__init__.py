"""PLOVER ontology stage: categories, modes, contexts, sectors and the CAMEO crosswalk as data.

In: the packaged YAML files under `newsevents/ontology/data/`.
Out: `default_ontology()`, a cached `Ontology`; `load_ontology(...)` for other files.
"""

from newsevents.ontology.ontology import (
    CameoEntry,
    Category,
    Mode,
    Ontology,
    default_ontology,
    load_ontology,
)

__all__ = ["CameoEntry", "Category", "Mode", "Ontology", "default_ontology", "load_ontology"]
