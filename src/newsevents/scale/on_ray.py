"""Scale-out on Ray Data: articles flow through `map_batches` into actors that each hold one Engine.

In: `Article`s, a number of actors (None: one per CPU of the cluster), the engine's extra
actor files, and a Ray address (None: a local Ray instance started here with `ray.init()`; an
address such as `HOST:6379` or `auto` joins a running cluster, whose nodes need newsevents
installed).
Out: the `(Article, events)` pairs of a single `Engine`, in input order; an article an actor
cannot code goes to `on_error` as the same `InputError` a single engine reports.

Articles travel as JSON rows (`index`, `article`); `EngineActor` codes each batch of
up to `CHUNK_ARTICLES` rows with `Engine.process` and returns one row per article: its index, the
article and its events as JSON, or the reason it failed, and the actor's figures (process,
peak memory, CPU time). The driver puts the rows back in input order. Ray is an optional extra:
`require_ray` raises an `InputError` saying how to install it when it is missing.
"""

from __future__ import annotations

import heapq
import logging
import os
import socket
import warnings
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from newsevents.errors import InputError, NewsEventsError, ResourceError
from newsevents.record import Article, Event
from newsevents.scale.coder import (
    CHUNK_ARTICLES,
    ENGINE_VERSION,
    ErrorHandler,
    WorkerStats,
    cpu_seconds,
    note_worker,
    peak_rss_mib,
)

RAY_MISSING = 'Ray is not installed; install the extra: pip install "newsevents[ray]"'


def require_ray() -> None:
    """`InputError` naming `--ray` and the extra to install when Ray (with Ray Data) cannot be imported."""
    try:
        import ray  # noqa: F401
        import ray.data  # noqa: F401
    except ImportError:
        raise InputError("--ray", RAY_MISSING) from None


def check_ray_address(address: str, *, timeout: float = 5.0) -> None:
    """`InputError` naming `--ray-address` when ADDRESS is not HOST:PORT (or auto) or nothing answers there.

    Ray itself would retry a dead address for minutes, logging as it goes; this asks once.
    """
    text = address.strip()
    if text in ("auto", "local"):
        return
    bare = text.split("://", 1)[1] if "://" in text else text
    host, sep, port = bare.rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise InputError("--ray-address", f"bad address {address!r} (expected HOST:PORT or auto)")
    try:
        with socket.create_connection((host, int(port)), timeout=timeout):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputError("--ray-address", f"cannot reach a Ray cluster at {address} ({reason})") from None


class EngineActor:
    """A Ray actor holding one Engine; called with a batch of article rows, returns one row per article."""

    def __init__(self, actor_files: Sequence[str] = (), batch_size: int = 16) -> None:
        from newsevents.pipeline import Engine

        self.engine = Engine(actor_files=list(actor_files))
        self.batch_size = batch_size
        self.worker = f"actor pid {os.getpid()}"

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        indexes = [int(i) for i in batch["index"]]
        articles = [Article.model_validate_json(text) for text in batch["article"]]
        outcomes: list[tuple[str, str, str]] = []  # (article JSON, events JSON lines, error) per article

        def failed(err: InputError) -> None:
            outcomes.append(("", "", f"{err.source}\n{err.problem}"))

        try:
            for article, events in self.engine.process(articles, batch_size=self.batch_size, on_error=failed):
                outcomes.append((article.model_dump_json(), "\n".join(e.model_dump_json() for e in events), ""))
        except Exception as exc:  # noqa: BLE001 - the engine isolates articles; this is a last guard
            problem = f"could not be coded (worker failed: {type(exc).__name__})"
            for a in articles[len(outcomes) :]:
                outcomes.append(("", "", f"{a.source or f'article {a.id!r}'}\n{problem}"))
        rss, cpu = peak_rss_mib(), cpu_seconds()
        return {
            "index": indexes,
            "article": [o[0] for o in outcomes],
            "events": [o[1] for o in outcomes],
            "error": [o[2] for o in outcomes],
            "worker": [self.worker] * len(outcomes),
            "rss_mib": [rss] * len(outcomes),
            "cpu_s": [cpu] * len(outcomes),
        }


def quiet_ray_logs() -> None:
    """Keep Ray's own notes (start-up, execution plans, progress) off stderr: errors still show."""
    for name in ("ray", "ray.data", "ray._private", "ray.data._internal"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__


class RayCoder:
    """`Engine.process` on Ray Data actors (see the module docstring). `close()` shuts down a Ray it started."""

    def __init__(
        self,
        *,
        actors: int | None = None,
        actor_files: Sequence[Path] = (),
        address: str | None = None,
        num_cpus: int | None = None,
    ) -> None:
        require_ray()
        import ray

        if actors is not None and actors < 1:
            raise InputError("--workers", f"{actors} is not a positive number of Ray actors")
        self.version: str = ENGINE_VERSION
        self.stats: dict[str, WorkerStats] = {}
        self.actor_files = [str(p) for p in actor_files]
        self._started = False
        quiet_ray_logs()
        if not ray.is_initialized():
            if address is not None:
                check_ray_address(address)
            try:
                ray.init(
                    address=address,
                    num_cpus=num_cpus if address is None else None,
                    include_dashboard=False,
                    log_to_driver=False,
                    logging_level=logging.ERROR,
                )
            except Exception as exc:  # noqa: BLE001 - Ray's errors are many kinds; one line names the cause
                where = f"cannot join the Ray cluster at {address}" if address else "cannot start a local Ray instance"
                raise InputError("--ray-address" if address else "--ray", f"{where} ({_first_line(exc)})") from None
            self._started = True
        quiet_ray_logs()
        cpus = int(ray.cluster_resources().get("CPU", 1))
        self.actors = actors if actors is not None else max(1, cpus)

    def process(
        self,
        articles: Iterable[Article],
        *,
        batch_size: int = 16,
        on_error: ErrorHandler | None = None,
    ) -> Iterator[tuple[Article, list[Event]]]:
        """Code `articles` on the actors, `batch_size` rows a call; results in input order."""
        import ray.data

        rows = [{"index": i, "article": a.model_dump_json()} for i, a in enumerate(articles)]
        if not rows:
            return
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True
        context.enable_progress_bars = False
        context.print_on_execution_start = False
        with warnings.catch_warnings():  # max_restarts as a map_batches argument is deprecated, not yet replaced
            warnings.simplefilter("ignore", DeprecationWarning)
            dataset = ray.data.from_items(rows).map_batches(
                EngineActor,
                fn_constructor_kwargs={"actor_files": self.actor_files, "batch_size": batch_size},
                batch_size=min(batch_size, CHUNK_ARTICLES),
                compute=ray.data.ActorPoolStrategy(size=min(self.actors, len(rows))),
                num_cpus=1,
                batch_format="numpy",
                # an actor that dies fails the run (a rerun of ingest goes on from there), never a silent retry;
                # with restarts allowed Ray also logs a warning about the actor's arguments on every run
                max_restarts=0,
            )
        waiting: list[tuple[int, str, str, str]] = []  # rows that came before their turn, by index
        next_index = 0
        try:
            warnings.filterwarnings("ignore", message="The minimum number of concurrent actors", category=UserWarning)
            for batch in dataset.iter_batches(batch_size=None, batch_format="numpy"):
                for i, article, events, error, worker, rss, cpu in zip(
                    batch["index"],
                    batch["article"],
                    batch["events"],
                    batch["error"],
                    batch["worker"],
                    batch["rss_mib"],
                    batch["cpu_s"],
                    strict=True,
                ):
                    note_worker(self.stats, str(worker), 1, float(rss), float(cpu))
                    heapq.heappush(waiting, (int(i), str(article), str(events), str(error)))
                while waiting and waiting[0][0] == next_index:
                    _, article, events, error = heapq.heappop(waiting)
                    next_index += 1
                    if error:
                        source, _, problem = error.partition("\n")
                        err = InputError(source, problem)
                        if on_error is None:
                            raise err
                        on_error(err)
                        continue
                    yield (
                        Article.model_validate_json(article),
                        [Event.model_validate_json(line) for line in events.split("\n") if line],
                    )
        except (NewsEventsError, KeyboardInterrupt, GeneratorExit):
            raise
        except Exception as exc:  # noqa: BLE001 - an actor that could not start, a lost node, ...
            raise ResourceError(f"the Ray run failed ({_first_line(exc)})") from None

    def close(self) -> None:
        """Shut down the local Ray instance this coder started (a joined cluster keeps running)."""
        if self._started:
            import ray

            ray.shutdown()
            self._started = False
