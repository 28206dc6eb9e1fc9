"""Ledger fixtures: each storage test runs against both databases, SQLite in a file and the
real PostgreSQL server of tests/conftest.py."""
from __future__ import annotations

import pytest


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """Each storage test runs against both databases."""
    if request.param == "sqlite":
        return str(tmp_path / "ledger.db")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def ledger(db_url):
    from corroborate.ledger import Ledger

    with Ledger(db_url) as led:
        yield led
