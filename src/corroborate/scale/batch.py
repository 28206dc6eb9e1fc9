"""Batch analysis: articles in, records out as Parquet parts; no database.

The analysis runs in this process, a local pool (``workers``) or a Dask cluster (``analyse``);
the parts are written here, in input order, ``part_rows`` records each, so a dataset's parts are
the same whichever ran the analysis.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..ingest.article import Article
from ..ledger.ingest import BATCH, Analyser, Summary, _analysed, _batches
from .parquet import parts, write_part

PART_ROWS = 5000


def batch(
    items: Iterable[Article | InputError],
    out: Path,
    *,
    workers: int = 1,
    analyse: Analyser | None = None,
    batch_size: int = BATCH,
    part_rows: int = PART_ROWS,
    on_error: Callable[[str, str], None] | None = None,
    on_note: Callable[[str, str], None] | None = None,
) -> Summary:
    """Analyse every article of ``items`` into ``out``; ``stored`` counts the records written."""
    if parts(out):
        raise FileExistsError(f"{out} already holds Parquet parts; write to an empty folder")
    out.mkdir(parents=True, exist_ok=True)
    summary = Summary()
    if workers <= 1 and analyse is None:
        from ..nlp.pipeline import load_pipeline

        load_pipeline()  # before the clock starts, as in ingest
    started = time.perf_counter()

    def fail(origin: str, reason: str) -> None:
        summary.failed += 1
        if on_error:
            on_error(origin, reason)

    def articles() -> Iterator[Article]:
        for item in items:
            if isinstance(item, InputError):
                fail(item.where, item.message)
                continue
            for note in item.notes:
                if on_note:
                    on_note(item.origin or "?", note)
            yield item

    batches = _batches(articles(), batch_size)
    pending, n_part = [], 0
    for article, outcome in (analyse(batches) if analyse else _analysed(batches, workers)):
        if isinstance(outcome, str):
            fail(article.origin or article.id or "?", outcome)
            continue
        pending.append((article, outcome))
        if len(pending) >= part_rows:
            write_part(out, n_part, pending)
            summary.stored += len(pending)
            pending, n_part = [], n_part + 1
    if pending:
        write_part(out, n_part, pending)
        summary.stored += len(pending)
    summary.seconds = time.perf_counter() - started
    return summary
