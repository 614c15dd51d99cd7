"""Language id and foreign passages, on the seed article and small texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsevents.nlp.language import Passage, detect_language, foreign_passages

SEED = Path(__file__).resolve().parents[1] / "data" / "seed_article.txt"


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def test_detect_language() -> None:
    lang, prob = detect_language("The minister met his counterpart in the capital on Monday.")
    assert lang == "en" and 0.9 <= prob <= 1.0
    lang, prob = detect_language("Il ministro ha incontrato il suo omologo nella capitale lunedì mattina.")
    assert lang == "it" and prob > 0.9
    assert detect_language("") == ("und", 0.0)
    assert detect_language("https://example.com/x @someone") == ("und", 0.0)


def test_seed_tweet_is_one_attributed_passage(seed_text: str) -> None:
    passages = foreign_passages(seed_text)
    assert len(passages) == 1
    p = passages[0]
    assert isinstance(p, Passage)
    assert p.language == "it" and p.confidence >= 0.9
    chunk = seed_text[p.start : p.end]
    assert chunk.startswith("Qui Tripoli, ho appena incontrato")
    assert "Il mio\n\nimpegno sarà massimo" in chunk  # the two paragraphs are merged
    assert "Vi tengo aggiornati!" in chunk
    assert chunk.endswith("June 25, 2018")
    assert (p.author, p.handle, p.date) == ("Matteo Salvini", "@matteosalvinimi", "2018-06-25")


def test_english_sentences_with_foreign_names_are_not_flagged(seed_text: str) -> None:
    # every English paragraph of the seed names Italians, Libyans, Lega or Cinque Stelle
    p = foreign_passages(seed_text)[0]
    assert not any(seed_text[q.start : q.end].startswith("Salvini") for q in foreign_passages(seed_text))
    english = seed_text[: p.start] + seed_text[p.end :]
    assert foreign_passages(english) == []
    assert foreign_passages("Salvini’s Lega is in government with Luigi di Maio’s Cinque Stelle.") == []


def test_short_foreign_line_alone_is_not_flagged() -> None:
    assert foreign_passages("The minister arrived on Monday.\n\nCiao!\n\nHe left on Tuesday.") == []


def test_passage_in_the_middle_of_english() -> None:
    text = (
        "The president spoke to reporters after the meeting in Paris.\n\n"
        "« Nous avons trouvé un accord sur les questions essentielles et nous continuerons à travailler "
        "ensemble dans les prochaines semaines. »\n\n"
        "He then left for the airport without taking further questions."
    )
    passages = foreign_passages(text)
    assert [p.language for p in passages] == ["fr"]
    p = passages[0]
    assert text[p.start : p.end].startswith("« Nous avons")
    assert p.author is None and p.date is None and p.handle is None


def test_other_main_language() -> None:
    text = "Il ministro ha incontrato il suo omologo libico a Tripoli per parlare di immigrazione."
    assert foreign_passages(text, main_language="it") == []
    assert [p.language for p in foreign_passages(text, main_language="en")] == ["it"]
