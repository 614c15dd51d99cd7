"""newsevents: news reports in, PLOVER political event data with evidence out.

    >>> import newsevents
    >>> events = newsevents.extract(text, published="2018-06-25")
    >>> for event in newsevents.extract_many(["a text", {"id": "a2", "text": "...", "published": "2022-01-10"}]):
    ...     ...

`extract` and `extract_many` load the engine (spaCy and the lexicons) on their first call, not
at import: `import newsevents` stays cheap for code that only needs the record types.

`__version__` is the one definition of the version: the package metadata (pyproject.toml reads
it through hatch's dynamic version), `newsevents --version`, the API and the engine version
stored with each event all come from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newsevents.errors import InputError, NewsEventsError, ResourceError, StoreError
from newsevents.record import Article, Entity, Event, Location, Mention, TextInfo

if TYPE_CHECKING:
    from newsevents.pipeline import extract, extract_many

__version__ = "0.1.0"

__all__ = [
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

# Names served by `newsevents.pipeline`, imported on first access (spaCy is slow to import).
_ENGINE_NAMES = frozenset({"extract", "extract_many"})


def __getattr__(name: str) -> Any:
    if name in _ENGINE_NAMES:
        from newsevents import pipeline

        value = getattr(pipeline, name)
        globals()[name] = value  # later lookups skip this function
        return value
    raise AttributeError(f"module 'newsevents' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
