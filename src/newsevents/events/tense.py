"""Features of an event's modality, read off the parse and the calendar.

In: the trigger token, the event's category, the grammar's reading of its modality (`events.modality`), the date the
sentence gives the event (`timex.event_date`), the article's publication date and where the
sentence stands in the article. Out: a sparse feature dict that the event model's modality
view scores over `MODALITY_CLASSES` (asserted, historical, ongoing, planned).

Why learned: the coders' "historical" (background told months or years later) and "ongoing"
rest on cues no single rule weighs well together: tense and aspect ("had been", "has been
fighting"), years and words such as "ago" or "since" in the sentence, the distance to the
publication date, and background sitting late in an article.
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Span, Token

from newsevents.events.candidates import anchor, is_light
from newsevents.events.lexicon import TriggerLexicon
from newsevents.events.modality import modality
from newsevents.timex.resolve import DateRange

MODALITY_CLASSES = ("asserted", "historical", "ongoing", "planned")
# readings the grammar states outright and the labels hold too few of to learn: they stand
GRAMMAR_ONLY = frozenset({"negated", "hypothetical"})
YEAR = re.compile(r"\b(1[89]\d\d|2[01]\d\d)\b")
# days between the event's date and the publication date, as the buckets the view weighs
DAY_BUCKETS = ((0, "same-day"), (7, "week"), (31, "month"), (365, "year"))
POSITION_BUCKETS = ((0, "lede"), (2, "top"), (6, "body"), (12, "late"))


def carrier_verb(token: Token, lexicon: TriggerLexicon) -> Token:
    """The verb whose tense and auxiliaries carry the event of `token` ("made a visit": made)."""
    nominal = token.pos_ not in ("VERB", "AUX") and token.tag_ != "VBN"
    if not nominal:
        return token
    anchored = anchor(token)
    if anchored.dep_ == "pobj":
        return anchored.head.head
    return anchored.head if is_light(anchored.head, lexicon) else token


def grammar_modality(token: Token, lexicon: TriggerLexicon) -> str:
    """The grammar's reading of the modality of the event `token` expresses."""
    nominal = token.pos_ not in ("VERB", "AUX") and token.tag_ != "VBN"
    return modality(carrier_verb(token, lexicon), token if nominal else None)


def modality_features(
    token: Token,
    lexicon: TriggerLexicon,
    *,
    category: str,
    rule: str,
    when: DateRange | None,
    published: dt.date | None,
    position: int,
) -> dict[str, float]:
    """The features the modality view scores for one event."""
    sent: Span = token.sent
    verb = carrier_verb(token, lexicon)
    # a promise or a threat is itself asserted though it speaks of the future ("will provide aid")
    f: dict[str, float] = {
        "bias": 1.0,
        f"rule={rule}": 1.0,
        f"category={category}": 1.0,
        f"category|rule={category}|{rule}": 1.0,
        f"tag={token.tag_}": 1.0,
    }
    chain = [verb]
    while len(chain) < 3 and chain[-1].head.i != chain[-1].i:
        chain.append(chain[-1].head)
    for depth, v in enumerate(chain):
        f[f"v{depth}tag={v.tag_}"] = 1.0
        for child in v.children:
            if child.dep_ in ("aux", "auxpass", "neg"):
                f[f"v{depth}aux={child.lemma_.lower()}|{child.tag_}"] = 1.0
            elif child.dep_ in ("advmod", "npadvmod") and depth == 0:
                f[f"adv={child.lemma_.lower()}"] = 1.0
    for t in sent:
        if t.is_alpha:
            f[f"s={t.lemma_.lower()}"] = 0.3
    for ent in sent.ents:
        if ent.label_ != "DATE":
            continue
        for word in ent:
            if word.is_alpha:
                f[f"date_word={word.lower_}"] = 1.0
        for year in YEAR.findall(ent.text):
            if published is not None:
                relation = "past" if int(year) < published.year else "this" if int(year) == published.year else "next"
                f[f"year={relation}"] = 1.0
    if when is None:
        f["when=none"] = 1.0
    else:
        f[f"granularity={when.granularity}"] = 1.0
        if published is not None:
            f[f"when={_days_bucket((published - when.end).days)}"] = 1.0
    f[f"position={_bucket(position, POSITION_BUCKETS, 'background')}"] = 1.0
    return f


def _days_bucket(days_before: int) -> str:
    if days_before < 0:
        return "future"
    return _bucket(days_before, DAY_BUCKETS, "years")


def _bucket(value: int, buckets: tuple[tuple[int, str], ...], beyond: str) -> str:
    return next((name for limit, name in buckets if value <= limit), beyond)
