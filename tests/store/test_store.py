"""One suite, two backends: writes, idempotence, every filter, sorting, paging, aggregates, errors."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from newsevents.errors import InputError, StoreError
from newsevents.record import Event
from newsevents.store import EventFilter, Store, content_hash, open_store
from newsevents.store._sql import date_range

from .factory import make_article

N = 30


def load(store: Store, n: int = N) -> list[Event]:
    events: list[Event] = []
    for i in range(n):
        article, evs = make_article(i)
        assert store.add_article(article, evs) is True
        events += evs
    return events


def reference(events: list[Event], f: EventFilter) -> set[str]:
    """The filter semantics, written plainly over the records."""

    def keep(e: Event) -> bool:
        if f.actor and f.actor.upper() not in {a.code for a in e.actor}:
            return False
        if f.recipient and f.recipient.upper() not in {r.code for r in e.recipient}:
            return False
        if f.party and f.party.upper() not in {p.code for p in e.actor + e.recipient}:
            return False
        if f.category and e.event != f.category.upper():
            return False
        if f.quad is not None and e.quad_code != f.quad:
            return False
        if f.context and f.context.lower() not in e.context:
            return False
        if f.modality and e.modality != f.modality:
            return False
        if f.date_from or f.date_to:
            span = date_range(e.date)
            if span is None:
                return False
            if f.date_from and span[1] < f.date_from:
                return False
            if f.date_to and span[0] > f.date_to:
                return False
        loc = e.event_loc
        if f.country and (loc is None or loc.country_code != f.country.upper()):
            return False
        if f.place and (loc is None or loc.name.lower() != f.place.lower()):
            return False
        if f.text and f.text.lower() not in e.text_info.sentence.lower():
            return False
        return not (f.article_id and e.article_id != f.article_id)

    return {e.id for e in events if keep(e)}


FILTERS = [
    EventFilter(),
    EventFilter(actor="ITA"),
    EventFilter(actor="ita"),
    EventFilter(recipient="LBY"),
    EventFilter(party="MLT"),
    EventFilter(actor="ITA", recipient="LBY"),
    EventFilter(category="CONSULT"),
    EventFilter(category="assault", quad=4),
    EventFilter(quad=3),
    EventFilter(context="migration"),
    EventFilter(modality="planned"),
    EventFilter(date_from=dt.date(2018, 3, 1)),
    EventFilter(date_to=dt.date(2018, 2, 15)),
    EventFilter(date_from=dt.date(2018, 6, 10), date_to=dt.date(2018, 6, 20)),
    EventFilter(country="LBY"),
    EventFilter(place="tripoli"),
    EventFilter(text="LIBYAN COUNTERPART"),
    EventFilter(text="100%_"),
    EventFilter(article_id="art-00007"),
    EventFilter(party="FRA", context="military", modality="asserted", date_to=dt.date(2019, 1, 1)),
]


@pytest.mark.parametrize("flt", FILTERS, ids=lambda f: f.model_dump_json(exclude_none=True))
def test_filters_match_reference(store: Store, flt: EventFilter) -> None:
    events = load(store)
    expected = reference(events, flt)
    got = store.query_events(flt, limit=1000)
    assert {e.id for e in got} == expected
    assert store.count_events(flt) == len(expected)


def test_roundtrip_and_idempotence(store: Store) -> None:
    article, events = make_article(3)
    assert store.add_article(article, events) is True
    assert store.add_article(article, events) is False
    # Same text under another id, with whitespace and Unicode normalisation differences.
    spaced = article.model_copy(
        update={
            "id": "other",
            "text": "  " + unicodedata.normalize("NFD", article.text).replace(" ", " \n\t "),
        }
    )
    assert content_hash(spaced.text) == content_hash(article.text)
    assert store.add_article(spaced, events) is False
    assert store.count_articles() == 1
    assert store.has_article(content_hash(article.text))
    got = store.get_article(article.id)
    assert got is not None
    stored_article, stored_events = got
    assert stored_article == article
    assert sorted(stored_events, key=lambda e: e.id) == sorted(events, key=lambda e: e.id)
    assert store.get_event(events[0].id) == events[0]
    assert store.get_event("nope") is None
    assert store.get_article("nope") is None


def test_same_id_different_text_keeps_both(store: Store) -> None:
    a1, e1 = make_article(1, article_id="doc")
    a2, e2 = make_article(2, article_id="doc")
    assert store.add_article(a1, e1)
    assert store.add_article(a2, e2)
    ids = [a.id for a in store.iter_articles()]
    assert len(ids) == 2 and ids[0] == "doc" and ids[1].startswith("doc#")
    got = store.get_article(ids[1])
    assert got is not None
    assert got[0].text == a2.text
    assert {e.article_id for e in got[1]} == {ids[1]}
    all_ids = [e.id for e in store.query_events(EventFilter(), limit=100)]
    assert len(all_ids) == len(set(all_ids)) == len(e1) + len(e2)


def test_sorting_and_paging(store: Store) -> None:
    load(store)
    everything = store.query_events(EventFilter(), limit=1000, sort="date")
    starts = [date_range(e.date)[0] for e in everything]  # type: ignore[index]
    assert starts == sorted(starts)
    newest = store.query_events(EventFilter(), limit=1000, sort="-date")
    assert [date_range(e.date)[0] for e in newest] == sorted(starts, reverse=True)  # type: ignore[index]
    conf = [e.confidence for e in store.query_events(EventFilter(), limit=1000, sort="-confidence")]
    assert conf == sorted(conf, reverse=True)
    cats = [e.event for e in store.query_events(EventFilter(), limit=1000, sort="event")]
    assert cats == sorted(cats)
    ids = [e.id for e in store.query_events(EventFilter(), limit=1000, sort="id")]
    assert ids == sorted(ids)
    paged = []
    for offset in range(0, len(everything), 7):
        paged += store.query_events(EventFilter(), limit=7, offset=offset, sort="date")
    assert [e.id for e in paged] == [e.id for e in everything]
    assert [e.id for e in store.iter_events(sort="date", page_size=5)] == [e.id for e in everything]
    assert store.query_events(EventFilter(), limit=5, offset=10_000) == []


def test_replace_events(store: Store) -> None:
    load(store, 5)
    article, events = make_article(2)
    before = store.count_events(EventFilter())
    recoded = [events[0].model_copy(update={"event": "AID", "quad_code": 2})]
    store.replace_events(article.id, recoded)
    got = store.get_article(article.id)
    assert got is not None
    assert got[1] == recoded
    assert store.count_events(EventFilter()) == before - len(events) + 1
    # Participants of the dropped events are gone too: actor counts follow the events.
    stats = store.stats(EventFilter(article_id=article.id))
    assert stats["events"] == 1
    pairs = sum(p["count"] for p in stats["by_country_pair"])
    assert pairs == (1 if recoded[0].recipient else 0)
    store.replace_events(article.id, [])
    assert store.count_events(EventFilter(article_id=article.id)) == 0
    with pytest.raises(StoreError, match="no article"):
        store.replace_events("missing", [])


def test_iter_articles(store: Store) -> None:
    load(store, 12)
    assert [a.id for a in store.iter_articles()] == [f"art-{i:05d}" for i in range(12)]
    assert store.count_articles() == 12


def test_actors(store: Store) -> None:
    events = load(store)
    flt = EventFilter(quad=1)
    chosen = [e for e in events if e.id in reference(events, flt)]
    as_actor = Counter(c for e in chosen for c in {a.code for a in e.actor})
    as_recipient = Counter(c for e in chosen for c in {r.code for r in e.recipient})
    got = {a["code"]: a for a in store.actors(flt)}
    assert set(got) == set(as_actor) | set(as_recipient)
    for code, item in got.items():
        assert item["as_actor"] == as_actor[code]
        assert item["as_recipient"] == as_recipient[code]
    assert got["ITA"]["name"] == "Matteo Salvini" and got["ITA"]["sectors"] == ["GOV"]
    counts = [a["events"] for a in store.actors()]
    assert counts == sorted(counts, reverse=True)


def test_stats(store: Store) -> None:
    events = load(store)
    st = store.stats()
    assert st["events"] == len(events) and st["articles"] == N and st["undated"] == 0
    assert {c["category"]: c["count"] for c in st["by_category"]} == Counter(e.event for e in events)
    assert {q["quad"]: q["count"] for q in st["by_quad"]} == Counter(e.quad_code for e in events)
    days = Counter(e.date for e in events if e.date and len(e.date) == 10)
    assert {d["date"]: d["count"] for d in st["by_day"]} == days
    assert all(sum(d["quads"].values()) == d["count"] for d in st["by_day"])
    pairs = Counter((a.code, r.code) for e in events for a in e.actor for r in e.recipient)
    assert {(p["actor"], p["recipient"]): p["count"] for p in st["by_country_pair"]} == pairs
    assert store.stats(EventFilter(actor="ZZZ"))["events"] == 0


def test_parquet_export(store: Store, tmp_path: Path) -> None:
    events = load(store, 10)
    out = tmp_path / "events.parquet"
    assert store.export_parquet(out, EventFilter(party="ITA")) == len(reference(events, EventFilter(party="ITA")))
    rows = duckdb.sql(f"SELECT id, actor_code, record FROM read_parquet('{out}')").fetchall()
    assert {r[0] for r in rows} == reference(events, EventFilter(party="ITA"))
    assert Event.model_validate_json(rows[0][2]).id == rows[0][0]


def test_store_survives_reopen(store_url: str) -> None:
    with open_store(store_url) as s:
        load(s, 3)
    with open_store(store_url) as s:
        assert s.count_articles() == 3
        article, events = make_article(1)
        assert s.add_article(article, events) is False


# ---------------------------------------------------------------- opening and errors


def test_open_store_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with open_store(None) as s:
        assert s.count_articles() == 0
    assert (tmp_path / "newsevents.duckdb").exists()
    with open_store(f"duckdb://{tmp_path}/b.duckdb") as s:
        s.add_article(*make_article(1))
    with open_store(tmp_path / "b.duckdb") as s:
        assert s.count_articles() == 1
    with open_store("duckdb://c.duckdb") as s:  # relative to the working directory
        pass
    assert (tmp_path / "c.duckdb").exists()
    for bad in ("mysql://u@h/db", "http://example.org/x", "duckdb://"):
        with pytest.raises(InputError, match=bad.split("/")[0]):
            open_store(bad)


def test_corrupt_duckdb_file(tmp_path: Path) -> None:
    bad = tmp_path / "junk.duckdb"
    bad.write_bytes(b"this is not a database" * 500)
    with pytest.raises(StoreError, match="junk.duckdb") as err:
        open_store(bad)
    assert "\n" not in str(err.value)


def test_duckdb_directory_and_missing_parent(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="directory"):
        open_store(tmp_path)
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "no" / "such" / "x.duckdb")
    with pytest.raises(StoreError, match="no such file"):
        open_store(tmp_path / "absent.duckdb", read_only=True)


def test_locked_duckdb_file(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "locked.duckdb"
    open_store(path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb,sys,time; c=duckdb.connect({str(path)!r}); print('ok', flush=True); sys.stdin.read()",
        ],  # fmt: skip
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        with pytest.raises(StoreError, match="locked.duckdb") as err:
            open_store(path)
        assert "\n" not in str(err.value)
    finally:
        holder.communicate("", timeout=30)


def test_unreachable_postgres() -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql://someone:secret@127.0.0.1:{port}/nothing"
    with pytest.raises(StoreError, match=f"127.0.0.1:{port}/nothing") as err:
        open_store(url)
    assert "secret" not in str(err.value) and "\n" not in str(err.value)
