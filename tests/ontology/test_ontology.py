"""The packaged PLOVER ontology and CAMEO crosswalk are complete and consistent."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import yaml

from newsevents.errors import ResourceError
from newsevents.ontology import NON_STATE_CODES, Ontology, default_ontology, load_ontology
from newsevents.ontology.build_crosswalk import build

QUADS = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}  # fmt: skip

MODES = {
    "CONSULT": {"visit": 4, "third-party": 1, "multilateral": 4, "phone": 1.5},
    "RETREAT": {"withdraw": 8, "release": 6.5, "disarm": 10, "ceasefire": 7.5, "access": 6.5, "resign": 4.5},
    "REQUEST": {"assist": 0.5, "change": -1, "yield": -1, "meet": 0},
    "ACCUSE": {"disapprove": -2, "investigate": -3.5, "allege": -3.5},
    "REJECT": {"assist": -1.5, "change": -2, "yield": -2, "meet": -2},
    "THREATEN": {"restrict": -3, "arrest": -3.5, "relations": -3.5, "expel": -3.5, "territory": -4,
                 "violence": -3.5},
    "PROTEST": {"demo": -5, "riot": -7, "strike": -5, "hunger": -4.5, "boycott": -4.5, "obstruct": -4.5,
                "vandalize": None},
    "SANCTION": {"convict": -6, "expel": -5.5, "withdraw": -6, "discontinue": -6},
    "MOBILIZE": {"troops": -6.5, "weapons": -6.5, "police": -5.5, "militia": -6},
    "COERCE": {"seize": -7, "restrict": -7, "censor": -6.5, "curfew": -6.5, "martial-law": -7.5, "arrest": -7,
               "deport": -7, "withhold": -7, "misinformation": -6.5, "cyber": -7},
    "ASSAULT": {"abduct": -8.5, "beat": -7.5, "torture": -8.5, "sexual": -8.5, "targeted": -9.5,
                "destroy": -8.5, "primitive": -8, "firearms": -9, "explosives": -9, "suicide-attack": -9.5,
                "aerial": -9.5,
                "drone": -9.5, "heavy-weapons": -9.5, "crowd-control": -7.5, "unconventional": -10},
}  # fmt: skip


@pytest.fixture(scope="module")
def onto() -> Ontology:
    return default_ontology()


def test_sixteen_categories_with_quads(onto: Ontology) -> None:
    assert {name: c.quad for name, c in onto.categories.items()} == QUADS
    assert onto.quad("SANCTION") == 4
    assert onto.quad("consult") == 1


def test_every_mode_with_its_score(onto: Ontology) -> None:
    for cat in QUADS:
        expected = MODES.get(cat, {})
        assert set(onto.categories[cat].modes) == set(expected), cat
        for mode, score in expected.items():
            assert onto.categories[cat].modes[mode].score == score, (cat, mode)


def test_scores(onto: Ontology) -> None:
    assert onto.score("ACCUSE") == -3
    assert onto.score("ACCUSE", "allege") == -3.5
    assert onto.score("CONSULT", "visit") == 4
    assert onto.score("CONSULT", "nonsense") == 2.5
    assert onto.score("PROTEST", "vandalize") == -5  # no mode score: category default
    assert onto.score("AID") == 10
    assert onto.score("NOPE") is None
    for cat in onto.categories.values():
        assert -10 <= cat.score <= 10
        assert all(m.score is None or -10 <= m.score <= 10 for m in cat.modes.values())


def test_recipient_required(onto: Ontology) -> None:
    required = {n for n, c in onto.categories.items() if c.recipient_required}
    assert required == {"COOPERATE", "AID", "SANCTION"}


def test_contexts_sectors_codes(onto: Ontology) -> None:
    assert len(onto.contexts) == 37 == len(set(onto.contexts))
    for ctx in ("migration", "human_rights", "diplomatic", "military", "trafficking", "election", "cbrn"):
        assert ctx in onto.contexts
    assert {"GOV", "MIL", "COP", "REB", "CVL", "REF", "PRE", "JRN"} <= set(onto.sectors)
    assert set(onto.non_state_codes) == {"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"}
    assert onto.partially_recognised["Somaliland"] == "SOM"


def test_one_list_of_non_state_codes(onto: Ontology) -> None:
    from newsevents.actors.kb import NON_STATE_CODES as ACTOR_CODES
    from newsevents.events.parties import is_country_code
    from newsevents.record import Entity

    assert set(onto.non_state_codes) == NON_STATE_CODES
    assert NON_STATE_CODES | {"---"} == ACTOR_CODES
    assert not any(is_country_code(code) for code in NON_STATE_CODES) and is_country_code("LBY")
    # the record's field description spells the same list, in the data file's order
    assert "/".join(onto.non_state_codes) in str(Entity.model_fields["code"].description)


def test_partially_recognised_entities_are_listed_once(onto: Ontology, tmp_path: Path) -> None:
    actors = resources.files("newsevents.actors").joinpath("data", "countries.yaml").read_text(encoding="utf-8")
    entries = yaml.safe_load(actors)["partially_recognised"]
    assert dict(onto.partially_recognised) == {e["name"]: e["code"] for e in entries}
    plover = resources.files("newsevents.ontology").joinpath("data", "plover.yaml").read_text(encoding="utf-8")
    assert "partially_recognised" not in yaml.safe_load(plover)
    # a plover file of one's own may still bring its own table
    own = tmp_path / "plover.yaml"
    own.write_text(plover + '\npartially_recognised: {"Somaliland": SOM}\n', encoding="utf-8")
    assert dict(load_ontology(plover_path=own).partially_recognised) == {"Somaliland": "SOM"}


def test_is_valid(onto: Ontology) -> None:
    assert onto.is_valid("COERCE", "arrest")
    assert onto.is_valid("AGREE")
    assert not onto.is_valid("AGREE", "visit")
    assert not onto.is_valid("CONSULT", "host")
    assert not onto.is_valid("DEMAND")
    assert not onto.is_valid("")


def test_crosswalk_codes_are_valid(onto: Ontology) -> None:
    assert len(onto.cameo_codes) > 250
    for code, entry in onto.cameo_codes.items():
        assert code.isdigit() and 3 <= len(code) <= 4, code
        assert onto.is_valid(entry.category, entry.mode), code
        assert all(onto.is_context(c) for c in entry.contexts), code


def test_from_cameo(onto: Ontology) -> None:
    assert onto.from_cameo("042") == ("CONSULT", "visit", [])
    assert onto.from_cameo("043") == ("CONSULT", "visit", [])
    assert onto.from_cameo("173") == ("COERCE", "arrest", ["legal"])
    assert onto.from_cameo("186") == ("ASSAULT", "targeted", [])  # draft "assassinate"
    assert onto.from_cameo("0842") == ("RETREAT", "release", ["legal"])  # draft "return"
    assert onto.from_cameo("1722") == ("COERCE", "restrict", ["pro_autocracy"])  # draft "ban"
    assert onto.from_cameo("073") == ("AID", None, ["human_security"])  # draft "humanitarian"
    assert onto.from_cameo("094") == ("ACCUSE", "investigate", ["military", "legal"])
    assert onto.from_cameo("19") == ("ASSAULT", None, ["military"])  # root -> 190
    assert onto.from_cameo("0429") == ("CONSULT", "visit", [])  # unknown leaf -> parent
    assert onto.from_cameo("010") is None  # statements are not PLOVER events
    assert onto.from_cameo("abc") is None


def test_reverse_mapping(onto: Ontology) -> None:
    assert onto.cameo("CONSULT", "visit") == "042"
    assert onto.cameo("CONSULT") == "040"
    assert onto.cameo("ASSAULT", "firearms") == "193"
    assert onto.cameo("REQUEST", "assist") == "103"
    assert onto.cameo("AGREE", "unknown-mode") == "030"
    for name, cat in onto.categories.items():
        for mode in [None, *cat.modes]:
            code = onto.cameo(name, mode)
            assert code is not None and code in onto.cameo_codes, (name, mode)
        # the default code reads back as the same category
        default = onto.cameo(name)
        assert default is not None
        back = onto.from_cameo(default)
        assert back is not None and back[0] == name


def test_default_is_cached() -> None:
    assert default_ontology() is default_ontology()


def test_bad_data_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "cameo.yaml"
    bad.write_text(yaml.safe_dump({"codes": {"042": {"category": "CONSULT", "mode": "host"}}}))
    with pytest.raises(ResourceError):
        load_ontology(cameo_path=bad)


def test_builder_maps_draft_names() -> None:
    table = "\n".join(
        [
            "# header",
            "04: CONSULT",
            "042: CONSULT, visit,   # Make a visit",
            "085: RETREAT, ease,   economic # Ease economic sanctions",
            "1712: ASSAULT, seize, human_security  # Destroy property",
            "0333: AGREE,  , humanitarian # Express intent to provide humanitarian aid",
            "202: ASSAULT, massacre, religion_ethnicity # Engage in mass killings",
        ]
    )
    doc = build(table, with_reverse=False)
    codes = doc["codes"]
    assert list(codes) == ["0333", "042", "085", "1712", "202"]
    assert codes["085"]["mode"] is None and codes["085"]["draft"] == {"mode": "ease"}
    assert codes["1712"]["mode"] == "destroy"
    assert codes["0333"]["contexts"] == ["human_security"]
    assert codes["202"]["mode"] == "targeted"


def test_builder_rejects_unknown_mode() -> None:
    with pytest.raises(ValueError):
        build("042: CONSULT, teleport,  # Beam over", with_reverse=False)
