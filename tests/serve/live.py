"""A uvicorn server on 127.0.0.1 over a store, for the browser tests."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serving(db: str) -> Iterator[str]:
    """The API and explorer over the store `db`, running in a thread; yields the base URL."""
    import uvicorn

    from newsevents.serve import create_app

    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@contextlib.contextmanager
def browser_page(base: str) -> Iterator[Any]:
    """A Chromium page (Debian's, never a downloaded one) that must raise no script error and load
    nothing from outside `base`."""
    from playwright import sync_api

    from serve.test_explorer_e2e import CHROMIUM, LAUNCH_ARGS

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        errors: list[str] = []
        outside: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: None if r.url.startswith(base) else outside.append(r.url))
        try:
            yield page
        finally:
            browser.close()
        assert errors == [], f"script errors: {errors}"
        assert outside == [], f"the page loaded something from outside the app: {outside}"
