"""Groups of PLOVER categories and actor sectors that the grammar coder's rules test.

In: nothing (constants). Out: frozen sets of category names (`COOPERATIVE`, `CONFLICT`, ...) and
of sector codes (`STATE_ORGANS`, `STATE_SECTORS`), shared by arguments, modality and the coder.
"""

from __future__ import annotations

COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE"})
ACCEPTING = frozenset({"AGREE", "SUPPORT", "COOPERATE", "CONCEDE"})
DIRECTED = frozenset({"REJECT", "ACCUSE", "REQUEST", "THREATEN", "SUPPORT", "AGREE"})
REQUESTING = frozenset({"REQUEST", "THREATEN", "ACCUSE", "REJECT", "AGREE"})
STATE_ORGANS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "REB", "CRM", "OPP", "PTY"})
# categories whose events need no one they are done to
UNDIRECTED = frozenset({"PROTEST", "MOBILIZE", "CONSULT"})
CONFLICT = frozenset({"REQUEST", "ACCUSE", "REJECT", "ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"})
# verbs of handing something over: the object is the thing, the prepositional object the receiver
TRANSFERS = frozenset({"AID", "COOPERATE"})
MATERIAL_CONFLICT = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"})
