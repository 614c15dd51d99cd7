"""Date expressions of a parsed sentence and the date of an event.

In: a spaCy sentence (`Span`), the publication date (or None) and, for
`event_date`, the event's trigger token.
Out: `DateRange` values whose start_char/end_char are document character
offsets and whose text is the words they were resolved from.

Candidates are spaCy DATE entities (and TIME entities such as "last night")
plus phrases the entity recogniser often misses (weekdays, "the weekend",
"at the end of this week", "yesterday"). "a day" followed by "after" or
"before" becomes "a day after"/"a day before". Each candidate is resolved
with the tense of the clause it modifies: the nearest verb above it in the
parse, or for "a day after Y met", the verb of the clause "after" introduces.
The tense looks forward for "will", "shall", "going to", modals without
"have" ("would hold another rally on Saturday", "may meet on Friday"), "is to",
the present progressive ("are meeting on Friday") and complements of intent
or schedule ("plans to", "agreed to", "is expected to"); it looks back for
past forms and perfects, and for "since Monday" whatever the verb.
A date belongs to an event when it modifies the trigger itself, the verb of
the trigger's clause (for noun triggers such as "summit" or "removal"), or a
verb linked to the trigger by an open complement ("remains loitering");
among several the closest to the trigger wins. A clause without a subject
or a date of its own that continues another ("exchanged fire on Monday
night, detaining 63"; "raided the office on Monday and arrested five") shares
that clause's date: one date per clause, shared by the events it holds.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsevents.nlp.spans import sentence_ents
from newsevents.timex.resolve import DateRange, Tense, resolve_date

__all__ = ["clause_tense", "enclosing_date", "event_date", "find_dates", "is_reported"]

_DATE_LABELS = {"DATE", "TIME"}
_FUTURE_AUX = {"will", "shall", "'ll", "’ll", "wo"}
# modals that put a dated clause ahead of the time of speaking unless "have" follows ("would have met")
_MODAL_AUX = {"would", "could", "might", "may", "should", "must", "ca", "can", "'d", "’d"}
_FUTURE_LEMMAS = {"expect", "schedule", "set", "due", "plan", "slate", "intend", "poise"}
# verbs whose "to" complement is still to happen: "plans to meet on Friday", "agreed to hold talks on Monday"
_INTENT_LEMMAS = _FUTURE_LEMMAS | {
    "aim", "vow", "promise", "pledge", "threaten", "agree", "hope", "want", "decide", "prepare", "seek",
    "propose", "offer", "announce", "call", "urge", "ask", "invite", "be",
}  # fmt: skip
# "would not comment on Friday", "could not say on Monday": a refusal or failure already past
_SPEECH_LEMMAS = {
    "say", "comment", "confirm", "tell", "disclose", "elaborate", "reveal", "respond", "answer", "specify",
    "provide", "give", "speak", "explain", "identify", "immediately",
}  # fmt: skip
# words that make a dated phrase in the present tense a deadline ahead ("until Feb. 4", "by Friday")
_DEADLINE_WORDS = {"until", "till", "by"}
# words before a date that give the end of what the event set going ("extended the lockdown to May 1")
_BOUND_WORDS = {"until", "till", "to", "through", "untill"}
# clause links along which a subjectless clause continues the one it depends on
_CONTINUING_DEPS = {"advcl", "conj", "xcomp"}
_HAPPEN_LEMMAS = {"take", "happen", "occur", "hold", "begin", "start", "end"}
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_SCAN = re.compile(
    rf"\b(?:(?:(?:last|next|this|past|coming)\s+)?(?:{_WEEKDAYS})(?:\s+(?:morning|afternoon|evening|night))?"
    r"|(?:the\s+)?(?:(?:this|last|next|past|coming)\s+)?weekend"
    r"|yesterday|today|tomorrow|tonight|last\s+night"
    r"|(?:at|by|towards?)\s+the\s+(?:end|close|beginning|start)\s+of\s+(?:the\s+)?"
    r"(?:(?:this|last|next|current|coming)\s+)?(?:week|month|year)"
    r"|(?:earlier|later)\s+this\s+(?:week|month|year))\b",
    re.IGNORECASE,
)
_AFTER_BEFORE = re.compile(r"^\s+(after|before)\b", re.IGNORECASE)
# "a day after", "two weeks before": only a stretch of time joins the "after" that follows it;
# "released Friday after his lawyer posted bail" is Friday
_DURATION = re.compile(r"\b(?:days?|weeks?|months?|years?|hours?|nights?)$", re.IGNORECASE)


@dataclass(frozen=True)
class _DateMention:
    date: DateRange
    span: Span
    governor: Token  # the verb (or trigger-like head) the expression modifies
    path: tuple[int, ...]  # token ids from the expression's root up to the governor
    bound: bool = False  # "until May 1", "extended to May 1": where the event's effect ends, not when it happened


def _clause_verb(tok: Token) -> Token:
    """The verb of the clause a token belongs to (the token itself when it is a verb)."""
    cur = tok
    while cur.pos_ not in ("VERB", "AUX") and cur.head.i != cur.i:
        cur = cur.head
    return cur


def _tense(verb: Token) -> Tense | None:
    chain = [verb]
    if verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i:
        chain.append(verb.head)
    for v in chain:
        auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
        if any(a.lower_ in _FUTURE_AUX for a in auxes):
            return "future"
        if v.lemma_.lower() in _FUTURE_LEMMAS and auxes:
            return "future"
        if any(a.lower_ == "going" for a in auxes):
            return "future"
        if (
            any(a.lower_ in _MODAL_AUX for a in auxes)
            and not any(a.lemma_ == "have" for a in auxes)
            and v.lemma_.lower() not in _SPEECH_LEMMAS
        ):
            return "future"  # "said they would hold another rally on Saturday"
    if _to_happen(verb):
        return "future"
    if verb.tag_ == "VBD" or any(
        c.dep_ in ("aux", "auxpass") and ("Past" in c.morph.get("Tense", []) or c.lemma_ == "have")
        for c in verb.children
    ):
        return "past"
    if verb.tag_ == "VBN" and verb.dep_ in ("relcl", "acl", "advcl"):
        return "past"
    return None


def clause_tense(trigger: Token) -> Tense | None:
    """The tense of the clause `trigger` belongs to: "future", "past" or None (present, or unknown)."""
    return _tense(_clause_verb(trigger))


def _to_happen(verb: Token) -> bool:
    """A "to" complement of intent or schedule ("plans to meet"), or a present progressive ("are meeting")."""
    if verb.dep_ == "xcomp" and verb.head.i != verb.i and any(c.lower_ == "to" for c in verb.children):
        head = verb.head
        perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in head.children)
        if head.lemma_.lower() in _INTENT_LEMMAS and not perfect:
            return True
    if verb.tag_ == "VBG" and verb.dep_ not in ("advcl", "acl", "amod", "pcomp"):
        auxes = [c for c in verb.children if c.dep_ == "aux"]
        return any(a.lemma_ == "be" and a.tag_ in ("VBP", "VBZ") for a in auxes)
    return False


def _candidates(sent: Span) -> list[Span]:
    doc = sent.doc
    spans: list[Span] = [e for e in sentence_ents(sent) if e.label_ in _DATE_LABELS]
    for m in _SCAN.finditer(sent.text):
        s, e = sent.start_char + m.start(), sent.start_char + m.end()
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    # "a day" + "after": the construction dates the clause "after" introduces
    out: list[Span] = []
    for span in spans:
        after = sent.text[span.end_char - sent.start_char : span.end_char - sent.start_char + 10]
        if _AFTER_BEFORE.match(after) and span.end < sent.end and _DURATION.search(span.text):
            span = doc[span.start : span.end + 1]
        out.append(span)
    # no surrounding whitespace tokens
    trimmed: list[Span] = []
    for span in out:
        start, end = span.start, span.end
        while start < end and doc[start].is_space:
            start += 1
        while end > start and doc[end - 1].is_space:
            end -= 1
        if end > start:
            trimmed.append(doc[start:end])
    out = trimmed
    # keep the longest of overlapping spans
    out.sort(key=lambda s: (s.start_char, -(s.end_char - s.start_char)))
    kept: list[Span] = []
    for span in out:
        if kept and span.start_char < kept[-1].end_char:
            if span.end_char - span.start_char > kept[-1].end_char - kept[-1].start_char:
                kept[-1] = span
            continue
        kept.append(span)
    return kept


def _governor(span: Span) -> tuple[Token, tuple[int, ...]]:
    last = span[-1]
    if last.lower_ in ("after", "before"):
        # "a day after 16 EU leaders met": the verb of the clause after "after"
        if last.dep_ == "mark":
            return last.head, (span.root.i, last.head.i)
        for child in last.children:
            if child.dep_ in ("pcomp", "pobj", "advcl"):
                return _clause_verb(child), (span.root.i, child.i)
    root = span.root
    path = [root.i]
    cur = root
    while cur.head.i != cur.i:
        cur = cur.head
        path.append(cur.i)
        if cur.pos_ in ("VERB", "AUX"):
            break
    return cur, tuple(path)


def _mentions(sent: Span, published: dt.date | None) -> list[_DateMention]:
    """The resolved date expressions of a sentence. The events of a sentence ask several times
    (their own clause, the clause above, whether the sentence has a date at all) and the article's
    story context asks for every sentence, so the answers for the document being coded are kept."""
    cached = _DOC_MENTIONS.doc
    if cached is None or cached[0] is not sent.doc or cached[1] != published:
        _DOC_MENTIONS.doc = (sent.doc, published)  # one document at a time: a new one starts afresh
        _DOC_MENTIONS.sentences = {}
    key = (sent.start, sent.end)
    found = _DOC_MENTIONS.sentences.get(key)
    if found is None:
        found = _DOC_MENTIONS.sentences[key] = _resolve_mentions(sent, published)
    return found


class _Cache:
    """The date mentions of the sentences of one document (with its publication date)."""

    def __init__(self) -> None:
        self.doc: tuple[Doc, dt.date | None] | None = None
        self.sentences: dict[tuple[int, int], list[_DateMention]] = {}


_DOC_MENTIONS = _Cache()


def _resolve_mentions(sent: Span, published: dt.date | None) -> list[_DateMention]:
    out: list[_DateMention] = []
    for span in _candidates(sent):
        gov, path = _governor(span)
        tense = _tense(gov) if gov.pos_ in ("VERB", "AUX") else None
        before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
        if "since" in (before, span[0].lower_):
            tense = "past"  # "have protested since Monday": a start that has passed, whatever the verb
        elif tense is None and ({before, span[0].lower_} & _DEADLINE_WORDS):
            tense = "future"  # "they have until Feb. 4 to appeal": a deadline still to come
        if tense is None or tense == "future":
            previous = span.doc[span.start - 1] if span.start > 0 else None
            if previous is not None and previous.tag_ == "VBD":
                tense = "past"  # "said Sunday Israel will ...": the day of the saying, whatever the parse
        bound = bool({before, span[0].lower_} & _BOUND_WORDS) and not re.search(r"\b\d{4}\b", span.text)
        if bound:
            tense = "future"  # "extended the lockdown to May 1" in April: the coming May
        date = resolve_date(span.text, published, tense=tense)
        if date is None:
            continue
        out.append(
            _DateMention(date.with_span(span.text, span.start_char, span.end_char), span, gov, path, bound=bound)
        )
    return out


def find_dates(sent: Span, published: dt.date | None) -> list[DateRange]:
    """Every date expression of the sentence that resolves, in text order."""
    return [m.date for m in _mentions(sent, published)]


def _continued(clause: Token) -> list[Token]:
    """The clauses a subjectless clause continues: "detaining 63" after "exchanged fire on Monday", outward."""
    out: list[Token] = []
    cur = clause
    while cur.dep_ in _CONTINUING_DEPS and cur.head.i != cur.i and len(out) < 3:
        if any(c.dep_ in ("nsubj", "nsubjpass", "expl", "mark") for c in cur.children):
            break
        cur = _clause_verb(cur.head)
        out.append(cur)
    return out


def event_date(sent: Span, trigger: Token, published: dt.date | None) -> DateRange | None:
    """The date expression that modifies the trigger's clause, or None when it has none.

    When the trigger's clause has no date and continues another clause without a subject of its
    own, the date of that clause.
    """
    mentions = _mentions(sent, published)
    found = _attached_date(mentions, trigger)
    if found is not None:
        return found
    for outer in _continued(_clause_verb(trigger)):
        found = _attached_date(mentions, outer, own=False)
        if found is not None:
            return found
    return None


# links that carry what someone says, thinks or reports: their content has its own time
_REPORTED_DEPS = {"ccomp", "parataxis", "csubj"}


def enclosing_date(sent: Span, trigger: Token, published: dt.date | None) -> DateRange | None:
    """The date of the nearest clause above the trigger's that has one ("Later on Tuesday he met
    X, where he denounced Y": Tuesday for "denounced"), never across what is reported ("said on
    Tuesday that troops had attacked": the attack has no date)."""
    mentions = _mentions(sent, published)
    if not mentions:
        return None
    cur = _clause_verb(trigger)
    for _ in range(6):
        if cur.dep_ in _REPORTED_DEPS or cur.head.i == cur.i:
            return None
        cur = _clause_verb(cur.head)
        found = _attached_date(mentions, cur, own=False)
        if found is not None:
            return found
    return None


def is_reported(trigger: Token) -> bool:
    """True when the trigger's clause is what someone says, thinks or reports ("said on Tuesday that
    troops had attacked"): the dates of the clauses above it date the report, not the event."""
    cur = _clause_verb(trigger)
    for _ in range(6):
        if cur.dep_ in _REPORTED_DEPS:
            return True
        if cur.head.i == cur.i:
            return False
        cur = _clause_verb(cur.head)
    return False


def _attached_date(mentions: list[_DateMention], trigger: Token, *, own: bool = True) -> DateRange | None:
    """The closest date modifying the trigger's clause; `own` when that clause is the event's own
    (an end bound of it is then no date of the event)."""
    clause = _clause_verb(trigger)
    best: tuple[tuple[bool, int], DateRange] | None = None
    for m in mentions:
        if trigger.i in m.path[1:] or m.governor.i == trigger.i:
            attached = True
        else:
            gov = m.governor
            attached = (
                gov.i == clause.i
                or (trigger.dep_ == "xcomp" and gov.i == trigger.head.i)
                or (gov.dep_ == "xcomp" and gov.head.i == trigger.i)
                # "voting that took place over the weekend"
                or (gov.dep_ == "relcl" and gov.head.i == trigger.i and gov.lemma_ in _HAPPEN_LEMMAS)
            )
        if not attached:
            continue
        if own and m.bound and m.governor.i == clause.i:
            # "extended the lockdown until May 1": where what the event set going ends, not when it
            # happened ("have until Friday to appeal" is the appeal's deadline, and dates it)
            continue
        rank = (m.bound, abs(m.span.root.i - trigger.i))
        if best is None or rank < best[0]:
            best = (rank, m.date)
    return best[1] if best else None
