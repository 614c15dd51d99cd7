"""Features of an event's mode (how it was done: an arrest or a curfew, an allegation or an
investigation, an airstrike or a shooting), and the labels the event model's mode view scores.

In: the trigger token, the trigger lexicon and the CAMEO verb dictionary. Out: a sparse feature
dict: the trigger's own features (`events.features.token_features`), the modes the lexicon gives
its senses, and the words of its phrase ("drone", "tear gas", "charged"). Labels are
"CATEGORY:mode" (or "CATEGORY:none"); the engine scores only the labels of the event's category.
"""

from __future__ import annotations

from spacy.tokens import Token

from newsevents.events.cameo import CameoVerbs
from newsevents.events.features import token_features
from newsevents.events.lexicon import TriggerLexicon

NO_MODE = "none"
SUBTREE_WEIGHT = 0.5


def mode_label(category: str, mode: str | None) -> str:
    return f"{category}:{mode or NO_MODE}"


def mode_of(label: str) -> str | None:
    """The mode of a label ("ACCUSE:allege" -> "allege"; "AGREE:none" -> None)."""
    mode = label.split(":", 1)[1]
    return None if mode == NO_MODE else mode


def mode_features(token: Token, lexicon: TriggerLexicon, cameo: CameoVerbs) -> dict[str, float]:
    f = token_features(token, lexicon, cameo)
    verbal = token.pos_ in ("VERB", "AUX") or token.tag_ == "VBN"
    for sense in (lexicon.verbs if verbal else lexicon.nouns).get(token.lemma_.lower(), ()):
        f[f"lexmode={sense.category}:{sense.mode or NO_MODE}"] = 1.0
    phrase = token.subtree if token.pos_ != "VERB" else (t for c in token.children for t in c.subtree)
    for t in phrase:
        if t.is_alpha and t.i != token.i:
            f[f"sub={t.lemma_.lower()}"] = SUBTREE_WEIGHT
    return f
