"""Running the app under uvicorn with limits a slow or greedy client cannot get around.

In: an ASGI app, a host, a port and the limits below. Out: a served app until interrupted.

uvicorn closes idle keep-alive connections but gives a client that has started a request
all the time it wants to finish sending the request's headers, so a thousand clients
sending one header byte a minute hold a thousand connections. `DeadlineH11Protocol` closes
a connection whose next request's headers are not complete `header_timeout` seconds after
the connection opened or its previous response ended. The body of a request has its own
deadline in `newsevents.serve.limits.BodySizeLimit`. `limit_concurrency` bounds open
connections and tasks (503 beyond it).
"""

from __future__ import annotations

import asyncio
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_TIMEOUT = 10.0
KEEP_ALIVE_TIMEOUT = 5
LIMIT_CONCURRENCY = 1000


class DeadlineH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for the headers of each request."""

    header_timeout: float = HEADER_TIMEOUT

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._header_deadline: asyncio.TimerHandle | None = None
        self._arm_header_deadline()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm_header_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_header_deadline()
        super().connection_lost(exc)

    def _cancel_header_deadline(self) -> None:
        deadline = getattr(self, "_header_deadline", None)
        if deadline is not None:
            deadline.cancel()
            self._header_deadline = None

    def _arm_header_deadline(self) -> None:
        self._cancel_header_deadline()
        self._header_deadline = self.loop.call_later(self.header_timeout, self._header_deadline_passed, self.cycle)

    def _header_deadline_passed(self, waiting_after: Any) -> None:
        self._header_deadline = None
        cycle = self.cycle
        if cycle is not waiting_after:
            return  # a new request's headers arrived in time
        if cycle is not None and not cycle.response_complete:
            return  # a request is being answered (its body has its own deadline)
        if not self.transport.is_closing():
            self.transport.close()


def protocol_with(header_timeout: float) -> type[DeadlineH11Protocol]:
    """The protocol class with its header deadline set (uvicorn instantiates it per connection)."""
    return type("DeadlineH11Protocol", (DeadlineH11Protocol,), {"header_timeout": header_timeout})


def run(
    app: Any,
    *,
    host: str,
    port: int,
    log_level: str = "info",
    header_timeout: float = HEADER_TIMEOUT,
    keep_alive_timeout: int = KEEP_ALIVE_TIMEOUT,
    limit_concurrency: int = LIMIT_CONCURRENCY,
) -> None:
    """Serve `app` on host:port until interrupted."""
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level=log_level,
        http=protocol_with(header_timeout),
        timeout_keep_alive=keep_alive_timeout,
        limit_concurrency=limit_concurrency,
    )


__all__ = ["HEADER_TIMEOUT", "DeadlineH11Protocol", "protocol_with", "run"]
