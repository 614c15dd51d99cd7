"""`newsevents watch` against a local news site: stores new articles once, survives faulty pages and feeds."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsevents import __version__
from newsevents.cli import app
from newsevents.cli.watch import parse_interval, parse_size
from newsevents.errors import InputError
from newsevents.ingest.feeds import USER_AGENT, article_id
from newsevents.store import EventFilter, open_store

from .conftest import ARREST, PROTEST, VISIT, Item, NewsSite, article_page

ROOT = Path(__file__).resolve().parents[2]
FAST = ["--timeout", "0.5", "--retries", "1", "--backoff", "0.01"]


@pytest.fixture
def coder(monkeypatch: pytest.MonkeyPatch, engine: Any) -> Any:
    """The session's engine for every `watch` run in this process (loaded once)."""
    monkeypatch.setattr("newsevents.cli.watch.load_engine", lambda actor_files=(): engine)
    return engine


def watch(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["watch", *args, *FAST], env={"COLUMNS": "200"})
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.stderr


def counts(db: str) -> tuple[int, int]:
    with open_store(db) as store:
        return store.count_articles(), store.count_events(EventFilter())


def test_a_pass_stores_articles_and_events_then_a_second_pass_adds_nothing(
    news: NewsSite, coder: Any, tmp_path: Path
) -> None:
    db = str(tmp_path / "events.duckdb")
    code, err = watch(news.url + "/news.rss", "--db", db, "--once")
    assert code == 0, err
    n_articles, n_events = counts(db)
    assert n_articles == 2 and n_events > 0
    assert re.fullmatch(
        rf"1 feed read, 2 new items: 2 new articles, 0 already stored, {n_events} events \(\d+ joined a cluster\)",
        err.splitlines()[-1],
    )
    with open_store(db) as store:
        assert store.unclustered_events() == []  # what a pass stores, it clusters
    with open_store(db) as store:
        articles = {a.url: a for a in store.iter_articles()}
        assert set(articles) == {news.url + "/2024/arrest.html", news.url + "/2024/protest.html"}
        arrest = articles[news.url + "/2024/arrest.html"]
        assert "TBILISI, March 12 - Georgian police arrested" in arrest.text
        assert arrest.title == "Police arrest opposition leader in Tbilisi"
        assert str(arrest.published) == "2024-03-12" and arrest.language == "en"
        coerce = store.query_events(EventFilter(article_id=arrest.id, category="COERCE"))
        assert coerce and coerce[0].mode == "arrest" and "arrest" in coerce[0].text_info.sentence
    assert {ua for _, ua in news.requests} == {USER_AGENT} and f"newsevents/{__version__}" in USER_AGENT

    code, err = watch(news.url + "/news.rss", "--db", db, "--once")
    assert code == 0 and err == "1 feed read, 0 new items\n"
    assert counts(db) == (2, n_events)
    assert news.fetched("/2024/arrest.html") == 1 and news.fetched("/2024/protest.html") == 1


def test_a_restart_in_a_new_process_codes_nothing_again(news: NewsSite, coder: Any, tmp_path: Path) -> None:
    db = str(tmp_path / "events.duckdb")
    assert watch(news.url + "/news.rss", "--db", db, "--once")[0] == 0
    before = counts(db)
    script = Path(sys.executable).parent / "newsevents"
    proc = subprocess.run(
        [str(script), "watch", news.url + "/news.rss", "--db", db, "--once"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "1 feed read, 0 new items\n"
    assert counts(db) == before
    assert news.fetched("/2024/arrest.html") == 1


def test_a_feed_that_changes_between_polls(news: NewsSite, coder: Any, tmp_path: Path) -> None:
    db = str(tmp_path / "events.duckdb")
    assert watch(news.url + "/news.rss", "--db", db, "--once")[0] == 0
    news.page("/2024/visit.html", article_page("Turkish and Iraqi ministers meet in Ankara", VISIT, "2024-03-14"))
    news.feed(
        "/news.rss",
        [Item(news.url + "/2024/visit.html", "Ministers meet"), Item(news.url + "/2024/arrest.html", "Arrest")],
    )
    code, err = watch(news.url + "/news.rss", "--db", db, "--once")
    assert code == 0, err
    assert err.startswith("1 feed read, 1 new item: 1 new article, 0 already stored, ")
    assert counts(db)[0] == 3


def test_faulty_pages_are_reported_and_skipped_and_read_on_a_later_pass(
    site: NewsSite, coder: Any, tmp_path: Path
) -> None:
    site.page("/ok.html", article_page("Arrest", ARREST))
    site.page("/slow.html", article_page("Protest", PROTEST), delay=2.0)
    site.page("/report.pdf", b"%PDF-1.4 not a page", media="application/pdf")
    flaky = site.page(  # busy at the first request, fine at the second
        "/flaky.html",
        lambda hit: article_page("Visit", VISIT) if hit > 1 else b"busy",
        status=lambda hit: 503 if hit == 1 else 200,
    )
    feed = site.feed(
        "/news.rss",
        [
            Item(site.url + "/ok.html"),
            Item(site.url + "/missing.html"),
            Item(site.url + "/slow.html"),
            Item(site.url + "/report.pdf"),
        ],
    )
    db = str(tmp_path / "events.duckdb")
    code, err = watch(feed, "--db", db, "--once")
    assert code == 1, err
    lines = err.splitlines()
    assert f"newsevents: skipped {site.url}/missing.html: HTTP 404 Not Found" in lines
    assert (
        f"newsevents: retrying {site.url}/slow.html: timed out (no answer within 0.5 s) (attempt 2 of 2 in 0.01 s)"
        in lines
    )
    assert f"newsevents: skipped {site.url}/slow.html: timed out (no answer within 0.5 s) (after 2 attempts)" in lines
    assert (
        f"newsevents: skipped {site.url}/report.pdf: not an HTML page (application/pdf) and no summary in the feed"
        in lines
    )
    assert lines[-1].startswith("1 feed read, 4 new items: 1 new article, 0 already stored, ")
    assert lines[-1].endswith("; 3 pages skipped")
    assert counts(db)[0] == 1

    # the 404 comes back, the slow page answers in time, a 503 is retried: nothing is lost, nothing doubled
    site.page("/missing.html", article_page("Protest", PROTEST))
    site.routes["/slow.html"].delay = 0.0
    site.feed("/news.rss", [Item(site.url + "/ok.html"), Item(site.url + "/missing.html"), Item(flaky)])
    code, err = watch(feed, "--db", db, "--once")
    assert code == 0, err
    assert f"newsevents: retrying {flaky}: HTTP 503 Service Unavailable (attempt 2 of 2 in 0.01 s)" in err
    assert err.splitlines()[-1].startswith("1 feed read, 2 new items: 2 new articles, 0 already stored, ")
    assert counts(db)[0] == 3 and site.fetched("/ok.html") == 1


def test_the_same_story_under_two_urls_is_coded_once(site: NewsSite, coder: Any, tmp_path: Path) -> None:
    page = article_page("Arrest", ARREST)
    site.page("/a/arrest.html", page)
    site.page("/b/arrest-copy.html", page)
    feed = site.feed("/news.rss", [Item(site.url + "/a/arrest.html"), Item(site.url + "/b/arrest-copy.html")])
    db = str(tmp_path / "events.duckdb")
    code, err = watch(feed, "--db", db, "--once")
    assert code == 0, err
    assert err.startswith("1 feed read, 2 new items: 1 new article, 1 already stored, ")
    # a third address of the same text on a later pass: fetched once, not coded, remembered
    site.page("/c/syndicated.html", page)
    site.feed("/news.rss", [Item(site.url + "/c/syndicated.html"), Item(site.url + "/a/arrest.html")])
    code, err = watch(feed, "--db", db, "--once")
    assert code == 0 and err == "1 feed read, 1 new item: 0 new articles, 1 already stored, 0 events\n"
    assert watch(feed, "--db", db, "--once") == (0, "1 feed read, 0 new items\n")
    assert counts(db)[0] == 1


def test_a_malformed_feed_is_one_line_naming_it(site: NewsSite, coder: Any, tmp_path: Path) -> None:
    bad = site.page("/broken.rss", b"<?xml version='1.0'?><rss><channel><title>x</title><item>", media="text/xml")
    html = site.page("/index.html", b"<html><body><p>Not a feed</p></body></html>")
    db = str(tmp_path / "events.duckdb")
    code, err = watch(bad, "--db", db, "--once")
    assert code == 2
    first, summary = err.splitlines()
    assert first.startswith(f"newsevents: skipped {bad}: not a readable RSS or Atom feed (")
    assert summary == "0 of 1 feed read, 0 new items; 1 feed skipped"

    site.page("/arrest.html", article_page("Arrest", ARREST))
    good = site.feed("/news.rss", [Item(site.url + "/arrest.html")])
    code, err = watch(good, html, "--db", db, "--once")
    assert code == 1, err
    assert f"newsevents: skipped {html}: not a readable RSS or Atom feed (" in err
    assert err.splitlines()[-1].startswith("1 of 2 feeds read, 1 new item: 1 new article, ")


def test_a_local_feed_file_with_pages_on_disk_and_on_the_site(site: NewsSite, coder: Any, tmp_path: Path) -> None:
    shutil.copy(ROOT / "docs" / "examples" / "feed.xml", tmp_path / "feed.xml")
    shutil.copytree(ROOT / "docs" / "examples" / "feed", tmp_path / "feed")
    db = str(tmp_path / "events.duckdb")
    code, err = watch(str(tmp_path / "feed.xml"), "--db", db, "--once")
    assert code == 0, err
    assert err.startswith("1 feed read, 2 new items: 2 new articles, 0 already stored, ")
    with open_store(db) as store:
        urls = sorted(a.url or "" for a in store.iter_articles())
    assert urls == [(tmp_path / "feed" / name).as_uri() for name in ("arrest.html", "protest.html")]
    assert watch(str(tmp_path / "feed.xml"), "--db", db, "--once") == (0, "1 feed read, 0 new items\n")

    site.page("/visit.html", article_page("Visit", VISIT))
    local = tmp_path / "remote.rss"
    local.write_text(
        "<rss version='2.0'><channel><title>t</title>"
        f"<item><title>Visit</title><link>{site.url}/visit.html</link></item></channel></rss>"
    )
    code, err = watch(str(local), "--db", db, "--once")
    assert code == 0 and err.startswith("1 feed read, 1 new item: 1 new article, ")


def test_a_remote_feed_cannot_read_local_files(site: NewsSite, coder: Any, tmp_path: Path) -> None:
    secret = tmp_path / "secret.html"
    secret.write_text("<html><body><p>Police arrested a man.</p></body></html>")
    feed = site.feed("/news.rss", [Item(secret.as_uri())])
    code, err = watch(feed, "--db", str(tmp_path / "events.duckdb"), "--once")
    assert code == 1
    assert "newsevents: skipped file:" in err and "secret.html: a file link in a remote feed is not read" in err


def test_the_size_limit_refuses_an_oversized_page(site: NewsSite, coder: Any, tmp_path: Path) -> None:
    big = article_page("Arrest", ARREST + ("Filler sentence for size. " * 2000,))
    site.page("/declared.html", big)
    site.page("/streamed.html", big, length=False)
    site.page("/small.html", article_page("Protest", PROTEST))
    feed = site.feed(
        "/news.rss",
        [Item(site.url + "/declared.html"), Item(site.url + "/streamed.html"), Item(site.url + "/small.html")],
    )
    db = str(tmp_path / "events.duckdb")
    code, err = watch(feed, "--db", db, "--once", "--max-size", "20kB")
    assert code == 1, err
    assert f"newsevents: skipped {site.url}/declared.html: too large ({len(big):,} bytes; the limit is 20,000)" in err
    assert f"newsevents: skipped {site.url}/streamed.html: too large (over 20,000 bytes; the limit is 20,000)" in err
    assert counts(db)[0] == 1


def test_redirects_are_followed_and_bounded(site: NewsSite, coder: Any, tmp_path: Path) -> None:
    site.page("/final.html", article_page("Arrest", ARREST))
    site.page("/moved.html", b"", status=301, headers={"Location": "/final.html"})
    site.page("/loop.html", b"", status=302, headers={"Location": "/loop.html"})
    feed = site.feed("/news.rss", [Item(site.url + "/moved.html"), Item(site.url + "/loop.html")])
    code, err = watch(feed, "--db", str(tmp_path / "events.duckdb"), "--once")
    assert code == 1
    assert f"newsevents: skipped {site.url}/loop.html: too many redirects (more than 5)" in err
    assert err.splitlines()[-1].startswith("1 feed read, 2 new items: 1 new article, ")


def test_an_unreachable_feed_is_retried_and_reported(coder: Any, tmp_path: Path) -> None:
    site = NewsSite()
    url = site.url + "/news.rss"
    site.close()  # nothing listens there any more
    code, err = watch(url, "--db", str(tmp_path / "events.duckdb"), "--once")
    assert code == 2
    lines = err.splitlines()
    assert lines[0].startswith(f"newsevents: retrying {url}: network error (")
    assert lines[1].startswith(f"newsevents: skipped {url}: network error (") and lines[1].endswith(
        "(after 2 attempts)"
    )


def test_without_once_passes_repeat_until_ctrl_c(
    news: NewsSite, coder: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def sleep(seconds: float) -> None:  # Ctrl-C in the wait after the second pass
        if news.fetched("/news.rss") >= 2:
            raise KeyboardInterrupt
        time.sleep(seconds)

    monkeypatch.setattr("newsevents.cli.watch._sleep", sleep)
    db = str(tmp_path / "events.duckdb")
    code, err = watch(news.url + "/news.rss", "--db", db, "--every", "0.2s")
    assert code == 0, err
    lines = err.splitlines()
    assert " pass 1: 1 feed read, 2 new items: 2 new articles" in lines[0]
    assert lines[1].endswith(" pass 2: 1 feed read, 0 new items")
    assert lines[-1] == "newsevents: stopped after 2 passes"
    assert news.fetched("/news.rss") == 2


def test_user_errors_exit_2(tmp_path: Path) -> None:
    db = str(tmp_path / "events.duckdb")
    for args, expected in (
        (["missing.rss"], "missing.rss: no such file"),
        (["ftp://example.org/news.rss"], "ftp://example.org/news.rss: unsupported feed address"),
        ([str(tmp_path / "x.rss"), "--every", "soon"], "--every: bad interval 'soon'"),
        ([str(tmp_path / "x.rss"), "--max-size", "big"], "--max-size: bad size 'big'"),
    ):
        (tmp_path / "x.rss").write_text("<rss/>")
        code, err = watch(*args, "--db", db, "--once")
        assert code == 2 and err.startswith(f"newsevents: error: {expected}") and err.count("\n") == 1, err


def test_options_and_ids() -> None:
    assert parse_interval("15m") == 900 and parse_interval("30s") == 30 and parse_interval("1h") == 3600
    assert parse_interval("45") == 45
    assert parse_size("10MB") == 10_000_000 and parse_size("500kB") == 500_000 and parse_size("1234") == 1234
    with pytest.raises(InputError):
        parse_interval("0m")
    assert article_id("https://news.example.org/2024/03/arrest.html").startswith("arrest-")
    assert article_id("https://news.example.org/") != article_id("https://other.example.org/")


def test_watch_on_postgresql(news: NewsSite, coder: Any, pg_fresh_url: str) -> None:
    code, err = watch(news.url + "/news.rss", "--db", pg_fresh_url, "--once")
    assert code == 0, err
    assert err.startswith("1 feed read, 2 new items: 2 new articles, 0 already stored, ")
    before = counts(pg_fresh_url)
    with open_store(pg_fresh_url) as store:  # a new connection, as after a restart
        assert store.seen_urls([news.url + "/2024/arrest.html", news.url + "/other.html"]) == {
            news.url + "/2024/arrest.html"
        }
    assert watch(news.url + "/news.rss", "--db", pg_fresh_url, "--once") == (0, "1 feed read, 0 new items\n")
    assert counts(pg_fresh_url) == before
