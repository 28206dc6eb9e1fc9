"""The commands beyond one machine: ``batch`` (analysis to Parquet) and ``load`` (Parquet into the
ledger), and the ``--dask ADDRESS`` switch that ``ingest`` and ``batch`` share.

``register(app)`` adds ``batch`` and ``load`` to the ``corroborate`` typer app. Exit status as
elsewhere: 0 all fine, 1 some inputs failed, 2 usage.
"""
from __future__ import annotations

from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer

from .ledger import (
    EXIT_OK,
    EXIT_SOME_FAILED,
    DaskOption,
    DbOption,
    _err,
    _ledger,
    _usage,
)

E_NO_DASK = "--dask needs Dask: pip install 'dask[distributed]' ({detail})"
E_CONNECT = "--dask {address}: cannot reach the scheduler ({detail})"


@contextmanager
def dask_analyser(address: str | None, workers: int = 1):
    """None without ``--dask`` (analyse here); else an analyser on that cluster, for as long as the
    command runs; a missing Dask or an unreachable scheduler is a usage error."""
    if address is None:
        yield None
        return
    try:
        from ..scale.cluster import connect
        from ..scale.cluster import dask_analyser as on_cluster
    except ImportError as e:
        raise _usage(E_NO_DASK.format(detail=e)) from None
    with ExitStack() as stack:
        try:
            client = stack.enter_context(connect(address, workers))
        except (OSError, TimeoutError, ValueError) as e:
            raise _usage(E_CONNECT.format(address=address, detail=f"{type(e).__name__}: {e}")) from None
        yield on_cluster(client)


def batch(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (recursively), globs, or - for stdin: .txt .html .jsonl .warc .warc.gz.", show_default=False)],
    out: Annotated[Path, typer.Option("--out", help="An empty folder for the part-NNNNN.parquet files.")],
    dask: DaskOption = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Local processes, or the LocalCluster's with --dask local.")] = 1,
    part_rows: Annotated[int, typer.Option("--part-rows", min=1, help="Records per Parquet part.")] = 5000,
    published: Annotated[Optional[str], typer.Option(help="Publication date for inputs that carry none.")] = None,
    outlet: Annotated[Optional[str], typer.Option(help="Outlet for inputs that name none.")] = None,
) -> None:
    """Analyse articles into Parquet records (no database), for DuckDB, Spark or a warehouse."""
    from ..ingest.readers import parse_date
    from ..ingest.sources import read_sources
    from ..scale.batch import batch as run_batch
    from ..scale.parquet import parts

    try:
        pub = parse_date(published)
    except ValueError as e:
        raise _usage(f"--published: {e}") from None
    if parts(out):
        raise _usage(f"--out {out}: already holds Parquet parts; give an empty folder")
    err = _err()

    def on_error(origin: str, reason: str) -> None:
        err.print(f"error: {origin}: {reason}", markup=False)

    def on_note(origin: str, note: str) -> None:
        err.print(f"warning: {origin}: {note}", markup=False)

    with dask_analyser(dask, workers) as analyse:
        summary = run_batch(read_sources(paths, published=pub, outlet=outlet), out, workers=workers, analyse=analyse,
                            part_rows=part_rows, on_error=on_error, on_note=on_note)
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
        raise _usage(f"{folder}: no part-*.parquet files (write them with 'corroborate batch --out {folder}')")
    err = _err()

    def on_error(origin: str, reason: str) -> None:
        err.print(f"error: {origin}: {reason}", markup=False)

    with _ledger(db) as ledger:
        summary = run_load(folder, ledger, on_error=on_error)
    err.print(summary.line, markup=False)
    raise typer.Exit(EXIT_SOME_FAILED if summary.failed else EXIT_OK)


def register(app: typer.Typer) -> None:
    """Add ``batch`` and ``load`` to the ``corroborate`` app."""
    app.command()(batch)
    app.command()(load)
