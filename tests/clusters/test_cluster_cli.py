"""`newsevents cluster`, and the clustering `ingest` and `recode` do, on DuckDB stores in tmp_path.

The stores are filled by hand (`store_scenario`) or by `ingest` with a fake engine (no spaCy).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.clusters import ClusterReport, cluster_id_for
from newsevents.errors import InputError
from newsevents.record import Article, Cluster, Entity, Event, TextInfo
from newsevents.store import open_store

from .test_store_clusters import (
    MEETING_ID,
    PROTEST_ID,
    SHELLING_ID,
    assignment,
    blog,
    paper,
    store_scenario,
    wire,
)


def summary(events: int, joined: int, new_clusters: int, multi_article: int) -> str:
    """The summary line of a clustering run that did this."""
    return ClusterReport(events, joined, new_clusters, multi_article).summary()


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "250"})
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A store holding the three articles of the scenario, none of their events clustered yet."""
    path = str(tmp_path / "events.duckdb")
    with open_store(path) as store:
        for art, evs in (wire(), paper(), blog()):
            store.add_article(art, evs)
    return path


def test_cluster_places_the_events_and_shows_the_clusters_reported_by_two_articles(db: str) -> None:
    code, out, err = run("cluster", "--db", db)
    assert code == 0, err
    assert err.splitlines() == [
        summary(5, 2, 3, 1),
        "clusters 1-1 of 1 reported by 2+ articles",
    ]
    # the cluster: its id, how many articles report it, when, what and who, and its evidence
    assert out.count(MEETING_ID) == 1
    row = next(line for line in out.splitlines() if MEETING_ID in line)
    for cell in ("3", "CONSULT", "ITA -> LBY", "2024-03-11..2024-03-12"):
        assert cell in row, out
    assert "Salvini and Ashour met in Tripoli" in out  # the representative event's sentence
    assert SHELLING_ID not in out and PROTEST_ID not in out  # one article each: not shown by default
    with open_store(db) as store:
        assert store.unclustered_events() == []
        assert store.count_clusters() == 3

    code, out, err = run("cluster", "--db", db, "--min-articles", "1")
    assert code == 0, err
    assert err.splitlines() == [summary(0, 0, 0, 0), "clusters 1-3 of 3 reported by 1+ articles"]
    positions = [out.index(cid) for cid in (MEETING_ID, SHELLING_ID, PROTEST_ID)]
    assert positions == sorted(positions)  # most reported first
    assert "RUS -> UKR" in out and "--- -> FRA" in out


def test_cluster_jsonl_is_one_cluster_a_line(db: str) -> None:
    code, out, err = run("cluster", "--db", db, "--min-articles", "1", "--format", "jsonl")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 3
    clusters = [Cluster.model_validate_json(line) for line in lines]
    assert [c.id for c in clusters] == [MEETING_ID, SHELLING_ID, PROTEST_ID]
    top = clusters[0]
    assert (top.num_articles, top.num_events, top.num_mentions, top.event) == (3, 3, 4, "CONSULT")
    assert top.representative.id == "blog-3-e1"
    assert json.loads(lines[0])["first_report"] == "2024-03-11"
    assert err.splitlines()[-1] == "clusters 1-3 of 3 reported by 1+ articles"
    # the limit and the filters of `query`
    code, out, _ = run("cluster", "--db", db, "--min-articles", "1", "-f", "jsonl", "--limit", "1")
    assert code == 0 and [Cluster.model_validate_json(x).id for x in out.splitlines()] == [MEETING_ID]
    code, out, err = run("cluster", "--db", db, "--min-articles", "1", "-f", "jsonl", "--actor", "RUS")
    assert code == 0 and [Cluster.model_validate_json(x).id for x in out.splitlines()] == [SHELLING_ID]
    assert err.splitlines()[-1] == "clusters 1-1 of 1 reported by 1+ articles"
    code, out, err = run("cluster", "--db", db, "-f", "jsonl", "--category", "ASSAULT")
    assert code == 0 and out == ""
    assert err.splitlines()[-1] == "0 of 0 clusters reported by 2+ articles"


def test_cluster_rebuild_places_every_event_again_with_the_same_answer(tmp_path: Path) -> None:
    db = str(tmp_path / "events.duckdb")
    with open_store(db) as store:
        store_scenario(store)
        before = assignment(store)
    code, out, err = run("cluster", "--db", db, "--rebuild", "-f", "jsonl")
    assert code == 0, err
    assert err.splitlines()[0] == summary(5, 2, 3, 1)
    assert [Cluster.model_validate_json(x).id for x in out.splitlines()] == [MEETING_ID]
    with open_store(db) as store:
        assert assignment(store) == before
    code, _, err = run("cluster", "--db", db)
    assert code == 0 and err.splitlines()[0] == summary(0, 0, 0, 0)


def settings_file(path: Path, **changes: Any) -> Path:
    """The packaged settings with `changes`, written to `path`."""
    data = yaml.safe_load((resources.files("newsevents.clusters") / "data" / "clusters.yaml").read_text("utf-8"))
    data.update(changes)
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("families: [unclosed\n", "not valid YAML"),
        ({"families": {"talks": ["CONSULT", "CHAT"]}}, "bad cluster settings"),
        ({"threshold": 0}, "bad cluster settings at threshold"),
        ("threshold: 0.5\n", "bad cluster settings"),
    ],
)
def test_bad_settings_are_one_error_line_and_exit_2(
    db: str, tmp_path: Path, content: str | dict[str, Any], problem: str
) -> None:
    path = tmp_path / "settings.yaml"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        settings_file(path, **content)
    code, out, err = run("cluster", "--db", db, "--settings", str(path))
    assert code == 2
    assert out == ""
    assert err.startswith(f"newsevents: error: {path}: {problem}")
    assert err.count("\n") == 1 and err.endswith("\n")
    with open_store(db) as store:  # nothing was clustered
        assert len(store.unclustered_events()) == 5 and store.count_clusters() == 0


def test_missing_settings_file_and_bad_options_are_errors(db: str, tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    code, out, err = run("cluster", "--db", db, "--settings", str(missing))
    assert code == 2 and out == "" and err.startswith(f"newsevents: error: {missing}: cannot read")
    code, out, err = run("cluster", "--db", db, "--format", "xml")
    assert code == 2 and out == "" and err.startswith("newsevents: error: --format: unknown format 'xml'")
    code, out, err = run("cluster", "--db", db, "--category", "NOPE")
    assert code == 2 and out == "" and err.startswith("newsevents: error: --category: unknown category 'NOPE'")
    code, _, _ = run("cluster", "--db", db, "--min-articles", "0")
    assert code == 2
    with open_store(db) as store:
        assert store.count_clusters() == 0


def test_cluster_with_other_settings(db: str, tmp_path: Path) -> None:
    # a threshold no two wordings reach: every event is alone
    path = settings_file(tmp_path / "strict.yaml", threshold=1.0)
    code, out, err = run("cluster", "--db", db, "--settings", str(path), "-f", "jsonl")
    assert code == 0, err
    assert out == ""
    assert err.splitlines() == [
        summary(5, 0, 5, 0),
        "0 of 0 clusters reported by 2+ articles",
    ]


# ---- ingest and recode ------------------------------------------------------------------------


class MeetingEngine:
    """Stands in for the engine: one CONSULT ITA -> LBY event on each article's first sentence."""

    version = "fake-1"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def process(
        self,
        articles: Iterable[Article],
        *,
        batch_size: int = 16,
        on_error: Callable[[InputError], None] | None = None,
    ) -> Iterator[tuple[Article, list[Event]]]:
        for article in articles:
            self.seen.append(article.id)
            end = article.text.find(".") + 1 or len(article.text)
            sentence = article.text[:end]
            yield (
                article,
                [
                    Event(
                        id=f"{article.id}-f1",
                        article_id=article.id,
                        event="CONSULT",
                        date=article.published.isoformat() if article.published else None,
                        actor=[Entity(code="ITA")],
                        recipient=[Entity(code="LBY")],
                        text_info=TextInfo(sentence=sentence, start=0, end=end),
                    )
                ],
            )


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> MeetingEngine:
    engine = MeetingEngine()
    for module in ("ingest", "recode"):
        monkeypatch.setattr(f"newsevents.cli.{module}.load_engine", lambda actor_files=(): engine)
    return engine


@pytest.fixture
def news(tmp_path: Path) -> Path:
    rows = [
        {"id": "wire", "published": "2024-03-11", "text": "Salvini met Ashour in Tripoli on Monday. More later."},
        {"id": "paper", "published": "2024-03-11", "text": "Salvini and Ashour met in Tripoli on Monday. Talks."},
        {"id": "later", "published": "2024-03-25", "text": "Salvini met Ashour again, in Rome this time."},
    ]
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_ingest_clusters_what_it_stores(fake: MeetingEngine, news: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "events.duckdb")
    code, _, err = run("ingest", str(news), "--db", db)
    assert code == 0, err
    assert err.splitlines()[-2:] == [
        "3 new articles, 0 already stored, 3 events",
        summary(3, 1, 2, 1),
    ]
    with open_store(db) as store:
        assert store.unclustered_events() == []
        a = assignment(store)
    assert a["paper-f1"] == a["wire-f1"] == cluster_id_for("paper-f1") != a["later-f1"]
    # nothing new: nothing coded, nothing clustered
    code, _, err = run("ingest", str(news), "--db", db)
    assert code == 0 and err.splitlines() == ["0 new articles, 3 already stored, 0 events"]


def test_ingest_no_cluster_leaves_the_events_for_a_later_cluster(
    fake: MeetingEngine, news: Path, tmp_path: Path
) -> None:
    db = str(tmp_path / "events.duckdb")
    code, _, err = run("ingest", str(news), "--db", db, "--no-cluster")
    assert code == 0, err
    assert err.splitlines() == ["3 new articles, 0 already stored, 3 events"]
    with open_store(db) as store:
        assert len(store.unclustered_events()) == 3
        assert store.count_clusters() == 0

    code, out, err = run("cluster", "--db", db, "-f", "jsonl")
    assert code == 0, err
    assert err.splitlines()[0] == summary(3, 1, 2, 1)
    found = [Cluster.model_validate_json(x) for x in out.splitlines()]
    assert [(c.id, c.num_articles) for c in found] == [(cluster_id_for("paper-f1"), 2)]
    with open_store(db) as store:
        assert store.unclustered_events() == []


def test_recode_places_the_recoded_events_again(fake: MeetingEngine, news: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "events.duckdb")
    assert run("ingest", str(news), "--db", db)[0] == 0
    with open_store(db) as store:
        before = assignment(store)
        summaries = [c.model_dump() for c in store.query_clusters()]
    code, _, err = run("recode", "--db", db)
    assert code == 0, err
    assert err.splitlines()[-2:] == [
        "3 articles recoded, 3 events before, 3 after",
        # every event left its cluster, so every cluster was emptied and starts again
        summary(3, 1, 2, 1),
    ]
    with open_store(db) as store:
        assert store.unclustered_events() == []
        assert assignment(store) == before
        assert [c.model_dump() for c in store.query_clusters()] == summaries
