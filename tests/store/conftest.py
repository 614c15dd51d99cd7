"""Store fixtures: every test that takes `store_url` or `store` runs on DuckDB and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsevents.store import Store, open_store


@pytest.fixture(params=["duckdb", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """URL of a fresh, empty store: a DuckDB file in tmp_path, or a new PostgreSQL database."""
    if request.param == "duckdb":
        return str(tmp_path / "events.duckdb")
    return str(request.getfixturevalue("pg_fresh_url"))


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as s:
        yield s
