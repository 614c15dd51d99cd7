"""Grammar-aware event coder over spaCy's dependency parse.

In: a parsed sentence (spaCy `Span`), the trigger lexicon, an actor resolver and the
article's discourse memory (who was mentioned last). Out: `Candidate` events: trigger,
PLOVER category and mode, modality, and actor/recipient entities with character spans.

How a sentence is coded:
1. every verb or event noun whose lemma is in the lexicon is a candidate trigger; the
   first sense whose conditions hold (particle, object, preposition, actor sector) wins;
2. a trigger nested under another trigger ("threatened to impose sanctions",
   "refused to let") is dropped: the governing predicate decides the category;
3. arguments come from the parse: subject (or `by`-agent of a passive) -> actor;
   direct/dative objects, prepositional objects and the subject of a complement
   clause ("wanted Malta to take") -> recipient; subjects are inherited through
   control (xcomp/advcl) and conjunction;
4. noun phrases are resolved through the actor knowledge base; pronouns, "the
   country" and last names through the discourse memory;
5. modality from negation, modal auxiliaries, control verbs ("expected to") and
   conditionals; negated acceptance codes as REJECT, stated future cooperation as
   AGREE and stated future force as THREATEN, as PLOVER prescribes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from newsevents.actors import ActorResolver
from newsevents.events.lexicon import Sense, TriggerLexicon
from newsevents.nlp.spans import sentence_ents, sentence_noun_chunks
from newsevents.record import Entity

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
OBJECT_DEPS = frozenset({"dobj", "dative", "obj", "attr", "oprd"})
NESTING_DEPS = frozenset({"xcomp", "ccomp", "dobj", "pobj", "prep", "advcl", "pcomp", "acomp"})
CONTROL_DEPS = frozenset({"xcomp", "advcl", "conj", "ccomp", "pcomp", "acomp"})
PARTICLE_ADVERBS = frozenset({"back", "out", "down", "off", "away"})
# verbs whose passive form is stative and keeps the experiencer as subject ("groups are opposed to")
STATIVE_PASSIVES = frozenset(
    {
        "oppose",
        "commit",
        "determine",
        "prepare",
        "involve",
        "engage",
        "intend",
        "design",
        "mean",
        "aim",
        # movers: "forces were pulled out of Kherson" - the ones moved are the ones retreating or mobilising
        "pull",
        "withdraw",
        "redeploy",
        "deploy",
        "station",
        "mass",
        "send",
        "dispatch",
        "move",
        # "Putin is expected to visit": the subject of the raising verb acts
        "expect",
        "set",
        "schedule",
        "slate",
        "poise",
        "tip",
    }
)
PRONOUNS_PERSON = frozenset({"he", "she", "him", "her", "his", "hers"})
PRONOUNS_OTHER = frozenset({"it", "its", "they", "them", "their"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
INTENT_VERBS = frozenset(
    {"expect", "plan", "intend", "set", "schedule", "due", "hope", "aim", "prepare", "go", "seek", "want", "wish"}
)
SPEECH_VERBS = frozenset(
    {
        "say",
        "tell",
        "announce",
        "state",
        "report",
        "declare",
        "add",
        "claim",
        "insist",
        "confirm",
        "indicate",
        "signal",
        "reveal",
        "warn",
        "write",
        "conclude",
        "decide",
    }
)
# verbs after which "on/for/to + event noun" reports the event ("is on a visit", "remained on alert")
PRONOUN_REACH = 3
MOVEMENT_VERBS = frozenset(
    {
        "be",
        "go",
        "arrive",
        "come",
        "travel",
        "leave",
        "head",
        "fly",
        "remain",
        "stay",
        "put",
        "place",
        "keep",
        "converge",
        "gather",
        "assemble",
        "march",
    }
)
CONTAINER_NOUNS = frozenset(
    {
        "state",
        "part",
        "amount",
        "kind",
        "type",
        "portion",
        "series",
        "number",
        "range",
        "set",
        "batch",
        "shipment",
        "consignment",
        "package",
        "load",
        "round",
        "tranche",
        "kg",
        "kilogram",
        "ton",
        "tonne",
        "lot",
        "quantity",
        "worth",
        "million",
        "billion",
        "thousand",
        "hundred",
        "dozen",
        "most",
        "some",
        "all",
        "many",
        "much",
        "rest",
        "half",
        "majority",
        "bulk",
    }
)
# hazards are no political actors: "Cyclone Jude slammed into Malawi", "the quake killed 15"
HAZARD_WORDS = frozenset(
    {
        "cyclone",
        "storm",
        "hurricane",
        "typhoon",
        "earthquake",
        "quake",
        "flood",
        "flooding",
        "tornado",
        "wildfire",
        "drought",
        "landslide",
        "tsunami",
        "virus",
        "disease",
        "outbreak",
        "epidemic",
        "pandemic",
        "heatwave",
        "blaze",
        "avalanche",
        "eruption",
        "volcano",
        "diabetes",
        "cancer",
        "accident",
        "crash",
    }
)
QUANTITY_NOUNS = frozenset(
    {
        "series",
        "wave",
        "spate",
        "number",
        "round",
        "string",
        "barrage",
        "flurry",
        "volley",
        "day",
        "week",
        "hour",
        "month",
        "year",
    }
)
READINESS_ADJECTIVES = frozenset({"ready", "willing", "prepared", "eager", "poised", "set"})
HYPOTHETICAL_MODALS = frozenset({"could", "might", "may", "should", "must", "would"})
FUTURE_MODALS = frozenset({"will", "shall", "'ll", "wo"})
PLANNED_NOUN_MODIFIERS = frozenset({"upcoming", "planned", "proposed", "scheduled", "forthcoming", "next", "future"})
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
OBLIGATION_MODALS = frozenset({"must", "should"})
# nouns of messages whose author is the party answered ("rejected a U.S. request")
MESSAGE_NOUNS = frozenset(
    {
        "request",
        "proposal",
        "ultimatum",
        "demand",
        "appeal",
        "offer",
        "plan",
        "statement",
        "call",
        "initiative",
        "overture",
        "invitation",
        "proposition",
        "policy",
        "decision",
        "move",
        "criticism",
        "accusation",
        "warning",
    }
)
# verbs that make others act: the act they order is the event ("ordered troops into the city")
CAUSATIVES = frozenset({"order", "instruct", "direct", "authorize", "authorise", "command"})
CONDITIONAL_MARKS = frozenset({"unless", "if"})
TWO_PARTY_CUES = ("two countries", "both countries", "two nations", "the two sides", "each other", "bilateral")


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
        if _is_country_code(entity.code):
            self.countries.append(entity)

    def close_sentence(self, entities: list[Entity]) -> None:
        self.recent_persons = [*self.recent_persons, [e for e in entities if self.is_person(e)]][-PRONOUN_REACH:]
        self.recent_others = [*self.recent_others, [e for e in entities if not self.is_person(e)]][-PRONOUN_REACH:]

    def recent(self, persons: bool) -> list[Entity]:
        return [e for group in (self.recent_persons if persons else self.recent_others) for e in group]


class SentenceCoder:
    """Codes the sentences of one article; keeps the article's discourse memory."""

    def __init__(
        self,
        lexicon: TriggerLexicon,
        resolver: ActorResolver,
        *,
        published: dt.date | None = None,
    ) -> None:
        self.lexicon = lexicon
        self.resolver = resolver
        self.published = published
        self.memory = Memory()
        self._cache: dict[tuple[int, int], Entity | None] = {}
        self._mentions: dict[int, list[tuple[int, Entity]]] = {}

    # ------------------------------------------------------------------ public

    def code(self, sent: Span) -> list[Candidate]:
        """Candidates of one sentence, nested triggers removed."""
        mentions = self._sentence_mentions(sent)
        triggers: list[tuple[Token, Sense, bool]] = []
        for token in sent:
            found = self._trigger_sense(token)
            if found is not None:
                triggers.append((token, found[0], found[1]))
        trigger_ids = {t.i for t, _, nominal in triggers if not (nominal and self._is_light(t.head))}
        # a light verb carrying an event noun ("started a hunger strike") governs like a trigger
        trigger_ids |= {
            _anchor(t).head.i
            for t, _, nominal in triggers
            if nominal and self._is_light(_anchor(t).head) and _anchor(t).head.i < t.i
        }
        # a trigger verb carrying an event noun governs it ("ordered an attack", "offered aid")
        trigger_ids |= {
            _anchor(t).head.i for t, _, nominal in triggers if nominal and self._trigger_sense(_anchor(t).head)
        }
        out: list[Candidate] = []
        for token, sense, nominal in triggers:
            carrier = _anchor(token).head
            # the noun's own light verb does not govern it, unless that verb is an event of its own
            # ("held talks" is one event; "called off talks", "signed an agreement" are the verb's)
            own_light = nominal and self._is_light(carrier) and self._trigger_sense(carrier) is None
            governors = trigger_ids - {carrier.i} if own_light else trigger_ids
            if self._nested(token, governors, sent):
                continue
            cand = self._build(token, sense, nominal, sent)
            if cand is not None:
                out.append(cand)
        # "ordered troops to be placed on alert": what is ordered is the event, by whoever ordered it
        inner = {c.trigger.i for c in out}
        out = [
            c
            for c in out
            if not (
                _lemma_candidates(c.trigger)[0] in CAUSATIVES
                and any(t.i in inner and t.i != c.trigger.i for t in c.trigger.subtree)
            )
        ]
        demand = self._obligation_demand(sent, trigger_ids)
        if demand is not None:
            # what Y "must" do is the content of X's demand, not an event of its own
            inside = {t.i for t in demand.trigger.subtree} - {demand.trigger.i}
            out = [c for c in out if c.trigger.i not in inside]
            out.append(demand)
        for _, entity in mentions:
            self.memory.remember(entity)
        self.memory.close_sentence([entity for _, entity in mentions])
        for cand in out:
            self._remember_counterparts(cand)
        return out

    # ---------------------------------------------------------------- triggers

    def _trigger_sense(self, token: Token) -> tuple[Sense, bool] | None:
        lemma = token.lemma_.lower()
        if token.pos_ in ("VERB", "AUX") or (token.pos_ == "ADJ" and token.tag_ == "VBN"):
            senses = next((self.lexicon.verbs[c] for c in _lemma_candidates(token) if c in self.lexicon.verbs), None)
            if senses:
                sense = self._pick(token, senses, nominal=False)
                return (sense, False) if sense else None
            return None
        if token.pos_ in ("NOUN", "PROPN"):
            senses = self.lexicon.nouns.get(lemma)
            if senses and self._noun_is_eventive(token):
                sense = self._pick(token, senses, nominal=True)
                return (sense, True) if sense else None
        return None

    def _pick(self, token: Token, senses: Sequence[Sense], *, nominal: bool) -> Sense | None:
        particles = {
            c.lower_
            for c in token.children
            if c.dep_ == "prt" or (c.dep_ in ("advmod", "prep") and c.lower_ in PARTICLE_ADVERBS)
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
            if sense.light and not (nominal and _carrier_verb(token).lemma_.lower() in sense.light):
                continue
            if sense.needs_complement and not self._complement_has_party(token):
                continue
            if sense.not_questions and _asks_a_question(token):
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
                sectors = self._subject_sectors(_carrier_verb(token) if nominal else token)
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
                if child.lemma_.lower() in CONTAINER_NOUNS:
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

    def _complement_has_party(self, token: Token) -> bool:
        """ "wanted Malta to take", "warned that police will": the complement involves a political party."""
        for comp in token.children:
            if comp.dep_ not in ("xcomp", "ccomp"):
                continue
            if comp.dep_ == "xcomp":
                return True
            for arg in comp.children:
                if arg.dep_ in ("nsubj", "nsubjpass", "dobj"):
                    entity = self._resolve_head(arg)
                    if entity is not None and entity.code != "---":
                        return True
        return False

    def _subject_sectors(self, token: Token) -> set[str]:
        out: set[str] = set()
        for head in self._subject_heads(token):
            entity = self._resolve_one(head, deep=False, exclude=set())
            if entity is not None and entity.sector:
                out.add(entity.sector)
            elif entity is not None and _is_country_code(entity.code):
                out.add("GOV")  # a country acting is its government
            else:
                sector = self.resolver.sector_of(head.lemma_.lower()) or self.resolver.sector_of(head.lower_)
                if sector:
                    out.add(sector)
        return out

    def _is_light(self, token: Token) -> bool:
        if token.pos_ not in ("VERB", "AUX"):
            return False
        return any(c in self.lexicon.light_verbs for c in _lemma_candidates(token))

    def _noun_is_eventive(self, noun: Token) -> bool:
        head = noun.head
        if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in QUANTITY_NOUNS:
            # "carried out a series of airstrikes", "arrived for two days of talks": the quantity noun stands in
            noun = head.head
            head = noun.head
        if noun.dep_ in ("dobj", "attr") and head.pos_ in ("VERB", "AUX") and self._is_light(head):
            return True
        if noun.dep_ == "pobj" and head.lower_ in ("on", "for", "to") and head.head.pos_ in ("VERB", "AUX"):
            return head.head.lemma_.lower() in MOVEMENT_VERBS
        if noun.dep_ == "nsubjpass" and self._is_light(head):
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
                return sent.doc[node.i].lemma_.lower() not in CAUSATIVES
        return False

    # --------------------------------------------------------------- arguments

    def _subject_heads(self, token: Token) -> list[Token]:
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
                if subj.lower_ in RELATIVE_PRONOUNS and node.dep_ == "relcl":
                    return [node.head]
                return [subj]
            passive_subjects = [c for c in node.children if c.dep_ == "nsubjpass"]
            if passive_subjects:
                if node.lemma_.lower() in STATIVE_PASSIVES:
                    return passive_subjects
                return []
            if node.dep_ == "relcl":
                return []
            if node.dep_ == "acl" and node.lemma_.lower() in STATIVE_PASSIVES:
                return [node.head]  # "Turkish troops massed on the border"
            if node.dep_ == "xcomp":
                objs = [c for c in node.head.children if c.dep_ in ("dobj",)]
                if objs and node.head.lemma_.lower() not in {"try", "want", "seek", "attempt", "decide"}:
                    return objs
            if node.dep_ in CONTROL_DEPS and node.head.i != node.i:
                node = node.head
                continue
            break
        return []

    def _recipient_heads(self, token: Token, sense: Sense, *, nominal: bool) -> list[Token]:
        heads: list[Token] = []
        if nominal and token.lemma_.lower() in self.lexicon.patient_nouns:
            # "Mhlanga's arrest": the possessor is the one arrested
            heads += [c for c in token.children if c.dep_ == "poss"]
        if nominal and sense.category in CONFLICT | {"THREATEN"}:
            # "the blockade of Serbia", "the invasion of Kuwait": the of-object suffers the act
            heads += [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        if (
            not nominal
            and token.lemma_.lower() not in STATIVE_PASSIVES
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
        if nominal and self._is_light(token.head):
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
                    m.dep_ == "mark" and m.lower_ in CONDITIONAL_MARKS for m in node.children
                ):
                    heads += [g for g in node.children if g.dep_ in ("nsubj", "nsubjpass")]
        return heads

    def _place_heads(self, token: Token, sense: Sense) -> list[Token]:
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

    def _noun_actor_heads(self, noun: Token) -> list[Token]:
        noun = _anchor(noun)
        poss = [c for c in noun.children if c.dep_ == "poss" and noun.lemma_.lower() not in self.lexicon.patient_nouns]
        if poss:
            return poss
        by = [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "by" for g in c.children if g.dep_ == "pobj"]
        if by:
            return by
        if noun.dep_ == "nsubjpass" and self._is_light(noun.head):
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
            if self._resolve_head(mod) is not None:
                return [mod]
        head = noun.head
        # only a light verb ("held talks") or a copula/movement verb ("is on a visit") lends its subject
        if noun.dep_ in ("dobj", "attr") and self._is_light(head):
            return self._subject_heads(head)
        if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.lemma_.lower() in MOVEMENT_VERBS:
            return self._subject_heads(head.head)
        return []

    # ------------------------------------------------------------- resolution

    def _sentence_mentions(self, sent: Span) -> list[tuple[int, Entity]]:
        """Entities named in the sentence, in order: the discourse memory's input."""
        cached = self._mentions.get(sent.start)
        if cached is not None:
            return cached
        found: list[tuple[int, Entity]] = []
        seen: set[int] = set()
        for ent in sentence_ents(sent):
            if ent.label_ not in ("PERSON", "GPE", "ORG", "NORP", "LOC", "FAC"):
                continue
            entity = self._resolve_head(ent.root)
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
            entity = self._resolve_head(chunk.root)
            if entity is not None:
                seen.add(chunk.root.i)
                found.append((chunk.root.i, entity))
        found.sort(key=lambda pair: pair[0])
        self._mentions[sent.start] = found
        return found

    def _phrase_bounds(self, head: Token) -> tuple[int, int]:
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

    def _resolve_head(self, head: Token) -> Entity | None:
        start, end = self._phrase_bounds(head)
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

    def _resolve_party(self, head: Token, *, deep: bool, exclude: set[str]) -> list[Party]:
        """Resolve an argument head (and its conjuncts) to parties."""
        out: list[Party] = []
        for node in [head, *[c for c in head.conjuncts if c.i > head.i]]:
            entity = self._resolve_one(node, deep=deep, exclude=exclude)
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

    def _resolve_one(self, node: Token, *, deep: bool, exclude: set[str]) -> Entity | None:
        lower = node.lower_
        if lower in PRONOUNS_PERSON or lower in PRONOUNS_OTHER:
            return self._coref(node, exclude)
        if lower in RELATIVE_PRONOUNS and node.dep_ in SUBJECT_DEPS:
            return None
        entity = self._resolve_head(node)
        if entity is None:
            phrase = node.doc[self._phrase_bounds(node)[0] : node.i + 1].text.lower()
            if phrase.endswith(("the country", "the nation")):
                return self._last_country(node, exclude, span_of=node)
        if entity is None and node.dep_ in SUBJECT_DEPS and node.pos_ == "NOUN":
            # "his visit was intended to ...", "Italy's decision angered ...": the possessor acts
            for child in node.children:
                if child.dep_ == "poss":
                    return self._resolve_one(child, deep=False, exclude=exclude)
        if entity is None:
            for child in node.children:
                if child.dep_ == "appos":
                    entity = self._resolve_one(child, deep=True, exclude=exclude)
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
                                candidate = self._resolve_head(grand)
                                if candidate is not None:
                                    found.append(candidate)
                    coded = [e for e in found if e.code != "---"]
                    if coded or found:
                        return (coded or found)[0]
        if entity is not None and entity.code == "---" and entity.sector and entity.sector not in STATE_SECTORS:
            # "people in northern Ethiopia's Tigray", "civilians in eastern Congo": their own modifiers place them
            inside = {t.i for t in node.subtree} - {node.i}
            for i, mention in self._sentence_mentions(node.sent):
                if i in inside and _is_country_code(mention.code):
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
        sent_mentions = self._sentence_mentions(pron.sent)
        doc = pron.doc
        # a demonym modifying a noun ("German organisation") is not an antecedent of its own
        before = [
            (i, e)
            for i, e in sent_mentions
            if i < pron.i and not (doc[i].dep_ in ("amod", "compound") and doc[i].pos_ == "ADJ")
        ]
        if lower in PRONOUNS_PERSON:
            pool = [e for _, e in before if self.memory.is_person(e)]
            pool = pool or self.memory.recent(persons=True)
        elif lower in PRONOUNS_OTHER:
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
            start, end = self._phrase_bounds(span_of)
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
        mentions = [(i, e) for i, e in self._sentence_mentions(node.sent) if _is_country_code(e.code)]
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

    # ------------------------------------------------------------------ build

    def build_learned(self, token: Token, category: str, sent: Span) -> Candidate | None:
        """A candidate for a category the model found on `token`: the grammar supplies parties and modality.

        The lexicon's sense of the word is used when it has this category (its particles, swaps and
        modes still apply); the category itself is never rewritten, since the model learned it from
        labels that already follow PLOVER's conventions. None when the word names a hazard ("a fire
        killed") or when the lexicon has senses of this category for the word and the parse meets
        none of their conditions; a candidate without parties when the parse gives none.
        """
        nominal = token.pos_ not in ("VERB", "AUX") and token.tag_ != "VBN"
        table = self.lexicon.nouns if nominal else self.lexicon.verbs
        senses = next((table[c] for c in _lemma_candidates(token) if c in table), ())
        same = [s for s in senses if s.category == category]
        picked = self._pick(token, same, nominal=nominal) if same else Sense(category=category)
        if picked is None:
            return None  # the lexicon knows this word and rules the reading out here ("was met with brutality")
        sense = picked
        heads = self._noun_actor_heads(token) if nominal else self._subject_heads(token)
        if any(self._is_hazard(h) for h in heads):
            return None
        cand = self._build(token, sense, nominal, sent, learned=True)
        if cand is not None:
            if not cand.recipients and category not in UNDIRECTED:
                cand.recipients = self._named_in_scope(token, cand.actors)
                if cand.recipients:
                    cand.decisions.append(
                        f"recipient: the first party named in the scope of '{token.text}', "
                        f"'{cand.recipients[0].entity.entity_text}'"
                    )
            if not cand.actors and category in DIRECTED | {"CONCEDE"}:
                # a speech act with no subject of its own ("... X said", "We condemn ...") is the speaker's
                cand.actors = self._speaker(token)
                if cand.actors:
                    cand.decisions.append(f"actor: the speaker, '{cand.actors[0].entity.entity_text}'")
            return cand
        anchor = _anchor(token) if nominal else token
        verb = anchor.head if nominal and self._is_light(anchor.head) else token
        start, end = _trigger_extent(token)
        lemmas = {t.lemma_.lower() for t in token.subtree}
        return Candidate(
            category=category,
            mode=sense.mode or self.lexicon.mode_from_cues(category, lemmas),
            modality=self._modality(verb, token if nominal else None),
            trigger=token,
            sentence=sent,
            actors=[],
            recipients=[],
            trigger_text=_text_between(sent, start, end),
            trigger_start=start,
            trigger_end=end,
            nominal=nominal,
        )

    def _named_in_scope(self, token: Token, actors: list[Party]) -> list[Party]:
        """The first country, organisation or person named in the words the trigger governs, after it
        ("retaliated by announcing tariffs on U.S. exports"), that is not the actor."""
        taken = {p.head_i for p in actors}
        for node in token.subtree:
            if node.i <= token.i or node.i in taken or node.ent_iob_ != "B":
                continue
            if node.ent_type_ not in ("GPE", "NORP", "ORG", "PERSON"):
                continue
            head = node
            while head.head.i != head.i and head.head.ent_type_ == node.ent_type_ and head.head.i in range(
                node.i, node.i + 8
            ):
                head = head.head
            found = [p for p in self._resolve_party(head, deep=False, exclude=set()) if p.head_i not in taken]
            if found and any(p.entity.code != "---" for p in found):
                return found
        return []

    def _speaker(self, token: Token) -> list[Party]:
        """Who says the clause holding `token`: the subject of the speech verb that governs it, or of the
        sentence's speech verb when the clause is a quotation ("'We condemn it,' the minister said")."""
        verbs = [a for a in token.ancestors if a.lemma_.lower() in SPEECH_VERBS]
        root = token.sent.root
        if root.lemma_.lower() in SPEECH_VERBS and root not in verbs:
            verbs.append(root)
        for verb in verbs:
            for head in self._subject_heads(verb):
                if head.i == token.i or head.lower_ in ("we", "i"):
                    continue
                parties = self._resolve_party(head, deep=False, exclude=set())
                if parties:
                    return parties
                if self._is_named(head) or head.pos_ in ("NOUN", "PROPN"):
                    return [self._unknown(head)]
        return []

    def _build(
        self, token: Token, sense: Sense, nominal: bool, sent: Span, *, learned: bool = False
    ) -> Candidate | None:
        category, mode = sense.category, sense.mode
        actor_heads = self._noun_actor_heads(token) if nominal else self._subject_heads(token)
        if any(self._is_hazard(h) for h in actor_heads):
            return None  # "a fire killed five girls": no political actor
        actors: list[Party] = []
        for head in actor_heads:
            actors += self._resolve_party(head, deep=False, exclude=set())
        if not actors:
            # "Russian rocket fire", "Chinese and Russian warships": the demonyms name the parties
            actors = [p for h in actor_heads for p in self._modifier_parties(h)]
        if not actors:
            # the model's events keep any noun subject ("protesters", "the court"); the lexicon's only named ones
            actors = [
                self._unknown(h) for h in actor_heads if self._is_named(h) or (learned and h.pos_ in ("NOUN", "PROPN"))
            ]
        actor_codes = {p.entity.code for p in actors}
        recipients = self._find_recipients(self._recipient_heads(token, sense, nominal=nominal), actors, actor_codes)
        if not recipients and not nominal:
            # a purpose clause names a beneficiary only for pledges and help ("pledged $1.5 billion to help Pakistan")
            purpose_too = category in ("AID", "AGREE", "SUPPORT")
            recipients = self._find_recipients(
                self._complement_heads(token, purpose_too=purpose_too), actors, actor_codes
            )
        if not recipients:
            recipients = self._find_recipients(self._place_heads(token, sense), actors, actor_codes)
        if not recipients and not nominal:
            # "donated and delivered goods to X": conjoined verbs share their arguments
            for sibling in [c for c in token.conjuncts if c.i > token.i]:
                if sibling.pos_ == "VERB":
                    heads = self._recipient_heads(sibling, sense, nominal=False)
                    recipients = self._find_recipients(heads, actors, actor_codes)
                    if recipients:
                        break
        if sense.swap:
            actors, recipients = recipients, actors
        passive = not nominal and any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children)
        if not actors and passive and sense.source_actor:
            # "Toledo was extradited from the United States to Peru": who gives up is who acts
            sources = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "from" for g in c.children]
            for src in sources:
                actors += self._resolve_party(src, deep=False, exclude=set())
            actor_codes = {p.entity.code for p in actors}
            recipients = [r for r in recipients if r.entity.code not in actor_codes]
        # "a roadside bombing killed ...": the attack itself is the subject, its author unstated
        weapon_subject = any(self._is_attack_noun(h) for h in actor_heads)
        unstated = (not actor_heads and (passive or nominal)) or (weapon_subject and not actors)
        if not actors and recipients and unstated and category in CONFLICT | {"THREATEN"}:
            # "a journalist was killed in Beirut": someone did it; PLOVER's unidentified actor
            actors = [Party(Entity(code="---", sector="UNK"), -1)]
        if not actors and not learned:
            return None
        recipients = [r for r in recipients if r.entity.code != "---" or r.entity.sector]
        anchor = _anchor(token) if nominal else token
        verb = anchor.head if nominal and (self._is_light(anchor.head) or anchor.dep_ == "pobj") else token
        if nominal and anchor.dep_ == "pobj":
            verb = anchor.head.head
        modality = self._modality(verb, token if nominal else None)
        clause = anchor.head if nominal else token
        lemmas = {t.lemma_.lower() for t in clause.subtree} | {t.lemma_.lower() for t in token.subtree}
        if mode is None:
            mode = self.lexicon.mode_from_cues(category, lemmas)
        if learned:
            pass  # the model's category stands
        elif modality == "negated" and category in ACCEPTING:
            category, modality = "REJECT", "asserted"
            mode = self.lexicon.mode_from_cues("REJECT", lemmas)
        elif (modality == "planned" and category in MATERIAL_CONFLICT) or (
            modality in ("planned", "hypothetical") and category in CONFLICT and _conditional(sent)
        ):
            # a stated future act of force, or any act made conditional ("will withdraw unless"), is a threat
            category = "THREATEN"
            mode = self.lexicon.mode_from_cues("THREATEN", lemmas)
        elif modality == "planned" and category in COOPERATIVE:
            category, mode = "AGREE", None
        if category == "CONSULT" and mode is None and not recipients and len(actors) == 1:
            head = sent.doc[actors[0].head_i]
            if head.tag_ in ("NNS", "NNPS") or any(c.dep_ == "nummod" for c in head.children):
                mode = "multilateral"
        if not recipients and category in DIRECTED:
            recipients = self._fallback_recipient(token, sent, actor_codes)
        if not recipients and category in ("AGREE", "SUPPORT", "COOPERATE", "CONSULT"):
            text = sent.text.lower()
            if any(cue in text for cue in TWO_PARTY_CUES):
                recipients = self._counterpart(actors)
        text_start, text_end = _trigger_extent(token)
        confidence = 0.55 if nominal else 0.7
        if recipients:
            confidence += 0.15
        if modality != "asserted":
            confidence -= 0.05
        return Candidate(
            category=category,
            mode=mode,
            modality=modality,
            trigger=token,
            sentence=sent,
            actors=actors,
            recipients=recipients,
            trigger_text=_text_between(sent, text_start, text_end),
            trigger_start=text_start,
            trigger_end=text_end,
            nominal=nominal,
            confidence=round(min(max(confidence, 0.05), 0.95), 2),
        )

    def _find_recipients(self, heads: list[Token], actors: list[Party], actor_codes: set[str]) -> list[Party]:
        """The first argument that names a country or organisation; one known only by sector is a last resort."""
        fallback: list[Party] = []
        for head in heads:
            if any(head.i == a.head_i for a in actors):
                continue
            found = self._resolve_party(head, deep=False, exclude=actor_codes)
            if not found and head.pos_ == "NOUN":
                # "rejected a U.S. request", "welcomed Reagan's statement": the message's author
                for child in head.children:
                    named = child.dep_ in ("poss", "compound", "amod", "nmod") and (
                        child.ent_type_ in ("NORP", "GPE", "ORG", "PERSON")
                        or (child.dep_ == "poss" and child.tag_ != "PRP$")
                    )
                    if named or (
                        child.dep_ == "prep" and child.lower_ in ("from", "by") and head.lemma_.lower() in MESSAGE_NOUNS
                    ):
                        target = (
                            child
                            if child.dep_ != "prep"
                            else next((g for g in child.children if g.dep_ == "pobj"), None)
                        )
                        if target is not None:
                            found = self._resolve_party(target, deep=False, exclude=actor_codes)
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
                found = self._resolve_party(head, deep=True, exclude=actor_codes)
            own = {(a.entity.code, a.entity.sector) for a in actors if a.entity.code != "---"}
            found = [p for p in found if (p.entity.code, p.entity.sector) not in own]
            if found and any(p.entity.code != "---" for p in found):
                return found
            if found and not fallback and not _possessed_by_pronoun(head):
                fallback = found
        return fallback

    def _complement_heads(self, token: Token, *, purpose_too: bool = False) -> list[Token]:
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

    def _obligation_demand(self, sent: Span, trigger_ids: set[int]) -> Candidate | None:
        """ "X said Y must do Z": a demand of X on Y, though no demand verb is used."""
        for token in sent:
            if token.dep_ not in ("ccomp", "acl") or token.head.i in trigger_ids:
                continue
            modal = {c.lower_ for c in token.children if c.dep_ == "aux" and c.tag_ == "MD"}
            if not modal & OBLIGATION_MODALS:
                continue
            governor = token.head
            heads = self._noun_actor_heads(governor) if governor.pos_ == "NOUN" else self._subject_heads(governor)
            actors = [p for h in heads for p in self._resolve_party(h, deep=False, exclude=set())]
            if not actors:
                actors = [self._unknown(h) for h in heads if self._is_named(h)]
            if not actors:
                continue
            codes = {p.entity.code for p in actors}
            recipients = [
                p
                for h in token.children
                if h.dep_ in ("nsubj", "nsubjpass")
                for p in self._resolve_party(h, deep=False, exclude=codes)
                if p.entity.code not in codes
            ]
            if not recipients:
                continue
            lemmas = {t.lemma_.lower() for t in token.subtree}
            start, end = _trigger_extent(governor)
            return Candidate(
                category="REQUEST",
                mode=self.lexicon.mode_from_cues("REQUEST", lemmas) or "change",
                modality="asserted",
                trigger=governor,
                sentence=sent,
                actors=actors,
                recipients=recipients,
                trigger_text=_text_between(sent, start, end),
                trigger_start=start,
                trigger_end=end,
                confidence=0.5,
            )
        return None

    def _modifier_parties(self, head: Token) -> list[Party]:
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

    def _is_attack_noun(self, head: Token) -> bool:
        """A weapon or an act of force as a clause's subject ("a roadside bomb killed ...")."""
        lemma = head.lemma_.lower()
        if lemma in self.lexicon.mode_cues.get("ASSAULT", {}):
            return True
        senses = self.lexicon.nouns.get(lemma, ())
        return bool(senses) and senses[0].category in MATERIAL_CONFLICT

    def _is_hazard(self, head: Token) -> bool:
        start, _ = self._phrase_bounds(head)  # the head and its left modifiers, not its of-phrase
        words = {t.lemma_.lower() for t in head.doc[start : head.i + 1]}
        if head.lemma_.lower() == "fire":
            # "a fire destroyed 200 homes" is a hazard; "rocket fire", "gunfire from troops" is an attack
            return not words & set(self.lexicon.mode_cues.get("ASSAULT", {}))
        return bool(words & HAZARD_WORDS)

    def _is_named(self, head: Token) -> bool:
        """A subject that names someone the knowledge base does not know (kept with code '---')."""
        if self._is_hazard(head):
            return False
        return head.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or (head.pos_ == "PROPN" and not head.ent_type_)

    def _unknown(self, head: Token) -> Party:
        start, end = self._phrase_bounds(head)
        span = head.doc[start : end + 1]
        return Party(Entity(code="---", entity_text=span.text, start=span.start_char, end=span.end_char), head.i)

    def _fallback_recipient(self, token: Token, sent: Span, actor_codes: set[str]) -> list[Party]:
        """A directed statement with no object answers the sentence's main actor ("X wanted ... but Y hit back")."""
        verbs = [sent.root] + [t for t in sent if t.i < token.i and t.pos_ in ("VERB", "AUX") and t.i != sent.root.i]
        for verb in verbs:
            if verb.i == token.i:
                continue
            for head in self._subject_heads(verb):
                if head.i == token.i or head.i in {t.i for t in token.subtree}:
                    continue
                parties = self._resolve_party(head, deep=False, exclude=actor_codes)
                parties = [p for p in parties if p.entity.code not in actor_codes and p.entity.code != "---"]
                if parties:
                    return parties
        return []

    def _counterpart(self, actors: list[Party]) -> list[Party]:
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

    # --------------------------------------------------------------- modality

    def _modality(self, verb: Token, noun: Token | None) -> str:
        if noun is not None:
            if any(c.lower_ in ("no", "never") for c in noun.children if c.dep_ in ("det", "neg")):
                return "negated"
            if noun.dep_ in ("nsubj", "nsubjpass") and any(c.dep_ == "neg" for c in noun.head.children):
                return "negated"  # "Israel's attack on Gaza did not happen"
            if any(c.lower_ in PLANNED_NOUN_MODIFIERS for c in noun.children if c.dep_ in ("amod", "compound")):
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
            if modal & FUTURE_MODALS:
                return "planned"
            if modal & HYPOTHETICAL_MODALS:
                if "would" in modal and self._reported(v):
                    return "planned"
                return "hypothetical"
            if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in v.children):
                return "hypothetical"
            passive_purpose = any(c.dep_ == "auxpass" for c in v.children)  # "was intended to": a purpose
            if (
                v is not verb
                and v.lemma_.lower() in INTENT_VERBS
                and _governs_by_xcomp(v, verb)
                and not passive_purpose
            ):
                return "planned"
            if v is verb and verb.dep_ == "xcomp" and verb.head.lemma_.lower() in READINESS_ADJECTIVES:
                return "planned"
            if v.lemma_.lower() in ("go",) and any(c.lower_ == "to" for c in verb.children):
                return "planned"
        aux_words = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
        if verb.tag_ == "VBG" and ("been" in aux_words or any(a in ("is", "are", "am") for a in aux_words)):
            return "ongoing"
        return "asserted"

    def _reported(self, verb: Token) -> bool:
        node = verb
        for _ in range(3):
            if node.dep_ == "ccomp" and node.head.lemma_.lower() in SPEECH_VERBS:
                return True
            if node.head.i == node.i:
                break
            node = node.head
        return False


QUESTION_WORDS = frozenset({"whether", "if", "what", "why", "how", "when", "who", "which", "where"})


def _asks_a_question(token: Token) -> bool:
    """ "asked whether ...", "Asked by a reporter ...": a question put, not a request made."""
    if token.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in token.children):
        return True
    for comp in token.children:
        if comp.dep_ == "ccomp" and any(t.lower_ in QUESTION_WORDS and t.i < comp.i for t in comp.subtree):
            return True
    return False


def _carrier_verb(noun: Token) -> Token:
    """The verb that carries an event noun: "held talks" -> held, "went on strike" -> went."""
    anchor = _anchor(noun)
    if anchor.dep_ == "pobj" and anchor.head.dep_ == "prep":
        return anchor.head.head
    return anchor.head


def _anchor(noun: Token) -> Token:
    """The noun that holds an event noun's place in the clause ("a series of airstrikes" -> series)."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in QUANTITY_NOUNS:
        return head.head
    return noun


def _possessed_by_pronoun(head: Token) -> bool:
    """ "its troops", "their force": the actor's own means, not a party to the event."""
    return any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in head.children)


def _conditional(sent: Span) -> bool:
    return any(t.dep_ == "mark" and t.lower_ in CONDITIONAL_MARKS for t in sent)


def _governs_by_xcomp(governor: Token, verb: Token) -> bool:
    node = verb
    while node.dep_ in ("xcomp", "conj") and node.head.i != node.i:
        if node.dep_ == "xcomp" and node.head.i == governor.i:
            return True
        node = node.head
    return False


def _text_between(sent: Span, start: int, end: int) -> str:
    """Text of the sentence between two document offsets, without copying the whole document's text."""
    return sent.text[start - sent.start_char : end - sent.start_char]


def _trigger_extent(token: Token) -> tuple[int, int]:
    """Character extent of the trigger words: the verb or noun with its particle."""
    start = token.idx
    end = token.idx + len(token)
    for child in token.children:
        if child.dep_ == "prt":
            start = min(start, child.idx)
            end = max(end, child.idx + len(child))
    return start, end


def _is_country_code(code: str) -> bool:
    return (
        len(code) == 3
        and code.isalpha()
        and code.isupper()
        and code not in {"NGO", "IGO", "MNC", "ISM", "IMG", "UNO", "EUR"}
    )


def _lemma_candidates(token: Token) -> list[str]:
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
