"""`newsevents recode`: code every stored article again with the current engine.

In: `--db URL` (default ./newsevents.duckdb), `--actors FILE`.
Out: each article's events replaced by the new engine's, one transaction per article (a stop
half-way leaves every article either old or new, never mixed); a summary on stderr.

Each article is isolated, as in `ingest`: one the engine cannot code, or whose new events
the store refuses, is reported ("newsevents: skipped <article>: <reason>"), keeps the events
it had, and the others are recoded. Exit codes: 0 all recoded, 1 some articles skipped,
2 an error the user can fix (a bad option, a store that cannot be opened).
"""

from __future__ import annotations

from typing import Annotated

import typer

from newsevents.cli._app import app
from newsevents.cli.extract import (
    EXIT_SOME_FAILED,
    ActorsOption,
    check_actor_files,
    load_engine,
    stderr_console,
    user_errors,
)
from newsevents.cli.ingest import live_progress, plural
from newsevents.cli.query import DbOption
from newsevents.clusters import cluster_store
from newsevents.errors import InputError, StoreError
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
    bad: list[InputError] = []

    def report(err: InputError) -> None:
        bad.append(err)
        console.print(f"newsevents: skipped {err}", markup=False, highlight=False)

    with user_errors():
        actor_files = check_actor_files(actors)
        with open_store(db) as store:
            total = store.count_articles()
            before = store.count_events(EventFilter())
            done = 0
            clustered: str | None = None
            if total:
                engine = load_engine(actor_files)
                version = getattr(engine, "version", None)
                with live_progress(console) as progress:
                    task = progress.add_task(f"recoding 0/{total}", total=None)
                    # without their input's name, the engine's errors name the stored article id
                    stored = (a.model_copy(update={"source": None}) for a in store.iter_articles())
                    coded = engine.process(stored, batch_size=batch_size, on_error=report)
                    for article, events in coded:
                        try:
                            store.replace_events(article.id, events, engine_version=version)
                        except StoreError as exc:
                            # its transaction rolled back: the article keeps the events it had
                            report(InputError(f"article {article.id!r}", f"not recoded ({exc})"))
                            continue
                        done += 1
                        progress.update(task, description=f"recoding {done}/{total}")
            after = store.count_events(EventFilter())
            # the recoded events left their clusters; place them again
            clustered = cluster_store(store).summary() if done else None
        summary = f"{plural(done, 'article')} recoded, {plural(before, 'event')} before, {after} after"
        if bad:
            summary += f", {plural(len(bad), 'article')} skipped (their events kept)"
        console.print(summary, markup=False, highlight=False)
        if clustered:
            console.print(clustered, markup=False, highlight=False)
    if bad:
        raise typer.Exit(EXIT_SOME_FAILED)
