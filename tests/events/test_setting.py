"""The date and place ranker: how it is fitted, saved and read, and what it does to a story."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from newsevents.errors import InputError, ResourceError
from newsevents.events.setting import Candidate, Ranker, SettingModel, load_setting_model
from newsevents.events.setting_training import date_right, fit_ranker, place_right, read_field_gold
from newsevents.record import Location


def _cand(kind: str, **features: float) -> Candidate:
    return Candidate(kind, None, {f"kind={kind}": 1.0, **features}, kind)


def test_a_fitted_ranker_prefers_what_was_right_in_training() -> None:
    # the right reading is the near one whatever its kind; the far one never is
    groups = []
    for i in range(40):
        near, far = _cand("story", near=1.0), _cand("lede", near=0.0)
        groups.append(([far, near] if i % 2 else [near, far], [bool(i % 2) is False, bool(i % 2)]))
    ranker = fit_ranker(groups)
    assert ranker.weights["near"] > 0
    assert ranker.choose([_cand("lede", near=0.0), _cand("other", near=1.0)]).kind == "other"


def test_events_none_of_whose_candidates_is_right_teach_nothing() -> None:
    assert fit_ranker([([_cand("a"), _cand("b")], [False, False])]) == Ranker({})


def test_a_model_is_saved_and_read_back(tmp_path: Path) -> None:
    model = SettingModel(Ranker({"kind=own": 1.5}), Ranker({"kind=none": 0.25}), {"events": 3})
    path = tmp_path / "setting.json"
    model.save(path)
    again = SettingModel.load(path)
    assert again.date.weights == {"kind=own": 1.5} and again.place.weights == {"kind=none": 0.25}
    assert again.info == {"events": 3}


@pytest.mark.parametrize("content", ["", "{}", '{"date": {"weights": 3}}', "not json"])
def test_a_file_that_is_no_model_is_a_clear_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "broken.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ResourceError, match="broken.json: not a date and place model"):
        SettingModel.load(path)


def test_training_without_labelled_news_writes_no_model(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from newsevents.events.setting_training import main

    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"article_id": "a", "sentence": 0, "event_index": 0}) + "\n", encoding="utf-8")
    out = tmp_path / "model.json"
    code = main(["--data", str(tmp_path), "--gold", str(gold), "--out", str(out)])
    assert code == 2 and not out.exists()
    assert "no labelled article with date and place labels" in capsys.readouterr().err
    assert main(["--data", str(tmp_path), "--gold", str(tmp_path / "missing.jsonl")]) == 2
    assert "cannot read date and place labels" in capsys.readouterr().err


def test_the_package_ships_a_model_trained_on_our_labels() -> None:
    model = load_setting_model()
    assert model is not None
    assert model.info["events"] > 1000
    assert model.date.weights and model.place.weights


@pytest.mark.parametrize(
    ("engine", "gold", "right"),
    [
        ("2020-01-08", "2020-01-08", True),
        ("2020-01-08", "2020-01", True),  # more precise and inside it
        ("2020-01", "2020-01-08", False),
        ("2020-02-01", "2020-01", False),
        (None, None, True),
        (None, "2020", False),
        ("2020", None, False),
    ],
)
def test_date_right(engine: str | None, gold: str | None, right: bool) -> None:
    assert date_right(engine, gold) is right


def _gold(place: str | None, country: str | None = None, kind: str | None = None) -> dict[str, Any]:
    return {"place": place, "place_country": country, "place_kind": kind}


def test_place_right_reads_names_without_the_kind_of_place() -> None:
    borno = Location(name="Borno state", country_code="NGA", feature="region")
    assert place_right(borno, _gold("Borno", "NGA", "region")) == (True, True)
    nyc = Location(name="New York City", country_code="USA", feature="city")
    assert place_right(nyc, _gold("New York", "USA", "city")) == (True, True)
    assert place_right(nyc, _gold("Albany", "USA", "city")) == (False, True)
    country = Location(name="Nigeria", country_code="NGA", feature="country")
    assert place_right(country, _gold("Federal Republic of Nigeria", "NGA", "country")) == (True, True)
    assert place_right(None, _gold(None)) == (True, True)
    assert place_right(None, _gold("Kano", "NGA", "city")) == (False, False)


def test_field_gold_errors_name_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    good = {"article_id": "a", "sentence": 0, "event_index": 0, "date": None}
    path.write_text(json.dumps(good) + "\n" + '{"article_id": "a"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"gold.jsonl:2"):
        read_field_gold([path])
    with pytest.raises(InputError, match="cannot read date and place labels"):
        read_field_gold([tmp_path / "missing.jsonl"])
    path.write_text(json.dumps({**good, "date": "soon"}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"gold.jsonl:1: not a date and place label"):
        read_field_gold([path])
    path.write_text(json.dumps(good) + "\n" + json.dumps({**good, "date": "2020"}) + "\n", encoding="utf-8")
    assert read_field_gold([path])[("a", 0, 0)]["date"] is None  # the first label of a key wins


STORY = (
    "On Sunday, voters in Minsk went to the polls to elect a new parliament.\n\n"
    "The vote was boycotted by the opposition, which accused the government of fraud."
)


def test_a_story_told_once_dates_and_places_what_follows(engine: Any) -> None:
    events = engine.extract(STORY, published=dt.date(2024, 3, 5))
    accused = [e for e in events if e.event == "ACCUSE"]
    assert accused, events
    event = accused[0]
    assert event.date == "2024-03-03"  # the Sunday of the story, not the news day
    assert event.event_loc is not None and event.event_loc.name == "Minsk"
    assert any("the last date told before ('Sunday')" in d for d in event.decisions), event.decisions
    assert any(d.startswith("place Minsk: named in the article") for d in event.decisions), event.decisions


def test_without_the_ranker_only_the_sentence_rules_date_and_place() -> None:
    from newsevents.pipeline import Engine

    rules = Engine(actor_files=[], setting_model=None)
    event = next(e for e in rules.extract(STORY, published=dt.date(2024, 3, 5)) if e.event == "ACCUSE")
    assert event.date == "2024-03-05" and event.event_loc is None


def test_an_article_that_names_no_place_places_nothing(engine: Any) -> None:
    text = (
        "The ministry condemned the decision on Monday.\n\n"
        "It also called on the regulator to withdraw the new licence rules."
    )
    events = engine.extract(text, published=dt.date(2024, 3, 6))
    assert events and all(e.event_loc is None for e in events), events


def test_a_plan_never_takes_a_past_date_told_for_the_story(engine: Any) -> None:
    text = (
        "On Monday, French President Emmanuel Macron met German Chancellor Olaf Scholz in Paris.\n\n"
        "The two leaders will hold another meeting to discuss the budget."
    )
    events = engine.extract(text, published=dt.date(2024, 3, 13))
    met = [e for e in events if e.event == "CONSULT" and e.modality != "planned"]
    planned = [e for e in events if e.modality == "planned"]
    assert met and met[0].date == "2024-03-11"
    assert planned and all(e.date is None or e.date >= "2024-03-13" for e in planned), planned
