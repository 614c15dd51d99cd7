"""Grammar-aware event coder over spaCy's dependency parse.

In: a parsed sentence (spaCy `Span`), the trigger lexicon, an actor resolver and the
article's discourse memory (who was mentioned last). Out: `Candidate` events: trigger,
PLOVER category and mode, modality, and actor/recipient entities with character spans.

How a sentence is coded (each step in its own module):
1. every verb or event noun whose lemma is in the lexicon is a candidate trigger; the
   first sense whose conditions hold (particle, object, preposition, actor sector) wins
   (`events.candidates`);
2. a trigger nested under another trigger ("threatened to impose sanctions",
   "refused to let") is dropped: the governing predicate decides the category
   (`events.candidates`);
3. arguments come from the parse: subject (or `by`-agent of a passive) -> actor;
   direct/dative objects, prepositional objects and the subject of a complement
   clause ("wanted Malta to take") -> recipient; subjects are inherited through
   control (xcomp/advcl) and conjunction (`events.arguments`);
4. noun phrases are resolved through the actor knowledge base; pronouns, "the
   country" and last names through the discourse memory (`events.parties`);
5. modality from negation, modal auxiliaries, control verbs ("expected to") and
   conditionals; negated acceptance codes as REJECT, stated future cooperation as
   AGREE and stated future force as THREATEN, as PLOVER prescribes (`events.modality`).
The word lists these steps test are data: `events/data/grammar_en.yaml` (`events.grammar`).
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Span, Token

from newsevents.actors import ActorResolver
from newsevents.events.arguments import ArgumentFinder
from newsevents.events.candidates import (
    Candidate,
    Party,
    TriggerFinder,
    anchor,
    is_light,
    lemma_candidates,
    text_between,
    trigger_extent,
    without_ordered_acts,
)
from newsevents.events.categories import COOPERATIVE, DIRECTED, UNDIRECTED
from newsevents.events.grammar import load_grammar
from newsevents.events.lexicon import Sense, TriggerLexicon
from newsevents.events.modality import modality, plover_rewrite
from newsevents.events.parties import Memory, PartyResolver

__all__ = ["COOPERATIVE", "Candidate", "Memory", "Party", "SentenceCoder"]

WORDS = load_grammar("en")


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
        self.parties = PartyResolver(lexicon, resolver, published=published)
        self.arguments = ArgumentFinder(lexicon, self.parties)
        self.triggers = TriggerFinder(lexicon, self.arguments)

    @property
    def memory(self) -> Memory:
        """What the article has mentioned so far."""
        return self.parties.memory

    # ------------------------------------------------------------------ public

    def code(self, sent: Span) -> list[Candidate]:
        """Candidates of one sentence, nested triggers removed."""
        mentions = self.parties.sentence_mentions(sent)
        triggers = self.triggers.find(sent)
        governors = self.triggers.governors(triggers)
        out: list[Candidate] = []
        for trigger in triggers:
            if self.triggers.is_nested(trigger, governors, sent):
                continue
            token, sense, nominal = trigger
            cand = self._build(token, sense, nominal, sent)
            if cand is not None:
                out.append(cand)
        # "ordered troops to be placed on alert": what is ordered is the event, by whoever ordered it
        out = without_ordered_acts(out)
        demand = self._obligation_demand(sent, governors)
        if demand is not None:
            # what Y "must" do is the content of X's demand, not an event of its own
            inside = {t.i for t in demand.trigger.subtree} - {demand.trigger.i}
            out = [c for c in out if c.trigger.i not in inside]
            out.append(demand)
        self.parties.remember(mentions, out)
        return out

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
        senses = next((table[c] for c in lemma_candidates(token) if c in table), ())
        same = [s for s in senses if s.category == category]
        picked = self.triggers.pick(token, same, nominal=nominal) if same else Sense(category=category)
        if picked is None:
            return None  # the lexicon knows this word and rules the reading out here ("was met with brutality")
        sense = picked
        heads = self.arguments.noun_actor_heads(token) if nominal else self.arguments.subject_heads(token)
        if any(self.parties.is_hazard(h) for h in heads):
            return None
        cand = self._build(token, sense, nominal, sent, learned=True)
        if cand is not None:
            if not cand.recipients and category not in UNDIRECTED:
                cand.recipients = self.arguments.named_in_scope(token, cand.actors)
                if cand.recipients:
                    cand.decisions.append(
                        f"recipient: the first party named in the scope of '{token.text}', "
                        f"'{cand.recipients[0].entity.entity_text}'"
                    )
            if not cand.actors and category in DIRECTED | {"CONCEDE"}:
                # a speech act with no subject of its own ("... X said", "We condemn ...") is the speaker's
                cand.actors = self.arguments.speaker(token)
                if cand.actors:
                    cand.decisions.append(f"actor: the speaker, '{cand.actors[0].entity.entity_text}'")
            return cand
        anchored = anchor(token) if nominal else token
        verb = anchored.head if nominal and is_light(anchored.head, self.lexicon) else token
        start, end = trigger_extent(token)
        lemmas = {t.lemma_.lower() for t in token.subtree}
        return Candidate(
            category=category,
            mode=sense.mode or self.lexicon.mode_from_cues(category, lemmas),
            modality=modality(verb, token if nominal else None),
            trigger=token,
            sentence=sent,
            actors=[],
            recipients=[],
            trigger_text=text_between(sent, start, end),
            trigger_start=start,
            trigger_end=end,
            nominal=nominal,
        )

    # ------------------------------------------------------------------ build

    def _build(
        self, token: Token, sense: Sense, nominal: bool, sent: Span, *, learned: bool = False
    ) -> Candidate | None:
        category, mode = sense.category, sense.mode
        args = self.arguments.arguments(token, sense, nominal, learned=learned)
        if args is None:
            return None
        actors, recipients = args.actors, args.recipients
        anchored = anchor(token) if nominal else token
        verb = (
            anchored.head if nominal and (is_light(anchored.head, self.lexicon) or anchored.dep_ == "pobj") else token
        )
        if nominal and anchored.dep_ == "pobj":
            verb = anchored.head.head
        found = modality(verb, token if nominal else None)
        clause = anchored.head if nominal else token
        lemmas = {t.lemma_.lower() for t in clause.subtree} | {t.lemma_.lower() for t in token.subtree}
        if mode is None:
            mode = self.lexicon.mode_from_cues(category, lemmas)
        if not learned:  # the model's category stands
            category, mode, found = plover_rewrite(
                category, mode, found, sent=sent, lemmas=lemmas, lexicon=self.lexicon
            )
        if category == "CONSULT" and mode is None and not recipients and len(actors) == 1:
            head = sent.doc[actors[0].head_i]
            if head.tag_ in ("NNS", "NNPS") or any(c.dep_ == "nummod" for c in head.children):
                mode = "multilateral"
        if not recipients:
            recipients = self.arguments.fallback_recipients(token, sent, category, actors, args.actor_codes)
        text_start, text_end = trigger_extent(token)
        confidence = 0.55 if nominal else 0.7
        if recipients:
            confidence += 0.15
        if found != "asserted":
            confidence -= 0.05
        return Candidate(
            category=category,
            mode=mode,
            modality=found,
            trigger=token,
            sentence=sent,
            actors=actors,
            recipients=recipients,
            trigger_text=text_between(sent, text_start, text_end),
            trigger_start=text_start,
            trigger_end=text_end,
            nominal=nominal,
            confidence=round(min(max(confidence, 0.05), 0.95), 2),
        )

    def _obligation_demand(self, sent: Span, trigger_ids: set[int]) -> Candidate | None:
        """ "X said Y must do Z": a demand of X on Y, though no demand verb is used."""
        for token in sent:
            if token.dep_ not in ("ccomp", "acl") or token.head.i in trigger_ids:
                continue
            modal = {c.lower_ for c in token.children if c.dep_ == "aux" and c.tag_ == "MD"}
            if not modal & WORDS.obligation_modals:
                continue
            governor = token.head
            heads = (
                self.arguments.noun_actor_heads(governor)
                if governor.pos_ == "NOUN"
                else self.arguments.subject_heads(governor)
            )
            actors = [p for h in heads for p in self.parties.resolve_party(h, deep=False, exclude=set())]
            if not actors:
                actors = [self.parties.unknown(h) for h in heads if self.parties.is_named(h)]
            if not actors:
                continue
            codes = {p.entity.code for p in actors}
            recipients = [
                p
                for h in token.children
                if h.dep_ in ("nsubj", "nsubjpass")
                for p in self.parties.resolve_party(h, deep=False, exclude=codes)
                if p.entity.code not in codes
            ]
            if not recipients:
                continue
            lemmas = {t.lemma_.lower() for t in token.subtree}
            start, end = trigger_extent(governor)
            return Candidate(
                category="REQUEST",
                mode=self.lexicon.mode_from_cues("REQUEST", lemmas) or "change",
                modality="asserted",
                trigger=governor,
                sentence=sent,
                actors=actors,
                recipients=recipients,
                trigger_text=text_between(sent, start, end),
                trigger_start=start,
                trigger_end=end,
                confidence=0.5,
            )
        return None
