"""PLOVER ontology stage: categories, modes, contexts, sectors and the CAMEO crosswalk as data.

In: the packaged YAML files under `newsevents/ontology/data/`.
Out: `default_ontology()`, a cached `Ontology`; `load_ontology(...)` for other files;
`NON_STATE_CODES`, the codes of actors that are not states (IGO, UNO, ...).
"""

from newsevents.ontology.ontology import (
    NON_STATE_CODES,
    CameoEntry,
    Category,
    Mode,
    Ontology,
    default_ontology,
    load_ontology,
)

__all__ = ["NON_STATE_CODES", "CameoEntry", "Category", "Mode", "Ontology", "default_ontology", "load_ontology"]
