"""The filter vocabulary (`store/filters.py`): one entry per `EventFilter` field, closed sets read from
the ontology, dates of year, month or day precision, messages naming the source."""

from __future__ import annotations

import datetime as dt

import pytest

from newsevents.errors import InputError
from newsevents.ontology import default_ontology
from newsevents.store import EventFilter
from newsevents.store.base import SORT_KEYS
from newsevents.store.filters import BY_NAME, FILTERS, event_filter, parse_day, sort_key

ONTOLOGY = default_ontology()


def test_one_filter_per_event_filter_field() -> None:
    assert [f.field for f in FILTERS] == list(EventFilter.model_fields)
    assert [f.name for f in FILTERS][:7] == ["actor", "recipient", "party", "category", "quad", "context", "modality"]
    assert BY_NAME["from"].aliases == ("date_from",) and BY_NAME["to"].aliases == ("date_to",)
    assert BY_NAME["article_id"].option == "--article-id" and BY_NAME["from"].option == "--from"


def test_closed_sets_come_from_the_ontology() -> None:
    assert BY_NAME["category"].choices() == tuple(sorted(ONTOLOGY.categories))
    assert BY_NAME["quad"].choices() == ("1", "2", "3", "4") == tuple(str(q) for q in ONTOLOGY.quads)
    assert BY_NAME["context"].choices() == tuple(ONTOLOGY.contexts)
    assert BY_NAME["modality"].choices() == ONTOLOGY.modalities
    assert {c.quad for c in ONTOLOGY.categories.values()} == set(ONTOLOGY.quads)
    open_ended = [f.name for f in FILTERS if f.choices() is None]
    assert open_ended == ["actor", "recipient", "party", "from", "to", "country", "place", "text", "article_id"]


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2018", dt.date(2018, 1, 1), dt.date(2018, 12, 31)),
        ("2018-02", dt.date(2018, 2, 1), dt.date(2018, 2, 28)),
        ("2020-02", dt.date(2020, 2, 1), dt.date(2020, 2, 29)),
        (" 2018-06-25 ", dt.date(2018, 6, 25), dt.date(2018, 6, 25)),
    ],
)
def test_dates_of_any_precision(value: str, first: dt.date, last: dt.date) -> None:
    assert parse_day(value, "--from", end=False) == first
    assert parse_day(value, "--to", end=True) == last


@pytest.mark.parametrize("value", ["June", "18", "2018-6", "2018-13", "2018-02-30", "2018-06-25T10:00", "25/06/2018"])
def test_bad_dates(value: str) -> None:
    with pytest.raises(InputError) as info:
        parse_day(value, "to", end=True)
    assert str(info.value) == f"to: not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)"


def test_event_filter_folds_case_and_converts() -> None:
    flt = event_filter(
        {
            "category": " consult ",
            "quad": "1",
            "context": "Migration",
            "modality": "PLANNED",
            "from": "2018-06",
            "to": "2018-06",
            "actor": "ITA",
            "text": "",
            "place": None,
        }
    )
    assert flt == EventFilter(
        category="CONSULT",
        quad=1,
        context="migration",
        modality="planned",
        date_from=dt.date(2018, 6, 1),
        date_to=dt.date(2018, 6, 30),
        actor="ITA",
    )


def test_errors_name_the_source_and_list_the_values() -> None:
    with pytest.raises(InputError) as info:
        event_filter({"modality": "maybe"}, source=lambda name: f"--{name}")
    assert info.value.source == "--modality"
    assert info.value.problem == f"unknown modality 'maybe' (choose one of {', '.join(ONTOLOGY.modalities)})"
    with pytest.raises(InputError, match="^from: '2019' is after the end date '2018'$"):
        event_filter({"from": "2019", "to": "2018"})


def test_sort_keys() -> None:
    assert sort_key("-date") == "-date"
    with pytest.raises(InputError, match=f"unknown sort key 'name' \\(choose one of {', '.join(SORT_KEYS)}\\)"):
        sort_key("name")
