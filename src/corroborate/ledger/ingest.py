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

from ..errors import Errors, InputError
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


@dataclass(slots=True)
class Note:
    """A warning about an input that was read (e.g. its charset was guessed)."""
    origin: str
    text: str


@dataclass(slots=True)
class Known:
    """An article the ledger holds already: skipped without being analysed."""
    origin: str


@dataclass(slots=True)
class Failed:
    """An article, or a whole input, whose analysis failed."""
    origin: str
    reason: str


# What reading and analysing the inputs gives, in input order: an InputError for a bad input, a
# Note, Known, Failed, and for each analysed article the article and its record, or the record
# as a row (corroborate.scale.records) when a worker elsewhere analysed it.
Event = InputError | Note | Known | Failed | tuple[Article, Record] | dict
# Reads and analyses the inputs elsewhere (corroborate.scale: a Dask cluster): called with the
# inputs, ``known`` (content hashes -> those the ledger holds; None: skip nothing) and the
# articles per shard.
Analyser = Callable[[Iterable[Article | InputError], Callable[[list[str]], set[str]] | None, int], Iterator[Event]]


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
                out.append(Errors.E013.format(detail=f"{type(e).__name__}: {e}"))
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


def events(
    items: Iterable[Article | InputError],
    known: Callable[[list[str]], set[str]] | None,
    *,
    workers: int = 1,
    batch_size: int = BATCH,
    analyse: Analyser | None = None,
) -> Iterator[Event]:
    """Read and analyse ``items`` here, in a local pool or through ``analyse``; in input order."""
    if analyse is not None:
        yield from analyse(items, known, batch_size)
        return
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

    for done, (article, outcome) in enumerate(_analysed(_batches(new_articles(), batch_size), workers)):
        while held and held[0][0] <= done:
            yield held.popleft()[1]
        yield Failed(article.origin or article.id or "?", outcome) if isinstance(outcome, str) else (article, outcome)
    yield from (event for _, event in held)


def _pair(analysed: tuple[Article, Record] | dict) -> tuple[Article, Record]:
    if isinstance(analysed, dict):
        from ..scale.records import from_row

        return from_row(analysed)
    return analysed


def _is_analysed(event: Event | None) -> bool:
    return isinstance(event, (tuple, dict))


def _origin(analysed: tuple[Article, Record] | dict) -> str:
    if isinstance(analysed, dict):
        return analysed["origin"] or analysed["id"] or "?"
    return analysed[0].origin or analysed[0].id or "?"


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

    ``analyse`` replaces the local reading and analysis (``workers``), e.g. by a Dask cluster's
    (corroborate.scale); with ``read_sources``' items it has its workers read the files.
    """
    summary = Summary()
    if workers <= 1 and analyse is None:
        from ..nlp.pipeline import load_pipeline

        load_pipeline()  # before the clock starts: articles/s is the ingest's, not the model load's
    started = time.perf_counter()

    def fail(origin: str, stage: str, reason: str) -> None:
        ledger.log_error(origin, stage, reason)
        summary.failed += 1
        if on_error:
            on_error(origin, reason)

    def tick():
        summary.seconds = time.perf_counter() - started
        if on_progress:
            on_progress(summary)

    def store(event: Event) -> None:  # in the writer thread, which alone counts
        if isinstance(event, InputError):
            fail(event.where, "read", event.message)
        elif isinstance(event, Note):
            if on_note:
                on_note(event.origin, event.text)
            return
        elif isinstance(event, Known):
            summary.skipped += 1
        elif isinstance(event, Failed):
            fail(event.origin, "analyse", event.reason)
        else:
            try:
                stored = ledger.add(*_pair(event))
            except Exception as e:  # noqa: BLE001 - the article's transaction rolled back; go on
                fail(_origin(event), "store", f"{type(e).__name__}: {e}")
            else:
                if stored is None:
                    summary.skipped += 1
                else:
                    summary.stored += 1
        tick()

    def store_many(run: list[tuple[Article, Record] | dict]) -> None:
        try:
            ids = ledger.add_many([_pair(analysed) for analysed in run])
        except Exception:  # noqa: BLE001 - rolled back: one by one, so that the bad one fails alone
            for analysed in run:
                store(analysed)
            return
        for stored in ids:
            if stored is None:
                summary.skipped += 1
            else:
                summary.stored += 1
            tick()

    # One writer, in a thread of its own: storing an article overlaps analysing the next ones.
    # On PostgreSQL the analysed articles waiting in a row go in one transaction, by COPY
    # (Ledger.add_many): the same rows, for a third of the driver's CPU.
    pending: queue.Queue = queue.Queue(maxsize=WRITE_AHEAD)
    broken: list[BaseException] = []
    bulk = ledger.engine.dialect.name == "postgresql"

    def writer() -> None:
        carried: list = []  # an item taken from the queue to end a run, handled next
        while (item := carried.pop() if carried else pending.get()) is not None:
            if broken:
                continue  # keep draining so the analysing thread never blocks on a dead writer
            try:
                if not (bulk and _is_analysed(item)):
                    store(item)
                    continue
                run = [item]
                while len(run) < WRITE_AHEAD:
                    try:
                        more = pending.get_nowait()
                    except queue.Empty:
                        break
                    if not _is_analysed(more):
                        carried.append(more)
                        break
                    run.append(more)
                store_many(run)
            except BaseException as e:  # noqa: BLE001 - re-raised in the calling thread
                broken.append(e)

    thread = threading.Thread(target=writer, name="corroborate-ledger-writer", daemon=True)
    thread.start()
    try:
        for event in events(items, ledger.known, workers=workers, batch_size=batch_size, analyse=analyse):
            if broken:
                break
            pending.put(event)
    finally:
        pending.put(None)
        thread.join()
    if broken:
        raise broken[0]
    summary.seconds = time.perf_counter() - started
    return summary
