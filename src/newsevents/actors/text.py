"""Text normalisation shared by the actor knowledge base and the resolver.

In: a noun phrase or a KB name as written ("Italy’s Home Affairs Minister", "U.S.", "Khürelsükh").
Out: a list of `Tok` (folded form, lemma, whether it was written in capitals, whether a possessive
"'s" ended it) or `None` for separators (commas, semicolons, brackets). KB keys and input phrases go
through the same function, so a name matches however it is accented, punctuated or capitalised.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_EXTRA_FOLD = str.maketrans(
    {
        "ø": "o", "Ø": "O", "ß": "ss", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i",
        "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "ð": "d",
        "’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'",
        "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-",
    }
)
_TOKEN_RE = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)*'?|[,;()\[\]/]")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")  # "500,000" is one number, not two phrases
_INVARIANT = frozenset(
    {
        "police", "personnel", "staff", "people", "clergy", "military", "media", "press", "series",
        "news", "species", "swiss", "headquarters", "means", "aircraft", "militia",
    }
)
_IRREGULAR = {
    "people": "person", "children": "child", "women": "woman", "men": "man", "clergymen": "clergyman",
    "police": "police", "media": "media", "staff": "staff", "personnel": "personnel",
}


@dataclass(frozen=True, slots=True)
class Tok:
    """One token: `norm` is lower-case ASCII, `lemma` its singular, `upper` whether all-capitals."""

    text: str
    norm: str
    lemma: str
    upper: bool
    cap: bool
    possessive: bool


def fold(text: str) -> str:
    """Strip accents and unify apostrophes and dashes; keep case."""
    text = text.translate(_EXTRA_FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def singular(word: str) -> str:
    """A rough English singular for role nouns and demonyms ("militias" -> "militia")."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or word in _INVARIANT:
        return word
    if word.endswith("men") and len(word) > 4:
        return word[:-3] + "man"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "ese")):
        return word[:-1]  # "iraqis" -> "iraqi"; "crisis" -> "crisi" is harmless: no such KB key
    return word


def tokenize(text: str) -> list[Tok | None]:
    """Split a phrase into tokens; separators come back as None."""
    folded = _THOUSANDS.sub("", fold(text)).replace(".", "")
    folded = folded.replace("-", " ")
    out: list[Tok | None] = []
    for match in _TOKEN_RE.finditer(folded):
        raw = match.group(0)
        if raw in ",;()[]/":
            out.append(None)
            continue
        possessive = False
        if raw.endswith("'s") and len(raw) > 2:
            raw, possessive = raw[:-2], True
        elif raw.endswith("'"):
            raw, possessive = raw[:-1], True
        raw = raw.strip("'")
        if not raw:
            continue
        norm = raw.lower()
        letters = [c for c in raw if c.isalpha()]
        upper = bool(letters) and all(c.isupper() for c in letters)
        out.append(Tok(raw, norm, singular(norm), upper, raw[:1].isupper(), possessive))
    return out


def key_of(text: str) -> tuple[str, ...]:
    """The lookup key of a KB name: its folded tokens, separators and a leading "the" dropped."""
    key = tuple(t.norm for t in tokenize(text) if t is not None)
    return key[1:] if len(key) > 1 and key[0] == "the" else key


def deletions(word: str) -> set[str]:
    """Every string made by deleting one character (for one-typo matching)."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}
