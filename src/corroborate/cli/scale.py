"""The commands beyond one machine: ``batch`` (analysis to Parquet) and ``load`` (Parquet into the
ledger).

``register(app)`` adds ``batch`` and ``load`` to the ``corroborate`` typer app. Exit status as
elsewhere: 0 all fine, 1 some inputs failed, 2 usage.
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import Errors
from .common import (
    EXIT_OK,
    EXIT_SOME_FAILED,
    DaskOption,
    DbOption,
    MAX_CHARS,
    FastOption,
    MaxCharsOption,
    OutletOption,
    PublishedOption,
    cluster_analyser,
    err_console,
    open_ledger,
    published_date,
    reporters,
    settings,
    usage,
)


def batch(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (recursively), globs, or - for stdin: .txt .html .jsonl .warc .warc.gz.", show_default=False)],
    out: Annotated[Path, typer.Option("--out", help="An empty folder for the part-NNNNN.parquet files.")],
    dask: DaskOption = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Local processes, or the LocalCluster's with --dask local.")] = 1,
    part_rows: Annotated[int, typer.Option("--part-rows", min=1, help="Records per Parquet part.")] = 5000,
    published: PublishedOption = None,
    outlet: OutletOption = None,
    fast: FastOption = False,
    max_chars: MaxCharsOption = MAX_CHARS,
) -> None:
    """Analyse articles into Parquet records (no database), for DuckDB, Spark or a warehouse."""
    from ..ingest.sources import read_sources
    from ..scale.batch import batch as run_batch
    from ..scale.parquet import parts

    run_settings = settings(fast, max_chars)
    pub = published_date(published)
    if parts(out):
        raise usage(Errors.E056.format(out=out))
    err = err_console()
    on_error, on_note = reporters(err)
    with cluster_analyser(dask, workers, run_settings) as analyse:
        summary = run_batch(read_sources(paths, published=pub, outlet=outlet), out, run_settings, workers=workers,
                            analyse=analyse, part_rows=part_rows, on_error=on_error, on_note=on_note)
    rate = summary.stored / summary.seconds if summary.seconds else 0.0
    err.print(f"{summary.stored} records written to {out}, {summary.failed} failed "
              f"({summary.seconds:.1f} s, {rate:.1f} articles/s)", markup=False)
    raise typer.Exit(EXIT_SOME_FAILED if summary.failed else EXIT_OK)


def load(
    folder: Annotated[Path, typer.Argument(help="A folder of part-*.parquet files written by 'corroborate batch'.")],
    db: DbOption = None,
) -> None:
    """Load Parquet records into the ledger, with the cross-article step; re-running stores nothing twice."""
    from ..scale.load import load as run_load
    from ..scale.parquet import parts

    if not folder.is_dir() or not parts(folder):
        raise usage(Errors.E057.format(folder=folder))
    err = err_console()
    on_error, _ = reporters(err)
    with open_ledger(db) as ledger:
        summary = run_load(folder, ledger, on_error=on_error)
    err.print(summary.line, markup=False)
    raise typer.Exit(EXIT_SOME_FAILED if summary.failed else EXIT_OK)


def register(app: typer.Typer) -> None:
    """Add ``batch`` and ``load`` to the ``corroborate`` app."""
    app.command()(batch)
    app.command()(load)
