"""Actor resolver: representative phrases, validity dates, user KB files and bad YAML."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsevents.actors import ActorKB, ActorResolver
from newsevents.errors import InputError

SEED_DAY = dt.date(2018, 6, 25)


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver()


@pytest.mark.parametrize(
    ("phrase", "code", "sector"),
    [
        ("Italy's Home Affairs Minister Matteo Salvini", "ITA", "GOV"),
        ("Italy’s Home Affairs Minister Matteo Salvini", "ITA", "GOV"),
        ("16 EU leaders", "EUR", "GOV"),
        ("his Libyan counterpart Abdulsalam Ashour", "LBY", "GOV"),
        ("the Libyan coastguard", "LBY", "MIL"),
        ("human rights groups", "NGO", "SOC"),
        ("Non-governmental organisations", "NGO", "SOC"),
        ("rescue NGOs", "NGO", "SOC"),
        ("a ship operated by German organisation Mission Lifeline", "NGO", "SOC"),
        ("leaders of the EU-28", "EUR", "GOV"),
        ("Lega", "ITA", "PTY"),
        ("Prime Minister Joseph Muscat", "MLT", "GOV"),
        ("the UN-backed government", "LBY", "GOV"),
        ("Hungarian officials", "HUN", "GOV"),
        ("Kremlin", "RUS", "GOV"),
        ("the White House", "USA", "GOV"),
        ("Israeli soldiers", "ISR", "MIL"),
        ("Hamas", "PSE", "REB"),
        ("protesters", "---", "CVL"),
        ("gunmen", "---", "UAF"),
        ("militias", "---", "REB"),
        ("human smuggling networks", "---", "CRM"),
        ("Italy", "ITA", None),
        ("U.S.", "USA", None),
        ("Washington", "USA", "GOV"),
        ("the European Commission", "EUR", "GOV"),
        ("UN Security Council", "UNO", None),
        ("NATO", "IGO", None),
        ("Amnesty International", "NGO", "SOC"),
        ("Abkhazia", "GEO", "PRE"),
        ("Kosovo", "KOS", None),
        ("President Kassym-Jomart Tokayev", "KAZ", "GOV"),
        ("Salvini", "ITA", "GOV"),
        ("Ukhnaagiin Khürelsükh", "MNG", "GOV"),
        ("president of the Riigikogu", "EST", "LEG"),
        ("Muslim leaders in France", "FRA", "REL"),
        ("Russia’s ambassador to Poland", "RUS", "GOV"),
        ("Boko Haram gunmen", "NGA", "REB"),
        ("a former CIA official", "USA", "ELI"),
        ("Kazahks", "KAZ", "CVL"),  # a one-letter typo of a plural demonym: people
        ("Nigeria's House of Representatives", "NGA", "LEG"),
        ("Iranian-backed militias", "---", "REB"),
        ("members of SANDF", "ZAF", "MIL"),
    ],
)
def test_phrases(resolver: ActorResolver, phrase: str, code: str, sector: str | None) -> None:
    ent = resolver.resolve(phrase, on_date=SEED_DAY)
    assert ent is not None, phrase
    assert (ent.code, ent.sector) == (code, sector), phrase
    assert ent.entity_text == phrase


def test_seed_person_has_name_and_office(resolver: ActorResolver) -> None:
    ent = resolver.resolve("Italy's Home Affairs Minister Matteo Salvini", on_date=SEED_DAY)
    assert ent is not None
    assert ent.entity_name == "Matteo Salvini"
    assert ent.office == "Minister of the Interior"


@pytest.mark.parametrize(
    "phrase",
    ["the ship", "migration", "Tuesday", "Italian communes", "us", "who", "He Zhihua", "the coast of Libya",
     "Jordan Peterson"],
)
def test_not_actors(resolver: ActorResolver, phrase: str) -> None:
    assert resolver.resolve(phrase, on_date=SEED_DAY) is None


def test_acronyms_need_capitals(resolver: ActorResolver) -> None:
    ent = resolver.resolve("WHO")
    assert ent is not None and ent.code == "UNO"
    assert resolver.resolve("who") is None


def test_validity_dates(resolver: ActorResolver) -> None:
    during = resolver.resolve("Angela Merkel", on_date=dt.date(2017, 4, 1))
    after = resolver.resolve("Angela Merkel", on_date=dt.date(2022, 1, 10))
    assert during is not None and (during.code, during.sector) == ("DEU", "GOV")
    assert after is not None and (after.code, after.sector) == ("DEU", "ELI")
    assert after.office == "former Chancellor of Germany"
    # the same person in two offices: party leader before, minister during, party leader after
    assert resolver.resolve("Matteo Salvini", on_date=dt.date(2017, 1, 1)).sector == "PTY"  # type: ignore[union-attr]
    assert resolver.resolve("Matteo Salvini", on_date=dt.date(2019, 1, 1)).office == "Minister of the Interior"  # type: ignore[union-attr]
    # groups change too
    assert resolver.resolve("Taliban", on_date=dt.date(2019, 1, 1)).sector == "REB"  # type: ignore[union-attr]
    assert resolver.resolve("Taliban", on_date=dt.date(2022, 1, 1)).sector == "GOV"  # type: ignore[union-attr]


def test_context_supplies_country(resolver: ActorResolver) -> None:
    bare = resolver.resolve("Defense Minister")
    hinted = resolver.resolve("Defense Minister", context="German")
    assert bare is not None and (bare.code, bare.sector) == ("---", "GOV")
    assert hinted is not None and hinted.code == "DEU"


def test_country_of(resolver: ActorResolver) -> None:
    for word, code in [("Libyan", "LBY"), ("Libya", "LBY"), ("Libya's", "LBY"), ("Libya’s", "LBY"),
                       ("Britain", "GBR"), ("U.S.", "USA"), ("Emirati", "ARE"), ("Maltese", "MLT"),
                       ("Libyans", "LBY")]:
        assert resolver.country_of(word) == code, word
    assert resolver.country_of("Tuesday") is None
    assert resolver.country_of("minister") is None


def test_sector_of(resolver: ActorResolver) -> None:
    for noun, sector in [("minister", "GOV"), ("police", "COP"), ("troops", "MIL"), ("rebels", "REB"),
                         ("protesters", "CVL"), ("coastguard", "MIL"), ("counterpart", "GOV"),
                         ("officials", "GOV"), ("gunmen", "UAF"), ("NGOs", "SOC")]:
        assert resolver.sector_of(noun) == sector, noun
    assert resolver.sector_of("ship") is None


def test_user_kb_extends_default(tmp_path: Path) -> None:
    extra = tmp_path / "my_actors.yaml"
    extra.write_text(
        "people:\n"
        "  - name: Jane Q. Example\n"
        "    aliases: [Janie Example]\n"
        "    country: NZL\n"
        "    sector: GOV\n"
        "    office: Minister of Examples\n"
        "    start: 2020-01-01\n"
        "    end: 2021-12-31\n"
        "organisations:\n"
        "  - {name: Friends of the Example, aliases: [FOTE], code: NGO, sector: SOC}\n",
        encoding="utf-8",
    )
    default = ActorResolver()
    assert default.resolve("Janie Example", on_date=dt.date(2021, 1, 1)) is None
    r = ActorResolver(ActorKB.load(extra=[extra]))
    ent = r.resolve("Minister Janie Example", on_date=dt.date(2021, 1, 1))
    assert ent is not None and (ent.code, ent.sector, ent.entity_name) == ("NZL", "GOV", "Jane Q. Example")
    later = r.resolve("Jane Q. Example", on_date=dt.date(2023, 1, 1))
    assert later is not None and later.sector == "ELI"
    org = r.resolve("FOTE")
    assert org is not None and (org.code, org.sector) == ("NGO", "SOC")
    # the packaged KB is still there
    assert r.resolve("Matteo Salvini", on_date=SEED_DAY) is not None


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("people: [\n  - name: broken", "not valid YAML"),
        ("- just a list\n", "mapping"),
        ("persons:\n  - {name: X, country: ITA}\n", "unknown top-level key"),
        ("people:\n  - {name: Ann Example, country: XXX}\n", "Ann Example"),
        ("people:\n  - {name: Ann Example, country: ITA, start: someday}\n", "Ann Example"),
        ("people:\n  - {name: Ann Example, country: ITA, sector: KING}\n", "unknown sector"),
        ("people:\n  - {name: Ann Example}\n", "missing 'country'"),
        ("organisations:\n  - {aliases: [X]}\n", "organisations[0]"),
    ],
)
def test_bad_yaml_names_file_and_entry(tmp_path: Path, content: str, needle: str) -> None:
    bad = tmp_path / "bad_actors.yaml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        ActorKB.load(extra=[bad])
    assert info.value.source == str(bad)
    assert needle in info.value.problem


def test_missing_user_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        ActorKB.load(extra=[tmp_path / "nope.yaml"])
    assert "nope.yaml" in info.value.source


def test_kb_size() -> None:
    kb = ActorKB.load()
    assert len(kb.people) >= 150
    assert len(kb.organisations) >= 100


# ---------------------------------------------------------------- news of the 1980s-2000s
OLD_DAY = dt.date(1990, 6, 1)


@pytest.mark.parametrize(
    ("phrase", "day", "code", "sector"),
    [
        # predecessor organisations and historical people
        ("European Community foreign ministers", OLD_DAY, "EUR", "GOV"),
        ("Ousted President Askar Akayev", dt.date(2005, 4, 1), "KGZ", "ELI"),
        ("President Reagan's latest policy statement", dt.date(1985, 3, 1), "USA", "GOV"),
        ("Former Socialist prime minister Andreas Papandreou", dt.date(1991, 1, 1), "GRC", "ELI"),
        ("Arab League Secretary General Chadli Klibi", dt.date(1985, 1, 1), "IGO", "GOV"),
        ("General Michel Aoun", dt.date(1989, 3, 1), "LBN", "MIL"),
        # partitive and quantity heads resolve what they count
        ("Tens of thousands of university students", None, "---", "EDU"),
        ("some 500,000 workers", None, "---", "LAB"),
        ("a handful of Palestinian officials", None, "PSE", "GOV"),
        # plural demonyms and peoples are civilians; a bare country is not
        ("Thousands of Iraqi Kurds", None, "IRQ", "CVL"),
        ("Thousands of Kurds", None, "---", "CVL"),
        ("Young Algerians", None, "DZA", "CVL"),
        ("Palestinians", None, "PSE", "CVL"),
        ("Ibo traditional elders", None, "NGA", "CVL"),
        ("Jewish settlers", None, "ISR", "CVL"),
        # hardware with an owner is that owner's military
        ("Russian aircraft", None, "RUS", "MIL"),
        ("U.N. helicopters", None, "UNO", "MIL"),
        ("Israeli helicopter gunships", None, "ISR", "MIL"),
        # armed groups of 1980-2025
        ("The UNITA militarist wing", None, "AGO", "REB"),
        ("the NPFL", OLD_DAY, "LBR", "REB"),
        ("Khmer Rouge guerrillas", None, "KHM", "REB"),
        ("Hezbollah guerrillas", None, "LBN", "REB"),
        ("pro-Iranian Hizbollah (Party of God)", None, "LBN", "REB"),
        ("The Homeland Union (Conservatives)", None, "LTU", "PTY"),
        # supporters of a person are civilians of the person's country
        ("About 200 supporters of former President Ahmed Ben Bella", OLD_DAY, "DZA", "CVL"),
        ("Hezbollah supporters", None, "LBN", "CVL"),
        # a populated place with its country is its people
        ("a village in Western Cambodia", None, "KHM", "CVL"),
        # portfolios, security chiefs, misspelt countries
        ("Serbian Labour Minister Dragan Milovanovic", None, "SRB", "GOV"),
        ("Cairo's security chief", None, "EGY", "COP"),
        ("Quatar's emir", None, "QAT", "GOV"),
        ("Ethopia", None, "ETH", None),
        ("Serbian military police", None, "SRB", "COP"),
    ],
)
def test_historical_phrases(resolver: ActorResolver, phrase: str, day: dt.date | None, code: str,
                            sector: str | None) -> None:
    ent = resolver.resolve(phrase, on_date=day)
    assert ent is not None, phrase
    assert (ent.code, ent.sector) == (code, sector), phrase


def test_title_and_surname_pick_among_namesakes(resolver: ActorResolver) -> None:
    def name(phrase: str, day: dt.date | None) -> str | None:
        ent = resolver.resolve(phrase, on_date=day)
        assert ent is not None, phrase
        return ent.entity_name

    assert name("President Bush", dt.date(1990, 6, 1)) == "George H. W. Bush"
    assert name("President Bush", dt.date(2003, 3, 20)) == "George W. Bush"
    assert name("President Bush", None) == "George W. Bush"  # no date: the latest
    assert name("Vice President Bush", dt.date(1985, 1, 1)) == "George H. W. Bush"
    assert name("President Clinton", dt.date(1995, 1, 1)) == "Bill Clinton"  # not Hillary Clinton
    assert name("President Assad", dt.date(1995, 1, 1)) == "Hafez al-Assad"
    assert name("President Assad", dt.date(2005, 1, 1)) == "Bashar al-Assad"
    assert name("Prime Minister Thatcher", dt.date(1985, 1, 1)) == "Margaret Thatcher"
    # after office, the namesake nearest in time is a former official
    later = resolver.resolve("Bush", on_date=dt.date(1994, 6, 1))
    assert later is not None and (later.entity_name, later.sector) == ("George H. W. Bush", "ELI")


@pytest.mark.parametrize(
    "phrase",
    [
        "Ahmed",  # a common given name alone names nobody
        "President Ahmed",
        "Mohammed Ahmed",
        "Bashir Gemayel Jr",  # one KB alias ("Bashir") inside someone else's name
        "Ahmed Benali Kaddour",
        "the aircraft",  # hardware without an owner
        "missiles",
        "the town",
        "the region",
        "a U.S. request",
        "an Indian proposal",
        "the agreement",
        "the country's upcoming elections",
    ],
)
def test_partial_names_and_bare_nouns_are_not_actors(resolver: ActorResolver, phrase: str) -> None:
    ent = resolver.resolve(phrase, on_date=OLD_DAY)
    assert ent is None or ent.entity_name is None, (phrase, ent)
    if phrase.startswith(("the ", "a ", "an ", "missiles")):
        assert ent is None, phrase


def test_given_names_file_key(tmp_path: Path) -> None:
    extra = tmp_path / "names.yaml"
    extra.write_text(
        "given_names: [zora]\n"
        "people:\n"
        "  - {name: Zora Example, aliases: [Zora], country: NZL, sector: GOV}\n"
        "  - {name: Ann Zora, country: NZL, sector: GOV}\n",
        encoding="utf-8",
    )
    r = ActorResolver(ActorKB.load(extra=[extra]))
    assert r.resolve("Zora") is None
    assert r.resolve("Minister Zora") is not None  # only the title: --- GOV, no person
    assert r.resolve("Minister Zora").entity_name is None  # type: ignore[union-attr]
    assert r.resolve("Zora Example").entity_name == "Zora Example"  # type: ignore[union-attr]


def test_new_role_flags_are_validated(tmp_path: Path) -> None:
    bad = tmp_path / "roles.yaml"
    bad.write_text("roles:\n  - {sector: MIL, nouns: [tank], owner_needed: true}\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        ActorKB.load(extra=[bad])
    assert "owner_needed" in info.value.problem
