"""The API documentation pages load nothing from the web: /docs and /redoc are the package's own
page, which renders the server's /openapi.json with its own script."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

URL = re.compile(r"(?:https?:)?//[^\s\"'<>()]+", re.IGNORECASE)
LOCAL = re.compile(r"^(?:https?:)?//(?:127\.0\.0\.1|localhost)(?::\d+)?(?:/|$)", re.IGNORECASE)


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_docs_reference_nothing_outside_the_server(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    page = r.text
    outside = [u for u in URL.findall(page) if not LOCAL.match(u)]
    assert outside == [], outside
    # every script and stylesheet is inline; the only request the page makes is for the schema
    assert not re.search(r"<(?:script|link|img|iframe)[^>]+(?:src|href)\s*=", page, re.IGNORECASE)
    assert "@import" not in page
    assert 'fetch("/openapi.json")' in page


def test_docs_are_not_in_the_schema_and_the_schema_is_served(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert "/docs" not in schema["paths"] and "/redoc" not in schema["paths"]
    assert client.get("/docs/oauth2-redirect").status_code == 404
