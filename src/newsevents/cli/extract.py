"""`newsevents extract`: news reports in, event records out.

In: input paths (`.txt`, `.html`, `.jsonl`, `.csv`, `-` for stdin), options.
Out: events on stdout (or `-o FILE`) as JSONL, CSV, CAMEO TSV or GeoJSON; progress, row
problems and a summary line on stderr.

`--workers N` codes on N local processes and `--ray` on Ray Data actors (`newsevents.scale`),
with the same output in the same order; with `--ray` or `--shard-format jsonl|parquet`, `-o DIR`
writes shards (`part-00000.jsonl`, ... or `.parquet`, in article order, `--shard-size` articles
each) into the directory DIR, and the same command run again after Ctrl-C or a failure goes on
after the last whole shard (exit code 130 after Ctrl-C).

Exit codes: 0 when every article was read and coded (empty input is fine); 1 when some rows
or articles failed (each reported on stderr with its input, row and reason, and skipped) and
the others were coded; 2 for an error the user can fix (missing file, bad option, unreadable
input) or when every row was bad and nothing could be coded. Errors are one line:
`newsevents: error: <input>: <problem>`; a skipped row is `newsevents: skipped <input>:<row>: <reason>`.

This module also holds the helpers the other commands share: the error guard, date option
parsing and engine loading.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from newsevents.cli._app import app
from newsevents.cli._scale import (
    RayAddressOption,
    RayOption,
    Scale,
    ShardFormatOption,
    ShardSizeOption,
    WorkersOption,
    check_scale,
    check_shard_format,
)
from newsevents.errors import InputError, NewsEventsError, ResourceError
from newsevents.eval.run import EngineLike
from newsevents.export import check_format, write_events
from newsevents.ingest import parse_date, read_inputs
from newsevents.record import Article, Event

PublishedOption = Annotated[
    str | None,
    typer.Option("--published", metavar="YYYY-MM-DD", help="Publication date; overrides dates in the inputs."),
]
ActorsOption = Annotated[
    list[Path] | None,
    typer.Option("--actors", metavar="FILE", help="Extra actor knowledge base (YAML); repeatable."),
]


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn `NewsEventsError` into one line on stderr and exit code 2."""
    try:
        yield
    except NewsEventsError as exc:
        typer.echo(f"newsevents: error: {exc}", err=True)
        raise typer.Exit(2) from None


def parse_published(value: str | None) -> dt.date | None:
    """The `--published` option as a date; `InputError` naming the option otherwise."""
    return None if value is None else parse_date(value, source="--published", what="")


def check_actor_files(paths: Sequence[Path] | None) -> list[Path]:
    """The `--actors` files, each checked to exist."""
    out = []
    for path in paths or []:
        if not path.is_file():
            raise InputError(str(path), "no such file" if not path.exists() else "is not a file")
        out.append(path)
    return out


def open_engine(
    stack: contextlib.ExitStack,
    scale: Scale,
    actor_files: Sequence[Path],
    load: Callable[[Sequence[Path]], EngineLike],
) -> EngineLike:
    """The engine a command codes with: `load`ed in process, or the workers `scale` asks for (closed
    with `stack`). Each command passes its own `load_engine`, looked up when it runs."""
    if not scale.parallel:
        return load(actor_files)
    from newsevents.scale import open_coder

    return stack.enter_context(
        open_coder(workers=scale.workers, ray=scale.ray, ray_address=scale.ray_address, actor_files=list(actor_files))
    )


def load_engine(actor_files: Sequence[Path] = ()) -> EngineLike:
    """Load the extraction engine (spaCy and resources) once."""
    try:
        from newsevents.pipeline import Engine
    except ImportError as exc:
        raise ResourceError(f"the extraction engine is not available ({exc})") from None
    engine: EngineLike = Engine(actor_files=list(actor_files))
    return engine


def check_confidence(value: float) -> float:
    """The `--min-confidence` option: a probability."""
    if not 0.0 <= value <= 1.0:
        raise InputError("--min-confidence", f"{value} is not between 0 and 1")
    return value


def stderr_console() -> Console:
    """The console for messages: lines wrap only on a terminal, so a log or a pipe gets one line a message."""
    console = Console(file=sys.stderr, stderr=True)
    console.soft_wrap = not console.is_terminal
    return console


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


EXIT_SOME_FAILED = 1
"""Exit code when some rows or articles were skipped and the rest was done."""

EXIT_INTERRUPTED = 130
"""Exit code after Ctrl-C (128 + SIGINT), as shells report an interrupted command."""


def skip_reporter(skipped: list[InputError]) -> Callable[[InputError], None]:
    """An error handler that keeps each skipped row and says so on stderr as it is met."""

    def report(err: InputError) -> None:
        skipped.append(err)
        typer.echo(f"newsevents: skipped {err}", err=True)

    return report


def read_articles(paths: Sequence[str], *, published: dt.date | None) -> tuple[list[Article], list[InputError]]:
    """All articles of the inputs, and the bad rows (each reported on stderr as it is met)."""
    skipped: list[InputError] = []
    return list(read_inputs(paths, published=published, on_error=skip_reporter(skipped))), skipped


def report_passages(article: Article, console: Console) -> None:
    """Say on stderr which foreign-language passages were coded and which only flagged."""
    for note in article.passages:
        who = f" by {note.author}" if note.author else ""
        when = f", {note.date}" if note.date else ""
        done = "coded with its lexicon" if note.coded else "not coded: no lexicon for this language"
        console.print(
            f"newsevents: note: {article.id}:{note.start}-{note.end}: passage in '{note.language}'{who}{when}, {done}",
            highlight=False,
            markup=False,
        )


def code_with_progress(
    articles: Sequence[Article],
    *,
    engine: EngineLike,
    console: Console,
    skipped: list[InputError] | None = None,
    min_confidence: float = 0.0,
    label: str = "",
    on_skip: Callable[[], None] | None = None,
) -> Iterator[tuple[Article, list[Event]]]:
    """Each coded article with its events at or above `min_confidence`, in input order, behind a
    progress bar on stderr (`label` says how the run is done, e.g. " on 2 workers").

    An article the engine cannot code is reported on stderr, added to `skipped` and left out
    (and `on_skip` called, in its turn among the articles yielded).
    """
    report = skip_reporter(skipped if skipped is not None else [])
    with _progress(console) as progress:
        task = progress.add_task(f"extracting{label}", total=len(articles), visible=len(articles) > 1)

        def failed(err: InputError) -> None:
            progress.advance(task)
            report(err)
            if on_skip is not None:
                on_skip()

        for article, coded_events in engine.process(articles, on_error=failed):
            progress.advance(task)
            report_passages(article, console)
            yield article, [e for e in coded_events if e.confidence >= min_confidence]


def extract_to(
    articles: Sequence[Article],
    *,
    fmt: str,
    stream: TextIO,
    engine: EngineLike | None,
    console: Console,
    skipped: list[InputError] | None = None,
    min_confidence: float = 0.0,
    label: str = "",
) -> tuple[int, int]:
    """Extract events from `articles` and write them to `stream` as they come; events below
    `min_confidence` are left out.

    Returns (articles coded, events). An article the engine cannot code is reported on stderr,
    added to `skipped` and left out; the others are still coded.
    """
    if engine is None or not articles:
        write_events([], fmt, stream)
        return 0, 0
    count = coded = 0

    def events() -> Iterator[Event]:
        nonlocal count, coded
        for _, found in code_with_progress(
            articles, engine=engine, console=console, skipped=skipped, min_confidence=min_confidence, label=label
        ):
            count += len(found)
            coded += 1
            yield from found

    write_events(events(), fmt, stream)
    return coded, count


@dataclass
class ShardRun:
    """What a run into shards did: articles coded and events written into whole shards by this run,
    coded articles found in the shards of an earlier run it went on from, and whether Ctrl-C stopped it."""

    articles: int
    events: int
    already: int = 0
    interrupted: bool = False


def extract_to_shards(
    articles: Sequence[Article],
    *,
    directory: Path,
    engine: EngineLike | None,
    console: Console,
    skipped: list[InputError] | None = None,
    min_confidence: float = 0.0,
    label: str = "",
    fmt: str = "jsonl",
    per_shard: int | None = None,
    actor_files: Sequence[Path] = (),
) -> ShardRun:
    """Extract events from `articles` into `fmt` shards of `per_shard` articles in `directory`
    (`newsevents.scale.ShardWriter`), going on after the whole shards of an earlier run of the same
    input and options. Ctrl-C keeps the whole shards and returns with `interrupted` set.
    """
    from newsevents.scale import shards as shard_module

    settings = {
        "min_confidence": min_confidence,
        "actors": [hashlib.sha256(path.read_bytes()).hexdigest() for path in actor_files],
    }
    writer = shard_module.ShardWriter(
        directory,
        articles=articles,
        per_shard=per_shard or shard_module.SHARD_ARTICLES,
        fmt=fmt,
        settings=settings,
    )
    interrupted = False
    try:
        with writer:  # leaving it on an exception drops the shard being written
            todo = articles[writer.done :]
            if engine is not None and todo:
                for _, found in code_with_progress(
                    todo, engine=engine, console=console, skipped=skipped, min_confidence=min_confidence,
                    label=label, on_skip=writer.skip,
                ):
                    writer.add(found)
    except KeyboardInterrupt:
        interrupted = True
    return ShardRun(writer.articles, writer.events, writer.resumed_articles, interrupted)


@app.command("extract")
def extract_cli(
    paths: Annotated[list[str], typer.Argument(metavar="PATH", help="Input files, or - for stdin.")],
    published: PublishedOption = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="jsonl, csv, cameo or geojson.")
    ] = "jsonl",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write events here, not stdout (with --ray or --shard-format: a directory of shards).",
        ),
    ] = None,
    actors: ActorsOption = None,
    min_confidence: Annotated[
        float,
        typer.Option(
            "--min-confidence",
            metavar="P",
            help="Keep only events whose calibrated confidence (probability that the category is right) is >= P.",
        ),
    ] = 0.0,
    workers: WorkersOption = None,
    ray: RayOption = False,
    ray_address: RayAddressOption = None,
    shard_format: ShardFormatOption = None,
    shard_size: ShardSizeOption = None,
) -> None:
    """Extract PLOVER events from news reports.

    Example: newsevents extract news.jsonl --format csv -o events.csv
    """
    console = stderr_console()
    with user_errors(), contextlib.ExitStack() as stack:
        scale = check_scale(workers, ray, ray_address)
        date = parse_published(published)
        threshold = check_confidence(min_confidence)
        name = check_format(fmt)
        shard_fmt = check_shard_format(shard_format)
        shard_option = "--shard-format" if shard_format is not None else None
        if shard_size is not None:
            shard_option = shard_option or "--shard-size"
        if shard_option and output is None:
            raise InputError(shard_option, "shards are written into a directory: add -o DIR")
        shards = output is not None and (scale.ray or shard_option is not None)
        if shards and name != "jsonl":
            raise InputError(
                "--format", f"shards (-o DIR with --ray or --shard-format) are jsonl or parquet, not {name}"
            )
        actor_files = check_actor_files(actors)
        articles, skipped = read_articles(paths, published=date)
        if skipped and not articles:
            raise InputError(", ".join(paths), "nothing could be read (every row was bad)")
        engine: EngineLike | None = None
        if articles:  # loaded before -o creates a file
            engine = open_engine(stack, scale, actor_files, load_engine)
        label = scale.label()
        resumed = 0
        interrupted = False
        if output is None:
            n_articles, n_events = extract_to(
                articles, fmt=name, stream=sys.stdout, engine=engine, console=console, skipped=skipped,
                min_confidence=threshold, label=label,
            )
        elif shards:
            run = extract_to_shards(
                articles, directory=output, engine=engine, console=console, skipped=skipped,
                min_confidence=threshold, label=label, fmt=shard_fmt, per_shard=shard_size, actor_files=actor_files,
            )
            n_articles, n_events, resumed, interrupted = run.articles, run.events, run.already, run.interrupted
            if interrupted:
                stack.close()  # stop the workers before the summary
        else:
            try:
                handle = output.open("w", encoding="utf-8", newline="")
            except OSError as exc:
                raise InputError(str(output), f"cannot write the file ({exc.strerror or exc})") from None
            with handle:
                n_articles, n_events = extract_to(
                    articles, fmt=name, stream=handle, engine=engine, console=console, skipped=skipped,
                    min_confidence=threshold, label=label,
                )
        summary = f"{_plural(n_articles, 'article')}, {_plural(n_events, 'event')}"
        if resumed:
            summary += f", {_plural(resumed, 'article')} already in shards"
        if skipped:
            summary += f", {_plural(len(skipped), 'row')} skipped"
        typer.echo(summary, err=True)
        if interrupted:
            typer.echo("newsevents: interrupted; rerun the same command to go on (whole shards are kept)", err=True)
            raise typer.Exit(EXIT_INTERRUPTED)
        if skipped and not (n_articles or resumed):
            raise InputError(", ".join(paths), "nothing could be coded (every article failed)")
    if skipped:
        raise typer.Exit(EXIT_SOME_FAILED)
