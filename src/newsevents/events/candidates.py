"""Candidate triggers: which words of a sentence report an event, in which sense, and which are nested.

In: a parsed sentence (spaCy `Span`) and the trigger lexicon; for senses that depend on who acts
or on a party in the complement, the sentence's arguments (`SenseConditions`). Out: the sentence's
`Trigger`s (word, `Sense`, whether it is an event noun), the words that govern other triggers, and
whether a trigger is nested under one of them ("threatened to impose sanctions": the governing
predicate decides). Also the records the coder fills for each event, `Candidate` and `Party`, and
small helpers over trigger words (`anchor`, `trigger_extent`, `lemma_candidates`, ...).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from spacy.tokens import Span, Token

from newsevents.events.grammar import load_grammar
from newsevents.events.lexicon import Sense, TriggerLexicon
from newsevents.record import Entity

WORDS = load_grammar("en")

OBJECT_DEPS = frozenset({"dobj", "dative", "obj", "attr", "oprd"})
NESTING_DEPS = frozenset({"xcomp", "ccomp", "dobj", "pobj", "prep", "advcl", "pcomp", "acomp"})

# a trigger word, its sense, and whether it is an event noun ("talks") rather than a verb
Trigger = tuple[Token, Sense, bool]


@dataclass
class Party:
    """A resolved actor or recipient with the token that heads its words."""

    entity: Entity
    head_i: int


@dataclass
class Candidate:
    """An event found in one sentence, before dates, places and merging."""

    category: str
    mode: str | None
    modality: str
    trigger: Token
    sentence: Span
    actors: list[Party]
    recipients: list[Party]
    trigger_text: str
    trigger_start: int
    trigger_end: int
    nominal: bool = False
    confidence: float = 0.6
    source: str = "lexicon"  # what decided the category: "lexicon", "model" or "both"
    decisions: list[str] = field(default_factory=list)  # why the event has its category and parties


class SenseConditions(Protocol):
    """What a sense's conditions ask of the sentence's arguments."""

    def subject_sectors(self, token: Token) -> set[str]:
        """Sectors of the parties that are the subject of `token`'s clause."""
        ...

    def complement_has_party(self, token: Token) -> bool:
        """Whether `token`'s complement involves a political party."""
        ...


class TriggerFinder:
    """Finds the trigger words of a sentence and their senses; tells nested triggers apart."""

    def __init__(self, lexicon: TriggerLexicon, conditions: SenseConditions) -> None:
        self.lexicon = lexicon
        self.conditions = conditions

    def find(self, sent: Span) -> list[Trigger]:
        """Every verb or event noun of the sentence whose lemma has a sense that applies here."""
        triggers: list[Trigger] = []
        for token in sent:
            found = self.sense(token)
            if found is not None:
                triggers.append((token, found[0], found[1]))
        return triggers

    def governors(self, triggers: Sequence[Trigger]) -> set[int]:
        """Token ids of the words that govern the triggers nested under them."""
        lexicon = self.lexicon
        trigger_ids = {t.i for t, _, nominal in triggers if not (nominal and is_light(t.head, lexicon))}
        # a light verb carrying an event noun ("started a hunger strike") governs like a trigger
        trigger_ids |= {
            anchor(t).head.i
            for t, _, nominal in triggers
            if nominal and is_light(anchor(t).head, lexicon) and anchor(t).head.i < t.i
        }
        # a trigger verb carrying an event noun governs it ("ordered an attack", "offered aid")
        trigger_ids |= {anchor(t).head.i for t, _, nominal in triggers if nominal and self.sense(anchor(t).head)}
        return trigger_ids

    def is_nested(self, trigger: Trigger, governors: set[int], sent: Span) -> bool:
        """Whether the trigger sits under a governing predicate, which then decides the category."""
        token, _, nominal = trigger
        carrier = anchor(token).head
        # the noun's own light verb does not govern it, unless that verb is an event of its own
        # ("held talks" is one event; "called off talks", "signed an agreement" are the verb's)
        own_light = nominal and is_light(carrier, self.lexicon) and self.sense(carrier) is None
        return self._nested(token, governors - {carrier.i} if own_light else governors, sent)

    def sense(self, token: Token) -> tuple[Sense, bool] | None:
        """The first sense of the word whose conditions hold here, and whether the word is an event noun."""
        lemma = token.lemma_.lower()
        if token.pos_ in ("VERB", "AUX") or (token.pos_ == "ADJ" and token.tag_ == "VBN"):
            senses = next((self.lexicon.verbs[c] for c in lemma_candidates(token) if c in self.lexicon.verbs), None)
            if senses:
                sense = self.pick(token, senses, nominal=False)
                return (sense, False) if sense else None
            return None
        if token.pos_ in ("NOUN", "PROPN"):
            senses = self.lexicon.nouns.get(lemma)
            if senses and self._noun_is_eventive(token):
                sense = self.pick(token, senses, nominal=True)
                return (sense, True) if sense else None
        return None

    def pick(self, token: Token, senses: Sequence[Sense], *, nominal: bool) -> Sense | None:
        """The first of `senses` whose conditions (particle, object, preposition, actor sector) hold."""
        particles = {
            c.lower_
            for c in token.children
            if c.dep_ == "prt" or (c.dep_ in ("advmod", "prep") and c.lower_ in WORDS.particle_adverbs)
        }
        preps = {c.lower_ for c in token.children if c.dep_ in ("prep", "dative", "agent")}
        objects = self._object_lemmas(token, nominal=nominal)
        compounds = {c.lemma_.lower() for c in token.children if c.dep_ in ("compound", "amod", "nmod")}
        for sense in senses:
            if sense.particle and sense.particle not in particles:
                continue
            # a particle changes the verb's meaning ("turn down", "pull out"): only a sense naming it applies
            if not sense.particle and not nominal and any(s.particle in particles for s in senses if s.particle):
                continue
            if sense.objects and not (sense.objects & objects):
                continue
            if sense.not_objects and sense.not_objects & objects:
                continue
            if sense.preps and not (sense.preps & preps):
                continue
            if sense.not_preps & preps:
                continue
            if sense.compounds and not (sense.compounds & compounds):
                continue
            if sense.light and not (nominal and carrier_verb(token).lemma_.lower() in sense.light):
                continue
            if sense.needs_complement and not self.conditions.complement_has_party(token):
                continue
            if sense.not_questions and asks_a_question(token):
                continue
            if sense.needs_dobj and not any(c.dep_ == "dobj" for c in token.children):
                continue
            if sense.other_party and not any(
                c.dep_ == "dobj" or (c.dep_ in ("ccomp", "xcomp") and any(g.dep_ == "nsubj" for g in c.children))
                for c in token.children
            ):
                continue
            if sense.needs_object and not any(
                c.dep_ in ("dobj", "dative", "xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ in ("for", "about"))
                for c in token.children
            ):
                continue
            if sense.active_only and any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children):
                continue
            if sense.actor_sectors:
                sectors = self.conditions.subject_sectors(carrier_verb(token) if nominal else token)
                if not (sectors & sense.actor_sectors):
                    continue
            return sense
        return None

    def _object_lemmas(self, token: Token, *, nominal: bool) -> set[str]:
        lemmas: set[str] = set()
        passive = any(c.dep_ == "auxpass" for c in token.children)
        for child in token.children:
            if (
                child.dep_ in OBJECT_DEPS
                or (nominal and child.dep_ in ("compound", "amod"))
                or (passive and child.dep_ == "nsubjpass")
            ):
                lemmas.add(child.lemma_.lower())
                lemmas.update(c.lemma_.lower() for c in child.children if c.dep_ in ("compound", "amod"))
                lemmas.update(c.lemma_.lower() for c in child.conjuncts)
                if child.lemma_.lower() in WORDS.container_nouns:
                    # "lifted a state of emergency": the container's of-object is what is acted on
                    lemmas.update(
                        g.lemma_.lower()
                        for c in child.children
                        if c.dep_ == "prep" and c.lower_ == "of"
                        for g in c.children
                        if g.dep_ == "pobj"
                    )
            if child.dep_ == "prep":
                lemmas.update(g.lemma_.lower() for g in child.children if g.dep_ in ("pobj", "pcomp"))
            if child.dep_ in ("xcomp", "ccomp"):
                lemmas.add(child.lemma_.lower())
                lemmas.update(g.lemma_.lower() for g in child.children if g.dep_ in OBJECT_DEPS)
        return lemmas

    def _noun_is_eventive(self, noun: Token) -> bool:
        head = noun.head
        if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in WORDS.quantity_nouns:
            # "carried out a series of airstrikes", "arrived for two days of talks": the quantity noun stands in
            noun = head.head
            head = noun.head
        if noun.dep_ in ("dobj", "attr") and head.pos_ in ("VERB", "AUX") and is_light(head, self.lexicon):
            return True
        if noun.dep_ == "pobj" and head.lower_ in ("on", "for", "to") and head.head.pos_ in ("VERB", "AUX"):
            return head.head.lemma_.lower() in WORDS.movement_verbs
        if noun.dep_ == "nsubjpass" and is_light(head, self.lexicon):
            return True
        if noun.dep_ in ("nsubj", "nsubjpass"):
            return any(
                c.dep_ == "poss" or (c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE"))
                for c in noun.children
            ) or any(c.dep_ == "prep" and c.lower_ in ("by", "between") for c in noun.children)
        return any(c.dep_ == "poss" for c in noun.children) and noun.dep_ not in ("pobj",)

    def _nested(self, token: Token, trigger_ids: set[int], sent: Span) -> bool:
        node = token
        steps = 0
        while (node.dep_ in NESTING_DEPS or node.dep_ == "conj") and node.head.i != node.i and steps < 6:
            if node.dep_ == "conj":
                # conjoined predicates share their governor: walk through, the sibling is no governor
                node = node.head
                steps += 1
                continue
            if node.dep_ == "advcl" and node.tag_ == "VBG" and not any(c.dep_ == "aux" for c in node.children):
                # "..., rejecting a proposal by X": an elaboration, not a complement of the first verb
                return False
            edge = node.left_edge.i
            if node.dep_ == "ccomp" and edge > sent.start and sent.doc[edge - 1].text in (",", ";", "—"):
                # a clause set off by a comma is a new statement, not a complement ("..., something X opposes")
                return False
            node = node.head
            steps += 1
            # the governing predicate comes first in English ("urged X to stop"); a later
            # "governor" is a parse error on a long sentence, not a nesting
            if node.i in trigger_ids and node.i < token.i:
                return sent.doc[node.i].lemma_.lower() not in WORDS.causatives
        return False


def without_ordered_acts(cands: list[Candidate]) -> list[Candidate]:
    """Drops a causative whose ordered act is itself an event: "ordered troops to be placed on alert"
    is the placing, by whoever ordered it."""
    inner = {c.trigger.i for c in cands}
    return [
        c
        for c in cands
        if not (
            lemma_candidates(c.trigger)[0] in WORDS.causatives
            and any(t.i in inner and t.i != c.trigger.i for t in c.trigger.subtree)
        )
    ]


def is_light(token: Token, lexicon: TriggerLexicon) -> bool:
    """A light verb of the lexicon ("held talks", "launched an attack"): its event noun carries the event."""
    if token.pos_ not in ("VERB", "AUX"):
        return False
    return any(c in lexicon.light_verbs for c in lemma_candidates(token))


def asks_a_question(token: Token) -> bool:
    """ "asked whether ...", "Asked by a reporter ...": a question put, not a request made."""
    if token.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in token.children):
        return True
    for comp in token.children:
        if comp.dep_ == "ccomp" and any(t.lower_ in WORDS.question_words and t.i < comp.i for t in comp.subtree):
            return True
    return False


def carrier_verb(noun: Token) -> Token:
    """The verb that carries an event noun: "held talks" -> held, "went on strike" -> went."""
    anchored = anchor(noun)
    if anchored.dep_ == "pobj" and anchored.head.dep_ == "prep":
        return anchored.head.head
    return anchored.head


def anchor(noun: Token) -> Token:
    """The noun that holds an event noun's place in the clause ("a series of airstrikes" -> series)."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in WORDS.quantity_nouns:
        return head.head
    return noun


def text_between(sent: Span, start: int, end: int) -> str:
    """Text of the sentence between two document offsets, without copying the whole document's text."""
    return sent.text[start - sent.start_char : end - sent.start_char]


def trigger_extent(token: Token) -> tuple[int, int]:
    """Character extent of the trigger words: the verb or noun with its particle."""
    start = token.idx
    end = token.idx + len(token)
    for child in token.children:
        if child.dep_ == "prt":
            start = min(start, child.idx)
            end = max(end, child.idx + len(child))
    return start, end


def lemma_candidates(token: Token) -> list[str]:
    """The tagger's lemma first, then forms undone by hand: the small model lemmatises a few
    inflected verbs wrongly ("staged" -> "stag")."""
    word = token.lower_
    out = [token.lemma_.lower()]
    for suffix, add in (
        ("ied", "y"),
        ("ing", ""),
        ("ing", "e"),
        ("ed", ""),
        ("ed", "e"),
        ("d", ""),
        ("es", ""),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            out.append(word[: -len(suffix)] + add)
    return out
