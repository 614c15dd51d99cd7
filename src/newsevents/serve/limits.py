"""Request body size limit as pure ASGI middleware.

In: every HTTP request. Out: the request unchanged when its body fits in
`max_bytes`, otherwise a 413 JSON error in the API's error shape, decided from
Content-Length before reading or while reading a chunked body.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

ErrorBody = Callable[..., dict[str, Any]]


class BodySizeLimit:
    """Answer 413 to requests whose body is larger than `max_bytes`."""

    def __init__(self, app: ASGIApp, max_bytes: int, error_body: ErrorBody) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.error_body = error_body

    async def _reject(self, send: Send, size: str) -> None:
        limit_mb = self.max_bytes / (1024 * 1024)
        msg = f"request body is {size}; the limit is {self.max_bytes} bytes ({limit_mb:g} MB)"
        payload = json.dumps(self.error_body(413, msg, [{"field": "body", "message": msg}])).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
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
        while True:
            message = await receive()
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
