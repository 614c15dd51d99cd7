"""`newsevents ingest`: news reports in, coded events kept in the store.

In: input paths (`.txt`, `.html`, `.jsonl`, `.csv`, `-`), `--db URL` (default ./newsevents.duckdb),
`--published`, `--actors FILE`.
Out: articles, events, participants, mentions and locations in the store, each article in one
transaction; progress and a summary ("N new articles, M already stored, K events, B bad rows
skipped") on stderr. Articles whose normalised text is already stored are not coded again.
Then the new events are clustered with the stored ones (`newsevents.clusters`; a second summary
line), unless `--no-cluster`.

`--workers N` codes on N local processes and `--ray` on Ray Data actors (`newsevents.scale`);
this process stores each article as its batch comes back, in input order. The store's content
hash makes every run idempotent: after Ctrl-C (which stops the workers, keeps what was stored,
prints the summary so far and exits with 130) or a failure, the same command goes on where it
stopped.

Each row is isolated: a row that cannot be read, an article the engine cannot code and an
article the store refuses are each reported ("newsevents: skipped <input>:<row>: <reason>")
and skipped, and the rest is stored. Exit codes as for `extract`: 0 all done, 1 some rows
skipped, 2 nothing usable or an error the user can fix.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from newsevents.cli._app import app
from newsevents.cli._scale import RayAddressOption, RayOption, WorkersOption, check_scale
from newsevents.cli.extract import (
    EXIT_SOME_FAILED,
    ActorsOption,
    PublishedOption,
    check_actor_files,
    load_engine,
    open_engine,
    parse_published,
    stderr_console,
    user_errors,
)
from newsevents.cli.query import DbOption
from newsevents.clusters import cluster_store
from newsevents.errors import InputError, StoreError
from newsevents.eval.run import EngineLike
from newsevents.ingest import read_inputs
from newsevents.record import Article
from newsevents.store import content_hash, open_store

EXIT_INTERRUPTED = 130
"""Exit code after Ctrl-C (128 + SIGINT), as shells report an interrupted command."""


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
    workers: WorkersOption = None,
    ray: RayOption = False,
    ray_address: RayAddressOption = None,
    cluster: Annotated[
        bool,
        typer.Option(
            "--cluster/--no-cluster",
            help="Group the new events with stored events of other articles that report the same event.",
        ),
    ] = True,
) -> None:
    """Code news reports and keep articles and events in the store.

    Example: newsevents ingest news.jsonl --db events.duckdb
    """
    console = stderr_console()
    with user_errors(), contextlib.ExitStack() as stack:
        scale = check_scale(workers, ray, ray_address)
        date = parse_published(published)
        actor_files = check_actor_files(actors)
        bad: list[InputError] = []
        new = already = n_events = 0
        interrupted = False
        clustered: str | None = None

        def report(err: InputError) -> None:
            bad.append(err)
            console.print(f"newsevents: skipped {err}", markup=False, highlight=False)

        with open_store(db) as store, live_progress(console) as progress:
            task = progress.add_task("reading", total=None)

            def show() -> None:
                progress.update(
                    task,
                    description=f"{plural(new, 'new article')}, {already} already stored, {plural(n_events, 'event')}"
                    + scale.label(),
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
                progress.update(task, description="loading the engine" + scale.label())
                engine: EngineLike = open_engine(stack, scale, actor_files, load_engine)
                version = getattr(engine, "version", None)
                show()
                todo_all = itertools.chain([first], todo)
                try:
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
                except KeyboardInterrupt:
                    # what was stored stays stored (one transaction an article); a rerun goes on from here
                    interrupted = True
                    stack.close()  # stop the workers before the summary
            if cluster and new and not interrupted:
                progress.update(task, description="clustering")
                clustered = cluster_store(store).summary()
        if bad and not (new or already) and not interrupted:
            raise InputError(", ".join(paths), "nothing could be read (every row was bad)")
        summary = f"{plural(new, 'new article')}, {already} already stored, {plural(n_events, 'event')}"
        if bad:
            summary += f", {plural(len(bad), 'bad row')} skipped"
        console.print(summary, markup=False, highlight=False)
        if clustered:
            console.print(clustered, markup=False, highlight=False)
        if interrupted:
            console.print(
                "newsevents: interrupted; rerun the same command to go on (stored articles are skipped)",
                markup=False,
                highlight=False,
            )
            raise typer.Exit(EXIT_INTERRUPTED)
    if bad:
        raise typer.Exit(EXIT_SOME_FAILED)
