"""Read news reports from files and stdin.

In: paths (`.txt`, `.html`/`.htm`, `.jsonl`/`.ndjson`, `.csv`, or `-` for stdin), an optional
publication date that overrides the dates found in the inputs, and an optional error callback.
Out: `Article` records, one per file (`.txt`, `.html`) or one per row (`.jsonl`, `.csv`), in input order.

Rules:
- A `.txt` or `.html` file is one article; its id is the file name without extension.
  For HTML, trafilatura extracts the main text and the title, date and URL it finds.
- A `.jsonl` line or a `.csv` row is one article with the keys `id`, `text` and optionally
  `title`, `url`, `published` (YYYY-MM-DD, or an ISO timestamp whose date part is used) and
  `language`. Other keys are ignored. A row without an `id` gets `<file stem>-<line>`.
- `-` reads stdin and sniffs it: JSON lines if it starts with `{`, HTML if it starts with
  an HTML tag, plain text (id `stdin`) otherwise.
- Text is UTF-8; a file that starts with a UTF-16 or UTF-32 byte order mark is decoded as
  such. Every text, title and id is normalised by `newsevents.ingest.clean.clean_text` (lone
  surrogates and control characters replaced one for one, so offsets still index the text).
- Problems with a whole input (missing file, directory, permission, binary data, unsupported
  extension, undecodable CSV/text, CSV without a `text` column) raise `InputError` at once.
  Problems with one row (malformed or too deeply nested JSON, no `text`, an `id` that is not a
  string or an integer, a `published` date that is not a whole `YYYY-MM-DD` date or ISO
  timestamp between 1800-01-01 and 2200-12-31, an undecodable line, an HTML page without main
  text) are passed to `on_error` and the row is skipped; without `on_error` they raise. Empty
  inputs yield nothing.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from newsevents.errors import InputError
from newsevents.ingest.clean import article_id as clean_id
from newsevents.ingest.clean import clean_text, parse_iso_date
from newsevents.record import Article

SUFFIXES: dict[str, str] = {
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
}
STDIN = "-"
_SNIFF_BYTES = 8192
_HTML_START = re.compile(r"\s*<(?:!doctype\s+html|!--|(?:html|head|body|article|div|p|meta|title)\b)", re.IGNORECASE)
_CSV_FIELD_LIMIT = 64 * 1024 * 1024
# byte order marks of the encodings a text file may declare itself in (UTF-32 before UTF-16:
# the UTF-32 LE mark starts with the UTF-16 LE one)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

ErrorHandler = Callable[[InputError], None]


def read_inputs(
    paths: Sequence[str],
    *,
    published: dt.date | None = None,
    on_error: ErrorHandler | None = None,
) -> Iterator[Article]:
    """Yield the articles of every input in order.

    Every path is checked (exists, is a readable file of a supported type) before the first
    article is read, so a typo in the last path fails before any work is done.
    """
    for path in paths:
        if path != STDIN:
            _check_file(path)
    for path in paths:
        if path == STDIN:
            yield from _read_stdin(published=published, on_error=on_error)
        else:
            yield from _read_file(Path(path), published=published, on_error=on_error)


def parse_date(value: str, *, source: str, what: str = "'published' ") -> dt.date:
    """Parse `YYYY-MM-DD` (or a whole ISO timestamp, whose date is used); `InputError` otherwise.

    The problem reads "bad <what>date '<value>' (expected YYYY-MM-DD)", or names the accepted
    range (1800-01-01 to 2200-12-31) for a date outside it.
    """
    return parse_iso_date(value, source=source, what=what)


def _check_file(path: str) -> None:
    p = Path(path)
    if not p.exists():
        raise InputError(path, "no such file")
    if p.is_dir():
        raise InputError(path, "is a directory, not a file")
    kind = SUFFIXES.get(p.suffix.lower())
    if kind is None:
        allowed = ", ".join(sorted(SUFFIXES))
        shown = p.suffix or "(none)"
        raise InputError(path, f"unsupported file type {shown} (expected one of {allowed}, or - for stdin)")
    if not os.access(p, os.R_OK):
        raise InputError(path, "cannot read the file (permission denied)")


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except PermissionError:
        raise InputError(str(path), "cannot read the file (permission denied)") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read the file ({exc.strerror or exc})") from None


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _decode(data: bytes, source: str) -> str:
    """Decode a whole text input (UTF-8, or UTF-16/32 with a byte order mark); binary data is an `InputError`."""
    encoding = _bom_encoding(data)
    if encoding is None and b"\x00" in data[:_SNIFF_BYTES]:
        raise InputError(source, "binary data (NUL bytes), not text")
    try:
        return clean_text(data.decode(encoding or "utf-8-sig"))
    except UnicodeDecodeError as exc:
        name = "UTF-8" if encoding in (None, "utf-8-sig") else encoding.upper()
        raise InputError(source, f"not {name} text (undecodable byte at offset {exc.start})") from None


def _jsonl_bytes(data: bytes, source: str) -> bytes:
    """JSON lines as UTF-8 bytes: a UTF-16/32 file (with a byte order mark) is re-encoded first."""
    encoding = _bom_encoding(data)
    if encoding is None or encoding == "utf-8-sig":
        if b"\x00" in data[:_SNIFF_BYTES]:
            raise InputError(source, "binary data (NUL bytes), not JSON lines")
        return data
    try:
        return data.decode(encoding).encode("utf-8", "surrogatepass")
    except UnicodeDecodeError as exc:
        raise InputError(source, f"not {encoding.upper()} text (undecodable byte at offset {exc.start})") from None


def _read_file(path: Path, *, published: dt.date | None, on_error: ErrorHandler | None) -> Iterator[Article]:
    kind = SUFFIXES[path.suffix.lower()]
    name = str(path)
    data = _read_bytes(path)
    if kind == "jsonl":
        data = _jsonl_bytes(data, name)
        yield from _jsonl_articles(data, name=name, stem=path.stem, published=published, on_error=on_error)
        return
    text = _decode(data, name)
    if kind == "csv":
        yield from _csv_articles(text, name=name, stem=path.stem, published=published, on_error=on_error)
    elif kind == "html":
        yield from _html_articles(text, name=name, article_id=path.stem, published=published, on_error=on_error)
    elif text.strip():
        yield Article(id=clean_text(path.stem), text=text, published=published, source=name)


def _read_stdin(*, published: dt.date | None, on_error: ErrorHandler | None) -> Iterator[Article]:
    stream = sys.stdin
    raw = stream.buffer.read() if hasattr(stream, "buffer") else stream.read().encode("utf-8")
    source = "stdin"
    if not raw.strip():
        return
    if raw.lstrip().startswith(b"{"):
        raw = _jsonl_bytes(raw, source)
        yield from _jsonl_articles(raw, name=source, stem=source, published=published, on_error=on_error)
        return
    text = _decode(raw, source)
    if _HTML_START.match(text):
        yield from _html_articles(text, name=source, article_id=source, published=published, on_error=on_error)
    else:
        yield Article(id=source, text=text, published=published, source=source)


def _jsonl_articles(
    data: bytes, *, name: str, stem: str, published: dt.date | None, on_error: ErrorHandler | None
) -> Iterator[Article]:
    for lineno, raw_line in enumerate(data.splitlines(), start=1):
        source = f"{name}:{lineno}"
        if not raw_line.strip():
            continue
        try:
            try:
                line = raw_line.decode("utf-8-sig" if lineno == 1 else "utf-8", "surrogatepass")
            except UnicodeDecodeError as exc:
                problem = f"not UTF-8 text (undecodable byte at column {exc.start + 1})"
                raise InputError(source, problem) from None
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(source, f"malformed JSON ({exc.msg} at column {exc.colno})") from None
            except RecursionError:
                raise InputError(source, "malformed JSON (nested too deeply)") from None
            if not isinstance(row, dict):
                raise InputError(source, f"expected a JSON object, got {type(row).__name__}")
            yield _article_from_row(row, source=source, default_id=f"{stem}-{lineno}", published=published)
        except InputError as err:
            _report(err, on_error)
        except Exception as exc:  # noqa: BLE001 - whatever else one row raises, it is that row's problem
            _report(_unexpected(source, exc), on_error)


def _csv_articles(
    text: str, *, name: str, stem: str, published: dt.date | None, on_error: ErrorHandler | None
) -> Iterator[Article]:
    if not text.strip():
        return
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames
    except csv.Error as exc:
        raise InputError(f"{name}:1", f"malformed CSV header ({exc})") from None
    if not header:
        return
    columns = [c.strip() for c in header]
    if "text" not in columns:
        raise InputError(f"{name}:1", f"no 'text' column (columns: {', '.join(columns)})")
    reader.fieldnames = columns
    row_start = reader.line_num + 1
    while True:
        source = f"{name}:{row_start}"
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            _report(InputError(source, f"malformed CSV row ({exc})"), on_error)
            row_start = reader.line_num + 1
            continue
        row_line, row_start = row_start, reader.line_num + 1
        try:
            if None in row:
                raise InputError(source, f"more fields than the header's {len(columns)} columns")
            yield _article_from_row(row, source=source, default_id=f"{stem}-{row_line}", published=published)
        except InputError as err:
            _report(err, on_error)
        except Exception as exc:  # noqa: BLE001 - whatever else one row raises, it is that row's problem
            _report(_unexpected(source, exc), on_error)


def _html_articles(
    html: str, *, name: str, article_id: str, published: dt.date | None, on_error: ErrorHandler | None
) -> Iterator[Article]:
    """The page's article; a page without main text is a bad row (reported, skipped)."""
    try:
        article = _html_article(html, name=name, article_id=article_id, published=published)
    except InputError as err:
        _report(err, on_error)
        return
    if article is not None:
        yield article


def _html_article(html: str, *, name: str, article_id: str, published: dt.date | None) -> Article | None:
    """Main text and metadata of an HTML page; `None` for an empty page."""
    if not html.strip():
        return None
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception as exc:  # trafilatura raises assorted parser errors on broken markup
        raise InputError(name, f"cannot parse the HTML ({type(exc).__name__})") from None
    meta: Mapping[str, Any] = {}
    if doc is not None:
        meta = doc if isinstance(doc, dict) else doc.as_dict()
    text = meta.get("text") or ""
    if not str(text).strip():
        raise InputError(name, "no main text found in the HTML")
    date = published
    if date is None and meta.get("date"):
        try:
            date = parse_date(str(meta["date"]), source=name)
        except InputError:
            date = None  # a page date we cannot read is not worth failing the article over
    return Article(
        id=article_id,
        text=clean_text(str(text)),
        title=_optional_str(meta.get("title")),
        url=_optional_str(meta.get("url")),
        published=date,
        language=_optional_str(meta.get("language")),
        source=name,
    )


def _article_from_row(row: Mapping[str, Any], *, source: str, default_id: str, published: dt.date | None) -> Article:
    text = row.get("text")
    if text is None:
        raise InputError(source, "no 'text' in this row")
    if not isinstance(text, str):
        raise InputError(source, f"'text' must be a string, got {type(text).__name__}")
    text = clean_text(text)
    if not text.strip():
        raise InputError(source, "'text' is empty")
    date = published
    raw_date = row.get("published")
    if date is None and raw_date not in (None, ""):
        if not isinstance(raw_date, str):
            raise InputError(source, f"bad 'published' date {raw_date!r:.80} (expected YYYY-MM-DD)")
        date = parse_date(raw_date, source=source)
    return Article(
        id=clean_id(row.get("id"), source=source, default=default_id),
        text=text,
        title=_optional_str(row.get("title")),
        url=_optional_str(row.get("url")),
        published=date,
        language=_optional_str(row.get("language")),
        source=source,
    )


def _optional_str(value: object) -> str | None:
    if value is None:
        return None
    text = clean_text(str(value)).strip()
    return text or None


def _unexpected(source: str, exc: Exception) -> InputError:
    err = InputError(source, f"unreadable row ({type(exc).__name__})")
    err.__cause__ = exc
    return err


def _report(err: InputError, on_error: ErrorHandler | None) -> None:
    if on_error is None:
        raise err
    on_error(err)
