"""`newsevents ingest`: news reports in, coded events kept in the store.

In: input paths (`.txt`, `.html`, `.jsonl`, `.csv`, `-`), `--db URL` (default ./newsevents.duckdb),
`--published`, `--actors FILE`.
Out: articles, events, participants, mentions and locations in the store, each article in one
transaction; progress and a summary ("N new articles, M already stored, K events, B bad rows
skipped") on stderr. Articles whose normalised text is already stored are not coded again.

Each row is isolated: a row that cannot be read, an article the engine cannot code and an
article the store refuses are each reported ("newsevents: skipped <input>:<row>: <reason>")
and skipped, and the rest is stored. Exit codes as for `extract`: 0 all done, 1 some rows
skipped, 2 nothing usable or an error the user can fix.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from newsevents.cli._app import app
from newsevents.cli.extract import (
    EXIT_SOME_FAILED,
    ActorsOption,
    PublishedOption,
    check_actor_files,
    load_engine,
    parse_published,
    stderr_console,
    user_errors,
)
from newsevents.cli.query import DbOption
from newsevents.errors import InputError, StoreError
from newsevents.ingest import read_inputs
from newsevents.record import Article
from newsevents.store import content_hash, open_store


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {many or word + 's'}"


def live_progress(console: Console) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )


@app.command("ingest")
def ingest_cli(
    paths: Annotated[list[str], typer.Argument(metavar="PATH", help="Input files, or - for stdin.")],
    db: DbOption = None,
    published: PublishedOption = None,
    actors: ActorsOption = None,
    batch_size: Annotated[int, typer.Option("--batch-size", metavar="N", min=1, help="Articles parsed together.")] = 16,
) -> None:
    """Code news reports and keep articles and events in the store.

    Example: newsevents ingest news.jsonl --db events.duckdb
    """
    console = stderr_console()
    with user_errors():
        date = parse_published(published)
        actor_files = check_actor_files(actors)
        bad: list[InputError] = []
        new = already = n_events = 0

        def report(err: InputError) -> None:
            bad.append(err)
            console.print(f"newsevents: skipped {err}", markup=False, highlight=False)

        with open_store(db) as store, live_progress(console) as progress:
            task = progress.add_task("reading", total=None)

            def show() -> None:
                progress.update(
                    task,
                    description=f"{plural(new, 'new article')}, {already} already stored, {plural(n_events, 'event')}",
                )

            def fresh() -> Iterator[Article]:
                """Articles not yet in the store (the engine never sees the others)."""
                nonlocal already
                for article in read_inputs(paths, published=date, on_error=report):
                    if store.has_article(content_hash(article.text)):
                        already += 1
                        show()
                        continue
                    yield article

            todo = fresh()
            first = next(todo, None)
            if first is not None:
                progress.update(task, description="loading the engine")
                engine = load_engine(actor_files)
                version = getattr(engine, "version", None)
                show()
                todo_all = itertools.chain([first], todo)
                for article, events in engine.process(todo_all, batch_size=batch_size, on_error=report):
                    try:
                        added = store.add_article(article, events, engine_version=version)
                    except StoreError as exc:
                        # one article the store refuses (each is its own transaction) is one bad row
                        report(InputError(article.source or article.id, f"not stored ({exc})"))
                        continue
                    if added:
                        new += 1
                        n_events += len(events)
                    else:  # the same text twice in this run
                        already += 1
                    show()
        if bad and not (new or already):
            raise InputError(", ".join(paths), "nothing could be read (every row was bad)")
        summary = f"{plural(new, 'new article')}, {already} already stored, {plural(n_events, 'event')}"
        if bad:
            summary += f", {plural(len(bad), 'bad row')} skipped"
        console.print(summary, markup=False, highlight=False)
    if bad:
        raise typer.Exit(EXIT_SOME_FAILED)
