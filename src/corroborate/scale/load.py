"""Parquet records (``corroborate batch``) into the ledger.

Each record goes through the ledger's store as an ingested one does: one transaction per
article, skipped when its content hash is there, and the cross-article step (entity joining,
estimate groups) done incrementally in that transaction, against the indexed tables rather than
the corpus in memory. Loading the parts of a batch in order gives the ledger a one-process
ingest of the same inputs gives.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from ..errors import InputError
from ..ledger.ingest import Summary
from ..ledger.store import Ledger
from .parquet import read_records


def load(
    folder: Path,
    ledger: Ledger,
    *,
    on_error: Callable[[str, str], None] | None = None,
    on_progress: Callable[[Summary], None] | None = None,
) -> Summary:
    summary = Summary()
    started = time.perf_counter()

    def fail(origin: str, stage: str, reason: str) -> None:
        ledger.log_error(origin, stage, reason)
        summary.failed += 1
        if on_error:
            on_error(origin, reason)

    for item in read_records(folder):
        if isinstance(item, InputError):
            fail(item.where, "read", item.message)
            continue
        article, record = item
        try:
            stored = ledger.add(article, record)
        except Exception as e:  # noqa: BLE001 - the article's transaction rolled back; go on
            fail(article.origin or article.id or "?", "store", f"{type(e).__name__}: {e}")
        else:
            if stored is None:
                summary.skipped += 1
            else:
                summary.stored += 1
        summary.seconds = time.perf_counter() - started
        if on_progress:
            on_progress(summary)
    summary.seconds = time.perf_counter() - started
    return summary
