"""Clustering without a store: sketches, the similarity of two events, the clusterer and its settings.

Events are built by hand (no engine). The tests hold for any tuning of the packaged settings
(`clusters/data/clusters.yaml`): they read its window, threshold, weights and penalties, and a test
that needs a family or a weight set writes its own settings from the packaged ones.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import random
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from newsevents.clusters import Clusterer, ClusterSettings, EventSketch, cluster_id_for, load_settings, sketch_event
from newsevents.clusters.similarity import WordWeights, party_similarity, similarity
from newsevents.clusters.sketch import story_words
from newsevents.errors import InputError
from newsevents.record import Entity, Event, Location, Mention, TextInfo

SETTINGS = load_settings()
WINDOW = SETTINGS.window_days
DAY = dt.date(2024, 3, 10)

MEETING = "Italian Interior Minister Matteo Salvini met his Libyan counterpart Abdulsalam Ashour in Tripoli on Sunday."
HOSTED = (
    "Libya's Interior Minister Abdulsalam Ashour hosted Matteo Salvini in Tripoli on Sunday for talks on migration."
)
AGAIN = "Salvini and Ashour met in Tripoli on Sunday to discuss migration across the Mediterranean."
SHELLING = "Russian troops shelled the city of Kharkiv on Saturday, killing three civilians."
SHELLED = "Russian shelling of Kharkiv killed three civilians on Saturday, the regional governor said."
PROTEST = "Farmers protested in Paris on Monday against new fuel taxes."
TUNIS = "Salvini met Tunisian President Kais Saied in Tunis to discuss migration."
FISHERIES = "Italy and Libya will also review their fisheries agreement, officials said."

# article id -> (report day, title, text): what the stories (article words) of the sketches come from
ARTICLES: dict[str, tuple[dt.date, str, str]] = {
    "wire": (dt.date(2024, 3, 11), "Salvini in Tripoli; shelling in Kharkiv", f"{MEETING} {SHELLING}"),
    "paper": (dt.date(2024, 3, 11), "Ashour hosts Salvini in Tripoli", f"{HOSTED} {FISHERIES} {PROTEST}"),
    "kyiv": (dt.date(2024, 3, 10), "Shelling kills three in Kharkiv", SHELLED),
    "blog": (dt.date(2024, 3, 12), "Salvini and Ashour talk migration in Tripoli", AGAIN),
    "tunis": (dt.date(2024, 3, 18), "Salvini in Tunis", TUNIS),
}


def event(
    eid: str,
    category: str = "CONSULT",
    actors: Iterable[str] = ("ITA",),
    recipients: Iterable[str] = ("LBY",),
    sentence: str = MEETING,
    *,
    date: str | None = "2024-03-10",
    modality: str = "asserted",
    country: str | None = None,
    start: int = 0,
) -> Event:
    """A coded event as the engine would give it, with only what clustering looks at set."""
    return Event.model_validate(
        {
            "id": eid,
            "article_id": eid.split("/")[0],
            "event": category,
            "modality": modality,
            "date": date,
            "actor": [Entity(code=c) for c in actors],
            "recipient": [Entity(code=c) for c in recipients],
            "event_loc": Location(name="somewhere", country_code=country) if country else None,
            "text_info": TextInfo(sentence=sentence, start=start, end=start + len(sentence)),
            "mentions": [Mention(start=start, end=start + len(sentence), sentence=sentence)],
        }
    )


def sketch(eid: str, *args: Any, reported: dt.date | None = None, **kwargs: Any) -> EventSketch:
    """The sketch of an event of one of `ARTICLES` (its id is `article/n`), with that article's words."""
    day, title, text = ARTICLES.get(eid.split("/")[0], (DAY, None, ""))
    return sketch_event(event(eid, *args, **kwargs), reported or day, story_words(title, text))


def background() -> list[EventSketch]:
    """Other events of the day, so that word weights are those of a news day, not of two events."""
    return [
        sketch("bg/1", "ASSAULT", ("ISR",), ("PSE",), "Israeli air strikes hit Gaza City overnight, medics said."),
        sketch("bg/2", "PROTEST", ("---",), ("SRB",), "Thousands protested in Belgrade against the election result."),
        sketch("bg/3", "COERCE", ("GEO",), ("GEO",), "Georgian police arrested opposition leader Nika Melia."),
        sketch("bg/4", "AGREE", ("TUR",), ("IRQ",), "Turkey and Iraq signed an agreement on water sharing."),
    ]


def score(a: EventSketch, b: EventSketch, settings: ClusterSettings = SETTINGS) -> float | None:
    """The similarity of `a` and `b` with the word weights of a day's events; checked to be symmetric."""
    words = WordWeights()
    words.observe([*background(), a, b])
    ab, ba = similarity(a, b, settings, words), similarity(b, a, settings, words)
    if ab is None:
        assert ba is None
    else:
        assert ba == pytest.approx(ab)
        w = settings.weights
        assert 0.0 <= ab <= w.category + w.parties + w.date + w.story + w.words + 1e-9
    return ab


def _packaged() -> dict[str, Any]:
    data = yaml.safe_load((resources.files("newsevents.clusters") / "data" / "clusters.yaml").read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def settings_with(edit: Callable[[dict[str, Any]], None]) -> ClusterSettings:
    data = _packaged()
    edit(data)
    return ClusterSettings.model_validate(data)


# ---- settings ---------------------------------------------------------------------------------


def test_packaged_settings() -> None:
    assert load_settings(None) is SETTINGS
    assert 0 < SETTINGS.threshold <= 1 and SETTINGS.window_days >= 1
    fam = SETTINGS.family_of
    # every category of the ontology has a family (its own when the settings name none)
    assert {"ACCUSE", "ASSAULT", "CONSULT", "PROTEST", "RETREAT", "SANCTION"} <= set(fam)
    assert fam["ASSAULT"] != fam["CONSULT"] != fam["PROTEST"]


def test_a_settings_file_of_the_same_shape_is_read(tmp_path: Path) -> None:
    data = _packaged()
    data["window_days"] = 1
    data["families"] = {"talks": ["CONSULT", "AGREE"]}
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    mine = load_settings(path)
    assert isinstance(mine, ClusterSettings) and mine.window_days == 1
    assert load_settings(str(path)) == mine
    assert mine.family_of["CONSULT"] == mine.family_of["AGREE"] == "talks"
    assert mine.family_of["ASSAULT"] == "ASSAULT"


def _edit(key: str, value: Any) -> Callable[[str], str]:
    def go(_: str) -> str:
        data = _packaged()
        data[key] = value
        return yaml.safe_dump(data)

    return go


@pytest.mark.parametrize(
    ("write", "words"),
    [
        (lambda y: y + "\nfamilies: [unclosed\n", ["not valid YAML"]),
        (_edit("families", {"talks": ["CONSULT", "CHAT"]}), ["unknown category", "CHAT"]),
        (_edit("families", {"talks": ["CONSULT", "AGREE"], "deals": ["AGREE"]}), ["AGREE", "two families"]),
        (_edit("threshold", 0), ["threshold"]),
        (_edit("threshold", 1.5), ["threshold"]),
        (_edit("window_days", -1), ["window_days"]),
        (_edit("colour", "blue"), ["colour"]),
        (lambda y: "just a string\n", ["bad cluster settings"]),
    ],
    ids=["bad-yaml", "unknown-category", "two-families", "zero-threshold", "big-threshold", "negative-window",
         "extra-key", "no-map"],
)  # fmt: skip
def test_bad_settings_are_an_input_error_naming_the_file(
    tmp_path: Path, write: Callable[[str], str], words: list[str]
) -> None:
    path = tmp_path / "bad.yaml"
    packaged = (resources.files("newsevents.clusters") / "data" / "clusters.yaml").read_text("utf-8")
    path.write_text(write(packaged), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_settings(path)
    assert info.value.source == str(path)
    assert str(info.value).startswith(f"{path}: ")
    for word in words:
        assert word in str(info.value)
    assert "\n" not in str(info.value)


def test_a_missing_settings_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    with pytest.raises(InputError) as info:
        load_settings(path)
    assert info.value.source == str(path) and "cannot read" in str(info.value)


# ---- sketches ---------------------------------------------------------------------------------


def test_sketch_keeps_what_clustering_looks_at() -> None:
    s = sketch_event(
        event("a/1", actors=("ITA", "---"), recipients=("---",), country="LBY", modality="planned", start=7),
        dt.date(2024, 3, 11),
        story_words("Salvini in Tripoli", MEETING),
    )
    assert s.id == "a/1" and s.article_id == "a" and s.category == "CONSULT"
    assert s.day == DAY and s.reported == dt.date(2024, 3, 11)  # its own day, not the report day
    assert s.actors == {"ITA"} and s.recipients == frozenset()  # unknown codes are left out
    assert s.parties == {"ITA"}
    assert s.country == "LBY" and s.tentative and s.position == 7
    assert {"salvini", "ashour", "tripoli", "met", "counterpart"} <= s.words
    assert "the" not in s.words and "his" not in s.words  # stop words
    assert {"salvini", "ashour", "tripoli", "matteo"} <= s.names
    assert "italian" not in s.names  # a capital at the start of a sentence is no name
    assert "met" not in s.names
    assert {"salvini", "tripoli", "counterpart"} <= s.story


@pytest.mark.parametrize("date", [None, "2024", "2024-03", "2024-02-30"])
def test_sketch_day_is_the_report_day_without_a_day_precise_date(date: str | None) -> None:
    assert sketch("a/1", date=date, reported=dt.date(2024, 3, 12)).day == dt.date(2024, 3, 12)


def test_sketch_tentative_only_for_planned_and_hypothetical() -> None:
    tentative = {m: sketch("a/1", modality=m).tentative for m in ("asserted", "planned", "hypothetical", "ongoing")}
    assert tentative == {"asserted": False, "planned": True, "hypothetical": True, "ongoing": False}


def test_sketch_order_is_day_report_day_article_position() -> None:
    keys = [
        sketch("b/1", date="2024-03-09", reported=dt.date(2024, 3, 12)),
        sketch("a/1", date="2024-03-10", reported=dt.date(2024, 3, 10)),
        sketch("z/1", date="2024-03-10", reported=dt.date(2024, 3, 11)),
        sketch("b/2", date="2024-03-11", reported=dt.date(2024, 3, 11), start=5),
        sketch("b/1", date="2024-03-11", reported=dt.date(2024, 3, 11), start=50),
    ]
    assert sorted(reversed(keys), key=EventSketch.order_key) == keys


# ---- similarity -------------------------------------------------------------------------------


def test_same_happening_in_two_wordings_scores_above_the_threshold() -> None:
    wire = sketch("wire/1", sentence=MEETING)
    blog = sketch("blog/1", sentence=AGAIN, date="2024-03-10")
    s = score(wire, blog)
    assert s is not None and s >= SETTINGS.threshold
    # another happening between the same parties on the same day, told in other words, scores less
    other = sketch("paper/2", sentence=FISHERIES)
    o = score(wire, other)
    assert o is not None and o < s and o < SETTINGS.threshold


def test_other_families_are_never_the_same_event() -> None:
    a = sketch("wire/1")
    assert SETTINGS.family_of["CONSULT"] != SETTINGS.family_of["ASSAULT"]
    assert score(a, sketch("blog/1", "ASSAULT", sentence=AGAIN)) is None
    assert score(a, sketch("blog/1", "PROTEST", sentence=AGAIN)) is None
    # in settings that put two categories in one family, they may be, with the family's credit
    talks = settings_with(
        lambda d: d.update(families={"talks": ["CONSULT", "AGREE"]}, weights={**d["weights"], "category": 0.2})
    )
    same = score(a, sketch("blog/1", sentence=AGAIN), talks)
    family = score(a, sketch("blog/1", "AGREE", sentence=AGAIN), talks)
    assert same is not None and family is not None
    assert same - family == pytest.approx(0.2 * (1 - talks.family_credit))
    assert score(a, sketch("blog/1", "ASSAULT", sentence=AGAIN), talks) is None
    if SETTINGS.family_of["AGREE"] != SETTINGS.family_of["CONSULT"]:
        assert score(a, sketch("blog/1", "AGREE", sentence=AGAIN)) is None


def test_dates_beyond_the_window_are_never_the_same_event() -> None:
    a = sketch("wire/1")
    scores = []
    for gap in range(WINDOW + 1):
        s = score(a, sketch("blog/1", sentence=AGAIN, date=(DAY + dt.timedelta(days=gap)).isoformat()))
        assert s is not None, gap
        scores.append(s)
    assert scores == sorted(scores, reverse=True)
    if SETTINGS.weights.date > 0:
        assert len(set(scores)) == len(scores)  # closer is better
    for gap in (WINDOW + 1, WINDOW + 30):
        assert score(a, sketch("blog/1", sentence=AGAIN, date=(DAY + dt.timedelta(days=gap)).isoformat())) is None
        assert score(a, sketch("blog/1", sentence=AGAIN, date=(DAY - dt.timedelta(days=gap)).isoformat())) is None
    # without a day-precise date, the report day stands in
    late = DAY + dt.timedelta(days=WINDOW + 3)
    assert score(a, sketch("blog/1", sentence=AGAIN, date="2024-03", reported=late)) is None
    assert score(a, sketch("blog/1", sentence=AGAIN, date=None, reported=DAY + dt.timedelta(days=1))) is not None


def test_contradicting_parties_are_never_the_same_event() -> None:
    a = sketch("wire/1", actors=("ITA",), recipients=("LBY",))
    b = sketch("blog/1", actors=("FRA",), recipients=("DEU",), sentence=MEETING)  # even word for word
    assert party_similarity(a, b) is None
    assert score(a, b) is None
    # one shared code on either side is no contradiction
    half = sketch("blog/1", actors=("ITA",), recipients=("TUN",), sentence=AGAIN)
    assert party_similarity(a, half) == pytest.approx(0.5)
    assert score(a, half) is not None
    assert party_similarity(a, sketch("blog/1", actors=("TUN",), recipients=("ITA",))) is not None


def test_actor_and_recipient_swapped_still_match() -> None:
    wire = sketch("wire/1", actors=("ITA",), recipients=("LBY",), sentence=MEETING)
    paper = sketch("paper/1", actors=("LBY",), recipients=("ITA",), sentence=HOSTED)
    assert party_similarity(wire, paper) == pytest.approx(0.8)  # weaker than told the same way round
    assert party_similarity(wire, sketch("paper/1", sentence=HOSTED)) == pytest.approx(1.0)
    s = score(wire, paper)
    assert s is not None and s >= SETTINGS.threshold
    straight = score(wire, sketch("paper/1", sentence=HOSTED))
    assert straight is not None and straight > s


@pytest.mark.parametrize("tentative", ["planned", "hypothetical"])
def test_a_plan_against_a_happening_pays_the_modality_penalty(tentative: str) -> None:
    done = sketch("wire/1")
    asserted = score(done, sketch("blog/1", sentence=AGAIN))
    planned = score(done, sketch("blog/1", sentence=AGAIN, modality=tentative))
    assert asserted is not None and planned is not None
    assert SETTINGS.penalties.other_modality > 0
    assert asserted - planned == pytest.approx(SETTINGS.penalties.other_modality)
    # two plans of the same happening pay nothing; nor does a denial or an ongoing event
    both = score(sketch("wire/1", modality=tentative), sketch("blog/1", sentence=AGAIN, modality="planned"))
    assert both == pytest.approx(asserted)
    assert score(done, sketch("blog/1", sentence=AGAIN, modality="ongoing")) == pytest.approx(asserted)


def test_another_country_pays_the_country_penalty() -> None:
    here = score(sketch("wire/1", country="LBY"), sketch("blog/1", sentence=AGAIN, country="LBY"))
    there = score(sketch("wire/1", country="LBY"), sketch("blog/1", sentence=AGAIN, country="TUN"))
    unplaced = score(sketch("wire/1", country="LBY"), sketch("blog/1", sentence=AGAIN))
    assert here is not None and there is not None
    assert here - there == pytest.approx(SETTINGS.penalties.other_country)
    assert unplaced == pytest.approx(here)


def test_unknown_codes_neither_match_nor_contradict() -> None:
    known = sketch("wire/1", actors=("ITA",), recipients=("LBY",))
    unknown = sketch("blog/1", actors=("---",), recipients=("---",), sentence=AGAIN)
    other = sketch("kyiv/1", actors=("FRA",), recipients=("DEU",))
    # no contradiction with any known parties ...
    assert party_similarity(known, unknown) == pytest.approx(0.5)
    assert party_similarity(other, unknown) == pytest.approx(0.5)
    assert score(known, unknown) is not None and score(other, unknown) is not None
    # ... and no match either: two unknown sides agree no more than an unknown and a known one
    assert party_similarity(unknown, sketch("x/1", actors=("---",), recipients=("---",))) == pytest.approx(0.5)
    assert party_similarity(known, sketch("x/1", actors=("---",), recipients=("LBY",))) == pytest.approx(0.75)
    assert party_similarity(known, sketch("x/1", actors=("ITA", "---"), recipients=("LBY",))) == pytest.approx(1.0)
    assert party_similarity(known, sketch("x/1", actors=("ITA",), recipients=())) == pytest.approx(0.75)
    # the score sits between agreeing and (impossible) contradicting parties
    agreeing = score(known, sketch("blog/1", sentence=AGAIN))
    unknown_score = score(known, unknown)
    assert agreeing is not None and unknown_score is not None and unknown_score < agreeing


def test_word_weights_rare_words_weigh_more() -> None:
    a = sketch("wire/1")
    b = sketch("blog/1", sentence=AGAIN)
    words = WordWeights()
    words.observe([a, b])
    alone = words.cosine(a, b, "event")
    assert 0 < alone < 1
    assert words.cosine(a, a, "event") == pytest.approx(1.0)
    assert words.cosine(a, sketch("kyiv/1", "ASSAULT", sentence=SHELLED), "event") == pytest.approx(0.0)
    # once many events of the day name Salvini and Tripoli, sharing those names says less
    crowd = WordWeights()
    crowd.observe([a, b, *(sketch(f"x{n}/1", sentence=f"Salvini spoke in Tripoli about item {n}.") for n in range(20))])
    assert crowd.cosine(a, b, "event") < alone


# ---- the clusterer ----------------------------------------------------------------------------


def _many() -> list[EventSketch]:
    """Events of five articles: a meeting in Tripoli told three times, a shelling twice, a protest,
    and a meeting in Tunis a week later (same actor), which must not join the first meeting."""
    return [
        sketch("wire/1", sentence=MEETING),
        sketch("wire/2", "ASSAULT", ("RUS",), ("UKR",), SHELLING, date="2024-03-09", start=120),
        sketch("paper/1", actors=("LBY",), recipients=("ITA",), sentence=HOSTED),
        sketch("paper/3", "PROTEST", ("---",), ("FRA",), PROTEST, date="2024-03-11", start=300),
        sketch("kyiv/1", "ASSAULT", ("RUS",), ("UKR",), SHELLED, date="2024-03-09"),
        sketch("blog/1", sentence=AGAIN, date="2024-03-11"),
        sketch("tunis/1", recipients=("TUN",), sentence=TUNIS, date="2024-03-18"),
    ]


def _groups(assigned: dict[str, str]) -> set[frozenset[str]]:
    by: dict[str, set[str]] = {}
    for ev, cid in assigned.items():
        by.setdefault(cid, set()).add(ev)
    return {frozenset(v) for v in by.values()}


def test_clusterer_groups_one_happening_and_ids_come_from_its_first_event() -> None:
    assigned = Clusterer().add_all(_many())
    assert _groups(assigned) == {
        frozenset({"wire/1", "paper/1", "blog/1"}),
        frozenset({"wire/2", "kyiv/1"}),
        frozenset({"paper/3"}),
        frozenset({"tunis/1"}),
    }
    # the first event in clustering order (day, report day, article, position) names the cluster
    assert assigned["wire/1"] == cluster_id_for("paper/1")  # same day and report day; 'paper' < 'wire'
    assert assigned["wire/2"] == cluster_id_for("kyiv/1")  # same day, reported a day earlier
    assert assigned["paper/3"] == cluster_id_for("paper/3")
    assert cluster_id_for("paper/1") == cluster_id_for("paper/1") != cluster_id_for("paper/2")
    assert all(cid.startswith("c") and len(cid) == 16 for cid in assigned.values())


def test_clusterer_is_deterministic_in_any_input_order() -> None:
    sketches = _many()
    expected = Clusterer().add_all(sketches)
    rng = random.Random(7)
    orders = [list(reversed(sketches))] + [rng.sample(sketches, len(sketches)) for _ in range(20)]
    for order in orders:
        assert Clusterer().add_all(order) == expected
    small = sketches[:5]
    ref = Clusterer().add_all(small)
    for perm in itertools.permutations(small):
        assert Clusterer().add_all(perm) == ref


def test_a_cluster_holds_one_event_of_each_article() -> None:
    again = sketch("wire/3", sentence=MEETING, start=400)  # the wire repeats its meeting, word for word
    assigned = Clusterer().add_all([*_many(), again])
    assert assigned["wire/3"] != assigned["wire/1"]
    for members in _groups(assigned):
        articles = [m.split("/")[0] for m in members]
        assert len(articles) == len(set(articles)), members


def test_an_event_seen_keeps_its_cluster() -> None:
    c = Clusterer()
    a = sketch("wire/1")
    first = c.add_all([a])["wire/1"]
    assert c.add(a) == first
    assert c.add(dataclasses.replace(a, category="ASSAULT")) == first  # known by its id: never moved
    assert c.add_all([a]) == {"wire/1": first}
    assert c.assigned == {"wire/1": first}


def test_seeded_clusters_are_joined_never_moved() -> None:
    stored = [
        (sketch("wire/1", sentence=MEETING), "cstored-meeting"),
        (sketch("kyiv/1", "ASSAULT", ("RUS",), ("UKR",), SHELLED, date="2024-03-09"), "cstored-shelling"),
    ]
    c = Clusterer()
    c.seed(stored)
    assert c.assigned == {"wire/1": "cstored-meeting", "kyiv/1": "cstored-shelling"}
    new = sketch("paper/1", actors=("LBY",), recipients=("ITA",), sentence=HOSTED)
    shelling = sketch("wire/2", "ASSAULT", ("RUS",), ("UKR",), SHELLING, date="2024-03-09", start=120)
    lone = sketch("paper/3", "PROTEST", ("---",), ("FRA",), PROTEST, date="2024-03-11")
    assigned = c.add_all([new, shelling, lone])
    assert assigned == {
        "paper/1": "cstored-meeting",
        "wire/2": "cstored-shelling",
        "paper/3": cluster_id_for("paper/3"),  # matching nothing, it starts a cluster named after it
    }
    match = c.best_match(sketch("blog/1", sentence=AGAIN, date="2024-03-11"))
    assert match is not None and match[0] == "cstored-meeting" and match[1] >= SETTINGS.threshold
    # a seeded event offered again stays where it was stored, even if it would fit elsewhere
    assert c.add(stored[1][0]) == "cstored-shelling"
    assert c.add_all([dataclasses.replace(stored[0][0], category="ASSAULT")]) == {"wire/1": "cstored-meeting"}
    assert c.assigned["wire/1"] == "cstored-meeting" and c.assigned["kyiv/1"] == "cstored-shelling"


def test_equal_scores_go_to_the_smaller_cluster_id_whatever_the_seed_order() -> None:
    twins = [(sketch("x/1", sentence=MEETING), "cbbb"), (sketch("y/1", sentence=MEETING), "caaa")]
    for order in (twins, list(reversed(twins))):
        c = Clusterer()
        c.seed(order)
        assert c.add_all([sketch("z/1", sentence=MEETING)]) == {"z/1": "caaa"}


def test_seeds_outside_the_window_are_not_joined() -> None:
    c = Clusterer()
    c.seed([(sketch("wire/1"), "cold")])
    far = sketch("blog/1", sentence=MEETING, date=(DAY + dt.timedelta(days=WINDOW + 1)).isoformat())
    assert c.add_all([far]) == {"blog/1": cluster_id_for("blog/1")}
    near = sketch("paper/1", sentence=MEETING, date=(DAY - dt.timedelta(days=WINDOW)).isoformat())
    assert c.add_all([near]) == {"paper/1": "cold"}


def test_a_clusterer_with_other_settings() -> None:
    strict = settings_with(lambda d: d.update(threshold=1.0))
    assigned = Clusterer(strict).add_all(_many())
    assert len(set(assigned.values())) == len(assigned)  # no two wordings are that alike: each alone
