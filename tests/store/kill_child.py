"""Child process of the kill test: ingests factory articles into a store, one line per commit.

Usage: python kill_child.py STORE_URL COUNT. Prints "stored <i>" or "skipped <i>" after each article.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from factory import make_article  # noqa: E402

from newsevents.store import open_store  # noqa: E402


def events_of(i: int) -> int:
    return 25 + i % 20


def main() -> None:
    url, count = sys.argv[1], int(sys.argv[2])
    with open_store(url) as store:
        for i in range(count):
            article, events = make_article(i, events=events_of(i))
            added = store.add_article(article, events)
            print(f"{'stored' if added else 'skipped'} {i}", flush=True)


if __name__ == "__main__":
    main()
