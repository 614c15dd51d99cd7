"""Gazetteer lookups: disambiguation by context, alternate names, qualifiers, regions."""

from __future__ import annotations

from importlib import resources
from typing import Any

import pytest
import yaml

from newsevents.geo import Gazetteer, normalize_name


@pytest.fixture(scope="module")
def gz() -> Gazetteer:
    g = Gazetteer()
    g.resolve("Rome")  # build the index once
    return g


def test_tripoli_in_libyan_context(gz: Gazetteer) -> None:
    loc = gz.resolve("Tripoli", context_countries=["LBY", "ITA"])
    assert loc is not None
    assert loc.country_code == "LBY"
    assert loc.feature == "city"
    assert loc.geonameid == 2210247
    assert loc.lat == pytest.approx(32.89, abs=0.1)
    assert loc.lon == pytest.approx(13.19, abs=0.1)


def test_tripoli_in_lebanese_context(gz: Gazetteer) -> None:
    loc = gz.resolve("Tripoli", context_countries=["LBN"])
    assert loc is not None
    assert loc.country_code == "LBN"
    assert loc.lat == pytest.approx(34.43, abs=0.1)


def test_tripoli_without_context_is_most_populous(gz: Gazetteer) -> None:
    loc = gz.resolve("Tripoli")
    assert loc is not None and loc.country_code == "LBY"


def test_country_level(gz: Gazetteer) -> None:
    loc = gz.resolve("Libya")
    assert loc is not None
    assert (loc.feature, loc.country_code) == ("country", "LBY")
    assert loc.lat is not None and loc.lon is not None
    possessive = gz.resolve("Libya’s")
    assert possessive is not None and possessive.country_code == "LBY"


@pytest.mark.parametrize(
    ("name", "code"),
    [("Brussels", "BEL"), ("Roma", "ITA"), ("sao paulo", "BRA"), ("SÃO PAULO", "BRA"), ("UK", "GBR"), ("Burma", "MMR")],
)
def test_names_and_alternates(gz: Gazetteer, name: str, code: str) -> None:
    loc = gz.resolve(name)
    assert loc is not None and loc.country_code == code


def test_qualifier(gz: Gazetteer) -> None:
    texas = gz.resolve("Paris, Texas")
    assert texas is not None
    assert (texas.country_code, texas.admin1) == ("USA", "Texas")
    assert gz.resolve("Paris, TX") == texas
    france = gz.resolve("Paris, France")
    assert france is not None and france.country_code == "FRA"
    assert gz.resolve("Paris") == france.model_copy()
    # a qualifier that rules out every reading gives nothing, not a place elsewhere
    assert gz.resolve("Paris, Japan") is None


def test_regions_and_water(gz: Gazetteer) -> None:
    med = gz.resolve("the Mediterranean")
    assert med is not None and med.feature == "water" and med.country_code is None
    waters = gz.resolve("international waters")
    assert waters is not None and waters.feature == "water"
    gaza = gz.resolve("Gaza Strip")
    assert gaza is not None and (gaza.feature, gaza.country_code) == ("region", "PSE")
    crimea = gz.resolve("Crimea")
    assert crimea is not None and crimea.country_code == "UKR"


def test_no_hit(gz: Gazetteer) -> None:
    assert gz.resolve("Qwzxplatz") is None
    assert gz.resolve("") is None


def test_resolve_all_splits_lists(gz: Gazetteer) -> None:
    text = "Homs and Aleppo"
    locs = gz.resolve_all(text)
    assert [loc.geonameid for loc in locs] == [169577, 170063]
    assert [text[loc.start : loc.end] for loc in locs if loc.start is not None and loc.end is not None] == [
        "Homs",
        "Aleppo",
    ]
    mixed = gz.resolve_all("Paris, Texas and Berlin")
    assert [(loc.name, loc.country_code) for loc in mixed] == [("Paris", "USA"), ("Berlin", "DEU")]


def test_countries_in(gz: Gazetteer) -> None:
    counts = gz.countries_in(["Italy", "Libya", "Tripoli", "Brussels", "Italy", "nowhere at all"])
    assert counts["ITA"] == 2
    assert counts["LBY"] == 2
    assert counts["BEL"] == 1
    assert "LBN" not in counts


def test_normalize_name() -> None:
    assert normalize_name("  Côte  d’Ivoire ") == "cote divoire"
    assert normalize_name("The Hague") == "hague"


def test_repeated_lookups_are_stable(gz: Gazetteer) -> None:
    # Lookup speed is measured by benchmarks/geo.py; a test never asserts wall-clock time.
    first = gz.resolve("Tripoli", context_countries=["LBN"])
    assert first is not None
    for _ in range(2000):
        assert gz.resolve("Tripoli", context_countries=["LBN"]) == first


def _data(package: str, name: str) -> Any:
    return yaml.safe_load(resources.files(package).joinpath("data", name).read_text(encoding="utf-8"))


def test_country_names_are_the_actor_knowledge_bases(gz: Gazetteer) -> None:
    """One table of country aliases (the actors'); the gazetteer's own file holds only its differences."""
    actors = _data("newsevents.actors", "countries.yaml")["countries"]
    places = _data("newsevents.geo", "country_aliases.yaml")
    assert set(places) == {"not_places", "places_only"}

    def keys(names: Any) -> set[str]:
        return {normalize_name(str(n)) for n in names or ()}

    for iso3, names in places["not_places"].items():
        assert keys(names) <= keys(actors[iso3].get("names")), iso3  # each one an alias of the actor
    for iso3, names in places["places_only"].items():
        assert not keys(names) & keys(actors[iso3].get("names")), iso3  # none an alias of the actor already
    for iso3, body in actors.items():
        if gz.country(iso3) is None:  # not a GeoNames country (Kosovo)
            continue
        dropped = keys(places["not_places"].get(iso3))
        for name in [*(body.get("names") or ()), *(places["places_only"].get(iso3) or ())]:
            found = {p.country_code for p in gz.candidates(name) if p.kind == "country"}
            assert (iso3 in found) == (normalize_name(name) not in dropped), (iso3, name)
