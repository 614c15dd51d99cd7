"""`newsevents show`: an article with its events' evidence highlighted.

In: one input path (any format `extract` reads; every article in it is shown).
Out: on stdout, each article's text with every event's evidence sentence and mentions
highlighted and numbered, followed by a numbered legend, one line per event (category, mode,
actor -> recipient, date, place, modality, confidence); with `--why`, under each event the
decisions that made it (its category's source, parties filled in, where its date and place
come from).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Annotated

import typer
from rich.console import Console
from rich.rule import Rule
from rich.text import Text

from newsevents.cli._app import app
from newsevents.cli.extract import (
    ActorsOption,
    PublishedOption,
    check_actor_files,
    load_engine,
    parse_published,
    read_articles,
    user_errors,
)
from newsevents.errors import InputError
from newsevents.record import Article, Entity, Event

_PALETTE = ("on dark_green", "on dark_blue", "on dark_magenta", "on dark_red", "on dark_cyan", "on grey30")


def _party(entities: Sequence[Entity]) -> str:
    if not entities:
        return "-"
    parts = []
    for e in entities:
        code = " ".join(x for x in (e.code, e.sector) if x)
        name = e.entity_name or e.entity_text
        parts.append(f"{code} ({name})" if name else code)
    return ", ".join(parts)


def highlighted_text(article: Article, events: Sequence[Event]) -> Text:
    """The article text with each event's sentence and mentions styled and followed by `[n]`."""
    text = article.text
    base = Text(text)
    marks: dict[int, list[int]] = defaultdict(list)
    for number, event in enumerate(events, start=1):
        style = _PALETTE[(number - 1) % len(_PALETTE)]
        spans = {(event.text_info.start, event.text_info.end), *((m.start, m.end) for m in event.mentions)}
        for start, end in sorted(spans):
            start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
            if start >= end:
                continue
            base.stylize(style, start, end)
            if number not in marks[end]:
                marks[end].append(number)
    out = Text()
    pos = 0
    for cut in sorted(marks):
        out.append_text(base[pos:cut])
        out.append("".join(f"[{n}]" for n in marks[cut]), style="bold yellow")
        pos = cut
    out.append_text(base[pos:])
    return out


def legend(events: Sequence[Event], *, why: bool = False) -> Text:
    """One line per event, numbered and coloured like its highlights:
    `[n] CATEGORY/mode  actor -> recipient  date  place  modality  confidence`; with `why`, the
    event's decisions below it, one a line."""
    out = Text()
    for number, e in enumerate(events, start=1):
        style = _PALETTE[(number - 1) % len(_PALETTE)]
        category = f"{e.event}/{e.mode}" if e.mode else e.event
        place = ""
        if e.event_loc is not None:
            place = e.event_loc.name + (f" {e.event_loc.country_code}" if e.event_loc.country_code else "")
        out.append(f"[{number}]", style=f"bold {style}")
        out.append(f" {category}", style="bold")
        out.append(f"  {_party(e.actor)} -> {_party(e.recipient)}")
        details = [e.date or "no date", place or "no place", e.modality, f"confidence {e.confidence:.2f}"]
        out.append("  " + " · ".join(details) + "\n", style="dim")
        if why:
            for decision in e.decisions:
                out.append(f"    why: {decision}\n", style="italic")
    return out


def render_article(console: Console, article: Article, events: Sequence[Event], *, why: bool = False) -> None:
    """Print one article with its highlighted evidence and the legend of its events."""
    heading = article.title or article.id
    meta = " · ".join(x for x in (article.id, str(article.published or ""), article.url or "") if x)
    console.print(Rule(Text(heading, style="bold")))
    console.print(Text(meta, style="dim"))
    console.print(highlighted_text(article, events))
    if events:
        console.print(Rule("events", style="dim"))
        console.print(legend(events, why=why), end="")
    else:
        console.print(Text("no events found", style="dim"))
    for note in article.passages:
        who = f" by {note.author}" if note.author else ""
        what = "coded with its lexicon" if note.coded else "not coded: no lexicon for this language"
        console.print(Text(f"passage {note.start}-{note.end} in '{note.language}'{who}: {what}", style="dim italic"))


@app.command("show")
def show_cli(
    path: Annotated[str, typer.Argument(metavar="PATH", help="An input file, or - for stdin.")],
    published: PublishedOption = None,
    actors: ActorsOption = None,
    why: Annotated[
        bool,
        typer.Option("--why", help="Under each event, the decisions that made it: category, parties, date, place."),
    ] = False,
) -> None:
    """Print an article with each event's evidence highlighted and a legend of the events.

    Example: newsevents show article.txt --published 2018-06-25 --why
    """
    console = Console()
    with user_errors():
        date = parse_published(published)
        actor_files = check_actor_files(actors)
        articles, skipped = read_articles([path], published=date)
        if not articles:
            if skipped:
                raise InputError(path, "nothing could be read (every row was bad)")
            console.print(Text("no article in the input", style="dim"))
            return
        engine = load_engine(actor_files)
        for article, events in engine.process(articles):
            render_article(console, article, events, why=why)
