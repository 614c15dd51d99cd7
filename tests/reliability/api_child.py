"""Child process of the API kill test: the real app and server with a quick stand-in engine.

Usage: python api_child.py STORE_URL PORT. Serves `create_app(STORE_URL)` on 127.0.0.1:PORT
with the limits of `newsevents serve`. The engine codes the factory article "Report <i>. ..."
(tests/store/factory.py) into that article's events (25 + i % 20 of them), so storing is a
good part of each POST /articles and a kill lands inside a write often.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))

from factory import make_article  # noqa: E402
from kill_child import events_of  # noqa: E402

from newsevents.record import Article, Event  # noqa: E402
from newsevents.serve import create_app  # noqa: E402
from newsevents.serve.server import run  # noqa: E402


class FactoryEngine:
    """Codes factory article i into its events, as the store tests' kill child writes them."""

    def extract_article(self, article: Article) -> list[Event]:
        found = re.match(r"Report (\d+)\.", article.text)
        if found is None:
            return []
        i = int(found.group(1))
        return make_article(i, events=events_of(i))[1]


def main() -> None:
    url, port = sys.argv[1], int(sys.argv[2])
    run(create_app(url, engine_factory=FactoryEngine), host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main()
