"""Request body size limit as pure ASGI middleware.

In: every HTTP request. Out: the request unchanged when its body fits in
`max_bytes`, otherwise a 413 JSON error in the API's error shape, decided from
Content-Length before reading or while reading a chunked body. A body that has not
arrived in full `body_timeout` seconds after the request's headers is answered 408, so
a client that sends its body byte by byte cannot hold a connection and its memory.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

ErrorBody = Callable[..., dict[str, Any]]


class BodySizeLimit:
    """Answer 413 to requests whose body is larger than `max_bytes`."""

    def __init__(self, app: ASGIApp, max_bytes: int, error_body: ErrorBody, body_timeout: float = 30.0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.error_body = error_body
        self.body_timeout = body_timeout

    async def _reject(self, send: Send, size: str) -> None:
        limit_mb = self.max_bytes / (1024 * 1024)
        msg = f"request body is {size}; the limit is {self.max_bytes} bytes ({limit_mb:g} MB)"
        await self._answer(send, 413, msg)

    async def _answer(self, send: Send, status: int, msg: str) -> None:
        payload = json.dumps(self.error_body(status, msg, [{"field": "body", "message": msg}])).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(payload)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared > self.max_bytes:
                    await self._reject(send, f"{declared} bytes")
                    return
        # Read the whole body (bounded) so a chunked upload cannot exceed the limit either.
        chunks: list[bytes] = []
        total = 0
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.body_timeout
        while True:
            try:
                message = await asyncio.wait_for(receive(), timeout=max(0.0, deadline - loop.time()))
            except TimeoutError:
                await self._answer(send, 408, f"the request body did not arrive within {self.body_timeout:g} s")
                return
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            total += len(chunk)
            if total > self.max_bytes:
                await self._reject(send, f"more than {self.max_bytes} bytes")
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
