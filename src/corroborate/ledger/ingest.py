"""Ingest: articles in, analysed (in this process or N workers), stored from this process.

Articles already in the ledger are skipped before analysis, so a resumed run only analyses what
is missing. At most a few batches are in flight, so memory does not grow with the input.
"""
from __future__ import annotations

import multiprocessing
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..errors import InputError
from ..ingest.article import Article
from ..record.models import Record
from .store import Ledger

BATCH = 16
WRITE_AHEAD = 64  # analysed articles waiting for the writer, at most


@dataclass
class Summary:
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    seconds: float = 0.0

    @property
    def line(self) -> str:
        rate = (self.stored + self.skipped) / self.seconds if self.seconds else 0.0
        return (f"{self.stored} stored, {self.skipped} skipped as duplicates, {self.failed} failed "
                f"({self.seconds:.1f} s, {rate:.1f} articles/s)")


Outcome = Record | str  # a record, or why the analysis failed
# Batches of articles in, (article, outcome) out in the same order: this process, a pool, or Dask.
Analyser = Callable[[Iterator[list[Article]]], Iterator[tuple[Article, Outcome]]]


def analyse_batch(articles: list[Article], nlp=None) -> list[Outcome]:
    """Records for a batch; when the batch fails, each article alone, so one bad article fails alone."""
    from ..analysis import analyze_articles
    from ..nlp.pipeline import load_pipeline

    nlp = nlp or load_pipeline()
    try:
        return list(analyze_articles(articles, nlp=nlp))
    except Exception:  # noqa: BLE001 - retried one by one below to find the article at fault
        out: list[Outcome] = []
        for art in articles:
            try:
                out.extend(analyze_articles([art], nlp=nlp))
            except Exception as e:  # noqa: BLE001 - any failure is that article's, reported and skipped
                out.append(f"analysis failed: {type(e).__name__}: {e}")
        return out


def _worker_init() -> None:
    from ..nlp.pipeline import load_pipeline

    load_pipeline()


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _analysed(batches: Iterator[list[Article]], workers: int) -> Iterator[tuple[Article, Outcome]]:
    if workers <= 1:
        for batch in batches:
            yield from zip(batch, analyse_batch(batch))
        return
    # spawn: a clean interpreter per worker (no inherited threads or database connections).
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers, initializer=_worker_init) as pool:
        window: deque = deque()
        for batch in batches:
            window.append((batch, pool.apply_async(analyse_batch, (batch,))))
            if len(window) >= 2 * workers:
                done, pending = window.popleft()
                yield from zip(done, pending.get())
        while window:
            done, pending = window.popleft()
            yield from zip(done, pending.get())


def ingest(
    items: Iterable[Article | InputError],
    ledger: Ledger,
    *,
    workers: int = 1,
    batch_size: int = BATCH,
    on_error: Callable[[str, str], None] | None = None,
    on_note: Callable[[str, str], None] | None = None,
    on_progress: Callable[[Summary], None] | None = None,
    analyse: Analyser | None = None,
) -> Summary:
    """Store every new article of ``items``; failures are logged in ``ingest_errors`` and reported.

    ``analyse`` replaces the local analysis (``workers``), e.g. by a Dask cluster's (corroborate.scale).
    """
    summary = Summary()
    if workers <= 1 and analyse is None:
        from ..nlp.pipeline import load_pipeline

        load_pipeline()  # before the clock starts: articles/s is the ingest's, not the model load's
    started = time.perf_counter()
    lock = threading.Lock()  # the reading thread and the writing thread both count

    def fail(origin: str, stage: str, reason: str) -> None:
        ledger.log_error(origin, stage, reason)
        with lock:
            summary.failed += 1
        if on_error:
            on_error(origin, reason)

    def tick():
        with lock:
            summary.seconds = time.perf_counter() - started
        if on_progress:
            on_progress(summary)

    def new_articles() -> Iterator[Article]:
        for item in items:
            if isinstance(item, InputError):
                fail(item.where, "read", item.message)
                tick()
                continue
            for note in item.notes:
                if on_note:
                    on_note(item.origin or "?", note)
            if ledger.has(item.content_hash):
                with lock:
                    summary.skipped += 1
                tick()
                continue
            yield item

    def store(article: Article, outcome: Outcome) -> None:
        origin = article.origin or article.id or "?"
        if isinstance(outcome, str):
            fail(origin, "analyse", outcome)
        else:
            try:
                stored = ledger.add(article, outcome)
            except Exception as e:  # noqa: BLE001 - the article's transaction rolled back; go on
                fail(origin, "store", f"{type(e).__name__}: {e}")
            else:
                with lock:
                    if stored is None:
                        summary.skipped += 1
                    else:
                        summary.stored += 1
        tick()

    # One writer, in a thread of its own: storing an article overlaps analysing the next ones.
    pending: queue.Queue = queue.Queue(maxsize=WRITE_AHEAD)
    broken: list[BaseException] = []

    def writer() -> None:
        while (item := pending.get()) is not None:
            if broken:
                continue  # keep draining so the analysing thread never blocks on a dead writer
            try:
                store(*item)
            except BaseException as e:  # noqa: BLE001 - re-raised in the calling thread
                broken.append(e)

    thread = threading.Thread(target=writer, name="corroborate-ledger-writer", daemon=True)
    thread.start()
    try:
        analysed = analyse(_batches(new_articles(), batch_size)) if analyse else \
            _analysed(_batches(new_articles(), batch_size), workers)
        for pair in analysed:
            if broken:
                break
            pending.put(pair)
    finally:
        pending.put(None)
        thread.join()
    if broken:
        raise broken[0]
    summary.seconds = time.perf_counter() - started
    return summary
