"""Inputs for the scale-out tests: the seed article and short texts of our own, as one JSONL file,
and the single-process output they are compared with (one engine in this process).

`ray_local`: a local Ray instance on 2 CPUs for one module, shut down after it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsevents.ingest import read_inputs
from newsevents.record import Article, Event

SEED = Path(__file__).parents[1] / "data" / "seed_article.txt"

# Short reports written for these tests (not taken from any corpus).
TEXTS = [
    ("threat", "2022-01-10", "Russia threatened to impose sanctions on Ukraine on Monday."),
    ("ports", "2018-06-11", "Italy has closed its ports to NGO ships, the interior minister said on Sunday."),
    (
        "berlin",
        "2023-03-07",
        "The French president met the German chancellor in Berlin on Tuesday to discuss energy prices.",
    ),
    (
        "nairobi",
        "2024-06-26",
        "Police in Nairobi arrested dozens of protesters who had marched on parliament, officials said on Wednesday.",
    ),
    ("intel", "2016-11-25", "Japan and South Korea signed an agreement on Friday to share military intelligence."),
    ("quiet", "2020-02-02", "The weather in the capital was mild and the markets were closed for the holiday."),
    (
        "caracas",
        "2019-03-15",
        "Protesters in Caracas demanded the resignation of the government after a week of power cuts. "
        "The opposition leader said he would hold another rally on Saturday.",
    ),
    (
        "aid",
        "2021-08-30",
        "Germany pledged 100 million euros in humanitarian aid to Afghanistan on Monday, "
        "while the United Nations warned of a looming food crisis.",
    ),
    ("talks", "2017-04-12", "Chinese and American diplomats will hold talks in Beijing next week, officials said."),
]


def write_articles(path: Path) -> Path:
    """The seed article and `TEXTS` as one JSONL file of articles."""
    rows: list[dict[str, Any]] = [
        {"id": "seed", "text": SEED.read_text(encoding="utf-8"), "published": "2018-06-25"},
        *({"id": aid, "text": text, "published": published} for aid, published, text in TEXTS),
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def articles_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_articles(tmp_path_factory.mktemp("scale") / "articles.jsonl")


@pytest.fixture(scope="session")
def articles(articles_file: Path) -> list[Article]:
    return list(read_inputs([str(articles_file)]))


@pytest.fixture(scope="session")
def single(articles: list[Article]) -> list[tuple[Article, list[Event]]]:
    """What one in-process engine gives for `articles`: the reference every parallel run must equal.

    A new engine, as each worker loads one (the session's shared engine may have been adjusted by
    other tests)."""
    from newsevents.pipeline import Engine

    return list(Engine().process(articles))


def jsonl_of(results: list[tuple[Article, list[Event]]]) -> str:
    """The `extract --format jsonl` text of coded articles."""
    return "".join(e.model_dump_json() + "\n" for _, events in results for e in events)


@pytest.fixture(scope="module")
def ray_local() -> Iterator[Any]:
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        yield ray
    finally:
        ray.shutdown()
