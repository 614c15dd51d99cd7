"""Cross-article clusters against gold event identity: B-cubed precision, recall and F1.

In: `--gold FILE` (default benchmarks/data/cluster_gold_voa_2025_03.jsonl: for every gold event of
the 45 VOA stories of 9-14 March 2025, the incident it reports, labelled by us; offsets only),
`--second FILE` (another annotator's labels of the same events, for agreement), `--data DIR`
(default ../shared/data: the labelled VOA stories, read in place), `--events FILE` (the engine's
events for those stories as JSONL, e.g. the out-of-fold events `benchmarks/accuracy.py --events`
writes; default: code them now with the shipped engine, which was trained on these stories),
`--settings FILE` (cluster settings; default the packaged ones), `--grid` (threshold and window
sensitivity), `--json FILE`.

Out, two ways:
- gold events in: the gold events themselves (category, codes, sentence, article date) are
  clustered, so the score is the clusterer's alone;
- engine events in: the articles go through a DuckDB store and `cluster_store` as `ingest` runs
  them; each engine event whose sentence and category match a gold event takes its incident.
Each gives B-cubed over all events (singletons included) and precision/recall of the
cross-article links.

    .venv/bin/python benchmarks/clusters.py [--events /tmp/oof/voa_stories_dev.events.jsonl] [--grid]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from newsevents.clusters import Clusterer, ClusterSettings, cluster_store, load_settings, sketch_event
from newsevents.clusters.sketch import story_words
from newsevents.eval.clusters import ClusterScore, bcubed, cross_article_links
from newsevents.record import Article, Entity, Event, Mention, TextInfo
from newsevents.store import open_store

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "benchmarks" / "data" / "cluster_gold_voa_2025_03.jsonl"
DATA = ROOT.parent / "shared" / "data"
CORPUS = "voa_stories_dev_labelled.jsonl"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def gold_key(row: Mapping[str, Any]) -> str:
    return f"{row['article_id']}:{row['sentence']}:{row['event_index']}"


def _entity(side: Mapping[str, Any]) -> Entity:
    return Entity(code=side["code"] or "---", sector=side.get("sector"))


def gold_events(stories: dict[str, dict[str, Any]], gold: list[dict[str, Any]]) -> list[tuple[Event, dt.date]]:
    """The gold events as engine records: category, codes, modality, sentence; dated by the article."""
    out = []
    for row in gold:
        story = stories[row["article_id"]]
        sentence = story["sentences"][row["sentence"]]
        ev = sentence["events"][row["event_index"]]
        text = story["text"][sentence["start"] : sentence["end"]]
        out.append(
            (
                Event(
                    id=gold_key(row),
                    article_id=row["article_id"],
                    event=ev["event"],
                    modality=ev.get("modality") or "asserted",
                    actor=[Entity(code=a["code"] or "---", sector=a.get("sector")) for a in ev.get("actor", [])],
                    recipient=[
                        Entity(code=r["code"] or "---", sector=r.get("sector")) for r in ev.get("recipient", [])
                    ],
                    text_info=TextInfo(sentence=text, start=sentence["start"], end=sentence["end"]),
                ),
                dt.date.fromisoformat(story["published"][:10]),
            )
        )
    return out


def gold_reports(
    stories: dict[str, dict[str, Any]], gold: list[dict[str, Any]]
) -> tuple[list[tuple[Event, dt.date]], dict[str, str]]:
    """One event per article and gold incident (its mentions merged, as the engine merges an
    article's mentions of one event), and the incident of each."""
    groups: dict[tuple[str, str], list[tuple[Event, dt.date]]] = {}
    for pair, r in zip(gold_events(stories, gold), gold, strict=True):
        groups.setdefault((r["article_id"], r["incident"]), []).append(pair)
    reports, truth = [], {}
    for (aid, incident), pairs in groups.items():
        first, day = pairs[0]
        mentions = [
            Mention(start=e.text_info.start, end=e.text_info.end, sentence=e.text_info.sentence) for e, _ in pairs
        ]
        ev = first.model_copy(update={"id": f"{aid}|{incident}", "mentions": mentions})
        reports.append((ev, day))
        truth[ev.id] = incident
    return reports, truth


def score_gold_in(
    stories: dict[str, dict[str, Any]], gold: list[dict[str, Any]], settings: ClusterSettings
) -> tuple[ClusterScore, ClusterScore, ClusterScore]:
    """Clusters of the gold reports against their incidents, and the all-singletons baseline."""
    reports, truth = gold_reports(stories, gold)
    words = {aid: story_words(s["title"], s["text"]) for aid, s in stories.items()}
    clusterer = Clusterer(settings)
    predicted = clusterer.add_all(sketch_event(ev, day, words[ev.article_id]) for ev, day in reports)
    article_of = {ev.id: ev.article_id for ev, _ in reports}
    alone = bcubed({k: k for k in truth}, truth)
    return bcubed(predicted, truth), cross_article_links(predicted, truth, article_of), alone


def match_engine_events(
    events: list[Event], stories: dict[str, dict[str, Any]], gold: list[dict[str, Any]]
) -> dict[str, str]:
    """Engine event id -> gold incident, for events whose sentence holds a gold event of their category."""
    by_sentence: dict[tuple[str, int, int], list[dict[str, Any]]] = {}
    for row in gold:
        by_sentence.setdefault((row["article_id"], row["start"], row["end"]), []).append(row)
    out: dict[str, str] = {}
    used: set[str] = set()
    for ev in sorted(events, key=lambda e: (e.article_id, e.text_info.start, e.id)):
        spans = [(ev.text_info.start, ev.text_info.end)] + [(m.start, m.end) for m in ev.mentions]
        for (aid, start, end), rows in sorted(by_sentence.items()):
            if aid != ev.article_id or not any(s < end and start < e for s, e in spans):
                continue
            for row in rows:
                if row["event"] == ev.event and gold_key(row) not in used:
                    used.add(gold_key(row))
                    out[ev.id] = row["incident"]
                    break
            if ev.id in out:
                break
    return out


def score_engine_in(
    stories: dict[str, dict[str, Any]],
    gold: list[dict[str, Any]],
    settings: ClusterSettings,
    events_file: Path | None,
) -> tuple[ClusterScore, ClusterScore, int, int, str, ClusterScore]:
    ids = sorted({r["article_id"] for r in gold})
    articles = [
        Article(
            id=aid,
            text=stories[aid]["text"],
            title=stories[aid]["title"],
            published=dt.date.fromisoformat(stories[aid]["published"][:10]),
        )
        for aid in ids
    ]
    if events_file is not None:
        coded: dict[str, list[Event]] = {aid: [] for aid in ids}
        for row in read_jsonl(events_file):
            ev = Event.model_validate(row)
            if ev.article_id in coded:
                coded[ev.article_id].append(ev)
        origin = f"events of {events_file.name}"
    else:
        from newsevents.pipeline import Engine

        coded = {a.id: evs for a, evs in Engine().process(articles)}
        origin = "the shipped engine (trained on these stories)"
    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "clusters.duckdb")) as store:
        for article in articles:
            store.add_article(article, coded[article.id])
        cluster_store(store, settings)
        predicted: dict[str, str] = {}
        all_events: list[Event] = []
        offset = 0
        while True:
            page = store.query_clusters(limit=500, offset=offset)
            for cluster in page:
                detail = store.get_cluster(cluster.id)
                assert detail is not None
                for ev in detail.events:
                    predicted[ev.id] = cluster.id
                    all_events.append(ev)
            if len(page) < 500:
                break
            offset += 500
    truth = match_engine_events(all_events, stories, gold)
    article_of = {ev.id: ev.article_id for ev in all_events}
    return (
        bcubed(predicted, truth),
        cross_article_links(predicted, truth, article_of),
        len(truth),
        len(all_events),
        origin,
        bcubed({k: k for k in truth}, truth),
    )


def multi_article_incidents(gold: list[dict[str, Any]]) -> int:
    arts: dict[str, set[str]] = {}
    for r in gold:
        arts.setdefault(r["incident"], set()).add(r["article_id"])
    return sum(1 for a in arts.values() if len(a) > 1)


def row(table: Table, label: str, b3: ClusterScore, links: ClusterScore, note: str = "") -> None:
    table.add_row(
        label,
        str(b3.items),
        f"{b3.precision:.3f}",
        f"{b3.recall:.3f}",
        f"{b3.f1:.3f}",
        f"{links.precision:.3f}",
        f"{links.recall:.3f}",
        f"{links.f1:.3f}",
        note,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--second", type=Path, default=None, help="a second annotator's labels, for agreement")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--events", type=Path, default=None)
    parser.add_argument("--settings", type=Path, default=None)
    parser.add_argument("--grid", action="store_true")
    parser.add_argument("--gold-only", action="store_true", help="skip the engine events (faster)")
    parser.add_argument("--json", dest="json_out", type=Path, default=None)
    args = parser.parse_args()
    console = Console()
    corpus = args.data / CORPUS
    if not corpus.exists():
        console.print(f"[yellow]{corpus} is missing: the cluster benchmark needs ../shared/data[/]")
        return 1
    stories = {s["id"]: s for s in read_jsonl(corpus)}
    gold = read_jsonl(args.gold)
    settings = load_settings(args.settings)
    report: dict[str, Any] = {
        "gold_events": len(gold),
        "articles": len({r["article_id"] for r in gold}),
        "incidents": len({r["incident"] for r in gold}),
        "multi_article_incidents": multi_article_incidents(gold),
    }
    console.print(
        f"gold: {report['gold_events']} events of {report['articles']} articles, {report['incidents']} incidents, "
        f"{report['multi_article_incidents']} reported by two articles or more"
    )
    table = Table(title="Cross-article clusters (B-cubed over all events; links: pairs across articles)")
    for col in ("input", "events", "B3 P", "B3 R", "B3 F1", "link P", "link R", "link F1", "note"):
        table.add_column(col)
    b3, links, alone = score_gold_in(stories, gold, settings)
    row(table, "gold reports", b3, links, "one event per article and incident")
    row(table, "  baseline", alone, ClusterScore(0.0, 0.0, links.items), "every report its own cluster")
    report["gold_in"] = {
        "bcubed": b3.as_dict(),
        "links": links.as_dict(),
        "singletons_bcubed": alone.as_dict(),
    }
    b3e, linkse, matched, total, origin, engine_alone = (
        score_engine_in(stories, gold, settings, args.events) if not args.gold_only else (b3, links, 0, 0, "", alone)
    )
    if not args.gold_only:
        row(table, "engine events", b3e, linkse, f"{matched} of {total} matched a gold event; {origin}")
        row(table, "  baseline", engine_alone, ClusterScore(0.0, 0.0, linkse.items), "every event its own cluster")
    report["engine_in"] = {
        "bcubed": b3e.as_dict(),
        "links": linkse.as_dict(),
        "matched": matched,
        "events": total,
        "origin": origin,
        "singletons_bcubed": engine_alone.as_dict(),
    }
    if args.second is not None:
        second = {gold_key(r): r["incident"] for r in read_jsonl(args.second)}
        first = {gold_key(r): r["incident"] for r in gold}
        article_of = {gold_key(r): r["article_id"] for r in gold}
        agree, agree_links = bcubed(second, first), cross_article_links(second, first, article_of)
        row(table, "second annotator", agree, agree_links, "agreement with the gold")
        report["agreement"] = {
            "bcubed": agree.as_dict(),
            "links": agree_links.as_dict(),
        }
        b3s, links_s, alone_s = score_gold_in(stories, read_jsonl(args.second), settings)
        row(table, "gold reports, 2nd", b3s, links_s, "the second annotator's incidents")
        row(table, "  baseline", alone_s, ClusterScore(0.0, 0.0, links_s.items), "every report its own cluster")
        report["gold_in_second"] = {
            "bcubed": b3s.as_dict(),
            "links": links_s.as_dict(),
            "singletons_bcubed": alone_s.as_dict(),
        }
    console.print(table)
    if args.grid:
        grid = Table(title="Sensitivity (gold events in): B-cubed F1 / link F1")
        windows = [1, 2, 3, 5]
        grid.add_column("threshold")
        for w in windows:
            grid.add_column(f"window {w}")
        report["grid"] = []
        for threshold in (0.55, 0.6, 0.65, 0.7, 0.75):
            cells = []
            for w in windows:
                s = settings.model_copy(update={"threshold": threshold, "window_days": w})
                g_b3, g_links, _ = score_gold_in(stories, gold, s)
                cells.append(f"{g_b3.f1:.3f} / {g_links.f1:.3f}")
                report["grid"].append(
                    {"threshold": threshold, "window": w, "bcubed_f1": g_b3.f1, "link_f1": g_links.f1}
                )
            grid.add_row(f"{threshold:.2f}", *cells)
        console.print(grid)
    if args.json_out:
        args.json_out.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
