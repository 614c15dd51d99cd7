"""Error wording shared by the readers (`newsevents/errors.py`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsevents.errors import InputError, json_problem
from newsevents.eval.run import load_sentence_gold


def _problem(text: str) -> str:
    with pytest.raises(json.JSONDecodeError) as info:
        json.loads(text)
    return json_problem(info.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"id": "a2", "text": "oops"', "malformed JSON (Expecting ',' delimiter at column 28)"),
        ('{"text": "never closed', "malformed JSON (Unterminated string starting at column 10)"),
        ('{"a": 1} x', "malformed JSON (Extra data at column 10)"),
    ],
)
def test_json_problem_names_the_column_once(text: str, expected: str) -> None:
    assert _problem(text) == expected


def test_gold_lines_use_the_same_wording(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"text": "never closed\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_sentence_gold(gold)
    assert str(info.value) == f"{gold}:1: malformed JSON (Unterminated string starting at column 10)"
