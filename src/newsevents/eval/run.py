"""Load gold files and events, run an engine where needed, and score.

In: a gold file (seed article gold `.json`, or sentence gold `.jsonl`), optionally an events
JSONL or an input to run the engine on, and a factory for the engine (called only when
events must be extracted).
Out: an `ArticleReport` or a `SentenceReport`. Problems with the files raise `InputError`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Literal, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from newsevents.errors import InputError, json_problem
from newsevents.eval.models import ArticleGold, ArticleReport, SentenceGold, SentenceReport
from newsevents.eval.scoring import score_article, score_sentences
from newsevents.ingest import read_inputs
from newsevents.record import Article, Event


class EngineLike(Protocol):
    """What evaluation needs of the extraction engine."""

    def process(
        self,
        articles: Iterable[Article],
        *,
        batch_size: int = 16,
        on_error: Callable[[InputError], None] | None = None,
    ) -> Iterator[tuple[Article, list[Event]]]: ...


EngineFactory = Callable[[], EngineLike]
GoldKind = Literal["article", "sentence"]


def _problem(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"])
    return f"{where}: {err['msg']}" if where else err["msg"]


def _read_text(path: Path) -> str:
    if not path.exists():
        raise InputError(str(path), "no such file")
    if path.is_dir():
        raise InputError(str(path), "is a directory, not a file")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(str(path), "not UTF-8 text") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read the file ({exc.strerror or exc})") from None


def _json_lines(path: Path) -> Iterator[tuple[int, dict[str, object]]]:
    for lineno, line in enumerate(_read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{lineno}", json_problem(exc)) from None
        if not isinstance(row, dict):
            raise InputError(f"{path}:{lineno}", f"expected a JSON object, got {type(row).__name__}")
        yield lineno, row


def gold_kind(path: Path) -> GoldKind:
    """`article` for a `.json` gold file, `sentence` for `.jsonl`."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "article"
    if suffix in (".jsonl", ".ndjson"):
        return "sentence"
    raise InputError(str(path), f"unsupported gold file type {suffix or '(none)'} (expected .json or .jsonl)")


def load_article_gold(path: Path) -> ArticleGold:
    """Read the seed gold format (`{"events": [...], "file": ...}`)."""
    try:
        return ArticleGold.model_validate_json(_read_text(path))
    except ValidationError as exc:
        raise InputError(str(path), f"not an article gold file ({_problem(exc)})") from None


RowT = TypeVar("RowT", bound=BaseModel)


def _load_rows(path: Path, model: type[RowT], what: str) -> list[RowT]:
    """Validate every JSON line of `path` as `model`; a bad line is an InputError naming file and line."""
    rows = []
    for lineno, row in _json_lines(path):
        try:
            rows.append(model.model_validate(row))
        except ValidationError as exc:
            raise InputError(f"{path}:{lineno}", f"not {what} ({_problem(exc)})") from None
    return rows


def load_sentence_gold(path: Path) -> list[SentenceGold]:
    """Read sentence gold rows (`id`, `text`, `event`, `actor`, `recipient`, ...)."""
    return _load_rows(path, SentenceGold, "a sentence gold row")


def load_events(path: Path) -> list[Event]:
    """Read an events JSONL (one `Event` a line, as `newsevents extract` writes it)."""
    return _load_rows(path, Event, "an event record")


def is_events_file(path: Path) -> bool:
    """Whether `path` is a JSONL whose first record looks like an event (has `event` and `text_info`)."""
    if path.suffix.lower() not in (".jsonl", ".ndjson") or not path.is_file():
        return False
    for _, row in _json_lines(path):
        return "event" in row and "text_info" in row
    return False


def evaluate(
    gold_path: Path,
    other: str | None = None,
    *,
    engine_factory: EngineFactory,
    article_path: Path | None = None,
    published: dt.date | None = None,
) -> ArticleReport | SentenceReport:
    """Score `other` (events JSONL, or an input to extract from; default: the gold's own text)."""
    if gold_kind(gold_path) == "article":
        return evaluate_article(
            gold_path, other, engine_factory=engine_factory, article_path=article_path, published=published
        )
    return evaluate_sentences(gold_path, other, engine_factory=engine_factory, published=published)


def evaluate_article(
    gold_path: Path,
    other: str | None = None,
    *,
    engine_factory: EngineFactory,
    article_path: Path | None = None,
    published: dt.date | None = None,
) -> ArticleReport:
    """Score against seed-format gold; the article text is `article_path` or the gold's `file`."""
    gold = load_article_gold(gold_path)
    if article_path is None:
        if not gold.file:
            raise InputError(str(gold_path), "no 'file' key naming the article text (give --article)")
        article_path = gold_path.parent / gold.file
    text = _read_text(article_path)
    date = published or gold.publication_date
    if other is not None and is_events_file(Path(other)):
        return score_article(gold, text, load_events(Path(other)))
    if other is None:
        articles = [
            Article(id=gold.article_id or article_path.stem, text=text, published=date, source=str(article_path))
        ]
    else:
        articles = list(read_inputs([other], published=date))
        if len(articles) == 1:
            text = articles[0].text
    events = [e for _, evs in engine_factory().process(articles) for e in evs]
    return score_article(gold, text, events)


def evaluate_sentences(
    gold_path: Path,
    other: str | None = None,
    *,
    engine_factory: EngineFactory,
    published: dt.date | None = None,
) -> SentenceReport:
    """Score against sentence gold: the engine runs over each row's text unless events are given."""
    rows = load_sentence_gold(gold_path)
    grouped: dict[str, list[Event]] = defaultdict(list)
    if other is None or Path(other).resolve() == gold_path.resolve():
        articles = [Article(id=r.id, text=r.text, published=published, source=f"{gold_path}") for r in rows]
        for article, events in engine_factory().process(articles):
            grouped[article.id].extend(events)
    elif is_events_file(Path(other)):
        for event in load_events(Path(other)):
            grouped[event.article_id].append(event)
    else:
        raise InputError(other, "expected an events JSONL, or the sentence gold file itself")
    return score_sentences(rows, grouped)
