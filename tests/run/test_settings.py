"""The settings reach every place that analyses, whatever the environment of that place says."""
from __future__ import annotations

import pytest

from corroborate.ingest.article import Article
from corroborate.ledger import Ledger
from corroborate.run import ingest
from corroborate.settings import FAST_ENV, Settings

TAGGED_ONLY = "Critics fumed that the plan would cost 40 jobs."  # a cue only the learned tagger finds


def _statements(db: str) -> int:
    from corroborate.ledger import queries

    with Ledger(db) as ledger, ledger.engine.connect() as conn:
        return queries.stats(conn)["statements"]


@pytest.mark.parametrize("fast, worker_env, statements", [(False, "1", 1), (True, "0", 0)])
def test_pool_workers_analyse_as_the_settings_say(tmp_path, monkeypatch, fast, worker_env, statements):
    # Spawned pool workers inherit this environment; the settings they are handed decide.
    monkeypatch.setenv(FAST_ENV, worker_env)
    articles = [Article(text=f"{TAGGED_ONLY} Report {i}.", origin=f"test:{i}") for i in range(3)]
    db = str(tmp_path / "l.db")
    with Ledger(db) as ledger:
        summary = ingest(articles, ledger, Settings(fast=fast, batch_size=1), workers=2)
    assert (summary.stored, summary.failed) == (3, 0)
    assert _statements(db) == 3 * statements
