"""The Dask driver: shards of input out to the workers, rows back in input order.

A shard describes input (``scale.shards``: files, a line range of a JSON lines file, a WARC
file); a worker reads it with the local readers, so the driver neither parses input nor holds
article texts it has not yet to write. Each shard is three tasks:

1. ``read_shard``: the shard's articles (or InputErrors), kept on the worker;
2. ``hashes``: their content hashes, the only thing the driver fetches before the analysis: it
   asks the ledger which are stored already, so a resumed run analyses only what is missing;
3. ``analyse``: on the same worker as the articles, the shard's events (``run.events.Event``)
   in input order: each analysed article as a compact row (``run.rows``), plus the
   read errors, notes and skips.

Without a ledger (``batch``) step 2 is left out. Results are taken in submission order, so the
ledger is written in the same order as by a one-process ingest and comes out identical. A lost
worker's tasks are recomputed by Dask from the shard; nothing is stored until its result is
taken here, once. Every analysis task carries the driver's ``Settings``, so a worker analyses
as the driver was told to whatever its own environment says; each worker process loads that
pipeline once (``PipelinePlugin``, and ``load_pipeline``'s cache when a restarted worker runs a
task before the plugin).
"""
from __future__ import annotations

import asyncio
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import dask
from distributed import Client, LocalCluster, WorkerPlugin, wait

from ..errors import Errors, InputError
from ..ingest.article import Article
from ..run.analyse import analyse_batch
from ..run.events import Analyser, Event, Failed, Known, KnownHashes, Note
from ..run.rows import to_row
from ..settings import Settings
from .shards import Shard, plan, read_shard

LOCAL = "local"
CONNECT_TIMEOUT = "20s"
# A LocalCluster shares the machine with the driver: Dask's own bookkeeping, sized for a
# dashboard, is slowed down so that the cores go to the analysis (at rest, two workers and the
# driver used 7% of a core with the defaults). The sampling profiler walks each worker's stack
# every 10 ms while it analyses; nobody reads its profiles here.
LOCAL_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "500ms",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
}


def hashes(items: list[Article | InputError]) -> list[str | None]:
    return [item.content_hash if isinstance(item, Article) else None for item in items]


def analyse(items: list[Article | InputError], skip: list[int] | None, settings: Settings) -> list[Event]:
    """The local batch analysis of a shard's articles (so failures read the same as locally),
    as events in input order; the articles at ``skip`` are stored already."""
    skipped = set(skip or ())
    todo = [item for i, item in enumerate(items) if isinstance(item, Article) and i not in skipped]
    outcomes = iter(analyse_batch(todo, settings) if todo else [])
    out: list[Event] = []
    for i, item in enumerate(items):
        if isinstance(item, InputError):
            out.append(item)
            continue
        origin = item.origin or "?"
        out.extend(Note(origin, note) for note in item.notes)
        if i in skipped:
            out.append(Known(origin))
            continue
        outcome = next(outcomes)
        out.append(Failed(item.origin or item.id or "?", outcome) if isinstance(outcome, str) else to_row(item, outcome))
    return out


class PipelinePlugin(WorkerPlugin):
    """Loads the pipeline ``settings`` ask for when a worker starts (and restarts), off the
    worker's event loop."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.name = f"corroborate-pipeline-{settings.model}-{'fast' if settings.fast else 'default'}"

    async def setup(self, worker) -> None:
        from ..analysis import load_pipeline

        await asyncio.get_running_loop().run_in_executor(
            None, lambda: load_pipeline(self.settings.model, fast=self.settings.fast))


@contextmanager
def connect(address: str, workers: int = 1, settings: Settings | None = None):
    """A ``distributed.Client``: to the scheduler at ``address``, or to a LocalCluster of
    ``workers`` single-threaded processes when ``address`` is ``local``; its workers load the
    pipeline ``settings`` ask for."""
    settings = settings or Settings()
    if address == LOCAL:
        with dask.config.set(LOCAL_CONFIG), \
                LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            _preload(client, settings)
            yield client
    else:
        with Client(address, timeout=CONNECT_TIMEOUT) as client:
            _preload(client, settings)
            yield client


def _preload(client: Client, settings: Settings) -> None:
    plugin = PipelinePlugin(settings)
    client.register_plugin(plugin, name=plugin.name)


class _InFlight:
    """One shard's tasks, from submission until its events are taken."""

    def __init__(self, client: Client, shard: Shard, known: KnownHashes, settings: Settings, key: str):
        self.client, self.known, self.settings, self.key = client, known, settings, key
        self.inputs = shard.inputs
        self.read = client.submit(read_shard, shard, key=f"corroborate-read-{key}")
        self.hashes = None if known is None else client.submit(hashes, self.read, key=f"corroborate-hashes-{key}")
        self.result = None if known is not None else \
            client.submit(analyse, self.read, None, settings, key=f"corroborate-analyse-{key}")

    def advance(self) -> None:
        """Submit the analysis once the hashes are back (waits for them)."""
        if self.result is not None:
            return
        found = self.hashes.result()
        wanted = [h for h in found if h is not None]
        stored = self.known(wanted) if wanted else set()
        skip = [i for i, h in enumerate(found) if h in stored]
        self.result = self.client.submit(analyse, self.read, skip, self.settings,
                                         key=f"corroborate-analyse-{self.key}")

    def ready(self) -> bool:
        """The hashes are back and the analysis is not submitted yet."""
        return self.result is None and self.hashes.status == "finished"

    def waiting_on(self) -> list:
        """The future whose end lets this shard move on, if it is running."""
        future = self.result if self.result is not None else self.hashes
        return [] if future.done() else [future]

    def events(self) -> list[Event]:
        try:
            self.advance()
            return self.result.result()
        except Exception as e:  # noqa: BLE001 - e.g. KilledWorker after Dask's retries: each input fails alone
            return [Failed(where, Errors.E013.format(detail=f"{type(e).__name__}: {e}")) for where in self.inputs]
        finally:
            for future in (self.read, self.hashes, self.result):
                if future is not None:
                    future.release()


def dask_analyser(client: Client, window: int | None = None) -> Analyser:
    """An ``Analyser`` for ``run.ingest`` and ``scale.batch.batch``: at most ``window``
    shards in flight (default two per worker thread, and one), so the driver's memory does not
    grow with the input."""

    def analysed(items: Iterable[Article | InputError], known: KnownHashes, settings: Settings) -> Iterator[Event]:
        limit = window or 2 * sum(client.nthreads().values()) + 1
        run = uuid.uuid4().hex[:8]  # keys named by run and shard, for the dashboard and the logs
        queue: deque[_InFlight | InputError] = deque()
        in_flight = 0

        def take() -> list[Event]:
            nonlocal in_flight
            entry = queue.popleft()
            if isinstance(entry, InputError):
                return [entry]
            in_flight -= 1
            shards = [entry] + [e for e in queue if isinstance(e, _InFlight)]
            # While the oldest shard runs, each other shard's analysis is submitted as soon as
            # its hashes are back, so that the workers always have analyses queued.
            while True:
                for shard in shards:
                    if shard.ready():
                        shard.advance()
                if not entry.waiting_on():
                    return entry.events()
                wait([f for shard in shards for f in shard.waiting_on()], return_when="FIRST_COMPLETED")

        for n, step in enumerate(plan(items, settings.batch_size)):
            if isinstance(step, InputError):
                queue.append(step)
                continue
            queue.append(_InFlight(client, step, known, settings, f"{run}-{n}"))
            in_flight += 1
            while in_flight >= limit:
                yield from take()
        while queue:
            yield from take()

    return analysed
