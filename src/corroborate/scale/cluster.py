"""The Dask driver: shards of articles out to the workers, records back in input order.

A shard is a batch of articles the driver has read (files, WARC records, JSON lines chunks all
become articles first, so already-stored articles are skipped before they travel). Each worker
process loads the pipeline once (``PipelinePlugin``, and ``load_pipeline``'s cache when a
restarted worker runs a task before the plugin). Results come back in submission order, so the
ledger is written in the same order as by a one-process ingest and comes out identical.
"""
from __future__ import annotations

import asyncio
import uuid
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager

from distributed import Client, LocalCluster, WorkerPlugin

from ..ingest.article import Article
from ..ledger.ingest import Analyser, Outcome, analyse_batch

LOCAL = "local"
CONNECT_TIMEOUT = "20s"


def analyse_shard(articles: list[Article]) -> list[Outcome]:
    """The task a worker runs: the local batch analysis, so failures read the same as locally."""
    return analyse_batch(articles)


class PipelinePlugin(WorkerPlugin):
    """Loads the pipeline when a worker starts (and restarts), off the worker's event loop."""

    name = "corroborate-pipeline"

    async def setup(self, worker) -> None:
        from ..nlp.pipeline import load_pipeline

        await asyncio.get_running_loop().run_in_executor(None, load_pipeline)


@contextmanager
def connect(address: str, workers: int = 1):
    """A ``distributed.Client``: to the scheduler at ``address``, or to a LocalCluster of
    ``workers`` single-threaded processes when ``address`` is ``local``."""
    if address == LOCAL:
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            _preload(client)
            yield client
    else:
        with Client(address, timeout=CONNECT_TIMEOUT) as client:
            _preload(client)
            yield client


def _preload(client: Client) -> None:
    client.register_plugin(PipelinePlugin(), name=PipelinePlugin.name)


def dask_analyser(client, window: int | None = None) -> Analyser:
    """An ``Analyser`` for ``ledger.ingest.ingest``: at most ``window`` shards in flight (default
    two per worker thread), so the driver's memory does not grow with the input."""

    def analysed(batches: Iterator[list[Article]]) -> Iterator[tuple[Article, Outcome]]:
        size = window or max(2, 2 * sum(client.nthreads().values()))
        run = uuid.uuid4().hex[:8]
        in_flight: deque = deque()
        for n, batch in enumerate(batches):
            # Named by run and shard, for the dashboard and the logs.
            in_flight.append((batch, client.submit(analyse_shard, batch, key=f"corroborate-{run}-{n}")))
            if len(in_flight) >= size:
                yield from _collect(*in_flight.popleft())
        while in_flight:
            yield from _collect(*in_flight.popleft())

    return analysed


def _collect(batch: list[Article], future) -> Iterator[tuple[Article, Outcome]]:
    try:
        outcomes = future.result()
    except Exception as e:  # noqa: BLE001 - e.g. KilledWorker after Dask's retries: each article fails alone
        outcomes = [f"analysis failed: {type(e).__name__}: {e}"] * len(batch)
    finally:
        future.release()
    yield from zip(batch, outcomes)

