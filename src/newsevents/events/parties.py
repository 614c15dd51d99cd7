"""Parties: the words of an argument resolved to actors, with the article's discourse memory.

In: argument head tokens of a parsed sentence (from `events.arguments`), the actor resolver (the
knowledge base), the article's publication date and its `Memory` of who was mentioned so far.
Out: `Party` lists (entity with code, sector and character span, plus the head token's id): noun
phrases resolved through the knowledge base; pronouns, "the country" and unnamed state organs
through the discourse memory and the countries named nearby; hazards and weapons told apart from
political actors. After each sentence the memory takes in its mentions and the pairs of parties
its events joined ("the two sides" later refers to them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from newsevents.actors import ActorResolver
from newsevents.events.candidates import Candidate, Party
from newsevents.events.categories import MATERIAL_CONFLICT, STATE_ORGANS, STATE_SECTORS
from newsevents.events.grammar import load_grammar
from newsevents.events.lexicon import TriggerLexicon
from newsevents.nlp.spans import sentence_ents, sentence_noun_chunks
from newsevents.ontology import NON_STATE_CODES
from newsevents.record import Entity

WORDS = load_grammar("en")

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
# pronouns reach back this many sentences at most
PRONOUN_REACH = 3


@dataclass
class Memory:
    """What the article has mentioned so far: the discourse state for coreference."""

    persons: list[Entity] = field(default_factory=list)
    others: list[Entity] = field(default_factory=list)
    countries: list[Entity] = field(default_factory=list)
    counterparts: dict[str, list[Entity]] = field(default_factory=dict)

    persons_by_span: set[tuple[int | None, int | None]] = field(default_factory=set)
    # pronouns reach back a few sentences at most; "the country" and counterparts reach further
    recent_persons: list[list[Entity]] = field(default_factory=list)
    recent_others: list[list[Entity]] = field(default_factory=list)

    def is_person(self, entity: Entity) -> bool:
        """People hold an office in the knowledge base or were named as a PERSON by the tagger."""
        return entity.office is not None or (entity.start, entity.end) in self.persons_by_span

    def remember(self, entity: Entity) -> None:
        if self.is_person(entity):
            self.persons.append(entity)
        else:
            self.others.append(entity)
        if is_country_code(entity.code):
            self.countries.append(entity)

    def close_sentence(self, entities: list[Entity]) -> None:
        self.recent_persons = [*self.recent_persons, [e for e in entities if self.is_person(e)]][-PRONOUN_REACH:]
        self.recent_others = [*self.recent_others, [e for e in entities if not self.is_person(e)]][-PRONOUN_REACH:]

    def recent(self, persons: bool) -> list[Entity]:
        return [e for group in (self.recent_persons if persons else self.recent_others) for e in group]


class PartyResolver:
    """Resolves argument heads of one article's sentences to parties; keeps the article's memory."""

    def __init__(self, lexicon: TriggerLexicon, resolver: ActorResolver, *, published: dt.date | None = None) -> None:
        self.lexicon = lexicon
        self.resolver = resolver
        self.published = published
        self.memory = Memory()
        self._cache: dict[tuple[int, int], Entity | None] = {}
        self._mentions: dict[int, list[tuple[int, Entity]]] = {}

    # ---------------------------------------------------------------- memory

    def sentence_mentions(self, sent: Span) -> list[tuple[int, Entity]]:
        """Entities named in the sentence, in order: the discourse memory's input."""
        cached = self._mentions.get(sent.start)
        if cached is not None:
            return cached
        found: list[tuple[int, Entity]] = []
        seen: set[int] = set()
        for ent in sentence_ents(sent):
            if ent.label_ not in ("PERSON", "GPE", "ORG", "NORP", "LOC", "FAC"):
                continue
            entity = self.resolve_head(ent.root)
            if entity is None and ent.label_ == "PERSON":
                # someone the knowledge base does not know still binds "he"/"his" to themselves
                entity = Entity(code="---", entity_text=ent.text, start=ent.start_char, end=ent.end_char)
            if entity is not None and ent.root.i not in seen:
                seen.add(ent.root.i)
                if ent.label_ == "PERSON":
                    self.memory.persons_by_span.add((entity.start, entity.end))
                found.append((ent.root.i, entity))
        for chunk in sentence_noun_chunks(sent):
            if chunk.root.i in seen or chunk.root.pos_ == "PRON":
                continue
            entity = self.resolve_head(chunk.root)
            if entity is not None:
                seen.add(chunk.root.i)
                found.append((chunk.root.i, entity))
        found.sort(key=lambda pair: pair[0])
        self._mentions[sent.start] = found
        return found

    def remember(self, mentions: Sequence[tuple[int, Entity]], cands: Sequence[Candidate]) -> None:
        """Close a sentence: its mentions enter the memory, and the pairs of parties its events joined."""
        for _, entity in mentions:
            self.memory.remember(entity)
        self.memory.close_sentence([entity for _, entity in mentions])
        for cand in cands:
            self._remember_counterparts(cand)

    def counterpart(self, actors: list[Party]) -> list[Party]:
        """The party an actor last had an event with ("the two sides"), without words of this sentence."""
        for party in actors:
            previous = self.memory.counterparts.get(party.entity.code)
            if previous:
                entity = previous[-1].model_copy(update={"entity_text": None, "start": None, "end": None})
                return [Party(entity, -1)]
        return []

    def _remember_counterparts(self, cand: Candidate) -> None:
        for actor in cand.actors:
            for recipient in cand.recipients:
                if recipient.entity.code != actor.entity.code and recipient.entity.code != "---":
                    self.memory.counterparts.setdefault(actor.entity.code, []).append(recipient.entity)
                    self.memory.counterparts.setdefault(recipient.entity.code, []).append(actor.entity)

    # ------------------------------------------------------------ resolution

    def phrase_bounds(self, head: Token) -> tuple[int, int]:
        """First and last token of the noun phrase `head` heads (its of-phrase included)."""
        start = head.i
        for child in head.lefts:
            if child.dep_ in ("det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "case", "punct"):
                start = min(start, child.left_edge.i)
        end = head.i
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ == "of":
                end = max(end, child.right_edge.i)
            elif child.dep_ in ("compound", "flat", "case"):
                end = max(end, child.i)
        doc = head.doc
        while start < end and doc[start].is_punct:
            start += 1
        return start, end

    def resolve_head(self, head: Token) -> Entity | None:
        """The knowledge base's entity for the phrase `head` heads, with the phrase's span (cached)."""
        start, end = self.phrase_bounds(head)
        key = (start, end)
        if key in self._cache:
            return self._cache[key]
        doc = head.doc
        span = doc[start : end + 1]
        text = span.text
        entity = self.resolver.resolve(text, on_date=self.published) if text.strip() else None
        if entity is not None:
            entity = entity.model_copy(update={"entity_text": text, "start": span.start_char, "end": span.end_char})
        self._cache[key] = entity
        return entity

    def resolve_party(self, head: Token, *, deep: bool, exclude: set[str]) -> list[Party]:
        """Resolve an argument head (and its conjuncts) to parties."""
        out: list[Party] = []
        for node in [head, *[c for c in head.conjuncts if c.i > head.i]]:
            entity = self.resolve_one(node, deep=deep, exclude=exclude)
            if entity is not None:
                out.append(Party(entity, node.i))
                out += self._conjoined_demonyms(node, entity)
        return out

    def _conjoined_demonyms(self, node: Token, entity: Entity) -> list[Party]:
        """ "Chinese and Russian warships": one party for each conjoined demonym, with the head's sector."""
        out: list[Party] = []
        for child in node.children:
            if child.dep_ != "amod" or child.ent_type_ != "NORP":
                continue
            for conj in child.conjuncts:
                code = self.resolver.country_of(conj.text)
                if code and code != entity.code:
                    copy = entity.model_copy(
                        update={"code": code, "entity_text": conj.text, "start": conj.idx, "end": conj.idx + len(conj)}
                    )
                    out.append(Party(copy, conj.i))
        return out

    def resolve_one(self, node: Token, *, deep: bool, exclude: set[str]) -> Entity | None:
        """One argument head as an entity: by the knowledge base, coreference, apposition or its modifiers;
        `exclude` holds country codes it should not be (the other side's)."""
        lower = node.lower_
        if lower in WORDS.person_pronouns or lower in WORDS.other_pronouns:
            return self._coref(node, exclude)
        if lower in WORDS.relative_pronouns and node.dep_ in SUBJECT_DEPS:
            return None
        entity = self.resolve_head(node)
        if entity is None:
            phrase = node.doc[self.phrase_bounds(node)[0] : node.i + 1].text.lower()
            if phrase.endswith(WORDS.country_anaphors):
                return self._last_country(node, exclude, span_of=node)
        if entity is None and node.dep_ in SUBJECT_DEPS and node.pos_ == "NOUN":
            # "his visit was intended to ...", "Italy's decision angered ...": the possessor acts
            for child in node.children:
                if child.dep_ == "poss":
                    return self.resolve_one(child, deep=False, exclude=exclude)
        if entity is None:
            for child in node.children:
                if child.dep_ == "appos":
                    entity = self.resolve_one(child, deep=True, exclude=exclude)
                    if entity is not None:
                        return entity
        if entity is None and deep:
            for child in node.children:
                if child.dep_ in ("acl", "prep", "relcl"):
                    # heads of phrases first ("computers of South Korean army officers" -> the officers),
                    # then their modifiers; among equals, the one that names a country or organisation
                    found: list[Entity] = []
                    for deps in (("pobj", "dobj", "nsubj", "appos"), ("compound",)):
                        for grand in child.subtree:
                            if grand.i != node.i and grand.pos_ in ("PROPN", "NOUN") and grand.dep_ in deps:
                                candidate = self.resolve_head(grand)
                                if candidate is not None:
                                    found.append(candidate)
                    coded = [e for e in found if e.code != "---"]
                    if coded or found:
                        return (coded or found)[0]
        if entity is not None and entity.code == "---" and entity.sector and entity.sector not in STATE_SECTORS:
            # "people in northern Ethiopia's Tigray", "civilians in eastern Congo": their own modifiers place them
            inside = {t.i for t in node.subtree} - {node.i}
            for i, mention in self.sentence_mentions(node.sent):
                if i in inside and is_country_code(mention.code):
                    return entity.model_copy(update={"code": mention.code})
        if entity is not None and entity.code == "---" and entity.sector in STATE_SECTORS:
            # an organ of the state is rarely the acting state's own; rebels and gangs usually are local
            # a subject's country is named before it; an object's may follow ("officials of Chile")
            after = node.dep_ not in ("nsubj", "nsubjpass", "csubj")
            country = self._nearest_country(node, exclude if entity.sector in STATE_ORGANS else set(), after=after)
            if country is None and exclude:
                # no other country around: the acting state's own organ after all ("dismissed an appeal from
                # the president" in a story about one country)
                country = self._nearest_country(node, set(), after=after)
            if country is not None:
                entity = entity.model_copy(update={"code": country})
        return entity

    def _coref(self, pron: Token, exclude: set[str]) -> Entity | None:
        lower = pron.lower_
        sent_mentions = self.sentence_mentions(pron.sent)
        doc = pron.doc
        # a demonym modifying a noun ("German organisation") is not an antecedent of its own
        before = [
            (i, e)
            for i, e in sent_mentions
            if i < pron.i and not (doc[i].dep_ in ("amod", "compound") and doc[i].pos_ == "ADJ")
        ]
        if lower in WORDS.person_pronouns:
            pool = [e for _, e in before if self.memory.is_person(e)]
            pool = pool or self.memory.recent(persons=True)
        elif lower in WORDS.other_pronouns:
            plural = lower in ("they", "them", "their")
            # "it" needs a singular antecedent: plural common nouns ("migrants") are out, "the United States" is in
            pool = [
                e
                for i, e in before
                if not self.memory.is_person(e) and e.code not in exclude and (plural or doc[i].tag_ != "NNS")
            ]
            pool = pool or [e for e in self.memory.recent(persons=False) if e.code not in exclude]
        else:
            return None
        if not pool:
            return None
        found = pool[-1]
        return found.model_copy(update={"entity_text": pron.text, "start": pron.idx, "end": pron.idx + len(pron)})

    def _last_country(self, node: Token, exclude: set[str], *, span_of: Token) -> Entity | None:
        for entity in reversed(self.memory.countries):
            if entity.code in exclude:
                continue
            start, end = self.phrase_bounds(span_of)
            span = span_of.doc[start : end + 1]
            return Entity(
                code=entity.code,
                sector="GOV",
                entity_text=span.text,
                entity_name=None,
                start=span.start_char,
                end=span.end_char,
            )
        return None

    def _nearest_country(self, node: Token, exclude: set[str], *, after: bool = True) -> str | None:
        """The country a body without one belongs to: its own modifiers ("rebels in the Ivory Coast",
        "workers affiliated with the Serbian union"), the sentence before it, after it, then the article."""
        mentions = [(i, e) for i, e in self.sentence_mentions(node.sent) if is_country_code(e.code)]
        inside = {t.i for t in node.subtree} - {node.i}
        for i, entity in mentions:
            if i in inside:
                return entity.code
        for i, entity in reversed(mentions):
            if i < node.i and entity.code not in exclude:
                return entity.code
        for i, entity in mentions:
            if after and i > node.i and entity.code not in exclude:
                return entity.code
        for entity in reversed(self.memory.countries):
            if entity.code not in exclude:
                return entity.code
        return None

    # --------------------------------------------------------------- choices

    def find_recipients(self, heads: list[Token], actors: list[Party], actor_codes: set[str]) -> list[Party]:
        """The first argument that names a country or organisation; one known only by sector is a last resort."""
        fallback: list[Party] = []
        for head in heads:
            if any(head.i == a.head_i for a in actors):
                continue
            found = self.resolve_party(head, deep=False, exclude=actor_codes)
            if not found and head.pos_ == "NOUN":
                # "rejected a U.S. request", "welcomed Reagan's statement": the message's author
                for child in head.children:
                    named = child.dep_ in ("poss", "compound", "amod", "nmod") and (
                        child.ent_type_ in ("NORP", "GPE", "ORG", "PERSON")
                        or (child.dep_ == "poss" and child.tag_ != "PRP$")
                    )
                    if named or (
                        child.dep_ == "prep"
                        and child.lower_ in ("from", "by")
                        and head.lemma_.lower() in WORDS.message_nouns
                    ):
                        target = (
                            child
                            if child.dep_ != "prep"
                            else next((g for g in child.children if g.dep_ == "pobj"), None)
                        )
                        if target is not None:
                            found = self.resolve_party(target, deep=False, exclude=actor_codes)
                            if not found and target.pos_ == "ADJ":
                                code = self.resolver.country_of(target.text)
                                if code:
                                    entity = Entity(
                                        code=code,
                                        entity_text=target.text,
                                        start=target.idx,
                                        end=target.idx + len(target),
                                    )
                                    found = [Party(entity, target.i)]
                            if found:
                                break
            if not found:
                found = self.resolve_party(head, deep=True, exclude=actor_codes)
            own = {(a.entity.code, a.entity.sector) for a in actors if a.entity.code != "---"}
            found = [p for p in found if (p.entity.code, p.entity.sector) not in own]
            if found and any(p.entity.code != "---" for p in found):
                return found
            if found and not fallback and not _possessed_by_pronoun(head):
                fallback = found
        return fallback

    def modifier_parties(self, head: Token) -> list[Party]:
        """Countries named by a phrase's demonym or place modifiers, conjoined ones included."""
        out: list[Party] = []
        for child in head.children:
            if child.dep_ in ("amod", "compound", "nmod") and child.ent_type_ in ("NORP", "GPE"):
                for node in [child, *child.conjuncts]:
                    code = self.resolver.country_of(node.text)
                    if code and code not in {p.entity.code for p in out}:
                        entity = Entity(code=code, entity_text=node.text, start=node.idx, end=node.idx + len(node))
                        out.append(Party(entity, node.i))
        return out

    def is_attack_noun(self, head: Token) -> bool:
        """A weapon or an act of force as a clause's subject ("a roadside bomb killed ...")."""
        lemma = head.lemma_.lower()
        if lemma in self.lexicon.mode_cues.get("ASSAULT", {}):
            return True
        senses = self.lexicon.nouns.get(lemma, ())
        return bool(senses) and senses[0].category in MATERIAL_CONFLICT

    def is_hazard(self, head: Token) -> bool:
        """A natural hazard, disease or accident ("the quake killed 15"): no political actor."""
        start, _ = self.phrase_bounds(head)  # the head and its left modifiers, not its of-phrase
        words = {t.lemma_.lower() for t in head.doc[start : head.i + 1]}
        if head.lemma_.lower() == "fire":
            # "a fire destroyed 200 homes" is a hazard; "rocket fire", "gunfire from troops" is an attack
            return not words & set(self.lexicon.mode_cues.get("ASSAULT", {}))
        return bool(words & WORDS.hazard_words)

    def is_named(self, head: Token) -> bool:
        """A subject that names someone the knowledge base does not know (kept with code '---')."""
        if self.is_hazard(head):
            return False
        return head.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or (head.pos_ == "PROPN" and not head.ent_type_)

    def unknown(self, head: Token) -> Party:
        """A party the knowledge base does not know, with the words of its phrase."""
        start, end = self.phrase_bounds(head)
        span = head.doc[start : end + 1]
        return Party(Entity(code="---", entity_text=span.text, start=span.start_char, end=span.end_char), head.i)


def _possessed_by_pronoun(head: Token) -> bool:
    """ "its troops", "their force": the actor's own means, not a party to the event."""
    return any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in head.children)


def is_country_code(code: str) -> bool:
    """A code of a country, not of an international or non-state body."""
    return len(code) == 3 and code.isalpha() and code.isupper() and code not in NON_STATE_CODES
