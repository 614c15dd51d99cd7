"""Who may talk to the API: allowed Host names and same-origin writes, as pure ASGI middleware.

In: every HTTP request. Out: the request unchanged, or an error in the API's JSON shape:

- 400 when `allowed_hosts` is set and the `Host` header names another host. A page on
  another site that re-points its own name at 127.0.0.1 (DNS rebinding) still sends its own
  name as `Host`, so it cannot read the local store.
- 403 for a write (any method but GET, HEAD, OPTIONS) that a browser sends from a page of
  another origin: an `Origin` header that is not this server's scheme, host and port, or a
  `Sec-Fetch-Site` header other than `same-origin` / `none`. A write a browser sends (it
  carries `Origin`) must also have a JSON content type: browsers send `text/plain` and form
  bodies cross-site without asking first, JSON never. Clients that are not browsers (curl,
  scripts) send no `Origin` and may post `text/plain` or `text/html`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from typing import Any
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

ErrorBody = Callable[..., dict[str, Any]]

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def host_name(host: str) -> str:
    """The name part of a Host header value ('[::1]:8000' -> '::1', 'LocalHost:80' -> 'localhost')."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    if host.count(":") == 1:
        return host.rsplit(":", 1)[0]
    return host


def served_hosts(bound: str, extra: Collection[str] = ()) -> list[str]:
    """The Host names a server bound to `bound` answers: the local names, `bound` itself, and `extra`."""
    hosts = [*LOCAL_HOSTS, *(h.strip() for h in extra if h.strip())]
    if bound not in ("0.0.0.0", "::", ""):
        hosts.append(bound)  # the address the server is reached at directly
    return hosts


def _origin_key(scheme: str, host: str) -> tuple[str, str, int] | None:
    """(scheme, host name, port) of an origin, with the scheme's default port filled in."""
    try:
        parts = urlsplit(f"{scheme}://{host}")
        port = parts.port
    except ValueError:
        return None
    if parts.hostname is None:
        return None
    return scheme, parts.hostname.lower(), port if port is not None else _DEFAULT_PORTS.get(scheme, 0)


def same_origin(origin: str, scheme: str, host: str) -> bool:
    """True when an `Origin` header value names this server (scheme, host and port)."""
    if "://" not in origin:
        return False
    origin_scheme, _, origin_host = origin.strip().partition("://")
    mine = _origin_key(scheme, host)
    theirs = _origin_key(origin_scheme.lower(), origin_host.rstrip("/"))
    return mine is not None and mine == theirs


def _is_json(content_type: str) -> bool:
    kind = content_type.split(";")[0].strip().lower()
    return kind == "application/json" or kind.endswith("+json")


class RequestGuard:
    """Reject requests for other hosts, and writes from browser pages of other origins."""

    def __init__(self, app: ASGIApp, *, allowed_hosts: Collection[str] | None, error_body: ErrorBody) -> None:
        self.app = app
        self.allowed = None if allowed_hosts is None else frozenset(host_name(h) for h in allowed_hosts)
        self.error_body = error_body

    async def _reject(self, send: Send, status: int, message: str, field: str) -> None:
        payload = json.dumps(self.error_body(status, message, [{"field": field, "message": message}])).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": payload})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers: dict[str, str] = {}
        for name, value in scope.get("headers", []):
            headers.setdefault(name.decode("latin-1").lower(), value.decode("latin-1"))
        host = headers.get("host", "")
        if self.allowed is not None and host_name(host) not in self.allowed:
            shown = host[:100] or "(none)"
            msg = f"host {shown!r} is not served here; start the server with --allow-host NAME to allow it"
            await self._reject(send, 400, msg, "host")
            return
        if scope.get("method", "GET") not in SAFE_METHODS:
            problem = self._cross_site_write(headers, scope.get("scheme", "http"), host)
            if problem is not None:
                await self._reject(send, 403, problem, "origin")
                return
        await self.app(scope, receive, send)

    @staticmethod
    def _cross_site_write(headers: dict[str, str], scheme: str, host: str) -> str | None:
        """Why a write must be refused as coming from another site's page, or None."""
        fetch_site = headers.get("sec-fetch-site", "").strip().lower()
        if fetch_site and fetch_site not in ("same-origin", "none"):
            return f"writes from other sites are refused (Sec-Fetch-Site: {fetch_site[:40]})"
        origin = headers.get("origin")
        if origin is None:
            return None
        if not same_origin(origin, scheme, host):
            return f"writes from other origins are refused (Origin: {origin[:100]})"
        if not _is_json(headers.get("content-type", "")):
            return "writes from a browser must send JSON (content-type: application/json)"
        return None


__all__ = ["LOCAL_HOSTS", "RequestGuard", "host_name", "same_origin", "served_hosts"]
