"""Ingest: articles in, analysed (here, in N worker processes, or on a cluster), stored from
this process by one writer.

Articles already in the ledger are skipped before analysis, so a resumed run only analyses what
is missing. At most a few batches are in flight, so memory does not grow with the input.
"""
from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable

from ..errors import InputError
from ..ingest.article import Article
from ..ledger.store import Ledger
from ..record.models import Record
from ..settings import Settings
from .analyse import events
from .events import Analyser, Event, Failed, Known, Note, Summary
from .rows import from_row

WRITE_AHEAD = 64  # analysed articles waiting for the writer, at most


def _pair(analysed: tuple[Article, Record] | dict) -> tuple[Article, Record]:
    return from_row(analysed) if isinstance(analysed, dict) else analysed


def _is_analysed(event: Event | None) -> bool:
    return isinstance(event, (tuple, dict))


def _origin(analysed: tuple[Article, Record] | dict) -> str:
    if isinstance(analysed, dict):
        return analysed["origin"] or analysed["id"] or "?"
    return analysed[0].origin or analysed[0].id or "?"


def ingest(
    items: Iterable[Article | InputError],
    ledger: Ledger,
    settings: Settings | None = None,
    *,
    workers: int = 1,
    on_error: Callable[[str, str], None] | None = None,
    on_note: Callable[[str, str], None] | None = None,
    on_progress: Callable[[Summary], None] | None = None,
    analyse: Analyser | None = None,
) -> Summary:
    """Store every new article of ``items``; failures are logged in ``ingest_errors`` and reported.

    ``analyse`` replaces the local reading and analysis (``workers``), e.g. by a Dask cluster's
    (corroborate.scale); with ``read_sources``' items it has its workers read the files.
    """
    settings = settings or Settings()
    summary = Summary()
    analysed = events(items, ledger.known, settings, workers=workers, analyse=analyse)
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

    def count(stored: int | None) -> None:
        if stored is None:
            summary.skipped += 1
        else:
            summary.stored += 1

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
                count(ledger.add(*_pair(event)))
            except Exception as e:  # noqa: BLE001 - the article's transaction rolled back; go on
                fail(_origin(event), "store", f"{type(e).__name__}: {e}")
        tick()

    def store_many(run: list[tuple[Article, Record] | dict]) -> None:
        try:
            ids = ledger.add_many([_pair(analysed) for analysed in run])
        except Exception:  # noqa: BLE001 - rolled back: one by one, so that the bad one fails alone
            for analysed in run:
                store(analysed)
            return
        for stored in ids:
            count(stored)
            tick()

    # One writer, in a thread of its own: storing an article overlaps analysing the next ones.
    # Where the ledger stores batches in one transaction (PostgreSQL, by COPY), the analysed
    # articles waiting in a row go together: the same rows, for a third of the driver's CPU.
    pending: queue.Queue = queue.Queue(maxsize=WRITE_AHEAD)
    broken: list[BaseException] = []
    bulk = ledger.stores_batches

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
        for event in analysed:
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
