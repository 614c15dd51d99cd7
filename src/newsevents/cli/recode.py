"""`newsevents recode`: code every stored article again with the current engine.

In: `--db URL` (default ./newsevents.duckdb), `--actors FILE`.
Out: each article's events replaced by the new engine's, one transaction per article (a stop
half-way leaves every article either old or new, never mixed); a summary on stderr.
"""

from __future__ import annotations

from typing import Annotated

import typer

from newsevents.cli._app import app
from newsevents.cli.extract import ActorsOption, check_actor_files, load_engine, stderr_console, user_errors
from newsevents.cli.ingest import live_progress, plural
from newsevents.cli.query import DbOption
from newsevents.store import EventFilter, open_store


@app.command("recode")
def recode_cli(
    db: DbOption = None,
    actors: ActorsOption = None,
    batch_size: Annotated[int, typer.Option("--batch-size", metavar="N", min=1, help="Articles parsed together.")] = 16,
) -> None:
    """Re-code every stored article with the current engine (after an upgrade or a new actor file).

    Example: newsevents recode --db events.duckdb
    """
    console = stderr_console()
    with user_errors():
        actor_files = check_actor_files(actors)
        with open_store(db) as store:
            total = store.count_articles()
            before = store.count_events(EventFilter())
            done = 0
            if total:
                engine = load_engine(actor_files)
                version = getattr(engine, "version", None)
                with live_progress(console) as progress:
                    task = progress.add_task(f"recoding 0/{total}", total=None)
                    for article, events in engine.process(store.iter_articles(), batch_size=batch_size):
                        store.replace_events(article.id, events, engine_version=version)
                        done += 1
                        progress.update(task, description=f"recoding {done}/{total}")
            after = store.count_events(EventFilter())
        console.print(
            f"{plural(done, 'article')} recoded, {plural(before, 'event')} before, {after} after",
            markup=False,
            highlight=False,
        )
