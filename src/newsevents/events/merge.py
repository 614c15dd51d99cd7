"""Within-article merge: one real-world event reported several times becomes one record.

In: the article's `Event` records, in text order, each with one mention.
Out: fewer records; merged ones carry every mention, the union of their parties and
the most specific mode, date and place of the group.

Two reports are the same event when they have the same category, the same
modality, an actor in common, recipients that agree or are missing on one side,
and dates that agree.
"""

from __future__ import annotations

from newsevents.record import Entity, Event, Mention

MAX_CONTEXTS = 3  # a merged event keeps the strongest contexts of its reports, not all of them


def _codes(entities: list[Entity]) -> set[str]:
    return {e.code for e in entities if e.code and e.code != "---"}


def _same_event(a: Event, b: Event) -> bool:
    if a.event != b.event:
        return False
    if a.modality != b.modality or a.modality == "negated":
        # a plan and its execution, or an ongoing programme and a single act, are different events
        return False
    if a.mode and b.mode and a.mode != b.mode:
        return False
    actors_a, actors_b = _codes(a.actor), _codes(b.actor)
    if not actors_a or not actors_b or not (actors_a & actors_b):
        return False
    rec_a, rec_b = _codes(a.recipient), _codes(b.recipient)
    if rec_a and rec_b and not (rec_a & rec_b):
        return False
    if not rec_a and not rec_b and a.text_info.start != b.text_info.start:
        # two actor-only reports in different sentences are too weak a link
        return _same_sentence_party_words(a, b)
    return not (a.date and b.date and not (a.date.startswith(b.date) or b.date.startswith(a.date)))


def _same_sentence_party_words(a: Event, b: Event) -> bool:
    names_a = {e.entity_name for e in a.actor if e.entity_name}
    names_b = {e.entity_name for e in b.actor if e.entity_name}
    return bool(names_a & names_b) and a.mode is not None and a.mode == b.mode


def _union(first: list[Entity], second: list[Entity]) -> list[Entity]:
    out = list(first)
    have = {(e.code, e.entity_name) for e in first}
    codes = {e.code for e in first}
    for entity in second:
        if entity.code not in codes:
            out.append(entity)
            have.add((entity.code, entity.entity_name))
            codes.add(entity.code)
    return out


def _absorb(into: Event, other: Event) -> Event:
    mentions = list(into.mentions)
    seen = {(m.start, m.end) for m in mentions}
    for m in other.mentions:
        if (m.start, m.end) not in seen:
            mentions.append(m)
            seen.add((m.start, m.end))
    mentions.sort(key=lambda m: m.start)
    update: dict[str, object] = {
        "mentions": mentions,
        "actor": _union(into.actor, other.actor),
        "recipient": _union(into.recipient, other.recipient),
        "context": list(dict.fromkeys([*into.context, *other.context]))[:MAX_CONTEXTS],
        "confidence": round(min(0.98, max(into.confidence, other.confidence) + 0.05), 2),
    }
    if into.mode is None and other.mode:
        update["mode"] = other.mode
    if into.date is None and other.date or into.date and other.date and len(other.date) > len(into.date):
        update["date"], update["enddate"], update["date_text"] = other.date, other.enddate, other.date_text
    if (
        into.event_loc is None
        and other.event_loc is not None
        or (
            into.event_loc is not None
            and other.event_loc is not None
            and into.event_loc.feature == "country"
            and other.event_loc.feature not in (None, "country")
            and other.event_loc.country_code == into.event_loc.country_code
        )
    ):
        update["event_loc"] = other.event_loc
    update["size"] = {**other.size, **into.size}
    update["source_info"] = {**other.source_info, **into.source_info}
    return into.model_copy(update=update)


def merge_mentions(events: list[Event]) -> list[Event]:
    """Merge repeated reports of the same event within one article (order kept)."""
    merged: list[Event] = []
    for event in events:
        for index, kept in enumerate(merged):
            if _same_event(kept, event):
                primary, secondary = (kept, event) if _weight(kept) >= _weight(event) else (event, kept)
                combined = _absorb(primary, secondary)
                merged[index] = combined
                break
        else:
            merged.append(event)
    return merged


def _weight(event: Event) -> tuple[int, int, int]:
    """Prefer as the primary record the English, fully specified, earliest report."""
    return (
        int(event.language == "en"),
        len(_codes(event.actor)) + len(_codes(event.recipient)),
        -event.text_info.start,
    )


def mention_of(event: Event) -> Mention:
    return Mention(
        start=event.text_info.start, end=event.text_info.end, sentence=event.text_info.sentence, language=event.language
    )
