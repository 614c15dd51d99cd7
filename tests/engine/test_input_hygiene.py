"""Datelines and headlines never leak into events; they give the article's date and place hints.

Every event's evidence offsets index the text exactly as given, and every event says which date
basis it used (published / dateline / none).
"""

from __future__ import annotations

from pathlib import Path

from newsevents.pipeline import Engine
from newsevents.record import Article, Event

REUTERS = (
    "DUSHANBE, Sept 2 (Reuters) - Tajik police detained dozens of protesters outside the parliament "
    "on Monday, officials said. In 2023 similar protests were dispersed."
)


def _code(engine: Engine, article: Article) -> tuple[Article, list[Event]]:
    ((coded, events),) = list(engine.process([article]))
    return coded, events


def _check_offsets(text: str, events: list[Event]) -> None:
    for e in events:
        info = e.text_info
        assert text[info.start : info.end] == info.sentence
        for party in (*e.actor, *e.recipient):
            if party.start is not None and party.end is not None and party.entity_text:
                assert text[party.start : party.end] == party.entity_text


def test_reuters_dateline_is_a_hint_not_a_sentence(engine: Engine) -> None:
    coded, events = _code(engine, Article(id="r", text=REUTERS))
    assert coded.text == REUTERS  # the article text is never changed
    assert coded.published is not None and coded.published.isoformat() == "2023-09-02"
    coerce = next(e for e in events if e.event == "COERCE")
    assert coerce.text_info.sentence.startswith("Tajik police detained")
    assert coerce.text_info.start == REUTERS.index("Tajik police")
    texts = [p.entity_text or "" for e in events for p in (*e.actor, *e.recipient)]
    assert not any("DUSHANBE" in t or "Sept" in t or "Reuters" in t for t in texts)
    assert coerce.date == "2023-08-28" and coerce.date_basis == "dateline"  # the Monday before Saturday 2 September
    # the clause names a place of its own ("outside the parliament" is none): the dateline's city
    assert coerce.event_loc is not None and coerce.event_loc.name == "Dushanbe"
    assert coerce.event_loc.start == 0 and coerce.event_loc.end == len("DUSHANBE")
    _check_offsets(REUTERS, events)


def test_published_date_wins_over_the_dateline(engine: Engine) -> None:
    _, events = _code(engine, Article(id="r", text=REUTERS, published="2024-09-02"))  # type: ignore[arg-type]
    assert events and all(e.date_basis == "published" for e in events)
    assert next(e for e in events if e.event == "COERCE").date == "2024-09-02"


def test_no_date_at_all(engine: Engine) -> None:
    text = "BISHKEK - Kyrgyz police arrested an opposition leader on Monday."
    coded, events = _code(engine, Article(id="n", text=text))
    assert coded.published is None
    assert events and all(e.date_basis == "none" and e.date is None for e in events)
    assert events[0].text_info.sentence.startswith("Kyrgyz police")
    _check_offsets(text, events)


def test_dateline_place_is_not_where_a_foreign_event_happened(engine: Engine) -> None:
    text = "WASHINGTON, May 2 (Reuters) - Russian troops shelled Ukrainian positions overnight, officials said. 2022."
    _, events = _code(engine, Article(id="w", text=text))
    assault = next(e for e in events if e.event == "ASSAULT")
    assert assault.event_loc is None or assault.event_loc.country_code != "USA"


def test_wikinews_date_line_dates_the_article(engine: Engine) -> None:
    text = "Thursday, March 5, 2020\u00a0\n\n\nOn Tuesday, police in Lagos arrested 12 protesters."
    coded, events = _code(engine, Article(id="wn", text=text))
    assert coded.published is not None and coded.published.isoformat() == "2020-03-05"
    coerce = next(e for e in events if e.event == "COERCE")
    assert (coerce.date, coerce.date_basis) == ("2020-03-03", "dateline")
    assert all("2020" not in e.text_info.sentence for e in events)


def test_headline_is_its_own_sentence(engine: Engine) -> None:
    title = "Opposition rally in Tbilisi"
    text = (
        f"{title}\n"
        "Georgian police detained 30 opposition supporters in Tbilisi on Monday, the interior ministry said.\n"
        "The opposition said it would hold another rally on Saturday."
    )
    _, events = _code(engine, Article(id="h", title=title, text=text, published="2024-10-15"))  # type: ignore[arg-type]
    lede = text.index("Georgian")
    for e in events:
        assert e.text_info.start >= lede or e.text_info.end <= len(title)
    coerce = next(e for e in events if e.event == "COERCE")
    assert coerce.text_info.start == lede
    assert [p.entity_text for p in coerce.actor] == ["Georgian police"]
    _check_offsets(text, events)


HTML = """<html><head><title>Clashes on the Tajik border</title>
<meta property="article:published_time" content="2022-09-16T08:00:00Z"></head>
<body><article><h1>Clashes on the Tajik border</h1>
<p>Kyrgyz border guards detained six Tajik soldiers near the village of Kok-Tash on Thursday, officials said.</p>
<p>The two governments said they would hold talks on Saturday.</p></article></body></html>"""


def test_html_headline_is_not_the_lede_s_subject(engine: Engine, tmp_path: Path) -> None:
    from newsevents.ingest import read_inputs

    page = tmp_path / "clash.html"
    page.write_text(HTML, encoding="utf-8")
    (article,) = list(read_inputs([str(page)]))
    coded, events = _code(engine, article)
    assert coded.text.startswith("Clashes on the Tajik border\n")
    lede = coded.text.index("Kyrgyz border guards")
    detained = [e for e in events if e.event == "COERCE"]
    assert detained and all(e.text_info.start == lede for e in detained)
    assert all(p.entity_text != "Clashes" for e in events for p in e.actor)
    assert all(e.date_basis == "published" for e in events)  # the page's own date (HTML metadata)
    talks = [e for e in events if e.text_info.start == coded.text.index("The two governments")]
    assert all(e.date == "2022-09-17" for e in talks if e.date_text)  # Saturday after Friday 16 September
