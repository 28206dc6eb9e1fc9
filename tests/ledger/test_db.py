"""Which database --db names."""
from __future__ import annotations

from corroborate.ledger.db import database_url


def test_path_is_a_sqlite_file():
    assert database_url("runs/ledger.db") == "sqlite:///runs/ledger.db"
    assert database_url(None) == "sqlite:///corroborate.db"


def test_environment_names_the_default_at_the_command_line(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from corroborate.cli.app import app

    from corroborate.ledger import Ledger

    monkeypatch.chdir(tmp_path)
    named = tmp_path / "news.db"
    Ledger(str(named)).close()
    r = CliRunner().invoke(app, ["stats", "--format", "json"], env={"CORROBORATE_DB": str(named)})
    assert r.exit_code == 0, r.stderr
    assert not (tmp_path / "corroborate.db").exists()
    assert database_url(None) == "sqlite:///corroborate.db"  # below the command line, no environment


def test_urls_pass_through_and_bare_postgresql_gets_psycopg3():
    assert database_url("postgresql+psycopg://u@db/news") == "postgresql+psycopg://u@db/news"
    assert database_url("postgresql://u@db/news") == "postgresql+psycopg://u@db/news"
    assert database_url("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"


def test_migrations_build_the_schema_the_code_queries(ledger):
    """What Alembic's migrations create on each database is what ledger/schema.py declares."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from corroborate.ledger import schema

    with ledger.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_server_default": False}),
                                schema.metadata)
    # The full-text tables and columns are made by hand in the first migration; they are not ours to compare.
    diff = [d for d in diff if "fts" not in str(d) and "search" not in str(d)]
    assert diff == []
