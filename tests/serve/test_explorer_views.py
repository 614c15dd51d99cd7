"""The explorer's timeline and actor network in Chromium: a real time axis, the unknown actor hidden
by default, readable self-loops.

The store holds two hand-made articles six years apart: the Valletta arrests of 2018 (a self-loop,
MLT -> MLT) and a 2024 attack by unidentified gunmen (actor `---`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest

from newsevents.record import Article, Entity, Event, Location, Mention, TextInfo
from newsevents.store import open_store
from serve.live import browser_page, serving
from serve.serve_sample import second_article
from serve.test_explorer_e2e import CHROMIUM

assert CHROMIUM  # importing the end-to-end module skips this one where Chromium is missing

GUNMEN = "Gunmen attacked a market in Maiduguri on Monday, killing four traders."


def _distant_article() -> tuple[Article, list[Event]]:
    art = Article(id="maiduguri-2024-05-14", text=GUNMEN, published=dt.date(2024, 5, 14), source="tests")
    end = len(GUNMEN)
    event = Event(
        id="maiduguri-2024-05-14-e01",
        article_id=art.id,
        event="ASSAULT",
        context=["military"],
        date="2024-05-13",
        date_basis="published",
        actor=[Entity(code="---", entity_text="Gunmen", start=0, end=6)],
        recipient=[Entity(code="NGA", sector="CVL", entity_text="four traders", start=56, end=68)],
        event_loc=Location(name="Maiduguri", lat=11.8464, lon=13.1603, country_code="NGA", feature="city"),
        event_text="attacked",
        quad_code=4,
        event_scale=-9.0,
        confidence=0.8,
        text_info=TextInfo(sentence=GUNMEN, start=0, end=end, trigger_start=7, trigger_end=15),
        mentions=[Mention(start=0, end=end, sentence=GUNMEN)],
    )
    return art, [event]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("views") / "views.duckdb"
    with open_store(str(db)) as st:
        st.add_article(*second_article())
        st.add_article(*_distant_article())
    with serving(str(db)) as base:
        yield base


@pytest.fixture
def page(server: str) -> Iterator[Any]:
    with browser_page(server) as pg:
        pg.goto(server + "/")
        pg.wait_for_selector("[data-testid=event-row]")
        pg.wait_for_function("document.body.dataset.loading === 'false'")
        yield pg


def _bars(page: Any) -> list[dict[str, Any]]:
    return list(
        page.locator("[data-testid=timeline-bar]").evaluate_all(
            "els => els.map(e => ({day: e.dataset.day, to: e.dataset.to,"
            " x: Number(e.getAttribute('x')), w: Number(e.getAttribute('width'))}))"
        )
    )


def test_timeline_axis_is_time(page: Any) -> None:
    labels = page.locator("[data-testid=timeline-axis] .tick text").evaluate_all("els => els.map(e => e.textContent)")
    assert labels and all(re.search(r"\b(2018|2019|202\d)\b", t) for t in labels), labels  # years shown
    assert any("2018" in t for t in labels) and any("2024" in t for t in labels)
    bars = _bars(page)
    starts = sorted({b["day"] for b in bars})
    assert starts[0].startswith("2018") and starts[-1].startswith("2024")
    # six years between the two bars take (nearly) the whole axis: gaps are proportional to time
    xs = sorted({b["x"] for b in bars})
    svg_width = float(page.locator("[data-testid=timeline-svg]").evaluate("e => e.viewBox.baseVal.width"))
    assert xs[-1] - xs[0] > 0.8 * svg_width


def test_timeline_bar_filters_on_its_days(page: Any) -> None:
    bar = page.locator("[data-testid=timeline-bar]").first
    day, to = bar.get_attribute("data-day"), bar.get_attribute("data-to")
    bar.click()
    page.wait_for_url(f"**date_from={day}**")
    assert f"date_to={to}" in page.url


def test_unknown_actor_hidden_until_asked_for(page: Any) -> None:
    codes = page.locator("[data-testid=network-node]").evaluate_all("els => els.map(e => e.dataset.code)")
    assert "---" not in codes and "MLT" in codes
    assert int(page.get_attribute("#network", "data-hidden-unknown") or 0) >= 1
    page.check("[data-testid=network-show-unknown]")
    page.wait_for_selector("[data-testid=network-node][data-code='---']")
    page.uncheck("[data-testid=network-show-unknown]")
    page.wait_for_selector("[data-testid=network-node][data-code='---']", state="detached")


def test_self_loops_are_drawn_outside_the_node_with_their_count(page: Any) -> None:
    loops = page.locator("[data-testid=network-edge][data-self=true]")
    assert loops.count() >= 1
    page.wait_for_timeout(800)  # let the layout settle
    node = page.locator("[data-testid=network-node][data-code=MLT] circle").bounding_box()
    loop = loops.first.bounding_box()
    assert node is not None and loop is not None
    assert loop["height"] > node["height"] * 0.5  # a loop you can see, not a sliver under the node
    # it reaches out of the node, on whichever side is free
    outside = (
        loop["y"] < node["y"] - 10
        or loop["y"] + loop["height"] > node["y"] + node["height"] + 10
        or loop["x"] < node["x"] - 10
        or loop["x"] + loop["width"] > node["x"] + node["width"] + 10
    )
    assert outside, (loop, node)
    labels = page.locator("[data-testid=network-loop-label]").evaluate_all("els => els.map(e => e.textContent)")
    assert labels and all(t.strip().isdigit() for t in labels)
