"""Grammar rules of the coder, one sentence each: what a rule must code, and what it must not."""

from __future__ import annotations

import pytest

from newsevents.pipeline import Engine
from newsevents.record import Event

PUBLISHED = "2018-06-25"


def _codes(entities: list) -> set[str]:  # type: ignore[type-arg]
    return {e.code for e in entities}


def _code(engine: Engine, text: str) -> list[Event]:
    return engine.extract(text, published=PUBLISHED, article_id="rule")


CASES = [
    # sentence, category, actor codes (subset), recipient codes (subset), modality
    ("France accused Germany of violating the treaty.", "ACCUSE", {"FRA"}, {"DEU"}, "asserted"),
    ("Russia threatened to impose sanctions on Ukraine.", "THREATEN", {"RUS"}, {"UKR"}, "asserted"),
    ("Israel refused to let the United Nations inspectors enter Gaza.", "REJECT", {"ISR"}, set(), "asserted"),
    # the stated future act is an AGREE (PLOVER), and the promise itself is asserted, as the coders of our
    # labelled news code it (37 of 40 promises and threats told with "will")
    ("Japan will provide food aid to North Korea.", "AGREE", {"JPN"}, {"PRK"}, "asserted"),
    ("Egypt said it would not accept any orders from Sudan.", "REJECT", {"EGY"}, {"SDN"}, "asserted"),
    ("Italy and Malta refused the ship entry.", "REJECT", {"ITA", "MLT"}, set(), "asserted"),
    ("Chinese troops fired on Indian soldiers near the border.", "ASSAULT", {"CHN"}, {"IND"}, "asserted"),
    ("Turkey urged Greece to withdraw its warships.", "REQUEST", {"TUR"}, {"GRC"}, "asserted"),
    ("Brazil has been training Haitian police officers.", "AID", {"BRA"}, {"HTI"}, "ongoing"),
    ("Germany said Poland must release the prisoners.", "REQUEST", {"DEU"}, {"POL"}, "asserted"),
    ("Iran warned it would attack Israel if the strikes continued.", "THREATEN", {"IRN"}, set(), "asserted"),
    ("Kenya rejected a Somali request for talks.", "REJECT", {"KEN"}, {"SOM"}, "asserted"),
    ("Mexico has expelled the Venezuelan ambassador.", "SANCTION", {"MEX"}, set(), "asserted"),
]


@pytest.mark.parametrize(("text", "category", "actors", "recipients", "modality"), CASES)
def test_rule(engine: Engine, text: str, category: str, actors: set[str], recipients: set[str], modality: str) -> None:
    events = _code(engine, text)
    found = [e for e in events if e.event == category]
    assert found, f"{category} not coded in {text!r}: {[e.event for e in events]}"
    event = found[0]
    assert actors <= _codes(event.actor), event.actor
    assert recipients <= _codes(event.recipient), event.recipient
    assert event.modality == modality


def test_nested_trigger_is_not_coded_twice(engine: Engine) -> None:
    events = _code(engine, "Russia threatened to impose sanctions on Ukraine.")
    assert [e.event for e in events] == ["THREATEN"]


def test_passive_attack_has_unidentified_actor(engine: Engine) -> None:
    events = _code(engine, "A journalist was killed in Kabul on Monday.")
    attack = [e for e in events if e.event == "ASSAULT"]
    assert attack
    assert attack[0].actor[0].sector == "UNK"
    assert attack[0].actor[0].code == "AFG", "the unidentified attacker is coded with the place's country"


def test_possessor_of_an_arrest_is_arrested(engine: Engine) -> None:
    events = _code(engine, "Amnesty International condemned the Egyptian government's arrest of the journalists.")
    accuse = [e for e in events if e.event == "ACCUSE"]
    assert accuse and "EGY" in _codes(accuse[0].recipient)
    assert not [e for e in events if e.event == "COERCE" and "NGO" in _codes(e.actor)]


def test_natural_hazards_are_not_actors(engine: Engine) -> None:
    events = _code(engine, "Tropical Cyclone Jude slammed into Malawi, and the storm killed 15 people.")
    assert not [e for e in events if e.event in ("ACCUSE", "ASSAULT")]


def test_passive_meeting_is_no_meeting(engine: Engine) -> None:
    events = _code(engine, "The plea for reform was met with brutality by the Syrian government.")
    assert not [e for e in events if e.event == "CONSULT"]


def test_visit_takes_the_destination_as_recipient_and_place(engine: Engine) -> None:
    events = _code(engine, "Indian Prime Minister Narendra Modi arrived in Tokyo on a two-day visit to Japan.")
    visit = [e for e in events if e.event == "CONSULT"]
    assert visit and visit[0].mode == "visit"
    assert "IND" in _codes(visit[0].actor) and "JPN" in _codes(visit[0].recipient)
    assert visit[0].event_loc is not None and visit[0].event_loc.country_code == "JPN"


def test_relative_date_resolves_against_publication(engine: Engine) -> None:
    events = _code(engine, "Spain and Morocco signed a migration agreement on Friday.")
    signed = [e for e in events if e.event == "SUPPORT"]
    assert signed and signed[0].date == "2018-06-22"


def test_unknown_language_passage_is_not_coded_as_english(engine: Engine) -> None:
    text = (
        "The minister spoke in Brussels on Monday.\n\n"
        "Der Minister hat heute in Berlin mit seinem französischen Amtskollegen gesprochen und die Zusammenarbeit "
        "beider Länder in der Migrationspolitik gelobt.\n\n"
        "France condemned the decision."
    )
    events = _code(engine, text)
    assert all(e.language == "en" for e in events)
    assert [e.event for e in events] == ["ACCUSE"]


def test_passages_without_a_lexicon_are_flagged_not_dropped(engine: Engine) -> None:
    from newsevents.record import Article

    text = (
        "The minister spoke in Brussels on Monday.\n\n"
        "Der Minister hat heute in Berlin mit seinem französischen Amtskollegen gesprochen und die Zusammenarbeit "
        "beider Länder in der Migrationspolitik gelobt.\n\n"
        "France condemned the decision."
    )
    [(article, _)] = list(engine.process([Article(id="de", text=text)]))
    assert [(p.language, p.coded) for p in article.passages] == [("de", False)]
    start = text.index("Der Minister")
    assert article.passages[0].start <= start < article.passages[0].end


def test_italian_tweet_is_flagged_as_coded_and_attributed(engine: Engine) -> None:
    from pathlib import Path

    from newsevents.record import Article

    text = (Path(__file__).resolve().parents[1] / "data" / "seed_article.txt").read_text(encoding="utf-8")
    [(article, events)] = list(engine.process([Article(id="seed", text=text, published="2018-06-25")]))  # type: ignore[arg-type]
    [note] = article.passages
    assert (note.language, note.coded, note.author, note.date) == ("it", True, "Matteo Salvini", "2018-06-25")
    italian = [e for e in events if any(m.language == "it" for m in e.mentions)]
    assert italian and all(e.source_info.get("author") == "Matteo Salvini" or e.language == "en" for e in italian)


def test_trigger_offsets_cover_particles(engine: Engine) -> None:
    text = "Egypt called off talks with Israel."
    [event] = [e for e in _code(engine, text) if e.event == "REJECT"]
    assert event.event_text == "called off"
    assert text[event.text_info.trigger_start : event.text_info.trigger_end] == "called off"


def test_a_trigger_verb_governs_its_event_noun(engine: Engine) -> None:
    events = _code(engine, "The United States offered aid to Ukraine.")
    assert [e.event for e in events] == ["AGREE"]


def test_long_article_keeps_offsets_and_distinct_ids(engine: Engine) -> None:
    from pathlib import Path

    seed = (Path(__file__).resolve().parents[1] / "data" / "seed_article.txt").read_text(encoding="utf-8")
    text = "\n\n".join([seed] * 12)
    events = engine.extract(text, published=PUBLISHED, article_id="long")
    assert events
    assert len({e.id for e in events}) == len(events)
    for event in events:
        assert text[event.text_info.start : event.text_info.end] == event.text_info.sentence


def test_same_words_in_different_texts_get_different_ids(engine: Engine) -> None:
    first = _code(engine, "Russia ordered an attack on Kyiv.")
    second = _code(engine, "France ordered an attack on Mali.")
    assert first and second and first[0].id != second[0].id
