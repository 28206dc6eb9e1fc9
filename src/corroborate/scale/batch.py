"""Batch analysis: articles in, records out as Parquet parts; no database.

The analysis runs in this process, a local pool (``workers``) or a Dask cluster (``analyse``,
whose workers read the inputs and send back rows); the parts are written here, in input order,
``part_rows`` records each, so a dataset's parts are the same whichever ran the analysis.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import InputError
from ..ingest.article import Article
from ..run.analyse import events
from ..run.events import Analyser, Failed, Note, Summary
from ..run.rows import to_row
from ..settings import Settings
from .parquet import parts, write_part

PART_ROWS = 5000


def batch(
    items: Iterable[Article | InputError],
    out: Path,
    settings: Settings | None = None,
    *,
    workers: int = 1,
    analyse: Analyser | None = None,
    part_rows: int = PART_ROWS,
    on_error: Callable[[str, str], None] | None = None,
    on_note: Callable[[str, str], None] | None = None,
) -> Summary:
    """Analyse every article of ``items`` into ``out``; ``stored`` counts the records written."""
    if parts(out):
        raise FileExistsError(f"{out} already holds Parquet parts; write to an empty folder")
    out.mkdir(parents=True, exist_ok=True)
    summary = Summary()
    analysed = events(items, None, settings or Settings(), workers=workers, analyse=analyse)
    started = time.perf_counter()

    def fail(origin: str, reason: str) -> None:
        summary.failed += 1
        if on_error:
            on_error(origin, reason)

    rows: list[dict] = []
    for event in analysed:
        if isinstance(event, InputError):
            fail(event.where, event.message)
        elif isinstance(event, Failed):
            fail(event.origin, event.reason)
        elif isinstance(event, Note):
            if on_note:
                on_note(event.origin, event.text)
        else:
            rows.append(event if isinstance(event, dict) else to_row(*event))
            if len(rows) >= part_rows:
                write_part(out, summary.stored // part_rows, rows)
                summary.stored += len(rows)
                rows = []
    if rows:
        write_part(out, summary.stored // part_rows, rows)
        summary.stored += len(rows)
    summary.seconds = time.perf_counter() - started
    return summary
