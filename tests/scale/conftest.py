"""Scale fixtures: a feed of articles written for the tests, its one-process ledger and Parquet
records."""
from __future__ import annotations

from pathlib import Path

import pytest
from scale_helpers import N_ARTICLES, dump, write_feed


@pytest.fixture
def feed(tmp_path) -> Path:
    return write_feed(tmp_path / "feed.jsonl")


@pytest.fixture
def one_process_ledger(feed, tmp_path, nlp):
    """The reference: a one-process ingest of ``feed``."""
    from corroborate.ingest.sources import read_sources
    from corroborate.ledger import Ledger
    from corroborate.run import ingest

    db = str(tmp_path / "one.db")
    with Ledger(db) as ledger:
        summary = ingest(read_sources([str(feed)]), ledger)
    assert (summary.stored, summary.failed) == (N_ARTICLES, 0)
    return dump(db)


@pytest.fixture
def dataset(feed, tmp_path, nlp):
    """``batch`` of ``feed`` in one process: Parquet parts of 8 records."""
    from corroborate.ingest.sources import read_sources
    from corroborate.scale.batch import batch

    out = tmp_path / "records"
    summary = batch(read_sources([str(feed)]), out, part_rows=8)
    assert (summary.stored, summary.failed) == (N_ARTICLES, 0)
    return out
