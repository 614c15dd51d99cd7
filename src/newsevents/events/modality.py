"""Modality of an event and the PLOVER category rewrites it calls for.

In: the verb that carries a trigger (and the event noun, for nominal triggers); for the rewrites,
the category and mode found so far, the sentence, the lemmas around the trigger and the lexicon's
mode cues. Out: `modality` -> "asserted", "negated", "planned", "hypothetical" or "ongoing", from
negation, modal auxiliaries, control verbs ("expected to"), readiness ("ready to") and
conditionals; `plover_rewrite` -> the category, mode and modality PLOVER prescribes: negated
acceptance is REJECT, stated future force (or any conditioned act of conflict) is THREATEN, and
stated future cooperation is AGREE.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from newsevents.events.categories import ACCEPTING, CONFLICT, COOPERATIVE, MATERIAL_CONFLICT
from newsevents.events.grammar import load_grammar
from newsevents.events.lexicon import TriggerLexicon

WORDS = load_grammar("en")


def modality(verb: Token, noun: Token | None) -> str:
    """Modality of the event carried by `verb` (and named by `noun`, for an event noun)."""
    if noun is not None:
        if any(c.lower_ in ("no", "never") for c in noun.children if c.dep_ in ("det", "neg")):
            return "negated"
        if noun.dep_ in ("nsubj", "nsubjpass") and any(c.dep_ == "neg" for c in noun.head.children):
            return "negated"  # "Israel's attack on Gaza did not happen"
        if any(c.lower_ in WORDS.planned_noun_modifiers for c in noun.children if c.dep_ in ("amod", "compound")):
            return "planned"
    chain = [verb]
    node = verb
    for _ in range(3):
        if node.dep_ in ("xcomp", "conj") and node.head.i != node.i:
            node = node.head
            chain.append(node)
        else:
            break
    for v in chain:
        aux = [c for c in v.children if c.dep_ in ("aux", "auxpass", "neg")]
        if any(c.dep_ == "neg" for c in v.children):
            return "negated"
        modal = {c.lower_ for c in aux if c.tag_ == "MD"}
        if modal & WORDS.future_modals:
            return "planned"
        if modal & WORDS.hypothetical_modals:
            if "would" in modal and reported(v):
                return "planned"
            return "hypothetical"
        if any(c.dep_ == "mark" and c.lower_ in WORDS.conditional_marks for c in v.children):
            return "hypothetical"
        passive_purpose = any(c.dep_ == "auxpass" for c in v.children)  # "was intended to": a purpose
        if (
            v is not verb
            and v.lemma_.lower() in WORDS.intent_verbs
            and _governs_by_xcomp(v, verb)
            and not passive_purpose
        ):
            return "planned"
        if v is verb and verb.dep_ == "xcomp" and verb.head.lemma_.lower() in WORDS.readiness_adjectives:
            return "planned"
        if v.lemma_.lower() in ("go",) and any(c.lower_ == "to" for c in verb.children):
            return "planned"
    aux_words = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.tag_ == "VBG" and ("been" in aux_words or any(a in ("is", "are", "am") for a in aux_words)):
        return "ongoing"
    return "asserted"


def reported(verb: Token) -> bool:
    """Whether `verb` is in a clause a speech verb reports ("said it would")."""
    node = verb
    for _ in range(3):
        if node.dep_ == "ccomp" and node.head.lemma_.lower() in WORDS.speech_verbs:
            return True
        if node.head.i == node.i:
            break
        node = node.head
    return False


def conditional(sent: Span) -> bool:
    """Whether the sentence states a condition ("unless", "if")."""
    return any(t.dep_ == "mark" and t.lower_ in WORDS.conditional_marks for t in sent)


def plover_rewrite(
    category: str, mode: str | None, found: str, *, sent: Span, lemmas: set[str], lexicon: TriggerLexicon
) -> tuple[str, str | None, str]:
    """The category, mode and modality PLOVER codes for an event of `category` with modality `found`."""
    if found == "negated" and category in ACCEPTING:
        return "REJECT", lexicon.mode_from_cues("REJECT", lemmas), "asserted"
    if (found == "planned" and category in MATERIAL_CONFLICT) or (
        found in ("planned", "hypothetical") and category in CONFLICT and conditional(sent)
    ):
        # a stated future act of force, or any act made conditional ("will withdraw unless"), is a threat
        return "THREATEN", lexicon.mode_from_cues("THREATEN", lemmas), found
    if found == "planned" and category in COOPERATIVE:
        return "AGREE", None, found
    return category, mode, found


def _governs_by_xcomp(governor: Token, verb: Token) -> bool:
    node = verb
    while node.dep_ in ("xcomp", "conj") and node.head.i != node.i:
        if node.dep_ == "xcomp" and node.head.i == governor.i:
            return True
        node = node.head
    return False
