"""Actors stage: noun phrases from news text -> PLOVER actors (country code + sector + name + office).

In: noun phrases as written in a sentence ("his Libyan counterpart Abdulsalam Ashour"), the article
date, and an optional user KB file (`ActorKB.load(extra=[Path("my_actors.yaml")])`).
Out: `newsevents.record.Entity` or None; `country_of` / `sector_of` helpers for demonyms and role
nouns. The knowledge base (countries, organisations, people with validity dates, role nouns) is data
under `actors/data/`.
"""

from newsevents.actors.kb import ActorKB
from newsevents.actors.resolver import ActorResolver

__all__ = ["ActorKB", "ActorResolver"]
