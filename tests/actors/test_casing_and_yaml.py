"""Names made of ordinary words need capitals; YAML 1.1 booleans never replace words in actor files."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from newsevents.actors import ActorKB, ActorResolver
from newsevents.errors import InputError


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return ActorKB.load()


@pytest.fixture(scope="module")
def resolver(kb: ActorKB) -> ActorResolver:
    return ActorResolver(kb)


# ---------------------------------------------------------------- ordinary words as names


@pytest.mark.parametrize(
    "phrase",
    [
        "its labour market",
        "four shell bombs",
        "the ruling party",
        "the national team",
        "security forces",
        "a trade union",
        "the popular front",
        "the national front",
        "the alliance",
        "the ruling alliance",
        "an opposition alliance",
        "the conservatives",
        "the democrats",
        "republicans",
        "the league",
        "the commonwealth",
        "solidarity",
        "a memorial",
        "an apple",
        "the white house",
        "the security council",
        "the general assembly",
        "a national movement",
        "the congress party",
        "the union",
        "the met",
        "the fed",
        "the plan",
        "a model",
        "a turkey",
        "un",
        "UK labour market",
        "Serbian Labour Minister",
    ],
)
def test_ordinary_words_name_no_organisation(resolver: ActorResolver, phrase: str) -> None:
    ent = resolver.resolve(phrase)
    assert ent is None or ent.entity_name is None, (phrase, ent)
    assert ent is None or ent.code in ("---", "GBR", "SRB"), (phrase, ent)


@pytest.mark.parametrize(
    ("phrase", "code", "sector", "name"),
    [
        ("its labour market", None, None, None),
        ("four shell bombs", None, None, None),
        ("the ruling party", "---", "PTY", None),
        ("security forces", "---", "COP", None),
        ("a trade union", "---", "LAB", None),
        ("Labour", "GBR", "PTY", "Labour Party"),
        ("Labour MPs", "GBR", "PTY", "Labour Party"),
        ("Shell", "GBR", "BUS", "Shell"),
        ("Shell executives", "GBR", "BUS", "Shell"),
        ("Conservatives", "GBR", "PTY", "Conservative Party"),
        ("Apple", "USA", "BUS", "Apple"),
        ("the National Front", "FRA", "PTY", "National Rally"),
        ("the Security Council", "UNO", None, "United Nations Security Council"),
        ("the Alliance", "IGO", None, "NATO"),
        ("the Kremlin", "RUS", "GOV", "Kremlin"),
        ("the Pentagon", "USA", "MIL", "Pentagon"),
        ("Hamas", "PSE", "REB", "Hamas"),
        ("Hezbollah", "LBN", "REB", "Hezbollah"),
        ("Likud", "ISR", "PTY", "Likud"),
        ("the UN", "UNO", None, "United Nations"),
        ("U.N.", "UNO", None, "United Nations"),
        ("EU", "EUR", None, "European Union"),
        ("NATO", "IGO", None, "NATO"),
        ("PKK", "TUR", "REB", "Kurdistan Workers' Party"),
        ("a PLAN destroyer", "CHN", "MIL", "People's Liberation Army"),
        ("Turkey", "TUR", None, None),
        ("Serbian Labour Minister", "SRB", "GOV", None),
    ],
)
def test_capitalised_names_still_match(resolver: ActorResolver, phrase: str, code: str | None,
                                       sector: str | None, name: str | None) -> None:
    ent = resolver.resolve(phrase)
    if code is None:
        assert ent is None, (phrase, ent)
        return
    assert ent is not None, phrase
    assert (ent.code, ent.sector, ent.entity_name) == (code, sector, name), phrase


def test_every_ordinary_word_name_needs_capitals(kb: ActorKB, resolver: ActorResolver) -> None:
    """Scan the whole KB: no name made of ordinary words matches its own lower-case spelling."""
    for key in ("labour",), ("shell",), ("national", "front"), ("alliance",), ("conservatives",), ("league",):
        assert key in kb.cased, key
    assert kb.cased[("plan",)] is True  # "PLAN" is only ever written in capitals
    assert kb.cased[("labour",)] is False
    assert ("hamas",) not in kb.cased and ("kremlin",) not in kb.cased
    for key in kb.cased:
        phrase = "the " + " ".join(key)
        ent = resolver.resolve(phrase)
        assert ent is None or ent.entity_name is None, (phrase, ent)


def test_distinctive_names_still_match_in_lower_case_phrases(resolver: ActorResolver) -> None:
    for phrase, name in (("hamas", "Hamas"), ("the kremlin", "Kremlin"), ("blue helmets", "UN peacekeepers")):
        ent = resolver.resolve(phrase)
        assert ent is not None and ent.entity_name == name, phrase


def test_common_words_from_a_user_file(tmp_path: Path) -> None:
    extra = tmp_path / "orgs.yaml"
    extra.write_text(
        "common_words: [harbour]\n"
        "organisations:\n"
        "  - {name: Harbour, code: NZL, sector: BUS}\n"
        "  - {name: Kiwirail, code: NZL, sector: BUS}\n",
        encoding="utf-8",
    )
    r = ActorResolver(ActorKB.load(extra=[extra]))
    assert r.resolve("the harbour") is None
    assert r.resolve("Harbour").entity_name == "Harbour"  # type: ignore[union-attr]
    assert r.resolve("kiwirail").entity_name == "Kiwirail"  # type: ignore[union-attr]


# ---------------------------------------------------------------- YAML 1.1 booleans


def test_plain_yaml_would_read_on_as_true() -> None:
    assert yaml.safe_load("{on: none}") == {True: "none"}  # the trap the actor loader avoids


def test_packaged_prepositions_are_words(kb: ActorKB) -> None:
    assert kb.prepositions["on"] == "none"
    assert all(isinstance(k, str) and k.isalpha() for k in kb.prepositions)
    assert "true" not in kb.prepositions and "false" not in kb.prepositions
    for words in (kb.stopwords, kb.quantities, kb.given_names):
        assert "true" not in words and "false" not in words


def test_on_cuts_a_phrase(resolver: ActorResolver) -> None:
    assert resolver.resolve("sanctions on North Korea") is None  # the head is "sanctions"
    ent = resolver.resolve("Russia on Friday")
    assert ent is not None and ent.code == "RUS"


def test_bare_yes_no_on_off_stay_words(tmp_path: Path) -> None:
    extra = tmp_path / "words.yaml"
    extra.write_text(
        "prepositions: {on: none, off: fill, upon: none}\n"
        "stopwords: [yes, no, y, n, off, On]\n"
        "roles:\n"
        "  - {sector: MIL, weak: yes, nouns: [legion]}\n"
        "  - {sector: MIL, weak: no, needs_owner: off, nouns: [phalanx]}\n",
        encoding="utf-8",
    )
    kb = ActorKB.load(extra=[extra])
    assert kb.prepositions["on"] == "none" and kb.prepositions["off"] == "fill"
    assert {"yes", "no", "y", "n", "off", "on"} <= kb.stopwords
    assert kb.index[("legion",)][0].weak is True
    phalanx = kb.index[("phalanx",)][0]
    assert phalanx.weak is False and phalanx.needs_owner is False


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("stopwords: [true, the]\n", "stopwords"),
        ("given_names: [false]\n", "boolean"),
        ("organisations:\n  - {name: Acme, aliases: [true], code: USA}\n", "boolean"),
        ("prepositions: {true: none}\n", "prepositions"),
        ("prepositions: {upon: false}\n", "prepositions.upon"),
        ("prepositions: {upon: sometimes}\n", "fill"),
        ("roles:\n  - {sector: MIL, weak: maybe, nouns: [legion]}\n", "roles[0].weak"),
    ],
)
def test_booleans_where_words_belong_fail_loudly(tmp_path: Path, content: str, needle: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        ActorKB.load(extra=[bad])
    assert needle in info.value.problem, info.value.problem
