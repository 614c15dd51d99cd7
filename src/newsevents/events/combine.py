"""Deciding a sentence's events from the grammar's candidates and the learned detector.

In: one parsed sentence, the candidates the trigger lexicon and the grammar found in it
(`SentenceCoder.code`), and the event model (`events.detector`). Out: the sentence's
`Candidate`s, each with the source of its category ("model", "lexicon" or "both"), the
model's calibrated confidence, and a note of why it was kept.

The model decides which categories a sentence reports, with the lexicon's categories as one
of its inputs (its calibration learned how far to trust the lexicon, category by category);
the grammar finds who did it to whom. A category that reaches the threshold is coded with
the lexicon's candidates of that category when there are any (they carry the lexicon's modes
and argument rules), else from the model's best word through the grammar. The source says
which: "both" when the model's views alone reach the threshold and the lexicon agrees,
"lexicon" when the lexicon's word was needed, "model" when the lexicon had nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Span

from newsevents.events.cameo import CameoVerbs
from newsevents.events.coder import Candidate, SentenceCoder
from newsevents.events.detector import Assessment, EventModel
from newsevents.events.features import candidate_features, sentence_features
from newsevents.events.lexicon import TriggerLexicon


def assess_sentence(
    sent: Span, lexical: Sequence[Candidate], model: EventModel, lexicon: TriggerLexicon, cameo: CameoVerbs
) -> Assessment:
    """The model's view of one sentence, given the categories of the lexicon's candidates there."""
    tokens, rows = candidate_features(sent, lexicon, cameo)
    found = {c.category for c in lexical}
    return model.assess(tokens, rows, sentence_features(sent, rows), found, model.sentence_vector(sent.text))


def decide(
    sent: Span,
    lexical: Sequence[Candidate],
    assessment: Assessment,
    coder: SentenceCoder,
    *,
    threshold: float,
) -> list[Candidate]:
    """The candidates of one sentence whose category reaches `threshold`, model and lexicon reconciled."""
    out: list[Candidate] = []
    detections = assessment.detections(threshold)
    detected = {det.category for det in detections}
    # words whose lexicon reading the model confirmed: a word reports one event ("offered aid" is the
    # offer, AGREE; the aid is not given), so no second category is read into it
    confirmed = {c.trigger.i for c in lexical if c.category in detected}
    for det in detections:
        if det.token.i in confirmed and not any(c.category == det.category for c in lexical):
            continue
        unaided = float(assessment.unaided[assessment.model.categories.index(det.category)])
        same = [c for c in lexical if c.category == det.category]
        note = (
            f"category {det.category}: confidence {det.confidence:.2f} (sentence {det.sentence_probability:.2f}, "
            f"word '{det.token.text}' {det.token_probability:.2f}, without the lexicon {unaided:.2f})"
        )
        if same:
            # the lexicon's own candidates carry its modes and argument rules
            source = "both" if unaided >= threshold else "lexicon"
            for cand in same:
                cand.source, cand.confidence = source, round(det.confidence, 3)
                cand.decisions.insert(0, f"{note}; lexicon word '{cand.trigger_text}'")
            out.extend(same)
            continue
        # the lexicon coded the same word, or the event noun it carries ("holding a summit"), differently:
        # its parties stand, the model's category replaces its own
        near = [c for c in lexical if c.trigger.i == det.token.i or c.trigger.head.i == det.token.i]
        if near:
            lemmas = {t.lemma_.lower() for t in near[0].trigger.subtree}
            mode = coder.lexicon.mode_from_cues(det.category, lemmas)
            cand = replace(
                near[0], category=det.category, mode=mode, source="model", confidence=round(det.confidence, 3)
            )
            cand.decisions = [f"{note}; parties from the lexicon's reading of '{cand.trigger_text}'"]
            out.append(cand)
            continue
        built = coder.build_learned(det.token, det.category, sent)
        if built is None:
            continue
        built.source, built.confidence = "model", round(det.confidence, 3)
        built.decisions.insert(0, note)
        out.append(built)
    return _drop_nested(out)


# acts whose complement is said, asked, promised or refused, not done: "threatened to impose sanctions"
# is a threat, "urged Iran to release them" a request; the inner act is no event of its own
GOVERNING = frozenset({"REQUEST", "THREATEN", "AGREE", "REJECT"})
# what is refused or denied did not happen as told ("denied reports that Jakarta had agreed"), whoever
# found it: the lexicon's reading of the inner verb is dropped too (out of fold: type F1 -0.001)
DENYING = frozenset({"REJECT"})


def _drop_nested(cands: list[Candidate]) -> list[Candidate]:
    governors = {c.trigger.i: c.category for c in cands if c.category in GOVERNING}
    out = []
    for cand in cands:
        governed_by = next(
            (governors[a.i] for a in cand.trigger.ancestors if a.i in governors and a.i != cand.trigger.i), None
        )
        if governed_by is not None and governed_by != cand.category and (
            cand.source == "model" or governed_by in DENYING
        ):
            continue
        out.append(cand)
    return out
