"""Property-based run of schemathesis against the app's own OpenAPI schema (bounded examples per
operation, POST /articles included with the fake engine): no 5xx, and every response matches its
documented status codes, content type and schema."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from newsevents.serve import create_app
from serve.conftest import FakeEngine, fill

# The schema is loaded at collection time, so the store is made at import, in a private temp dir.
_DIR = Path(tempfile.mkdtemp(prefix="newsevents-schemathesis-"))
atexit.register(shutil.rmtree, _DIR, ignore_errors=True)  # also when no test of this module runs
fill(_DIR / "events.duckdb")
_APP = create_app(str(_DIR / "events.duckdb"), engine_factory=FakeEngine)
schema = schemathesis.openapi.from_asgi("/openapi.json", _APP)


@pytest.fixture(scope="module", autouse=True)
def _cleanup() -> Iterator[None]:
    yield
    _APP.state.newsevents.close()
    shutil.rmtree(_DIR, ignore_errors=True)


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture],
)
def test_api_has_no_server_errors(case: schemathesis.Case) -> None:
    case.call_and_validate(
        checks=[not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
    )
