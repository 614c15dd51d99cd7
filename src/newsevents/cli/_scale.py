"""The scale-out options `extract` and `ingest` share: `--workers N`, `--ray`, `--ray-address ADDRESS`;
and `extract`'s shard options: `--shard-format jsonl|parquet`, `--shard-size N`.

In: the option values. Out: a checked `Scale` (how to run the engine) and, from it, the coder
the command codes with (`newsevents.scale.open_coder`). `--ray` (or `--ray-address`, which
implies it) is checked first, before any input is read: without Ray installed it is one line,
`newsevents: error: --ray: Ray is not installed; install the extra: pip install "newsevents[ray]"`,
and exit code 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import typer

from newsevents.errors import InputError

WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers",
        "-w",
        metavar="N",
        min=1,
        help="Code on N local processes, each loading the engine once (with --ray: N Ray actors).",
    ),
]
RayOption = Annotated[
    bool,
    typer.Option("--ray", help="Run on Ray Data actors (a local Ray by default); needs the 'ray' extra installed."),
]
RayAddressOption = Annotated[
    str | None,
    typer.Option("--ray-address", metavar="ADDRESS", help="Join this Ray cluster (HOST:PORT or auto); implies --ray."),
]


ShardFormatOption = Annotated[
    str | None,
    typer.Option(
        "--shard-format",
        metavar="FORMAT",
        help="Write -o DIR as shards in this format: jsonl (default) or parquet (the export's columns).",
    ),
]
ShardSizeOption = Annotated[
    int | None,
    typer.Option("--shard-size", metavar="N", min=1, help="Articles a shard holds (default 1000)."),
]


@dataclass(frozen=True)
class Scale:
    """How a command runs the engine: `workers` processes (None: default), on Ray or not."""

    workers: int | None = None
    ray: bool = False
    ray_address: str | None = None

    @property
    def parallel(self) -> bool:
        """Whether the run needs more than the one in-process engine."""
        return self.ray or (self.workers or 1) > 1

    def label(self) -> str:
        """How the run is done, for progress lines: '', ' on 2 workers', ' on Ray (2 actors)'."""
        if self.ray:
            return " on Ray" if self.workers is None else f" on Ray ({self.workers} actor{'s' * (self.workers > 1)})"
        return f" on {self.workers} workers" if self.parallel else ""


def check_scale(workers: int | None, ray: bool, ray_address: str | None) -> Scale:
    """The options checked; Ray imported when asked for, so a missing extra is said at once."""
    if ray_address is not None and not ray_address.strip():
        raise InputError("--ray-address", "empty address (expected HOST:PORT or auto)")
    scale = Scale(workers=workers, ray=ray or ray_address is not None, ray_address=ray_address)
    if scale.ray:
        from newsevents.scale.on_ray import require_ray

        require_ray()
    return scale


def check_shard_format(value: str | None) -> str:
    """The `--shard-format` option: jsonl (the default) or parquet."""
    from newsevents.scale.shards import SHARD_FORMATS

    name = (value or "jsonl").strip().lower()
    if name not in SHARD_FORMATS:
        raise InputError("--shard-format", f"unknown shard format {value!r} (expected {' or '.join(SHARD_FORMATS)})")
    return name
