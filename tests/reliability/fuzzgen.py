"""Seeded generators of hostile article texts for the reliability tests.

In: a `random.Random`. Out: texts mixing words of our own news-like sentences with random
unicode (lone surrogates, control characters, NUL, combining marks, emoji, right-to-left
script), huge tokens, blank lines and odd dates, and publication dates at and beyond the
accepted range.
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
    """One text of up to about 60,000 characters."""
    parts: list[str] = []
    for _ in range(rng.randint(1, 12)):
        kind = rng.random()
        if kind < 0.4:
            parts.append(rng.choice(OWN_SENTENCES))
        elif kind < 0.7:
            parts.append(random_chars(rng, rng.randint(1, 200)))
        elif kind < 0.8:
            parts.append(rng.choice("ab\u00e9\ud800\x00") * rng.randint(1_000, 8_000))  # a huge token
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
