"""schemathesis against /openapi.json: no generated request gets a 5xx, and every answer is one
the schema declares (its status code, content type and body).

It runs on a copy of the test ledger with the write token, so generated articles are ingested too
without changing what the other tests read.
"""
from __future__ import annotations

import sqlite3

import pytest
from web_corpus import TEXTS, TOKEN

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis (pip) is not installed")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.checks import (  # noqa: E402
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = 40


@pytest.fixture(scope="module")
def writable_app(web_db, tmp_path_factory):
    from corroborate.web.app import create_app

    copy = tmp_path_factory.mktemp("schema") / "ledger.db"
    with sqlite3.connect(web_db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    app = create_app(db=str(copy), token=TOKEN)
    # The analysis worker loads its model before the fuzz: schemathesis waits 10 s for an answer.
    app.state.served.analysis.start(wait=True)
    yield app
    app.state.served.analysis.close()


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


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.mark.parametrize("name", OPERATIONS)
def test_no_server_error_and_no_schema_violation(writable_app, name):
    op = next(op for op in operations(writable_app) if _name(op) == name)

    @given(case=op.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case):
        case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, checks=CHECKS)

    run()


def test_answers_with_data_conform_to_the_schema(writable_app):
    """Generated refs and filters mostly find nothing: the routes' answers that hold data (every
    article and entity of the test ledger, filters that match) are checked against the schema too."""
    from fastapi.testclient import TestClient

    ops = {_name(op): op for op in operations(writable_app)}
    with TestClient(writable_app) as c:
        entities = [e["id"] for e in c.get("/api/entities").json()]
    cases = [("GET /api/articles/{ref}", {"path_parameters": {"ref": f"a{i}"}}) for i in range(1, len(TEXTS) + 1)]
    cases += [("GET /api/entities/{ref}", {"path_parameters": {"ref": e}}) for e in entities]
    cases += [("GET /api/articles", {"query": {"outlet": "Daily Test"}}), ("GET /api/estimates", {}),
              ("GET /api/statements", {"query": {"by": "Quell"}}), ("GET /api/entities", {}),
              ("GET /api/search", {"query": {"q": "flood"}}), ("GET /api/stats", {})]
    for name, parts in cases:
        response = ops[name].Case(**parts).call_and_validate(checks=CHECKS)
        assert response.status_code == 200 and response.json(), name
