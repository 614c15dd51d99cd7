"""Headlines, datelines and date lines found in a text; the text itself never changes."""

from __future__ import annotations

import datetime as dt

import pytest

from newsevents.geo import Gazetteer
from newsevents.ingest.layout import find_layout, parse_text


@pytest.fixture(scope="module")
def gz() -> Gazetteer:
    return Gazetteer()


@pytest.mark.parametrize(
    ("text", "place", "date", "agency", "lede"),
    [
        (
            "OSH, Nov 3 (Reuters) - Kyrgyz police detained a lawyer. It was 2023.",
            "OSH",
            dt.date(2023, 11, 3),
            "Reuters",
            "Kyrgyz",
        ),
        ("KYIV, Ukraine (AP) — Russian drones struck a power plant.", "KYIV, Ukraine", None, "AP", "Russian"),
        ("NEW YORK, March 13, 2021 -- Teachers walked out.", "NEW YORK", dt.date(2021, 3, 13), None, "Teachers"),
        ("DUSHANBE - Tajik officials blamed Kyrgyzstan.", "DUSHANBE", None, None, "Tajik"),
        ("Geneva, 4 May 2022 (AFP) - Delegates met.", "Geneva", dt.date(2022, 5, 4), "AFP", "Delegates"),
        ("Kabul, Afghanistan — Gunmen attacked a checkpoint.", "Kabul, Afghanistan", None, None, "Gunmen"),
        ("(CNN) — The president vetoed the bill.", None, None, "CNN", "The president"),
    ],
)
def test_datelines(
    gz: Gazetteer, text: str, place: str | None, date: dt.date | None, agency: str | None, lede: str
) -> None:
    layout = find_layout(text, is_place=gz.is_place_name)
    (line,) = layout.datelines
    assert (line.place, line.date, line.agency) == (place, date, agency)
    if place is not None:
        assert text[line.place_start : line.place_end] == place  # type: ignore[misc]
    seen = parse_text(text, layout)
    assert len(seen) == len(text) and seen[: line.end].strip() == ""  # blanked, offsets unchanged
    assert seen[line.end :] == text[line.end :]
    assert layout.sentence_starts == (text.index(lede),)


@pytest.mark.parametrize(
    "text",
    [
        "NATO - the alliance said it would meet.",  # capitals that name no place
        "Moscow - the capital - was quiet on Monday.",  # a title-case place needs a date or an agency
        "Moscow, Russia - the capital - was quiet.",  # ... or a country after it and a capital after the dash
        "Smith, Jones - They met.",  # names that are no place
        "Police detained 40 people - officials said.",
        "BREAKING - Ministers resign.",
    ],
)
def test_not_datelines(gz: Gazetteer, text: str) -> None:
    layout = find_layout(text, is_place=gz.is_place_name)
    assert layout.datelines == () and parse_text(text, layout) == text


def test_year_of_a_dateline_from_the_url() -> None:
    layout = find_layout("ALMATY, Jan 5 (Reuters) - Protests spread.", url="https://example.org/world/2022/01/05/x")
    assert layout.date is not None and layout.date.date == dt.date(2022, 1, 5)


def test_dateline_without_any_year_gives_no_date() -> None:
    layout = find_layout("ALMATY, Jan 5 (Reuters) - Protests spread.")
    assert layout.place is not None and layout.date is None


def test_wikinews_date_line() -> None:
    text = "Saturday, March 7, 2020\u00a0\n\n\nOn Thursday, police arrested a mayor."
    layout = find_layout(text)
    assert layout.date is not None and layout.date.date == dt.date(2020, 3, 7)
    assert layout.place is None
    assert parse_text(text, layout).startswith(" " * 24 + "\n")
    assert layout.sentence_starts == (text.index("On Thursday"),)


def test_headline_from_the_title_then_a_dateline(gz: Gazetteer) -> None:
    title = "Tajik and Kyrgyz guards trade fire"
    text = f"{title}\nDUSHANBE, Sept 2 (Reuters) - Border guards traded fire. Officials met in 2022."
    layout = find_layout(text, title=title, is_place=gz.is_place_name)
    assert layout.headline == (0, len(title))
    assert [d.place for d in layout.datelines] == ["DUSHANBE"]
    assert layout.sentence_starts == (text.index("Border guards"),)


def test_headline_without_a_title() -> None:
    text = (
        "Ministers agree to extend grain deal\n"
        "The ministers of four countries agreed on Tuesday to extend the grain deal by a year, officials said.\n"
        "More talks are planned."
    )
    layout = find_layout(text)
    assert layout.headline == (0, text.index("\n"))
    assert layout.sentence_starts == (text.index("The ministers"),)


@pytest.mark.parametrize(
    "text",
    [
        # hard-wrapped prose: the first line is no headline
        "Italy's interior minister is on a one-day visit to\nLibya, trying to win support\nfrom the government.",
        # a first line that ends a sentence
        "The ministers met on Tuesday.\nThey agreed to meet again.",
        # a single line
        "Ministers agree to extend grain deal",
    ],
)
def test_no_headline(text: str) -> None:
    assert find_layout(text).headline is None


def test_hints_never_fail_an_article(monkeypatch: pytest.MonkeyPatch) -> None:
    import newsevents.ingest.hints as hints
    from newsevents.record import Article

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("unreadable layout")

    monkeypatch.setattr(hints, "find_layout", broken)
    article = Article(id="a", text="KABUL - Gunmen attacked a checkpoint.")
    coded, found = hints.anchored(article)
    assert coded == article and found.layout.datelines == () and found.date_basis == "none"
