"""Scale-out: the extraction engine on several local processes or on a Ray cluster.

In: `Article`s (as `Engine.process` takes them), a number of workers, optionally Ray.
Out: the same `(Article, events)` pairs a single `Engine` gives, in input order, so
whatever runs the engine, the output is the same:

    open_coder(workers=1)                       one in-process Engine (today's path)
    open_coder(workers=4)                       4 local processes, each loads the engine once
    open_coder(workers=4, ray=True)             Ray Data, 4 actors each holding one Engine
    open_coder(ray=True, ray_address="HOST:PORT")  join an existing Ray cluster

Each is a context manager yielding an object with `Engine.process`'s signature (`Coder`);
leaving it stops the worker processes (or shuts the local Ray instance down). Ray is an
optional extra (`pip install "newsevents[ray]"`); `require_ray` says so in one line when
it is missing.
"""

from __future__ import annotations

from newsevents.scale.coder import Coder, WorkerStats, open_coder
from newsevents.scale.local import ProcessPoolCoder
from newsevents.scale.on_ray import RAY_MISSING, RayCoder, require_ray
from newsevents.scale.shards import SHARD_ARTICLES, ShardWriter

__all__ = [
    "RAY_MISSING",
    "SHARD_ARTICLES",
    "Coder",
    "ProcessPoolCoder",
    "RayCoder",
    "ShardWriter",
    "WorkerStats",
    "open_coder",
    "require_ray",
]
