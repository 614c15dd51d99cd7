"""Seeded generators of hostile article texts for the reliability tests.

In: a `random.Random`. Out: texts mixing words of our own news-like sentences with random
unicode (lone surrogates, control characters, NUL, combining marks, emoji, right-to-left
script), characters that change length under case mapping or normalisation, invisible and
bidirectional formatting, huge tokens, blank lines, dates past the edges of the calendar in
the text, and publication dates at and beyond the accepted range.
"""

from __future__ import annotations

import random

OWN_SENTENCES = (
    "The foreign minister of France met the president of Germany in Berlin on Monday.",
    "Police arrested 40 protesters in Lagos after a march against fuel prices.",
    "Russia threatened to cut gas supplies to Ukraine next week.",
    "The United Nations sent food aid to Sudan, officials said on 3 March 2021.",
    "Rebels attacked an army base near Goma on the 31st of February, year 9999.",
    "Talks between Italy and Libya will resume in the year 0001 or in 10000 BC.",
)

# Dates and numbers at and past the edges of the calendar, in words and in other digits.
DATE_SENTENCES = (
    "The summit opened on 29 February 2019 and closed on 31/02/2018.",
    "Troops withdrew on 0 January 0000, or on 2018-13-45 at 25:61.",
    "Talks ran between 1 March 2021 and 2 February 2021, then from 9999-12-31 to 10000-01-01.",
    "The ceasefire of 31.12.9999 was signed 99999999999999999999 days ago, in 292278994 AD.",
    "Officials met on the 99th of March, next Tuesday, and yesterday of 1799.",
    "\uff12\uff10\uff11\uff18\u5e74\uff16\u6708\uff12\uff15\u65e5, the minister visited Rome.",
    "\u0661\u0662 \u064a\u0648\u0646\u064a\u0648 \u0662\u0660\u0661\u0668 Egypt hosted talks with Sudan.",
    "In 10000 BC, in -44 and in 1e309, Rome threatened Carthage.",
)

# Characters that change length or vanish under case mapping or normalisation, invisible
# formatting, and line separators other than the newline.
TRICKY = (
    "\u0130stanbul",  # lowercases to two characters
    "Stra\u00dfe STRASSE \u1e9e",
    "\ufb01nance \ufb02ight",  # ligatures
    "e\u0301 \u212b \u2126",  # decomposed e-acute, angstrom and ohm signs (NFC changes them)
    "\u0149 \u01c5 \u03a3\u03a3 \u0390",
    "\u200b\u200c\u200d\u2060\ufeff",  # zero-width characters and the byte order mark
    "\u202e\u2066\u2067\u2068\u2069\u200e\u200f",  # bidirectional controls
    "\u2028\u2029\u0085\u000b\u000c\u001c\u001d\u001e",  # line and paragraph separators
    "\U0001f1fa\U0001f1e6\U0001f469\u200d\U0001f469\u200d\U0001f467",  # flags, joined emoji
)

_RANGES = (
    (0x00, 0x1F),  # C0 controls, NUL included
    (0x7F, 0x9F),  # DEL and C1 controls
    (0x20, 0x7E),
    (0xA0, 0x24F),
    (0x300, 0x36F),  # combining marks
    (0x590, 0x6FF),  # Hebrew, Arabic
    (0x4E00, 0x4E80),
    (0xD800, 0xDFFF),  # lone surrogates
    (0xFFF0, 0xFFFF),
    (0x1F300, 0x1F64F),
)


def random_chars(rng: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        lo, hi = rng.choice(_RANGES)
        out.append(chr(rng.randint(lo, hi)))
    return "".join(out)


def hostile_text(rng: random.Random) -> str:
    """One text of up to about 25,000 characters (most are a few thousand)."""
    parts: list[str] = []
    for _ in range(rng.randint(1, 12)):
        kind = rng.random()
        if kind < 0.3:
            parts.append(rng.choice(OWN_SENTENCES))
        elif kind < 0.35:
            parts.append(rng.choice(DATE_SENTENCES))
        elif kind < 0.4:
            words = rng.choice(OWN_SENTENCES).split()
            k = rng.randrange(len(words))
            parts.append(" ".join([*words[:k], rng.choice(TRICKY), *words[k:]]))
        elif kind < 0.7:
            parts.append(random_chars(rng, rng.randint(1, 200)))
        elif kind < 0.8:
            # a huge token: the tokenizer takes runs of more than 200 characters in slices
            parts.append(rng.choice("ab\u00e9\ud800\x00") * rng.randint(1_000, 3_000))
        elif kind < 0.9:
            parts.append("\n" * rng.randint(1, 5) + " \t\r\x0b\x0c" * rng.randint(0, 3))
        else:
            words = rng.choice(OWN_SENTENCES).split()
            rng.shuffle(words)
            parts.append(" ".join(words) + rng.choice(["", ".", "?!", "\u2026", "\u3002"]))
    return rng.choice([" ", "\n", "\n\n", ""]).join(parts)


EDGE_DATES = (
    None,
    "2018-06-25",
    "1800-01-01",
    "2200-12-31",
    "0001-01-01",
    "9999-12-31",
    "1799-12-31",
    "2201-01-01",
    "2018-06-25garbage",
    "2018-02-30",
    "2018-06-25T10:00:00Z",
    "",
    "\x00",
)


def hostile_published(rng: random.Random) -> str | None:
    return rng.choice(EDGE_DATES)
