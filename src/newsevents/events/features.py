"""Features of candidate event triggers, read off spaCy's parse.

In: a parsed token (spaCy `Token`) that may express an event, the trigger lexicon and
the CAMEO verb dictionary. Out: a sparse feature dict (name -> value) that the event
model scores: the word itself, its place in the parse (dependency, head, particles,
prepositions and their objects, negation, auxiliaries), what kind of entity its
subject and object are, what the lexicon and CAMEO say of it, and the words around it.

Candidates are verbs, event nouns and predicative adjectives ("critical of"): the parts
of speech that carry 97% of the triggers in our labelled news.
"""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Span, Token

from newsevents.events.cameo import CameoVerbs
from newsevents.events.lexicon import TriggerLexicon
from newsevents.nlp.spans import sentence_ents

CANDIDATE_POS = frozenset({"VERB", "NOUN", "ADJ", "AUX"})
# children whose word, joined with the trigger's lemma, says which reading it has
LEXICAL_CHILDREN = frozenset(
    {"dobj", "prep", "prt", "neg", "aux", "auxpass", "mark", "advmod", "attr", "xcomp", "ccomp", "agent", "dative"}
)
# children whose kind (a country, a person, a pronoun) says who takes part
PARTY_CHILDREN = frozenset({"nsubj", "nsubjpass", "dobj", "agent", "poss", "compound", "amod", "dative"})
CONTEXT_WINDOW = 4


def is_candidate(token: Token) -> bool:
    """A word that may express an event: a verb, noun or adjective made of letters."""
    return token.pos_ in CANDIDATE_POS and token.is_alpha and len(token.text) > 1


def candidate_features(
    sent: Span, lexicon: TriggerLexicon, cameo: CameoVerbs, *, also: Collection[int] = ()
) -> tuple[list[Token], list[dict[str, float]]]:
    """The candidate triggers of a sentence (and the tokens whose index is in `also`) with their features."""
    # what describes the sentence is computed once, not once per candidate
    entity_kinds = {f"sent_ent={label}" for label in sentence_entity_labels(sent)}
    content = [(t.i, t.lemma_.lower()) for t in sent if t.pos_ in ("VERB", "NOUN")]
    tokens = [t for t in sent if is_candidate(t) or t.i in also]
    rows = []
    for token in tokens:
        row = token_features(token, lexicon, cameo)
        for i, lemma in content:
            if i != token.i and abs(i - token.i) <= CONTEXT_WINDOW:
                row[f"ctx={lemma}"] = 0.5
        for name in entity_kinds:
            row[name] = 1.0
        rows.append(row)
    return tokens, rows


def sentence_entity_labels(sent: Span) -> set[str]:
    return {ent.label_ for ent in sentence_ents(sent)}


def token_features(token: Token, lexicon: TriggerLexicon, cameo: CameoVerbs) -> dict[str, float]:
    """The features of one candidate trigger from its own word and parse (binary unless weighted);
    `candidate_features` adds those of its sentence."""
    lemma = token.lemma_.lower()
    head = token.head
    head_lemma = head.lemma_.lower()
    f: dict[str, float] = {
        "bias": 1.0,
        f"l={lemma}": 1.0,
        f"w={token.lower_}": 1.0,
        f"pos={token.pos_}": 1.0,
        f"tag={token.tag_}": 1.0,
        f"dep={token.dep_}": 1.0,
        f"l|dep={lemma}|{token.dep_}": 1.0,
        f"h={head_lemma}": 1.0,
        f"l|h={lemma}|{head_lemma}": 1.0,
        f"hpos={head.pos_}": 1.0,
    }
    for child in token.children:
        dep = child.dep_
        word = child.lemma_.lower()
        if dep in LEXICAL_CHILDREN:
            f[f"c:{dep}"] = 1.0
            f[f"c:{dep}={word}"] = 1.0
            f[f"l|{dep}={lemma}|{word}"] = 1.0
        if dep == "prep":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    f[f"l|prep_pobj={lemma}|{word}|{pobj.lemma_.lower()}"] = 1.0
                    if pobj.ent_type_:
                        f[f"pobj_ent={pobj.ent_type_}"] = 1.0
        if dep in PARTY_CHILDREN:
            kind = child.ent_type_ or ("PRON" if child.pos_ == "PRON" else child.pos_)
            f[f"c:{dep}"] = 1.0
            f[f"c:{dep}:ent={kind}"] = 1.0
    ancestor = token
    for _ in range(2):
        if ancestor.head.i == ancestor.i:
            break
        ancestor = ancestor.head
        f[f"anc={ancestor.lemma_.lower()}"] = 1.0
    _dictionary_features(token, lemma, lexicon, cameo, f)
    return f


def _dictionary_features(
    token: Token, lemma: str, lexicon: TriggerLexicon, cameo: CameoVerbs, f: dict[str, float]
) -> None:
    """What the trigger lexicon and the CAMEO verb dictionary say of this word in this parse."""
    verbal = token.pos_ in ("VERB", "AUX") or token.tag_ == "VBN"
    senses = (lexicon.verbs if verbal else lexicon.nouns).get(lemma, ())
    for i, sense in enumerate(senses):
        f[f"lex={sense.category}"] = 1.0
        if i == 0:
            f[f"lex0={sense.category}"] = 1.0
    if not verbal:
        return
    phrase = lemma
    for child in token.children:
        if child.dep_ == "prt":
            phrase = f"{lemma} {child.lower_}"
    entry = cameo.get(phrase) or cameo.get(lemma)
    if entry is None:
        return
    base = phrase if phrase in cameo else lemma
    default = cameo.default_for(base)
    if default:
        f[f"cameo={default}"] = 1.0
    for category in cameo.categories_for(base):
        f[f"cameo_any={category}"] = 0.5
    for child in token.children:
        if child.dep_ in ("dobj", "attr", "nsubjpass"):
            by_object = cameo.category_for_object(base, child.lemma_.lower())
            if by_object:
                f[f"cameo_obj={by_object}"] = 1.0
        elif child.dep_ == "prep":
            by_prep = cameo.category_for_prep(base, child.lower_)
            if by_prep:
                f[f"cameo_prep={by_prep}"] = 1.0


# token features that describe the sentence rather than the word: left out of the sentence's pool
_NOT_POOLED = ("bias", "sent_ent=", "pos=", "tag=", "dep=", "hpos=", "ctx=")


def sentence_features(sent: Span, candidate_rows: list[dict[str, float]]) -> dict[str, float]:
    """The features of a whole sentence: its words, its entity kinds and the strongest of its candidates' features."""
    f: dict[str, float] = {"bias": 1.0}
    for token in sent:
        if token.is_alpha:
            f[f"bow={token.lemma_.lower()}"] = 0.5
        if token.ent_type_:
            f[f"ent={token.ent_type_}"] = 1.0
    for feats in candidate_rows:
        for name, value in feats.items():
            if not name.startswith(_NOT_POOLED) and value > f.get(name, 0.0):
                f[name] = value
    return f
