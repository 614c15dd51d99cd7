"""Event store: articles and their coded events, in DuckDB (default) or PostgreSQL.

In: a store URL. Out: a `Store` (see `newsevents.store.base`).

    open_store(None)                          ./newsevents.duckdb
    open_store("events.duckdb")               a DuckDB file (any path without a URL scheme)
    open_store("duckdb:///abs/events.duckdb") the same, as a URL (duckdb://rel.duckdb is relative)
    open_store("postgresql://user@host/db")   PostgreSQL (also postgres://)
Anything else is an `InputError` naming the URL.
"""

from __future__ import annotations

import re
from pathlib import Path

from newsevents.errors import InputError
from newsevents.store.base import EventFilter, SortKey, Store, StoredArticle, content_hash, normalise_text

DEFAULT_DB = "newsevents.duckdb"

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def duckdb_path(url: str | Path | None = None) -> Path | None:
    """The file a DuckDB store URL names, as `open_store` reads it; None for any other URL or ':memory:'."""
    if url is None:
        return Path(DEFAULT_DB)
    if isinstance(url, Path):
        return url
    text = url.strip()
    m = _SCHEME.match(text)
    if m is None:
        return None if text in ("", ":memory:") or text.startswith(("postgresql:", "postgres:")) else Path(text)
    path = text[m.end() :]
    return Path(path) if m.group(1).lower() == "duckdb" and path else None


def open_store(url: str | Path | None = None, *, read_only: bool = False) -> Store:
    """Open (and create if needed) the store `url` names. `read_only` only applies to DuckDB files."""
    if url is None:
        url = DEFAULT_DB
    if isinstance(url, Path):
        from newsevents.store.duckdb import DuckDBStore

        return DuckDBStore(url, read_only=read_only)
    text = url.strip()
    if not text:
        raise InputError("--db", "empty store URL")
    m = _SCHEME.match(text)
    if m is None:
        if text.startswith(("postgresql:", "postgres:")):
            raise InputError(text, "not a PostgreSQL URL (expected postgresql://user@host:port/dbname)")
        from newsevents.store.duckdb import DuckDBStore

        return DuckDBStore(text, read_only=read_only)
    scheme = m.group(1).lower()
    if scheme == "duckdb":
        path = text[m.end() :]
        if not path:
            raise InputError(text, "no file in DuckDB URL (expected duckdb:///path/to/file.duckdb)")
        from newsevents.store.duckdb import DuckDBStore

        return DuckDBStore(path, read_only=read_only)
    if scheme in ("postgresql", "postgres") or scheme.startswith("postgresql+"):
        from newsevents.store.postgres import PostgresStore

        return PostgresStore(text)
    raise InputError(text, f"unsupported store URL scheme {scheme!r} (use a .duckdb path or postgresql://...)")


__all__ = [
    "DEFAULT_DB",
    "EventFilter",
    "SortKey",
    "Store",
    "StoredArticle",
    "content_hash",
    "duckdb_path",
    "normalise_text",
    "open_store",
]
