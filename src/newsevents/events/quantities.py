"""Sizes of events (dead, injured, arrested, displaced, crowds and groups) from a parsed sentence.

In: a spaCy `Span` (a sentence of a parsed `Doc`; needs the parser, tagger/lemmatizer and NER).
Out: `find_quantities(sent)` -> a dict such as {"dead": 12} or {"injured": 30, "qualifier": "at least"}.
Keys: dead, injured, arrested, displaced, or the plural of the people noun counted (migrants,
protesters, soldiers, ...). The first quantity found with a qualifier gives "qualifier"; later ones
give "<key>_qualifier". Numbers come from CARDINAL entities and `nummod` arcs; dates, money,
percentages and measures are ignored.

A vague count is never turned into a number: "dozens detained" gives {"arrested": "dozens",
"arrested_min": 24, "arrested_max": 99}, the words as written and the range they conventionally
cover: "Ns" of a unit N (dozen, score, hundred, thousand, million, billion) is at least two of them
and less than the next order ("hundreds": 200-999, "dozens" and "scores": up to 99); "tens of Ns"
is 20N to 100N-1 and "hundreds of Ns" 200N to 1000N-1 ("tens of thousands": 20000-99999).
Word lists: `events/data/quantities.yaml`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

import yaml
from spacy.tokens import Span, Token

from newsevents.errors import ResourceError

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000, "dozen": 12}
_SKIP_ENTS = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"}
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+(?:\.\d+)?$")


@dataclass(frozen=True)
class _Words:
    roles: dict[str, str]  # lemma -> key
    people: dict[str, str]  # noun lemma -> key
    qualifiers: tuple[tuple[str, ...], ...]  # longest first
    vague: dict[str, int]  # lemma -> unit ("dozen": 12)


@functools.cache
def _words() -> _Words:
    try:
        text = resources.files("newsevents.events").joinpath("data", "quantities.yaml").read_text("utf-8")
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise ResourceError(f"quantities word lists: {exc}") from exc
    roles = {str(w): key for key, words in data["role_words"].items() for w in words}
    quals = sorted((tuple(str(q).split()) for q in data["qualifiers"]), key=len, reverse=True)
    return _Words(
        roles=roles,
        people={str(k): str(v) for k, v in data["people"].items()},
        qualifiers=tuple(quals),
        vague={str(k): int(v) for k, v in data["vague"].items()},
    )


def _number_value(tokens: list[Token]) -> int | None:
    """Value of a run of number tokens: "200", "5,000", "1.5 million", "twenty-five", "two hundred"."""
    total, current, seen = 0.0, 0.0, False
    for tok in tokens:
        low = tok.lower_
        if _DIGITS.match(low):
            current += float(low.replace(",", ""))
            seen = True
        elif low in _SCALES:
            current = (current or 1) * _SCALES[low]
            if _SCALES[low] >= 1000:
                total, current = total + current, 0.0
            seen = True
        elif low in _UNITS or all(p in _UNITS for p in low.split("-")):
            current += sum(_UNITS[p] for p in low.split("-"))
            seen = True
        elif low in {"and", "-"}:
            continue
        else:
            return None
    return int(total + current) if seen else None


def _is_number(tok: Token) -> bool:
    low = tok.lower_
    return bool(_DIGITS.match(low)) or low in _SCALES or (tok.like_num and low not in {"a", "an"})


def _people_key(noun: Token, words: _Words) -> str | None:
    lemma = noun.lemma_.lower()
    if lemma in words.people:
        return words.people[lemma]
    if lemma == "officer" and any(c.lower_ == "police" for c in noun.lefts):
        return "police officers"
    return None


def _role(tok: Token, words: _Words) -> str | None:
    """dead/injured/arrested/displaced from the verb governing `tok` or a word right after it."""
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if (
        nxt is not None
        and nxt.lemma_.lower() in words.roles
        and nxt.pos_ in {"ADJ", "VERB", "NOUN"}
        and nxt.dep_ != "compound"
    ):
        return words.roles[nxt.lemma_.lower()]
    if tok.lemma_.lower() in words.roles and tok.pos_ == "NOUN":  # "12 deaths", "30 injuries"
        return words.roles[tok.lemma_.lower()]
    head = tok
    for _ in range(3):
        if head.dep_ in {"nsubj", "nsubjpass", "dobj", "obj", "attr", "appos", "conj"} or head.dep_ == "pobj":
            head = head.head
            if head.pos_ == "ADP":
                head = head.head
            if head.pos_ in {"VERB", "AUX"} or head.lemma_.lower() in words.roles:
                break
        else:
            break
    lemma = head.lemma_.lower()
    if head is not tok and lemma in words.roles:
        return words.roles[lemma]
    for child in tok.children:  # "7 dead", "1,200 homeless"
        if child.dep_ in {"amod", "acomp"} and child.lemma_.lower() in words.roles:
            return words.roles[child.lemma_.lower()]
    return None


def _qualifier(first: Token, words: _Words) -> str | None:
    doc = first.doc
    for q in words.qualifiers:
        n = len(q)
        if first.i - n < 0:
            continue
        if tuple(t.lower_ for t in doc[first.i - n : first.i]) == q:
            return " ".join(q)
    return None


def _before_vague(tok: Token, sent: Span, words: _Words) -> bool:
    """True for "tens"/"hundreds" in "tens of thousands": the words after it carry the count."""
    doc = tok.doc
    nxt = tok.i + 2
    return (
        nxt < sent.end
        and doc[tok.i + 1].lower_ == "of"
        and doc[nxt].lemma_.lower() in words.vague
        and doc[nxt].lower_.endswith("s")
    )


def _vague_range(tok: Token, sent: Span, words: _Words) -> tuple[str, int, int]:
    """The words of a vague count and its range: "dozens" -> 24..99, "tens of thousands" -> 20000..99999."""
    unit = words.vague[tok.lemma_.lower()]
    # below the next order of magnitude: "dozens" and "scores" stop short of "hundreds"
    low, high = 2 * unit, (10 * unit - 1 if unit >= 100 else 99)
    text = tok.lower_
    doc = tok.doc
    if tok.i - 2 >= sent.start and doc[tok.i - 1].lower_ == "of":
        scale = {"tens": 10, "hundreds": 100}.get(doc[tok.i - 2].lower_)
        if scale is not None:
            low, high = 2 * scale * unit, 10 * scale * unit - 1
            text = f"{doc[tok.i - 2].lower_} of {text}"
    return text, low, high


def find_quantities(sent: Span) -> dict[str, int | str]:
    """Quantities in a parsed sentence, keyed by what they count."""
    words = _words()
    found: dict[str, int | str] = {}
    used: set[int] = set()
    for tok in sent:
        if tok.i in used or tok.ent_type_ in _SKIP_ENTS:
            continue
        vague = tok.lemma_.lower() in words.vague and tok.lower_.endswith("s")
        if not (vague or (_is_number(tok) and tok.ent_type_ in {"CARDINAL", ""})):
            continue
        # the whole number: consecutive number tokens
        run = [tok]
        j = tok.i + 1
        while j < sent.end and (_is_number(sent.doc[j]) or sent.doc[j].lower_ == "-") and not vague:
            run.append(sent.doc[j])
            j += 1
        used.update(t.i for t in run)
        last = run[-1]
        qualifier: str | None
        value: int | str
        low = high = 0
        if vague:
            if _before_vague(tok, sent, words):
                continue  # "hundreds of thousands": the count is read at "thousands"
            value, low, high = _vague_range(tok, sent, words)
            qualifier = None
        else:
            parsed = _number_value(run)
            if parsed is None or (1900 <= parsed <= 2100 and last.ent_type_ != "CARDINAL"):
                continue
            value = parsed
            qualifier = _qualifier(tok, words)
        # the noun counted: head of a nummod, or "thousands of <noun>"
        noun: Token | None = None
        if last.dep_ == "nummod" and last.head.pos_ in {"NOUN", "PROPN"}:
            noun = last.head
        elif last.dep_ in {"compound", "quantmod"} and last.head.dep_ == "nummod":
            noun = last.head.head
        else:
            of = next((c for c in last.children if c.lower_ == "of" and c.dep_ == "prep"), None)
            if of is not None:
                noun = next((c for c in of.children if c.dep_ == "pobj"), None)
        anchor = noun if noun is not None else last
        role = _role(anchor, words)
        if role is None and noun is None:
            role = _role(last, words)
        key = role or (_people_key(noun, words) if noun is not None else None)
        if key is None or key in found:
            continue
        found[key] = value
        if vague:
            found[f"{key}_min"], found[f"{key}_max"] = low, high
        if qualifier:
            found["qualifier" if "qualifier" not in found else f"{key}_qualifier"] = qualifier
    return found
