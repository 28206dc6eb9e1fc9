"""The query commands' ``--limit`` (and ``--members``): 0 means all, as their help says; a negative
number is a usage error, not a silent "no limit" (SQL's LIMIT -1)."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from corroborate.cli.app import app
from corroborate.ingest.article import Article
from corroborate.ledger import Ledger
from corroborate.record.models import Record


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "l.db")
    with Ledger(path) as ledger:  # one article, nothing found in it
        assert ledger.add(Article(text="Nothing to see.", origin="t"), Record()) == 1
    return path


@pytest.mark.parametrize("command, option", [("estimates", "--limit"), ("estimates", "--members"),
                                             ("statements", "--limit"), ("entities", "--limit")])
def test_a_negative_limit_is_a_usage_error_and_zero_means_all(db, command, option):
    runner = CliRunner()
    refused = runner.invoke(app, [command, "--db", db, option, "-1"])
    assert refused.exit_code == 2 and f"Invalid value for '{option}'" in refused.output
    assert "greater than or equal to 0" in " ".join(refused.output.replace("│", " ").split())
    allowed = runner.invoke(app, [command, "--db", db, option, "0", "--format", "json"])
    assert allowed.exit_code == 0 and allowed.output.strip() == "[]"


def test_search_needs_a_positive_limit(db):
    result = CliRunner().invoke(app, ["search", "see", "--db", db, "--limit", "-1"])
    assert result.exit_code == 2 and "greater than or equal to 1" in " ".join(result.output.replace("│", " ").split())
