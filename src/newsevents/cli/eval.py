"""`newsevents eval`: score events against gold.

In: a gold file (seed article gold `.json` or sentence gold `.jsonl`) and, optionally, an
events JSONL or an input to run the engine on (default: the gold's own text).
Out: on stdout, the report of `newsevents.eval.evaluate` as tables, or as JSON with `--json`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from newsevents.cli._app import app
from newsevents.cli.extract import (
    ActorsOption,
    PublishedOption,
    check_actor_files,
    load_engine,
    parse_published,
    user_errors,
)
from newsevents.eval import ArticleReport, SentenceReport, evaluate
from newsevents.eval.models import FieldScore


def _line(console: Console, text: str) -> None:
    """One line of the report: never wrapped (a log or a pipe gets it whole), no markup."""
    console.print(text, markup=False, highlight=False, soft_wrap=True)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _fields_table(fields: dict[str, FieldScore]) -> Table:
    table = Table(title="fields of matched events")
    for column in ("field", "correct", "total", "accuracy"):
        table.add_column(column, justify="left" if column == "field" else "right")
    for name, score in fields.items():
        table.add_row(name, str(score.correct), str(score.total), _pct(score.accuracy))
    return table


def print_article_report(console: Console, report: ArticleReport) -> None:
    """Tables of an article gold report."""
    _line(
        console,
        f"events: precision {report.precision:.3f}  recall {report.recall:.3f}  F1 {report.f1:.3f}  "
        f"({report.found}/{report.required} required gold found, "
        f"{report.matched_events}/{report.system_events} system events matched)",
    )
    _line(console, f"duplication {report.duplication:.2f}  planned ok: {'yes' if report.planned_ok else 'NO'}")
    table = Table(title="recall per category")
    for column in ("category", "gold", "found", "recall"):
        table.add_column(column, justify="left" if column == "category" else "right")
    for row in report.per_category:
        table.add_row(row.category, str(row.gold), str(row.found), _pct(row.recall))
    console.print(table)
    console.print(_fields_table(report.fields))
    if report.missed:
        _line(console, "missed: " + ", ".join(report.missed))
    for err in report.modality_errors:
        _line(console, f"modality error: {err.gold_id} is {err.expected}, event {err.event_id} says {err.got}")
    for fp in report.unmatched:
        parties = f"{','.join(fp.actor) or '-'} -> {','.join(fp.recipient) or '-'}"
        _line(console, f"unmatched: {fp.event} {parties}: {fp.sentence[:100]}")
    for missing in report.evidence_not_found:
        _line(console, f"gold evidence not in the text: {missing}")


def print_sentence_report(console: Console, report: SentenceReport) -> None:
    """Tables of a sentence gold report."""
    _line(
        console,
        f"{report.sentences} sentences, {report.system_events} events "
        f"({report.events_per_sentence:.2f} per sentence, "
        f"{report.sentences_without_events} sentences without)",
    )
    _line(
        console,
        f"category recall {report.category_recall:.3f}  "
        f"category+actor+recipient recall {report.full_recall:.3f}  "
        f"category precision {report.category_precision:.3f}",
    )
    if report.no_event_sentences:
        _line(console, f"no-event sentences: {report.no_event_sentences}, coded anyway: {report.false_alarms}")
    table = Table(title="recall per category")
    for column in ("category", "gold", "category recall", "cat+actor+recipient recall"):
        table.add_column(column, justify="left" if column == "category" else "right")
    for row in report.per_category:
        table.add_row(row.category, str(row.gold), _pct(row.category_recall), _pct(row.full_recall))
    console.print(table)
    console.print(_fields_table(report.fields))


@app.command("eval")
def eval_cli(
    gold: Annotated[Path, typer.Argument(metavar="GOLD", help="Seed gold .json or sentence gold .jsonl.")],
    events_or_input: Annotated[
        str | None,
        typer.Argument(
            metavar="[EVENTS_OR_INPUT]",
            help="Events JSONL, or an input to extract from (default: the gold's own text).",
        ),
    ] = None,
    article: Annotated[
        Path | None, typer.Option("--article", metavar="FILE", help="The article text of a seed gold file.")
    ] = None,
    published: PublishedOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    actors: ActorsOption = None,
) -> None:
    """Score events against gold: precision, recall and F1, per category and per field.

    Example: newsevents eval tests/data/seed_gold.json events.jsonl
    """
    console = Console()
    with user_errors():
        date = parse_published(published)
        actor_files = check_actor_files(actors)
        report = evaluate(
            gold,
            events_or_input,
            engine_factory=lambda: load_engine(actor_files),
            article_path=article,
            published=date,
        )
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
    elif isinstance(report, ArticleReport):
        print_article_report(console, report)
    else:
        print_sentence_report(console, report)
