"""SIGKILL a process mid-ingest: every stored article is complete, a re-run adds the rest once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import newsevents
from newsevents.store import EventFilter, open_store
from newsevents.store._sql import SQLStore

from .factory import make_article
from .kill_child import events_of

CHILD = Path(__file__).with_name("kill_child.py")
COUNT = 120


def run_child(url: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(Path(newsevents.__file__).parents[1]), os.environ.get("PYTHONPATH", "")])}  # fmt: skip
    return subprocess.Popen([sys.executable, str(CHILD), url, str(COUNT)], stdout=subprocess.PIPE, text=True, env=env)


def check_complete(url: str) -> set[str]:
    """Every stored article has exactly the events, participants, mentions it was written with."""
    with open_store(url) as store:
        assert isinstance(store, SQLStore)
        rows = store._query(
            "SELECT a.id, "
            "(SELECT count(*) FROM events e WHERE e.article_id = a.id), "
            "(SELECT count(*) FROM participants p JOIN events e ON e.id = p.event_id "
            "WHERE e.article_id = a.id), "
            "(SELECT count(*) FROM mentions m JOIN events e ON e.id = m.event_id WHERE e.article_id = a.id), "
            "(SELECT count(*) FROM locations l JOIN events e ON e.id = l.event_id WHERE e.article_id = a.id) "
            "FROM articles a"
        )
        orphans = store._query("SELECT count(*) FROM events e WHERE e.article_id NOT IN (SELECT id FROM articles)")
        assert orphans[0][0] == 0, "events without their article"
        loose = store._query("SELECT count(*) FROM participants WHERE event_id NOT IN (SELECT id FROM events)")
        assert loose[0][0] == 0, "participants without their event"
        for aid, n_ev, n_part, n_ment, n_loc in rows:
            i = int(aid.split("-")[1])
            _, events = make_article(i, events=events_of(i))
            assert n_ev == len(events), aid
            assert n_part == sum(len(e.actor) + len(e.recipient) for e in events), aid
            assert n_ment == sum(len(e.mentions) for e in events), aid
            assert n_loc == len(events), aid
        return {r[0] for r in rows}


def test_sigkill_mid_batch_leaves_no_partial_article(store_url: str) -> None:
    open_store(store_url).close()  # create the schema first so the child only ingests
    child = run_child(store_url)
    assert child.stdout is not None
    done = 0
    target = random.randint(15, 40)
    while done < target:
        line = child.stdout.readline()
        assert line, "child ended early"
        done += 1
    time.sleep(random.uniform(0.0, 0.05))  # land inside a later article's transaction
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    stored = check_complete(store_url)
    assert done <= len(stored) < COUNT

    rerun = run_child(store_url)
    out, _ = rerun.communicate(timeout=300)
    assert rerun.returncode == 0
    lines = out.split()
    assert lines.count("skipped") == len(stored)
    assert lines.count("stored") == COUNT - len(stored)

    assert len(check_complete(store_url)) == COUNT
    with open_store(store_url) as store:
        assert store.count_articles() == COUNT
        total = sum(events_of(i) for i in range(COUNT))
        assert store.count_events(EventFilter()) == total
