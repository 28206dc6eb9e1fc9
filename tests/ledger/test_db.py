"""Which database --db names."""
from __future__ import annotations

from corroborate.ledger.db import database_url


def test_path_is_a_sqlite_file(monkeypatch):
    monkeypatch.delenv("CORROBORATE_DB", raising=False)
    assert database_url("runs/ledger.db") == "sqlite:///runs/ledger.db"
    assert database_url(None) == "sqlite:///corroborate.db"


def test_environment_names_the_default(monkeypatch):
    monkeypatch.setenv("CORROBORATE_DB", "/data/news.db")
    assert database_url(None) == "sqlite:////data/news.db"
    assert database_url("other.db") == "sqlite:///other.db"


def test_urls_pass_through_and_bare_postgresql_gets_psycopg3():
    assert database_url("postgresql+psycopg://u@db/news") == "postgresql+psycopg://u@db/news"
    assert database_url("postgresql://u@db/news") == "postgresql+psycopg://u@db/news"
    assert database_url("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"
