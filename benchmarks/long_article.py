"""Time and peak memory of coding one long article.

In: `--chars N` (default 1,000,000): the length of a generated article made of our own
sentences in paragraphs. Out: on stdout, the seconds to code it, its events and the process's
peak resident memory; with `--check`, also that every event's evidence indexes the text.

    .venv/bin/python benchmarks/long_article.py --chars 1000000
"""

from __future__ import annotations

import argparse
import resource
import time

from newsevents.pipeline import Engine

SENTENCES = (
    "The foreign minister of France met the president of Germany in Berlin on Monday.",
    "Police arrested 40 protesters in Lagos after a march against fuel prices.",
    "Russia threatened to cut gas supplies to Ukraine next week.",
    "The United Nations sent food aid to Sudan, officials said.",
)


def article(chars: int) -> str:
    paragraphs: list[str] = []
    size = i = 0
    while size < chars:
        paragraph = " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(5))
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
        i += 1
    return "\n\n".join(paragraphs)[:chars]


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=1_000_000)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = article(args.chars)
    engine = Engine()
    print(f"engine loaded     peak RSS {peak_mib():.0f} MiB")
    start = time.perf_counter()
    events = engine.extract(text, published="2020-01-01")
    secs = time.perf_counter() - start
    print(f"coded             {len(text):,} characters in {secs:.1f} s, {len(events)} events")
    print(f"peak RSS          {peak_mib():.0f} MiB")
    if args.check:
        bad = [e.id for e in events if text[e.text_info.start : e.text_info.end] != e.text_info.sentence]
        print(f"evidence offsets  {'all index the text' if not bad else f'{len(bad)} wrong'}")


if __name__ == "__main__":
    main()
