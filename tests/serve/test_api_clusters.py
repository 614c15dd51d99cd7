"""REST API of cross-article clusters: GET /clusters, GET /clusters/{id}, `related` of GET /articles/{id},
and the clustering POST /articles does; over a DuckDB store in tmp_path filled by hand (no engine)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from clusters.test_store_clusters import MEETING_ID, PROTEST_ID, SHELLING_ID, store_scenario
from newsevents.clusters import cluster_id_for
from newsevents.record import Cluster, ClusterDetail
from newsevents.serve import create_app
from newsevents.store import open_store
from serve.conftest import FakeEngine


def assert_error(body: dict[str, Any], status: int, field: str | None = None) -> None:
    """The API's one error shape, naming `field` when given."""
    assert body["ok"] is False
    assert body["status"] == status
    assert isinstance(body["error"], str) and body["error"]
    assert isinstance(body["errors"], list)
    if field is not None:
        assert field in [e["field"] for e in body["errors"]], body


@pytest.fixture
def clustered_db(tmp_path: Path) -> Path:
    path = tmp_path / "clusters.duckdb"
    with open_store(str(path)) as store:
        store_scenario(store)
    return path


@pytest.fixture
def api(clustered_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(clustered_db), engine_factory=FakeEngine)) as c:
        yield c


def ids(body: dict[str, Any]) -> list[str]:
    return [c["id"] for c in body["clusters"]]


# ---- GET /clusters ----------------------------------------------------------------------------


def test_clusters_most_reported_first(api: TestClient) -> None:
    r = api.get("/clusters")
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["total"], body["limit"], body["offset"]) == (3, 100, 0)
    assert ids(body) == [MEETING_ID, SHELLING_ID, PROTEST_ID]
    top = Cluster.model_validate(body["clusters"][0])
    assert (top.event, top.num_articles, top.num_events, top.num_mentions) == ("CONSULT", 3, 3, 4)
    assert str(top.first_report) == "2024-03-11" and str(top.last_report) == "2024-03-12"
    assert str(top.date_start) == "2024-03-10" and str(top.date_end) == "2024-03-11"
    assert top.representative.id == "blog-3-e1"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("actor=LBY", [MEETING_ID]),  # matched by paper-2-e1, not the representative event
        ("actor=RUS", [SHELLING_ID]),
        ("recipient=FRA", [PROTEST_ID]),
        ("party=UKR", [SHELLING_ID]),
        ("category=CONSULT", [MEETING_ID]),
        ("category=protest", [PROTEST_ID]),
        ("from=2024-03-11", [MEETING_ID, PROTEST_ID]),
        ("date_from=2024-03-11", [MEETING_ID, PROTEST_ID]),
        ("to=2024-03-09", [SHELLING_ID]),
        ("date_from=2024-03-10&date_to=2024-03-10", [MEETING_ID]),
        ("from=2024-04", []),
        ("country=UKR", [SHELLING_ID]),
        ("place=Paris", [PROTEST_ID]),
        ("text=fuel", [PROTEST_ID]),
        ("article_id=paper-2", [MEETING_ID, PROTEST_ID]),
        ("actor=ZZZ", []),
        ("min_articles=2", [MEETING_ID]),
        ("min_articles=3", [MEETING_ID]),
        ("min_articles=4", []),
        ("min_articles=2&actor=RUS", []),
        ("min_articles=1&article_id=paper-2", [MEETING_ID, PROTEST_ID]),
    ],
)
def test_clusters_filters_as_events(api: TestClient, query: str, expected: list[str]) -> None:
    r = api.get(f"/clusters?{query}")
    assert r.status_code == 200, r.text
    body = r.json()
    assert ids(body) == expected
    assert body["total"] == len(expected)


def test_clusters_paging(api: TestClient) -> None:
    first = api.get("/clusters?limit=2").json()
    second = api.get("/clusters?limit=2&offset=2").json()
    assert (first["total"], first["limit"], first["offset"]) == (3, 2, 0)
    assert (second["total"], second["limit"], second["offset"]) == (3, 2, 2)
    assert ids(first) + ids(second) == [MEETING_ID, SHELLING_ID, PROTEST_ID]
    beyond = api.get("/clusters?offset=10").json()
    assert beyond["total"] == 3 and beyond["clusters"] == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("min_articles=0", "min_articles"),
        ("min_articles=-1", "min_articles"),
        ("min_articles=many", "min_articles"),
        ("quad=5", "quad"),
        ("category=CHAT", "category"),
        ("modality=maybe", "modality"),
        ("date_from=yesterday", "date_from"),
        ("date_to=2024-02-30", "date_to"),
        ("limit=0", "limit"),
        ("limit=1001", "limit"),
        ("offset=-1", "offset"),
    ],
)
def test_clusters_bad_query_is_422_naming_the_field(api: TestClient, query: str, field: str) -> None:
    r = api.get(f"/clusters?{query}")
    assert r.status_code == 422, r.text
    assert_error(r.json(), 422, field)


# ---- GET /clusters/{id} -----------------------------------------------------------------------


def test_cluster_detail_has_events_and_articles(api: TestClient) -> None:
    r = api.get(f"/clusters/{MEETING_ID}")
    assert r.status_code == 200, r.text
    detail = ClusterDetail.model_validate(r.json())
    assert detail.cluster.id == MEETING_ID and detail.cluster.num_articles == 3
    assert [e.id for e in detail.events] == ["paper-2-e1", "wire-1-e1", "blog-3-e1"]
    assert [a.id for a in detail.articles] == ["paper-2", "wire-1", "blog-3"]
    assert detail.articles[0].title == "Title of paper-2"
    assert detail.articles[0].url == "https://news.example.org/paper-2"
    assert str(detail.articles[2].published) == "2024-03-12"
    single = api.get(f"/clusters/{SHELLING_ID}").json()
    assert [e["id"] for e in single["events"]] == ["wire-1-e2"] and [a["id"] for a in single["articles"]] == ["wire-1"]


def test_unknown_cluster_is_404_in_the_error_shape(api: TestClient) -> None:
    r = api.get("/clusters/c0000000000000000")
    assert r.status_code == 404
    body = r.json()
    assert_error(body, 404, "cluster_id")
    assert "c0000000000000000" in body["error"]
    r = api.get("/clusters/bad%01id")
    assert r.status_code == 422
    assert_error(r.json(), 422, "cluster_id")


# ---- GET /articles/{id}: related --------------------------------------------------------------


def test_article_detail_lists_the_other_articles_of_its_events(api: TestClient) -> None:
    body = api.get("/articles/wire-1").json()
    assert sorted(e["id"] for e in body["events"]) == ["wire-1-e1", "wire-1-e2"]
    assert len(body["related"]) == 1  # the shelling is reported by wire-1 alone
    rel = body["related"][0]
    assert (rel["event_id"], rel["cluster_id"], rel["num_articles"]) == ("wire-1-e1", MEETING_ID, 3)
    assert [a["id"] for a in rel["articles"]] == ["paper-2", "blog-3"]
    assert rel["articles"][1] == {
        "id": "blog-3",
        "title": "Title of blog-3",
        "url": "https://news.example.org/blog-3",
        "published": "2024-03-12",
    }
    paper = api.get("/articles/paper-2").json()
    assert [(r["event_id"], [a["id"] for a in r["articles"]]) for r in paper["related"]] == [
        ("paper-2-e1", ["wire-1", "blog-3"])
    ]


def test_article_in_no_shared_cluster_has_no_related(tmp_path: Path) -> None:
    path = tmp_path / "unclustered.duckdb"
    with open_store(str(path)) as store:
        store_scenario(store)
        store.replace_events("blog-3", [])  # the meeting stays shared by wire-1 and paper-2
    with TestClient(create_app(str(path), engine_factory=FakeEngine)) as c:
        blog = c.get("/articles/blog-3").json()
        assert blog["events"] == [] and blog["related"] == []
        wire = c.get("/articles/wire-1").json()
        assert [[a["id"] for a in r["articles"]] for r in wire["related"]] == [["paper-2"]]
        assert c.get("/clusters?min_articles=3").json()["total"] == 0


# ---- POST /articles clusters what it stores ---------------------------------------------------


def test_posted_articles_are_clustered(api: TestClient) -> None:
    before = api.get("/clusters").json()
    assert before["total"] == 3
    first = {
        "id": "post-1",
        "text": "Salvini met Ashour in Tripoli on Monday to discuss migration. More to follow.",
        "published": "2024-05-06",
    }
    second = {
        "id": "post-2",
        "text": "Salvini met Ashour in Tripoli on Monday to discuss migration routes. Talks went on.",
        "published": "2024-05-06",
        "title": "Talks in Tripoli",
    }
    for payload in (first, second):
        r = api.post("/articles", json=payload)
        assert r.status_code == 201, r.text

    after = api.get("/clusters").json()  # not the answer cached before the posts
    assert after["total"] == 4
    shared = api.get("/clusters?min_articles=2&article_id=post-2").json()
    assert ids(shared) == [cluster_id_for("post-1-f1")]
    detail = api.get(f"/clusters/{cluster_id_for('post-1-f1')}").json()
    assert [e["id"] for e in detail["events"]] == ["post-1-f1", "post-2-f1"]
    assert [a["id"] for a in detail["articles"]] == ["post-1", "post-2"]
    rel = api.get("/articles/post-2").json()["related"]
    assert [(r["event_id"], [a["id"] for a in r["articles"]]) for r in rel] == [("post-2-f1", ["post-1"])]
    # posting the same text again stores and clusters nothing
    r = api.post("/articles", json=second)
    assert r.status_code == 200 and r.json()["duplicate"] is True
    assert api.get("/clusters").json()["total"] == 4
