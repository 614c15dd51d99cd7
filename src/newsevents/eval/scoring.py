"""Score extracted events against gold.

In: gold records (`ArticleGold` with the article text, or `SentenceGold` rows) and the system's
`Event` records.
Out: `ArticleReport` / `SentenceReport` (pydantic), with no printing and no I/O.

Article gold (the seed rules, shared/fixtures/README.md): system events are taken in order and
each is matched to the first gold event (in gold order) whose category or `alt_events` contains
the event's category, whose evidence strings overlap the event's sentence or one of its mentions
(character offsets), and whose parties agree: each non-empty gold side shares a code
(`code` or `alt_codes`, `---` ignored) with the same side of the event; for `symmetric` gold the
codes of both sides are pooled and at least two of them (or all, if fewer) must appear among the
event's parties. Recall is over `required` gold events; precision counts every event matched to
any gold event (optional ones included) as correct, so optional events are neither rewarded nor
penalised. Field scores use the first event matched to each required gold event, except the date,
which is right if any matched event has it (inside `date_window` when the gold gives one).
A context is right when the gold and system context lists share an entry.

Sentence gold (one event per sentence): a sentence's category is found when any system event for
it has the gold category. Category + actor + recipient is found when such an event also agrees
on parties: each non-empty gold side shares a code with the same side of the event. When the
gold comment says "compound" (compound actor or target), each gold side may instead share a code
with either side of the event, since compound parties are often coded as actor and recipient of
each other. The sentence gold codes every intergovernmental organisation (UN, EU, NATO, ...) as
`IGO`, so a system's `UNO` or `EUR` counts as `IGO` there. The draft `mode_v05`/`context_v05`
are compared loosely (context through a small alias table from the draft vocabulary to the
manual's contexts).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from newsevents.eval.models import (
    ArticleGold,
    ArticleReport,
    CategoryRecall,
    FieldScore,
    GoldEntity,
    GoldEvent,
    ModalityError,
    SentenceCategory,
    SentenceGold,
    SentenceMiss,
    SentenceReport,
    UnmatchedEvent,
)
from newsevents.record import Entity, Event

ARTICLE_FIELDS: tuple[str, ...] = ("mode", "context", "modality", "date", "place", "sector")
SENTENCE_FIELDS: tuple[str, ...] = ("mode", "context", "sector")

# Draft (v0.5) context names of the sentence gold -> contexts of the current manual.
_CONTEXT_ALIASES: dict[str, set[str]] = {
    "refugee": {"migration", "asylum"},
    "refugees": {"migration", "asylum"},
    "rights": {"human_rights", "rights_freedoms"},
    "political": {"political_institutions", "executive", "legislative"},
    "politics": {"political_institutions", "executive", "legislative"},
    "government": {"executive", "political_institutions"},
    "resource": {"natural_resource"},
    "religion": {"religion_ethnicity"},
    "discrimination": {"inequality", "religion_ethnicity", "human_rights"},
    "assets": {"economic"},
}


def gold_codes(entities: Iterable[GoldEntity]) -> set[str]:
    """Country/organisation codes of gold parties, with their `alt_codes`; `---` is no code."""
    out: set[str] = set()
    for ent in entities:
        for code in [ent.code, *ent.alt_codes]:
            if code and code != "---":
                out.add(code.upper())
    return out


def event_codes(entities: Iterable[Entity]) -> set[str]:
    """Codes of an event's parties; `---` is no code."""
    return {e.code.upper() for e in entities if e.code and e.code != "---"}


def event_spans(event: Event) -> list[tuple[int, int]]:
    """Character spans that report the event: its evidence sentence and every mention."""
    spans = [(event.text_info.start, event.text_info.end)]
    spans.extend((m.start, m.end) for m in event.mentions)
    return spans


def evidence_spans(gold: GoldEvent, text: str) -> list[tuple[int, int]]:
    """Where the gold evidence strings occur in the article (first occurrence; absent ones skipped)."""
    spans = []
    for snippet in gold.evidence:
        start = text.find(snippet)
        if start >= 0:
            spans.append((start, start + len(snippet)))
    return spans


def parties_match(event: Event, gold: GoldEvent) -> bool:
    """Whether the event's actor/recipient codes agree with the gold's (seed rules)."""
    sys_actor, sys_recipient = event_codes(event.actor), event_codes(event.recipient)
    gold_actor, gold_recipient = gold_codes(gold.actor), gold_codes(gold.recipient)
    if gold.symmetric:
        pooled = gold_actor | gold_recipient
        return len((sys_actor | sys_recipient) & pooled) >= min(2, len(pooled))
    if gold_actor and not sys_actor & gold_actor:
        return False
    return not (gold_recipient and not sys_recipient & gold_recipient)


def _modality_agrees(expected: str, got: str) -> bool:
    return got == expected or (expected == "planned" and got == "future")


def _date_right(gold: GoldEvent, event: Event) -> bool:
    got = (event.date or "")[:10]
    if gold.date_window:
        return gold.date_window[0] <= got <= gold.date_window[-1]
    assert gold.date is not None
    return got == gold.date[:10] if len(gold.date) >= 10 else got.startswith(gold.date)


def _sector_pairs_gold(entities: Iterable[GoldEntity]) -> set[tuple[str, str]]:
    return {((e.code or "").upper(), e.sector[:3].upper()) for e in entities if e.sector and e.sector != "***"}


def _sector_pairs_event(entities: Iterable[Entity]) -> set[tuple[str, str]]:
    return {(e.code.upper(), e.sector.upper()) for e in entities if e.sector}


def _ratio(num: int, den: int) -> float:
    return round(num / den, 3) if den else 0.0


def _f1(precision: float, recall: float) -> float:
    return round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0


def score_article(gold: ArticleGold, text: str, events: Sequence[Event]) -> ArticleReport:
    """Score one article's events against its gold (rules in the module docstring)."""
    gold_spans = {g.id: evidence_spans(g, text) for g in gold.events}
    missing_evidence = [f"{g.id}: {s}" for g in gold.events for s in g.evidence if s not in text]
    matched: dict[str, list[Event]] = defaultdict(list)
    unmatched: list[Event] = []
    strict = 0
    for event in events:
        hit = None
        for g in gold.events:
            if event.event not in {g.event, *g.alt_events}:
                continue
            spans = event_spans(event)
            if not any(s < ge and gs < e for (s, e) in spans for (gs, ge) in gold_spans[g.id]):
                continue
            if not parties_match(event, g):
                continue
            hit = g
            break
        if hit is None:
            unmatched.append(event)
        else:
            matched[hit.id].append(event)
            strict += event.event == hit.event
    required = [g for g in gold.events if g.required]
    found = [g for g in required if matched[g.id]]
    recall = _ratio(len(found), len(required))
    n_matched = len(events) - len(unmatched)
    precision = _ratio(n_matched, len(events))
    distinct = sum(1 for g in gold.events if matched[g.id])

    fields = {name: FieldScore() for name in ARTICLE_FIELDS}
    modality_errors: list[ModalityError] = []
    for g in found:
        first = matched[g.id][0]
        if g.mode:
            fields["mode"].total += 1
            fields["mode"].correct += first.mode == g.mode
        if g.context:
            fields["context"].total += 1
            fields["context"].correct += bool(set(g.context) & set(first.context))
        fields["modality"].total += 1
        fields["modality"].correct += _modality_agrees(g.modality, first.modality)
        if g.date:
            fields["date"].total += 1
            fields["date"].correct += any(_date_right(g, e) for e in matched[g.id])
        if g.location is not None and g.location.country_code:
            loc = first.event_loc
            fields["place"].total += 1
            fields["place"].correct += ((loc.country_code if loc else None) or "").upper() == (
                g.location.country_code.upper()
            )
        gold_sectors = _sector_pairs_gold([*g.actor, *g.recipient])
        if gold_sectors:
            fields["sector"].total += 1
            fields["sector"].correct += bool(gold_sectors & _sector_pairs_event([*first.actor, *first.recipient]))
        modality_errors.extend(
            ModalityError(gold_id=g.id, event_id=e.id, expected=g.modality, got=e.modality)
            for e in matched[g.id]
            if not _modality_agrees(g.modality, e.modality)
        )
    planned_ok = all(e.modality == "planned" for g in found if g.modality == "planned" for e in matched[g.id])
    by_category: dict[str, list[GoldEvent]] = defaultdict(list)
    for g in required:
        by_category[g.event].append(g)
    per_category = [
        CategoryRecall(category=cat, gold=len(gs), found=sum(1 for g in gs if matched[g.id]))
        for cat, gs in sorted(by_category.items())
    ]
    return ArticleReport(
        required=len(required),
        found=len(found),
        recall=recall,
        system_events=len(events),
        matched_events=n_matched,
        false_positives=len(unmatched),
        precision=precision,
        f1=_f1(precision, recall),
        strict_category_matches=strict,
        duplication=_ratio(n_matched, distinct),
        planned_ok=planned_ok,
        per_category=per_category,
        fields=fields,
        missed=[f"{g.id}:{g.event}" for g in required if not matched[g.id]],
        modality_errors=modality_errors,
        unmatched=[
            UnmatchedEvent(
                event_id=e.id,
                event=e.event,
                actor=sorted(event_codes(e.actor)),
                recipient=sorted(event_codes(e.recipient)),
                sentence=e.text_info.sentence,
            )
            for e in unmatched
        ],
        evidence_not_found=missing_evidence,
    )


def _is_compound(row: SentenceGold) -> bool:
    return "compound" in (row.comment or "").lower()


# The sentence gold codes every intergovernmental organisation IGO; these codes are IGOs too.
_IGO_FAMILY = frozenset({"IGO", "UNO", "EUR"})


def _igo_family(codes: set[str]) -> set[str]:
    return codes | {"IGO"} if codes & _IGO_FAMILY else codes


def sentence_parties_match(event: Event, row: SentenceGold) -> bool:
    """Whether the event's parties agree with a sentence gold row (rules in the module docstring)."""
    sys_actor, sys_recipient = _igo_family(event_codes(event.actor)), _igo_family(event_codes(event.recipient))
    gold_actor, gold_recipient = gold_codes(row.actor), gold_codes(row.recipient)
    if _is_compound(row):
        sys_actor = sys_recipient = sys_actor | sys_recipient
    if gold_actor and not gold_actor & sys_actor:
        return False
    return not (gold_recipient and not gold_recipient & sys_recipient)


def _loose_contexts(value: str | None) -> set[str]:
    out: set[str] = set()
    for part in (value or "").split(","):
        name = part.strip().lower().replace(" ", "_")
        if name and name != "unknown":
            out |= _CONTEXT_ALIASES.get(name, {name})
    return out


def _describe(event: Event) -> str:
    actor = ",".join(sorted(event_codes(event.actor))) or "-"
    recipient = ",".join(sorted(event_codes(event.recipient))) or "-"
    return f"{event.event} {actor} -> {recipient}"


def score_sentences(gold: Sequence[SentenceGold], events: Mapping[str, Sequence[Event]]) -> SentenceReport:
    """Score events (grouped by the gold row's id) against sentence gold."""
    fields = {name: FieldScore() for name in SENTENCE_FIELDS}
    cat_gold: dict[str, int] = defaultdict(int)
    cat_found: dict[str, int] = defaultdict(int)
    full_found: dict[str, int] = defaultdict(int)
    n_events = same_category = empty = 0
    misses: list[SentenceMiss] = []
    no_event = [row for row in gold if row.event is None]
    false_alarms = sum(1 for row in no_event if events.get(row.id))
    gold = [row for row in gold if row.event is not None]
    for row in gold:
        assert row.event is not None
        system = list(events.get(row.id, ()))
        n_events += len(system)
        empty += not system
        same = [e for e in system if e.event == row.event]
        same_category += len(same)
        cat_gold[row.event] += 1
        cat_found[row.event] += bool(same)
        full = [e for e in same if sentence_parties_match(e, row)]
        full_found[row.event] += bool(full)
        if not full:
            gold_desc = (
                f"{row.event} {','.join(sorted(gold_codes(row.actor))) or '-'}"
                f" -> {','.join(sorted(gold_codes(row.recipient))) or '-'}"
            )
            misses.append(SentenceMiss(id=row.id, gold=gold_desc, system=[_describe(e) for e in system]))
            continue
        first = full[0]
        if row.mode_v05:
            fields["mode"].total += 1
            fields["mode"].correct += first.mode == row.mode_v05
        gold_contexts = _loose_contexts(row.context_v05)
        if gold_contexts:
            fields["context"].total += 1
            fields["context"].correct += bool(gold_contexts & set(first.context))
        gold_sectors = _sector_pairs_gold([*row.actor, *row.recipient])
        if gold_sectors:
            fields["sector"].total += 1
            fields["sector"].correct += bool(gold_sectors & _sector_pairs_event([*first.actor, *first.recipient]))
    n = len(gold)
    return SentenceReport(
        sentences=n,
        system_events=n_events,
        events_per_sentence=_ratio(n_events, n),
        sentences_without_events=empty,
        category_recall=_ratio(sum(cat_found.values()), n),
        full_recall=_ratio(sum(full_found.values()), n),
        category_precision=_ratio(same_category, n_events),
        per_category=[
            SentenceCategory(category=c, gold=cat_gold[c], category_found=cat_found[c], full_found=full_found[c])
            for c in sorted(cat_gold)
        ],
        fields=fields,
        misses=misses,
        no_event_sentences=len(no_event),
        false_alarms=false_alarms,
    )
