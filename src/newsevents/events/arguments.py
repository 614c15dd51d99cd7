"""Arguments of a trigger: who acts and who it is done to, found over the dependency parse.

In: a trigger token of a parsed sentence with its `Sense`, the trigger lexicon (light verbs,
recipient prepositions, patient and symmetric nouns) and a `PartyResolver` for the article.
Out: the head tokens of the trigger's actor and recipient positions, and from them `Arguments`
(actor and recipient `Party` lists). The subject (or `by`-agent of a passive) acts; direct and
dative objects, prepositional objects and the subject of a complement clause ("wanted Malta to
take") receive; subjects are inherited through control (xcomp/advcl) and conjunction. When the
parse names no one, the fallbacks are the speaker of a quotation, the first party named in the
trigger's scope, the sentence's main actor, or the actor's counterpart of an earlier sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from newsevents.events.candidates import Party, anchor, is_light
from newsevents.events.categories import CONFLICT, DIRECTED, MATERIAL_CONFLICT, REQUESTING, TRANSFERS
from newsevents.events.grammar import load_grammar
from newsevents.events.lexicon import Sense, TriggerLexicon
from newsevents.events.parties import PartyResolver, is_country_code
from newsevents.record import Entity

WORDS = load_grammar("en")

CONTROL_DEPS = frozenset({"xcomp", "advcl", "conj", "ccomp", "pcomp", "acomp"})


@dataclass
class Arguments:
    """The parties of one trigger as the parse gives them."""

    actors: list[Party]
    recipients: list[Party]
    actor_codes: set[str]  # codes of the parties first found as actors, before a swap of sides


class ArgumentFinder:
    """Finds the argument positions of triggers and resolves them to parties."""

    def __init__(self, lexicon: TriggerLexicon, parties: PartyResolver) -> None:
        self.lexicon = lexicon
        self.parties = parties

    # --------------------------------------------------------------- parties

    def arguments(self, token: Token, sense: Sense, nominal: bool, *, learned: bool = False) -> Arguments | None:
        """Actors and recipients of a trigger; None when a hazard acts ("a fire killed five girls") or,
        unless the model found the event (`learned`), when no actor is found."""
        category = sense.category
        actor_heads = self.noun_actor_heads(token) if nominal else self.subject_heads(token)
        if any(self.parties.is_hazard(h) for h in actor_heads):
            return None  # "a fire killed five girls": no political actor
        actors: list[Party] = []
        for head in actor_heads:
            actors += self.parties.resolve_party(head, deep=False, exclude=set())
        if not actors:
            # "Russian rocket fire", "Chinese and Russian warships": the demonyms name the parties
            actors = [p for h in actor_heads for p in self.parties.modifier_parties(h)]
        if not actors:
            # the model's events keep any noun subject ("protesters", "the court"); the lexicon's only named ones
            actors = [
                self.parties.unknown(h)
                for h in actor_heads
                if self.parties.is_named(h) or (learned and h.pos_ in ("NOUN", "PROPN"))
            ]
        actor_codes = {p.entity.code for p in actors}
        find = self.parties.find_recipients
        recipients = find(self.recipient_heads(token, sense, nominal=nominal), actors, actor_codes)
        if not recipients and not nominal:
            # a purpose clause names a beneficiary only for pledges and help ("pledged $1.5 billion to help Pakistan")
            purpose_too = category in ("AID", "AGREE", "SUPPORT")
            recipients = find(self.complement_heads(token, purpose_too=purpose_too), actors, actor_codes)
        if not recipients:
            recipients = find(self.place_heads(token, sense), actors, actor_codes)
        if not recipients and not nominal:
            # "donated and delivered goods to X": conjoined verbs share their arguments
            for sibling in [c for c in token.conjuncts if c.i > token.i]:
                if sibling.pos_ == "VERB":
                    heads = self.recipient_heads(sibling, sense, nominal=False)
                    recipients = find(heads, actors, actor_codes)
                    if recipients:
                        break
        if sense.swap:
            actors, recipients = recipients, actors
        passive = not nominal and any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children)
        if not actors and passive and sense.source_actor:
            # "Toledo was extradited from the United States to Peru": who gives up is who acts
            sources = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "from" for g in c.children]
            for src in sources:
                actors += self.parties.resolve_party(src, deep=False, exclude=set())
            actor_codes = {p.entity.code for p in actors}
            recipients = [r for r in recipients if r.entity.code not in actor_codes]
        # "a roadside bombing killed ...": the attack itself is the subject, its author unstated
        weapon_subject = any(self.parties.is_attack_noun(h) for h in actor_heads)
        unstated = (not actor_heads and (passive or nominal)) or (weapon_subject and not actors)
        if not actors and recipients and unstated and category in CONFLICT | {"THREATEN"}:
            # "a journalist was killed in Beirut": someone did it; PLOVER's unidentified actor
            actors = [Party(Entity(code="---", sector="UNK"), -1)]
        if not actors and not learned:
            return None
        recipients = [r for r in recipients if r.entity.code != "---" or r.entity.sector]
        return Arguments(actors, recipients, actor_codes)

    def fallback_recipients(
        self, token: Token, sent: Span, category: str, actors: list[Party], actor_codes: set[str]
    ) -> list[Party]:
        """Recipients of an event whose parse gives none: for a directed statement the sentence's main
        actor; for an act of two sides ("the two countries agreed") the actor's last counterpart."""
        recipients: list[Party] = []
        if category in DIRECTED:
            recipients = self._main_actor(token, sent, actor_codes)
        if not recipients and category in ("AGREE", "SUPPORT", "COOPERATE", "CONSULT"):
            text = sent.text.lower()
            if any(cue in text for cue in WORDS.two_party_cues):
                recipients = self.parties.counterpart(actors)
        return recipients

    def named_in_scope(self, token: Token, actors: list[Party]) -> list[Party]:
        """The first country, organisation or person named in the words the trigger governs, after it
        ("retaliated by announcing tariffs on U.S. exports"), that is not the actor."""
        taken = {p.head_i for p in actors}
        for node in token.subtree:
            if node.i <= token.i or node.i in taken or node.ent_iob_ != "B":
                continue
            if node.ent_type_ not in ("GPE", "NORP", "ORG", "PERSON"):
                continue
            head = node
            while (
                head.head.i != head.i
                and head.head.ent_type_ == node.ent_type_
                and head.head.i in range(node.i, node.i + 8)
            ):
                head = head.head
            found = [p for p in self.parties.resolve_party(head, deep=False, exclude=set()) if p.head_i not in taken]
            if found and any(p.entity.code != "---" for p in found):
                return found
        return []

    def speaker(self, token: Token) -> list[Party]:
        """Who says the clause holding `token`: the subject of the speech verb that governs it, or of the
        sentence's speech verb when the clause is a quotation ("'We condemn it,' the minister said")."""
        verbs = [a for a in token.ancestors if a.lemma_.lower() in WORDS.speech_verbs]
        root = token.sent.root
        if root.lemma_.lower() in WORDS.speech_verbs and root not in verbs:
            verbs.append(root)
        for verb in verbs:
            for head in self.subject_heads(verb):
                if head.i == token.i or head.lower_ in ("we", "i"):
                    continue
                parties = self.parties.resolve_party(head, deep=False, exclude=set())
                if parties:
                    return parties
                if self.parties.is_named(head) or head.pos_ in ("NOUN", "PROPN"):
                    return [self.parties.unknown(head)]
        return []

    def _main_actor(self, token: Token, sent: Span, actor_codes: set[str]) -> list[Party]:
        """A directed statement with no object answers the sentence's main actor ("X wanted ... but Y hit back")."""
        verbs = [sent.root] + [t for t in sent if t.i < token.i and t.pos_ in ("VERB", "AUX") and t.i != sent.root.i]
        for verb in verbs:
            if verb.i == token.i:
                continue
            for head in self.subject_heads(verb):
                if head.i == token.i or head.i in {t.i for t in token.subtree}:
                    continue
                parties = self.parties.resolve_party(head, deep=False, exclude=actor_codes)
                parties = [p for p in parties if p.entity.code not in actor_codes and p.entity.code != "---"]
                if parties:
                    return parties
        return []

    # ------------------------------------------------- conditions of senses

    def complement_has_party(self, token: Token) -> bool:
        """ "wanted Malta to take", "warned that police will": the complement involves a political party."""
        for comp in token.children:
            if comp.dep_ not in ("xcomp", "ccomp"):
                continue
            if comp.dep_ == "xcomp":
                return True
            for arg in comp.children:
                if arg.dep_ in ("nsubj", "nsubjpass", "dobj"):
                    entity = self.parties.resolve_head(arg)
                    if entity is not None and entity.code != "---":
                        return True
        return False

    def subject_sectors(self, token: Token) -> set[str]:
        """Sectors of the subject of `token`'s clause: a country acting is its government."""
        out: set[str] = set()
        resolver = self.parties.resolver
        for head in self.subject_heads(token):
            entity = self.parties.resolve_one(head, deep=False, exclude=set())
            if entity is not None and entity.sector:
                out.add(entity.sector)
            elif entity is not None and is_country_code(entity.code):
                out.add("GOV")  # a country acting is its government
            else:
                sector = resolver.sector_of(head.lemma_.lower()) or resolver.sector_of(head.lower_)
                if sector:
                    out.add(sector)
        return out

    # ------------------------------------------------------------- positions

    def subject_heads(self, token: Token) -> list[Token]:
        """The subject of the trigger's clause, through passives, control and conjunction."""
        node = token
        for _ in range(5):
            subjects = [c for c in node.children if c.dep_ in ("nsubj", "csubj")]
            passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in node.children) or node.dep_ == "acl"
            agents = [g for c in node.children if c.dep_ == "agent" and passive for g in c.children if g.dep_ == "pobj"]
            if agents:
                return agents
            if subjects:
                subj = subjects[0]
                if subj.lower_ in WORDS.relative_pronouns and node.dep_ == "relcl":
                    return [node.head]
                return [subj]
            passive_subjects = [c for c in node.children if c.dep_ == "nsubjpass"]
            if passive_subjects:
                if node.lemma_.lower() in WORDS.stative_passives:
                    return passive_subjects
                return []
            if node.dep_ == "relcl":
                return []
            if node.dep_ == "acl" and node.lemma_.lower() in WORDS.stative_passives:
                return [node.head]  # "Turkish troops massed on the border"
            if node.dep_ == "xcomp":
                objs = [c for c in node.head.children if c.dep_ in ("dobj",)]
                if objs and node.head.lemma_.lower() not in WORDS.subject_control_verbs:
                    return objs
            if node.dep_ in CONTROL_DEPS and node.head.i != node.i:
                node = node.head
                continue
            break
        return []

    def recipient_heads(self, token: Token, sense: Sense, *, nominal: bool) -> list[Token]:
        """Heads of the positions that may name whom the trigger's act is done to, best first."""
        heads: list[Token] = []
        if nominal and token.lemma_.lower() in self.lexicon.patient_nouns:
            # "Mhlanga's arrest": the possessor is the one arrested
            heads += [c for c in token.children if c.dep_ == "poss"]
        if nominal and sense.category in CONFLICT | {"THREATEN"}:
            # "the blockade of Serbia", "the invasion of Kuwait": the of-object suffers the act
            heads += [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        if (
            not nominal
            and token.lemma_.lower() not in WORDS.stative_passives
            and any(c.dep_ == "nsubjpass" for c in token.children)
        ):
            heads += [c for c in token.children if c.dep_ == "nsubjpass"]
        objects: list[Token] = []
        for child in token.children:
            if child.dep_ in ("dative", "dobj", "obj") and child.tag_ != "IN":
                objects.append(child)
            elif child.dep_ == "dative" and child.tag_ == "IN":
                heads += [g for g in child.children if g.dep_ == "pobj"]
        transfer = sense.category in TRANSFERS and not nominal
        if not transfer:
            heads += objects  # otherwise the object is what is handed over, "to X" is who gets it
        preps = self.lexicon.recipient_preps
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                heads += [g for g in child.children if g.dep_ == "pobj"]
                for other in child.conjuncts:  # "to and from Israel"
                    heads += [g for g in other.children if g.dep_ == "pobj"]
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ not in preps:
                # "discussed security in a phone call with X", "arrived for talks with X"
                for pobj in (g for g in child.children if g.dep_ == "pobj"):
                    for sub in pobj.children:
                        if sub.dep_ == "prep" and sub.lower_ in ("with", "between"):
                            heads += [g for g in sub.children if g.dep_ == "pobj"]
        for obj in [c for c in token.children if c.dep_ == "dobj"]:
            for child in obj.children:
                if child.dep_ == "prep" and child.lower_ in preps:
                    heads += [g for g in child.children if g.dep_ == "pobj"]
        if transfer:
            heads += objects
        for child in token.children:
            # "pulled out of Kherson", "driven away from the border"
            if child.dep_ in ("prep", "prt", "advmod") and child.lower_ in ("out", "away"):
                heads += [
                    g for c in child.children if c.lower_ in ("of", "from") for g in c.children if g.dep_ == "pobj"
                ]
        if nominal and sense.category in ("SUPPORT", "AID", "AGREE", "REQUEST"):
            # "support for Japan", "aid for refugees", "calls for talks"
            heads += [g for c in token.children if c.dep_ == "prep" and c.lower_ == "for" for g in c.children]
        if nominal:
            for of_obj in (g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children):
                for child in of_obj.children:
                    if child.dep_ == "prep" and child.lower_ in preps:
                        heads += [g for g in child.children if g.dep_ == "pobj"]
        if nominal and is_light(token.head, self.lexicon):
            for child in token.head.children:
                if child.dep_ == "prep" and child.lower_ in preps:
                    heads += [g for g in child.children if g.dep_ == "pobj"]
            for child in token.head.children:
                if child.dep_ == "dative":
                    heads.append(child)
        if nominal and token.dep_ == "pobj" and token.head.head.pos_ in ("VERB", "AUX"):
            for child in token.head.head.children:
                if child.dep_ == "prep" and child.lower_ in preps and child.i != token.head.i:
                    heads += [g for g in child.children if g.dep_ == "pobj"]
        if not nominal:
            for child in token.children:
                small_clause = child.dep_ == "ccomp" and child.pos_ == "ADJ"  # "found Ntaganda guilty"
                if child.dep_ in ("xcomp", "ccomp") and (sense.category in REQUESTING or small_clause):
                    heads += [g for g in child.children if g.dep_ in ("nsubj", "nsubjpass")]
        if sense.category in ("THREATEN", "REQUEST", "REJECT"):
            # "threatened to stop talks if the United States goes ahead": the condition's subject is the target
            for node in token.subtree:
                if node.dep_ == "advcl" and any(
                    m.dep_ == "mark" and m.lower_ in WORDS.conditional_marks for m in node.children
                ):
                    heads += [g for g in node.children if g.dep_ in ("nsubj", "nsubjpass")]
        return heads

    def place_heads(self, token: Token, sense: Sense) -> list[Token]:
        """Last resort for force used or threatened: the country it happens in ("activities in Israel")."""
        if sense.category not in MATERIAL_CONFLICT | {"THREATEN"}:
            return []
        return [
            g
            for node in token.subtree
            if node.dep_ == "prep" and node.lower_ in ("in", "inside", "into")
            for g in node.children
            if g.dep_ == "pobj" and g.ent_type_ == "GPE"
        ]

    def noun_actor_heads(self, noun: Token) -> list[Token]:
        """Who acts in an event noun: its possessor, `by`-phrase, both sides of `between`, a modifier that
        names a party, or the subject of the light or movement verb that carries it."""
        noun = anchor(noun)
        poss = [c for c in noun.children if c.dep_ == "poss" and noun.lemma_.lower() not in self.lexicon.patient_nouns]
        if poss:
            return poss
        by = [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "by" for g in c.children if g.dep_ == "pobj"]
        if by:
            return by
        if noun.dep_ == "nsubjpass" and is_light(noun.head, self.lexicon):
            # "a curfew was imposed by the government"
            return [g for c in noun.head.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        between = [
            g
            for c in noun.children
            if c.dep_ == "prep" and c.lower_ == "between"
            for g in c.children
            if g.dep_ == "pobj"
        ]
        if between and noun.lemma_.lower() in self.lexicon.symmetric_nouns:
            # "a ceasefire between Israel and Hezbollah": both sides act
            return between
        mods = [
            c for c in noun.children if c.dep_ in ("compound", "amod", "nmod") and c.pos_ in ("PROPN", "ADJ", "NOUN")
        ]
        for mod in mods:
            if self.parties.resolve_head(mod) is not None:
                return [mod]
        head = noun.head
        # only a light verb ("held talks") or a copula/movement verb ("is on a visit") lends its subject
        if noun.dep_ in ("dobj", "attr") and is_light(head, self.lexicon):
            return self.subject_heads(head)
        if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.lemma_.lower() in WORDS.movement_verbs:
            return self.subject_heads(head.head)
        return []

    def complement_heads(self, token: Token, *, purpose_too: bool = False) -> list[Token]:
        """Recipient positions inside the trigger's complement ("promised to continue aid to Mozambique")."""
        heads: list[Token] = []
        preps = self.lexicon.recipient_preps | {"for"}
        for comp in token.children:
            purpose = (
                purpose_too
                and comp.dep_ == "advcl"
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in comp.children)
            )
            if comp.dep_ not in ("xcomp", "ccomp") and not purpose:
                continue  # "pledged $1.5 billion to help Pakistan": a purpose clause names the beneficiary too
            for node in comp.subtree:
                if node.i == comp.i:
                    continue
                if (
                    node.dep_ in ("dobj", "dative")
                    and node.head.pos_ == "VERB"
                    or node.dep_ == "pobj"
                    and node.head.lower_ in preps
                ):
                    heads.append(node)
        return heads
