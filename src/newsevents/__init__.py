"""newsevents: news reports in, PLOVER political event data with evidence out.

    >>> import newsevents
    >>> events = newsevents.extract(text, published="2018-06-25")
"""

from __future__ import annotations

from newsevents.errors import InputError, NewsEventsError, ResourceError, StoreError
from newsevents.record import Article, Entity, Event, Location, Mention, TextInfo

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
]
__version__ = "0.1.0"
