"""`newsevents demo`: code the bundled sample article, show its events, store them.

In: the sample news report shipped in `newsevents/data/` (published 2018-06-25).
Out: a Rich table of its events on stdout; the article and events ingested into the
default DuckDB store (or `--db`), and the command that opens the web explorer.
"""

from __future__ import annotations

import shutil
import sys
from importlib import resources
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from newsevents.cli._app import app
from newsevents.cli.extract import stderr_console
from newsevents.record import Article, Entity, Event

SAMPLE_FILE = "sample_seed_2018-06-25.txt"
SAMPLE_ID = "seed-salvini-tripoli-2018-06-25"
SAMPLE_PUBLISHED = "2018-06-25"


def serve_command() -> str:
    """How to start this program again: `newsevents` when that name on PATH is this program,
    otherwise the path it was started by (e.g. `.venv/bin/newsevents` after `make demo`)."""
    started = Path(sys.argv[0])
    if started.name != "newsevents":
        return "newsevents"
    found = shutil.which("newsevents")
    if found and Path(found).resolve() == started.resolve():
        return "newsevents"
    return str(started)


def sample_article() -> Article:
    """The bundled sample article (the seed report of the project)."""
    text = resources.files("newsevents").joinpath("data", SAMPLE_FILE).read_text(encoding="utf-8")
    return Article(id=SAMPLE_ID, text=text, published=SAMPLE_PUBLISHED, source=f"newsevents/data/{SAMPLE_FILE}")  # type: ignore[arg-type]


def _party(entities: list[Entity]) -> str:
    parts = []
    for e in entities:
        label = e.code if not e.sector else f"{e.code}/{e.sector}"
        name = e.entity_name or e.entity_text
        parts.append(f"{label} ({name})" if name else label)
    return " + ".join(parts) or "-"


def events_table(events: list[Event], title: str) -> Table:
    """A readable table: one row an event."""
    table = Table(title=title, show_lines=True, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("category / mode", no_wrap=True)
    table.add_column("actor -> recipient", ratio=2)
    table.add_column("date", no_wrap=True)
    table.add_column("place", ratio=1)
    table.add_column("modality", no_wrap=True)
    table.add_column("evidence", ratio=3)
    for n, e in enumerate(events, 1):
        place = "-"
        if e.event_loc is not None:
            place = f"{e.event_loc.name} {e.event_loc.country_code or ''}".strip()
        date = e.date or "-"
        if e.enddate:
            date = f"{date}..{e.enddate}"
        evidence = " ".join(e.text_info.sentence.split())
        if len(e.mentions) > 1:
            evidence += f"\n[dim](+{len(e.mentions) - 1} more mention{'s' if len(e.mentions) > 2 else ''}"
            langs = sorted({m.language for m in e.mentions if m.language != "en"})
            evidence += f", incl. {', '.join(langs)})[/dim]" if langs else ")[/dim]"
        table.add_row(
            str(n),
            f"[bold]{e.event}[/bold]\n{e.mode or ''}",
            f"{_party(e.actor)}\n-> {_party(e.recipient)}",
            date,
            place,
            e.modality,
            evidence,
        )
    return table


@app.command()
def demo(
    db: str = typer.Option(None, "--db", metavar="URL", help="Store URL (default ./newsevents.duckdb)."),
    store: bool = typer.Option(True, "--store/--no-store", help="Also ingest the sample into the store."),
) -> None:
    """Code the bundled sample article, print its events and store them.

    Example:

        newsevents demo
    """
    from newsevents.pipeline import default_engine

    err = stderr_console()
    out = Console(width=160)
    article = sample_article()
    err.print(f"[dim]coding the sample article ({len(article.text)} characters, published {article.published})[/dim]")
    engine = default_engine()
    events = engine.extract_article(article)
    out.print(events_table(events, f"{len(events)} events in {SAMPLE_FILE}"))
    if not store:
        return
    from newsevents.store import DEFAULT_DB, open_store

    target = db or DEFAULT_DB
    with open_store(target) as st:
        added = st.add_article(article, events)
    where = Path(target).resolve() if "://" not in target else target
    serve = f"{serve_command()} serve{'' if db is None else f' --db {db}'}"
    err.print(
        f"{'stored' if added else 'already stored'}: the sample article and its events in {where}\n"
        f"open the explorer with:  {serve}   (then http://127.0.0.1:8000/)"
    )
