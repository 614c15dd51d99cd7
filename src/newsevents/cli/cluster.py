"""`newsevents cluster`: group stored events that report the same real-world event.

In: a store URL (`--db`, default ./newsevents.duckdb), optional `--rebuild`, `--settings FILE`
(a file shaped like `newsevents/clusters/data/clusters.yaml`) and the event filters of `query`.
Out: every event not yet in a cluster placed in one (stored); a summary on stderr; on stdout the
most reported clusters with an event matching the filters, as a table or JSONL.
`ingest` and `watch` cluster what they store, so this command is only needed after `recode`,
with new settings (`--rebuild`), or for a store filled with `ingest --no-cluster`.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console

from newsevents.cli._app import app
from newsevents.cli._filters import NO_FILTERS, DbOption, FilterArgs, with_filters
from newsevents.cli.extract import stderr_console, user_errors
from newsevents.cli.ingest import live_progress
from newsevents.clusters import cluster_store, load_settings
from newsevents.errors import InputError
from newsevents.record import Cluster
from newsevents.store import open_store

FORMATS = ("table", "jsonl")


def _parties(cluster: Cluster) -> str:
    ev = cluster.representative
    actors = ", ".join(dict.fromkeys(a.code for a in ev.actor)) or "---"
    recipients = ", ".join(dict.fromkeys(r.code for r in ev.recipient))
    return f"{actors} -> {recipients}" if recipients else actors


def cluster_lines(clusters: list[Cluster], width: int = 80) -> list[str]:
    """Two lines a cluster: counts, category, parties, report days and id; then the representative evidence."""
    out = []
    for c in clusters:
        first = c.first_report.isoformat() if c.first_report else "undated"
        last = c.last_report.isoformat() if c.last_report else first
        days = first if first == last else f"{first}..{last}"
        many = "s" if c.num_articles != 1 else ""
        out.append(f"{c.num_articles} article{many}  {c.event}  {_parties(c)}  {days}  {c.id}")
        sentence = " ".join(c.representative.text_info.sentence.split())
        room = max(20, width - 4)
        out.append("    " + (sentence if len(sentence) <= room else sentence[: room - 1] + "…"))
    return out


@app.command("cluster")
@with_filters
def cluster_cli(
    db: DbOption = None,
    filters: FilterArgs = NO_FILTERS,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Forget every cluster and cluster all stored events again.")
    ] = False,
    settings: Annotated[
        str | None, typer.Option("--settings", metavar="FILE", help="Cluster settings (YAML) instead of the packaged.")
    ] = None,
    min_articles: Annotated[
        int, typer.Option("--min-articles", metavar="N", min=1, help="Show clusters reported by N articles or more.")
    ] = 2,
    limit: Annotated[int, typer.Option("--limit", metavar="N", min=0, help="How many clusters to show.")] = 10,
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="table or jsonl.")] = "table",
) -> None:
    """Group stored events of different articles that report the same event, and show the largest groups.

    Example: newsevents cluster --db events.duckdb --min-articles 3
    """
    console = stderr_console()
    with user_errors():
        if fmt not in FORMATS:
            raise InputError("--format", f"unknown format {fmt!r} (choose one of {', '.join(FORMATS)})")
        flt = filters.event_filter()
        chosen = load_settings(settings)
        with open_store(db) as store:
            with live_progress(console) as progress:
                task = progress.add_task("clustering", total=None)

                def step(done: int, total: int) -> None:
                    progress.update(task, description=f"clustering {done}/{total} new events")

                report = cluster_store(store, chosen, rebuild=rebuild, progress=step)
            found = store.query_clusters(flt, min_articles=min_articles, limit=limit)
            total = store.count_clusters(flt, min_articles=min_articles)
        console.print(report.summary(), markup=False, highlight=False)
        if fmt == "jsonl":
            for c in found:
                sys.stdout.write(c.model_dump_json() + "\n")
        elif found:
            out = Console(soft_wrap=True)
            for line in cluster_lines(found, width=out.width):
                out.print(line, markup=False, highlight=False)
        shown = f"clusters 1-{len(found)} of {total}" if found else f"0 of {total} clusters"
        console.print(f"{shown} reported by {min_articles}+ articles", markup=False, highlight=False)
