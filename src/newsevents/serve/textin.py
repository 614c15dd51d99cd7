"""Plain text from an HTML page posted to the API.

In: an HTML string. Out: (text, title). Uses trafilatura's main-content
extraction and falls back to the page's visible text when it finds nothing.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

_SKIP = {"script", "style", "noscript", "template", "head"}
_BLOCK = {
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "section",
    "article",
    "blockquote",
}


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in _SKIP:
            self._skip += 1
        if tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _SKIP and self._skip:
            self._skip -= 1
        if tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._skip:
            self.parts.append(data)


def _fallback(html: str) -> tuple[str, str | None]:
    parser = _Visible()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r"\s*\n\s*\n\s*", "\n\n", text).strip()
    title = " ".join("".join(parser.title).split()) or None
    return unescape(text), title


def html_to_text(html: str) -> tuple[str, str | None]:
    """Main text and title of an HTML page."""
    text: str | None = None
    title: str | None = None
    try:
        import trafilatura

        text = trafilatura.extract(html, include_comments=False, include_tables=False)
        meta = trafilatura.extract_metadata(html)
        title = meta.title if meta is not None else None
    except Exception:  # noqa: BLE001 - any parser failure falls back to the plain reader
        text = None
    if not text or not text.strip():
        fb_text, fb_title = _fallback(html)
        return fb_text, title or fb_title
    return text, title
