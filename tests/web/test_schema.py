"""schemathesis against /openapi.json: no generated request gets a 500.

It runs on a copy of the test ledger with the write token, so generated articles are ingested too
without changing what the other tests read.
"""
from __future__ import annotations

import sqlite3

import pytest
from web_corpus import TOKEN

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis (pip) is not installed")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

EXAMPLES = 40


@pytest.fixture(scope="module")
def writable_app(web_db, tmp_path_factory):
    from corroborate.web.app import create_app

    copy = tmp_path_factory.mktemp("schema") / "ledger.db"
    with sqlite3.connect(web_db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    return create_app(db=str(copy), token=TOKEN)


def operations(app):
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


OPERATIONS = ("GET /api/articles", "GET /api/articles/{ref}", "POST /api/articles", "GET /api/estimates",
              "GET /api/statements", "GET /api/entities", "GET /api/entities/{ref}", "GET /api/search",
              "POST /api/analyze", "GET /api/stats")


def _name(op) -> str:
    return f"{op.method.upper()} {op.path}"


def test_every_route_is_in_the_schema_and_fuzzed(app):
    # The fuzz below is parametrised by this list: a route missing from it would go untested.
    assert sorted(_name(op) for op in operations(app)) == sorted(OPERATIONS)


@pytest.mark.parametrize("name", OPERATIONS)
def test_no_server_error(writable_app, name):
    op = next(op for op in operations(writable_app) if _name(op) == name)

    @given(case=op.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case):
        case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, checks=[not_a_server_error])

    run()
