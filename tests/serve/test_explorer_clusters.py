"""End-to-end: the explorer groups events by cluster and links an article to the others that
report the same event (Chromium driven by Playwright, a uvicorn server on 127.0.0.1).

The store holds the hand-made events of the seed article and two short reports written for
this test: one of the same Tripoli visit, one of an unrelated event.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from typing import Any

import pytest

from newsevents.clusters import cluster_store
from newsevents.record import Article, Entity, Event, TextInfo
from newsevents.store import open_store
from serve.live import browser_page, serving
from serve.serve_sample import SEED_ID, seed_article
from serve.test_explorer_e2e import SCREENSHOTS  # and the module is skipped where Chromium is missing

VISIT = (
    "TRIPOLI, June 25 - Italy's interior minister Matteo Salvini met Libyan officials in Tripoli on Monday "
    "to discuss migrant departures. Salvini said the talks in Tripoli were useful."
)
OTHER = "Farmers in Brittany protested on Monday against the price of milk, blocking roads near Rennes."


def _event(article_id: str, text: str, n: int, category: str, sentence_end: str, actor: str, recipient: str) -> Event:
    end = text.index(sentence_end) + len(sentence_end)
    start = text.index(" - ") + 3 if " - " in text[:end] else 0
    return Event(
        id=f"{article_id}-e{n}",
        article_id=article_id,
        event=category,
        date="2018-06-25",
        actor=[Entity(code=actor, sector="GOV")],
        recipient=[Entity(code=recipient, sector="GOV")] if recipient else [],
        quad_code=1 if category == "CONSULT" else 4,
        confidence=0.8,
        text_info=TextInfo(sentence=text[start:end], start=start, end=end),
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("clusters") / "explorer.duckdb"
    seed, seed_events = seed_article()
    with open_store(str(db)) as st:
        st.add_article(seed, seed_events)
        st.add_article(
            Article(id="visit-report", text=VISIT, title="Salvini in Tripoli", published=dt.date(2018, 6, 25)),
            [_event("visit-report", VISIT, 1, "CONSULT", "migrant departures.", "ITA", "LBY")],
        )
        st.add_article(
            Article(id="milk-protest", text=OTHER, title="Milk protest", published=dt.date(2018, 6, 25)),
            [_event("milk-protest", OTHER, 1, "PROTEST", "near Rennes.", "FRA", "")],
        )
        cluster_store(st)
    with serving(str(db)) as base:
        yield base


@pytest.fixture
def page(server: str) -> Iterator[Any]:
    with browser_page(server) as pg:
        yield pg


def test_group_by_cluster_lists_the_event_reported_by_two_articles(page: Any, server: str) -> None:
    page.goto(server + "/")
    page.wait_for_selector("[data-testid=event-row]")
    page.check("[data-testid=group-clusters]")
    page.wait_for_selector("[data-testid=cluster-row]")
    assert "group=cluster" in page.url
    top = page.locator("[data-testid=cluster-row]").first
    assert top.get_attribute("data-articles") == "2"
    assert "reported by 2 articles" in top.inner_text()
    assert "CONSULT" in top.inner_text()
    # every other cluster is one article's
    others = page.locator("[data-testid=cluster-row]")
    assert [others.nth(i).get_attribute("data-articles") for i in range(1, others.count())] == ["1"] * (
        others.count() - 1
    )
    top.click()
    members = page.locator("[data-testid=cluster-member]")
    members.first.wait_for()
    assert sorted(members.nth(i).get_attribute("data-article-id") for i in range(members.count())) == sorted(
        [SEED_ID, "visit-report"]
    )
    if os.environ.get("NEWSEVENTS_SCREENSHOTS") == "1":
        page.locator("[data-testid=table-view]").screenshot(path=str(SCREENSHOTS / "explorer-clusters.png"))
    # a member opens its article, which names the other report
    page.locator("[data-testid=cluster-member][data-article-id=visit-report]").click()
    page.wait_for_selector("[data-testid=related-reports]")
    assert page.inner_text("[data-testid=article-title]") == "Salvini in Tripoli"
    related = page.locator("[data-testid=related-article]")
    assert related.count() == 1 and related.first.get_attribute("data-article-id") == SEED_ID
    related.first.click()
    page.wait_for_function("document.querySelector('[data-testid=article-title]').textContent !== 'Salvini in Tripoli'")
    facts = page.locator("[data-testid=event-facts]")
    assert facts.get_attribute("data-event-id").startswith(SEED_ID)
    assert "CONSULT" in page.inner_text("[data-testid=fact-event]")
    page.wait_for_selector("[data-testid=related-reports]")


def test_grouping_survives_a_reload_and_an_article_alone_has_no_related_reports(page: Any, server: str) -> None:
    page.goto(server + "/?group=cluster")
    page.wait_for_selector("[data-testid=cluster-row]")
    assert page.is_checked("[data-testid=group-clusters]")
    row = page.locator("[data-testid=cluster-row][data-articles='1']").filter(has_text="PROTEST")
    row.click()
    page.locator("[data-testid=cluster-member]").first.click()
    page.wait_for_selector("[data-testid=event-facts]")
    assert page.inner_text("[data-testid=article-title]") == "Milk protest"
    assert page.locator("[data-testid=related-reports]").count() == 0
    page.uncheck("[data-testid=group-clusters]")
    page.wait_for_selector("[data-testid=event-row]")
    assert "group=cluster" not in page.url
