"""The package's own API (`newsevents/__init__.py`): what `import newsevents` offers, loaded lazily,
and the one version string everything reports."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import newsevents
from newsevents.record import Event

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "data" / "seed_article.txt"


def test_public_names_are_pinned() -> None:
    assert newsevents.__all__ == [
        "Article",
        "Entity",
        "Event",
        "InputError",
        "Location",
        "Mention",
        "NewsEventsError",
        "ResourceError",
        "StoreError",
        "TextInfo",
        "extract",
        "extract_many",
    ]
    for name in newsevents.__all__:
        assert getattr(newsevents, name) is not None
    assert set(newsevents.__all__) <= set(dir(newsevents))


def test_import_does_not_load_the_engine() -> None:
    code = (
        "import sys, newsevents; "
        "assert 'newsevents.pipeline' not in sys.modules and 'spacy' not in sys.modules, 'engine loaded'; "
        "newsevents.extract; assert 'newsevents.pipeline' in sys.modules"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_unknown_attribute_is_an_attribute_error() -> None:
    try:
        newsevents.no_such_name  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("no AttributeError")


def test_extract_and_extract_many(engine: Any) -> None:
    text = SEED.read_text(encoding="utf-8")
    events = newsevents.extract(text, published="2018-06-25", article_id="salvini")
    assert events and all(isinstance(e, Event) and e.article_id == "salvini" for e in events)
    assert {"CONSULT", "REJECT", "REQUEST"} <= {e.event for e in events}

    items = [
        {"id": "a1", "text": "Russia threatened to impose sanctions on Ukraine on Monday.", "published": "2022-01-10"},
        "Police in Nairobi arrested 20 opposition activists.",
    ]
    many = list(newsevents.extract_many(items))
    assert {e.article_id for e in many} == {"a1", "article-2"}
    threat = next(e for e in many if e.article_id == "a1")
    assert threat.event == "THREATEN" and threat.date == "2022-01-10"


def test_one_version_everywhere() -> None:
    from newsevents.pipeline import ENGINE_VERSION

    version = newsevents.__version__
    assert version == ENGINE_VERSION
    assert importlib.metadata.version("newsevents") == version
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["hatch"]["version"]["path"] == "src/newsevents/__init__.py"
