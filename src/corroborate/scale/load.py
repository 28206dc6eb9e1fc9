"""Parquet records (``corroborate batch``) into the ledger.

PostgreSQL: ``BULK`` records a transaction (``Ledger.add_many``): the articles already there by
content hash are skipped, the cross-article step (entity joining, estimate groups) runs article
by article in SQL against the indexed tables, and the bulk tables (articles, mentions,
statements, figures, times, events, estimate members) go in by COPY. A batch that fails is
rolled back and stored again one article a transaction, so that the bad record fails alone.
Other databases (SQLite): one transaction per article, as an ingest stores them. Either way,
loading the parts of a batch in order gives the ledger a one-process ingest of the same inputs
gives, and loading them again stores nothing twice.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from ..errors import InputError
from ..ingest.article import Article
from ..ledger.store import Ledger
from ..record.models import Record
from ..run.events import Summary
from .parquet import read_records

BULK = 500


def load(
    folder: Path,
    ledger: Ledger,
    *,
    on_error: Callable[[str, str], None] | None = None,
    on_progress: Callable[[Summary], None] | None = None,
    bulk: int = BULK,
) -> Summary:
    summary = Summary()
    started = time.perf_counter()
    if not ledger.stores_batches:
        bulk = 1
    pending: list[tuple[Article, Record]] = []

    def fail(origin: str, stage: str, reason: str) -> None:
        ledger.log_error(origin, stage, reason)
        summary.failed += 1
        if on_error:
            on_error(origin, reason)

    def count(stored: int | None) -> None:
        if stored is None:
            summary.skipped += 1
        else:
            summary.stored += 1

    def store() -> None:
        if bulk > 1 and pending and store_bulk():
            return
        for article, record in pending:
            try:
                count(ledger.add(article, record))
            except Exception as e:  # noqa: BLE001 - the article's transaction rolled back; go on
                fail(article.origin or article.id or "?", "store", f"{type(e).__name__}: {e}")
        pending.clear()

    def store_bulk() -> bool:
        try:
            ids = ledger.add_many(pending)
        except Exception:  # noqa: BLE001 - rolled back: the caller stores one by one, so the bad record fails alone
            return False
        for stored in ids:
            count(stored)
        pending.clear()
        return True

    for item in read_records(folder):
        if isinstance(item, InputError):
            fail(item.where, "read", item.message)
        else:
            pending.append(item)
            if len(pending) < bulk:
                continue
            store()
        summary.seconds = time.perf_counter() - started
        if on_progress:
            on_progress(summary)
    store()
    summary.seconds = time.perf_counter() - started
    return summary
