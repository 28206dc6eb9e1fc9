"""Analysing the inputs: in this process, in a pool of worker processes, or by an ``Analyser``
(a cluster), giving their events in input order."""
from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Iterable, Iterator

from ..errors import InputError
from ..ingest.article import Article
from ..settings import Settings
from .events import Analyser, Event, Failed, Known, KnownHashes, Note, Outcome

PARENT_CHECK_SECONDS = 0.5


def analyse_batch(articles: list[Article], settings: Settings) -> list[Outcome]:
    """Records for a batch, or for each article why it was not analysed (one bad article fails alone)."""
    from ..analysis import analyze_each

    return [outcome for _, outcome in analyze_each(articles, settings=settings)]


def _worker_init(settings: Settings) -> None:
    from ..analysis import load_pipeline

    _exit_with_parent(os.getppid())
    load_pipeline(settings.model, fast=settings.fast)


def _exit_with_parent(parent: int) -> None:
    """A pool worker whose parent was killed (no chance to stop its pool) stops within a moment,
    rather than analysing a batch nobody will store."""

    def watch() -> None:
        while True:
            threading.Event().wait(PARENT_CHECK_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="corroborate-parent-watch", daemon=True).start()


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _analysed(batches: Iterator[list[Article]], workers: int, settings: Settings) -> Iterator[tuple[Article, Outcome]]:
    if workers <= 1:
        for batch in batches:
            yield from zip(batch, analyse_batch(batch, settings))
        return
    # spawn: a clean interpreter per worker (no inherited threads or database connections).
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers, initializer=_worker_init, initargs=(settings,)) as pool:
        window: deque = deque()
        for batch in batches:
            window.append((batch, pool.apply_async(analyse_batch, (batch, settings))))
            if len(window) >= 2 * workers:
                done, pending = window.popleft()
                yield from zip(done, pending.get())
        while window:
            done, pending = window.popleft()
            yield from zip(done, pending.get())


def events(
    items: Iterable[Article | InputError],
    known: KnownHashes,
    settings: Settings,
    *,
    workers: int = 1,
    analyse: Analyser | None = None,
) -> Iterator[Event]:
    """Read and analyse ``items`` here, in a pool of ``workers``, or by ``analyse``; in input order.

    The pipeline of a one-process run is loaded before this returns, so that a caller's clock
    measures the run, not the model load.
    """
    if analyse is not None:
        return analyse(items, known, settings)
    if workers <= 1:
        from ..analysis import load_pipeline

        load_pipeline(settings.model, fast=settings.fast)
    return _local_events(items, known, settings, workers)


def _local_events(items, known: KnownHashes, settings: Settings, workers: int) -> Iterator[Event]:
    held: deque = deque()  # (articles read before it, event): reading runs ahead of the analysis
    read = 0

    def new_articles() -> Iterator[Article]:
        nonlocal read
        for item in items:
            if isinstance(item, InputError):
                held.append((read, item))
                continue
            origin = item.origin or "?"
            held.extend((read, Note(origin, note)) for note in item.notes)
            if known is not None and known([item.content_hash]):
                held.append((read, Known(origin)))
                continue
            read += 1
            yield item

    analysed = _analysed(_batches(new_articles(), settings.batch_size), workers, settings)
    for done, (article, outcome) in enumerate(analysed):
        while held and held[0][0] <= done:
            yield held.popleft()[1]
        yield Failed(article.origin or article.id or "?", outcome) if isinstance(outcome, str) else (article, outcome)
    yield from (event for _, event in held)
