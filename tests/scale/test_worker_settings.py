"""Workers whose environment differs from the driver's analyse as the driver's settings say.

Before settings travelled with each task, `ingest --fast --dask tcp://...` ran the tagger on any
worker whose own environment did not say CORROBORATE_FAST, and a worker whose environment said
it could not be made to run the default mode.
"""
from __future__ import annotations

import json

import pytest
from distributed import Client, LocalCluster

from corroborate.ingest.sources import read_sources
from corroborate.ledger import Ledger, queries
from corroborate.run import ingest
from corroborate.scale.cluster import LOCAL_CONFIG, dask_analyser
from corroborate.settings import FAST_ENV, Settings

TAGGED_ONLY = "Critics fumed that the plan would cost 40 jobs."  # a cue only the learned tagger finds


@pytest.fixture(scope="module", params=["1", "0"], ids=["workers-say-fast", "workers-say-default"])
def worker_env(request, monkeypatch_module):
    monkeypatch_module.delenv(FAST_ENV, raising=False)  # the driver's environment says nothing
    import dask

    with dask.config.set(LOCAL_CONFIG), LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                                     dashboard_address=None, env={FAST_ENV: request.param}) as cluster, \
            Client(cluster) as client:
        assert set(client.run(lambda: __import__("os").environ.get(FAST_ENV)).values()) == {request.param}
        yield request.param, client


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


@pytest.mark.parametrize("fast", [False, True], ids=["driver-default", "driver-fast"])
def test_the_driver_settings_decide(worker_env, fast, tmp_path):
    _, client = worker_env
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": f"x{i}", "text": f"{TAGGED_ONLY} Report {i}."}) + "\n" for i in range(3)))
    db = str(tmp_path / "l.db")
    with Ledger(db) as ledger:
        summary = ingest(read_sources([str(feed)]), ledger, Settings(fast=fast, batch_size=1),
                         analyse=dask_analyser(client))
        assert (summary.stored, summary.failed) == (3, 0)
        with ledger.engine.connect() as conn:
            assert queries.stats(conn)["statements"] == (0 if fast else 3)
