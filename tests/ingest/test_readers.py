"""Readers: each input format, each kind of bad input, stdin sniffing."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import sys
from pathlib import Path

import pytest

from newsevents.errors import InputError
from newsevents.ingest import read_inputs

SEED = Path(__file__).parents[1] / "data" / "seed_article.txt"

HTML = """<!DOCTYPE html><html lang="en"><head><title>Salvini visits Tripoli</title>
<meta property="og:url" content="https://example.org/salvini">
<meta name="date" content="2018-06-25"></head>
<body><nav>Home | World | Sport</nav><article><h1>Salvini visits Tripoli</h1>
<p>Italy's interior minister Matteo Salvini met his Libyan counterpart in Tripoli on Monday,
his first trip abroad since taking office in the new government.</p>
<p>The EU has been training the Libyan coastguard, and more than 200 migrants were rescued at sea.</p>
</article><footer>All rights reserved</footer></body></html>"""


def _collect(paths: list[str], **kwargs: object) -> tuple[list, list[InputError]]:
    errors: list[InputError] = []
    articles = list(read_inputs(paths, on_error=errors.append, **kwargs))  # type: ignore[arg-type]
    return articles, errors


def test_txt_is_one_article_named_after_the_file(tmp_path: Path) -> None:
    path = tmp_path / "salvini.txt"
    path.write_bytes(SEED.read_bytes())
    [article] = read_inputs([str(path)], published=dt.date(2018, 6, 25))
    assert article.id == "salvini"
    assert article.text == SEED.read_text(encoding="utf-8")
    assert article.published == dt.date(2018, 6, 25)
    assert article.source == str(path)


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    [article] = read_inputs([str(path)])
    assert article.id == "page"
    assert "met his Libyan counterpart" in article.text
    assert "All rights reserved" not in article.text
    assert article.title == "Salvini visits Tripoli"
    assert article.url == "https://example.org/salvini"
    assert article.published == dt.date(2018, 6, 25)


def test_published_option_overrides_dates_in_the_input(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_text(HTML, encoding="utf-8")
    [article] = read_inputs([str(path)], published=dt.date(2020, 1, 2))
    assert article.published == dt.date(2020, 1, 2)


def test_jsonl_rows(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    rows = [
        {
            "id": "a",
            "text": "Italy closed its ports.",
            "published": "2018-06-25",
            "title": "T",
            "language": "en",
        },
        {
            "id": 7,
            "text": "Malta refused.",
            "url": "https://ex.org/7",
            "published": "2018-06-26T10:00:00Z",
        },
        {"text": "No id here."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows[:2]) + "\n\n" + json.dumps(rows[2]) + "\n")
    a, b, c = read_inputs([str(path)])
    assert (a.id, a.title, a.language, a.published) == ("a", "T", "en", dt.date(2018, 6, 25))
    assert (b.id, b.url, b.published) == ("7", "https://ex.org/7", dt.date(2018, 6, 26))
    assert c.id == "news-4"  # derived from file stem and line number
    assert c.source == f"{path}:4"


def test_csv_rows(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(
        'id,text,published,extra\nx1,"Italy, Malta and France argued.\nSecond line.",2018-06-25,zz\n,Short text,,\n',
        encoding="utf-8",
    )
    first, second = read_inputs([str(path)])
    assert first.id == "x1"
    assert first.text == "Italy, Malta and France argued.\nSecond line."
    assert first.published == dt.date(2018, 6, 25)
    assert second.id == "news-4"
    assert second.published is None


def test_several_inputs_in_order(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Second.")
    (tmp_path / "a.jsonl").write_text('{"id": "r1", "text": "First."}\n')
    ids = [a.id for a in read_inputs([str(tmp_path / "a.jsonl"), str(tmp_path / "b.txt")])]
    assert ids == ["r1", "b"]


@pytest.mark.parametrize("name", ["empty.txt", "empty.jsonl", "empty.csv", "empty.html"])
def test_empty_inputs_give_no_articles(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("  \n")
    assert list(read_inputs([str(path)])) == []


def test_missing_file_raises_even_with_an_error_handler(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("Fine.")
    with pytest.raises(InputError) as info:
        list(read_inputs([str(tmp_path / "ok.txt"), str(tmp_path / "gone.txt")], on_error=lambda e: None))
    assert info.value.source == str(tmp_path / "gone.txt")
    assert info.value.problem == "no such file"


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        list(read_inputs([str(tmp_path)]))


def test_unsupported_extension(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(InputError, match=r"unsupported file type \.pdf"):
        list(read_inputs([str(path)]))


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("x")
    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)  # as if chmod 000 for a normal user
    with pytest.raises(InputError, match=r"cannot read the file \(permission denied\)"):
        list(read_inputs([str(path)]))


def test_file_that_fails_while_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("x")

    def deny(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", deny)
    with pytest.raises(InputError, match="permission denied"):
        list(read_inputs([str(path)]))


@pytest.mark.parametrize("name", ["blob.txt", "blob.jsonl", "blob.csv"])
def test_binary_data(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match="binary data"):
        list(read_inputs([str(path)]))


def test_undecodable_text(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\xe9 society".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        list(read_inputs([str(path)]))


def test_bad_jsonl_rows_are_reported_and_skipped(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_bytes(
        b'{"id": "ok1", "text": "Fine."}\n'
        b'{"id": "broken", "text": \n'
        b'{"id": "notext"}\n'
        b'{"id": "baddate", "text": "x", "published": "25/06/2018"}\n'
        b"[1, 2]\n"
        b'{"id": "latin", "text": "Caf\xe9"}\n'
        b'{"id": "ok2", "text": "Also fine."}\n'
    )
    articles, errors = _collect([str(path)])
    assert [a.id for a in articles] == ["ok1", "ok2"]
    assert [e.source for e in errors] == [f"{path}:{n}" for n in (2, 3, 4, 5, 6)]
    problems = [e.problem for e in errors]
    assert problems[0].startswith("malformed JSON")
    assert problems[1] == "no 'text' in this row"
    assert problems[2] == "bad 'published' date '25/06/2018' (expected YYYY-MM-DD)"
    assert problems[3] == "expected a JSON object, got list"
    assert problems[4].startswith("not UTF-8")


def test_bad_row_raises_without_an_error_handler(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text('{"id": "a", "text": "ok"}\n{"id": "b"}\n')
    with pytest.raises(InputError) as info:
        list(read_inputs([str(path)]))
    assert str(info.value) == f"{path}:2: no 'text' in this row"


def test_bad_csv_rows(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text("id,text,published\na,Fine.,\nb,,\nc,Too,2018-01-01,many\nd,Bad date,2018-02-30\ne,Fine too.,\n")
    articles, errors = _collect([str(path)])
    assert [a.id for a in articles] == ["a", "e"]
    assert [e.source for e in errors] == [f"{path}:{n}" for n in (3, 4, 5)]
    assert errors[0].problem == "'text' is empty"
    assert errors[1].problem.startswith("more fields than the header")
    assert errors[2].problem.startswith("bad 'published' date")


def test_csv_without_text_column(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text("id,body\n1,hello\n")
    with pytest.raises(InputError, match="no 'text' column"):
        list(read_inputs([str(path)], on_error=lambda e: None))


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, b"Italy has closed its ports to NGO ships.\n")
    [article] = read_inputs(["-"], published=dt.date(2018, 6, 25))
    assert (article.id, article.source, article.published) == ("stdin", "stdin", dt.date(2018, 6, 25))


def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, b'{"id": "s1", "text": "One."}\n{"id": "s2", "text": "Two."}\n')
    assert [a.id for a in read_inputs(["-"])] == ["s1", "s2"]


def test_stdin_html(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, HTML.encode())
    [article] = read_inputs(["-"])
    assert "Libyan counterpart" in article.text
    assert article.title == "Salvini visits Tripoli"


def test_stdin_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, b"")
    assert list(read_inputs(["-"])) == []


def test_html_without_main_text_is_a_bad_row(tmp_path: Path) -> None:
    (tmp_path / "blank.html").write_text("<html><body><img src=photo.png></body></html>")
    (tmp_path / "ok.txt").write_text("Fine.")
    articles, errors = _collect([str(tmp_path / "blank.html"), str(tmp_path / "ok.txt")])
    assert [a.id for a in articles] == ["ok"]
    assert [(e.source, e.problem) for e in errors] == [(str(tmp_path / "blank.html"), "no main text found in the HTML")]
