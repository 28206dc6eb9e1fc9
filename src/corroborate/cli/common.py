"""What every command shares: exit codes, the options several commands take, the error console,
and opening the ledger or a cluster. The commands' modules import this and nothing of each other.

The environment is read here and only here (through the options' ``envvar``): the commands
build one ``Settings`` from their flags and hand it down.
"""
from __future__ import annotations

import json
import sys
from contextlib import ExitStack, contextmanager
from datetime import date
from enum import Enum
from typing import Annotated, Optional

import typer
from rich.console import Console

from ..errors import Errors
from ..settings import FAST_ENV, MAX_CHARS, Settings

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2
DB_ENV = "CORROBORATE_DB"


class View(str, Enum):
    table = "table"
    json = "json"


DbOption = Annotated[Optional[str], typer.Option(
    "--db", envvar=DB_ENV, show_envvar=False,
    help=f"SQLite file or database URL (postgresql+psycopg://...); default ${DB_ENV} or ./corroborate.db.")]
FormatOption = Annotated[View, typer.Option("--format", help="table | json")]
DaskOption = Annotated[Optional[str], typer.Option(
    "--dask", metavar="ADDRESS", help="Analyse on a Dask cluster: a scheduler address (tcp://host:8786), or 'local' "
                                      "for a LocalCluster of --workers processes.")]
FastOption = Annotated[bool, typer.Option(
    "--fast/--no-fast", envvar=FAST_ENV, show_envvar=False,
    help=f"Rules only: leave out the learned attribution tagger (default: ${FAST_ENV}, else --no-fast).")]
MaxCharsOption = Annotated[int, typer.Option(
    "--max-chars", envvar="CORROBORATE_MAX_CHARS", show_envvar=False, min=1,
    help="The longest text analysed, in characters; longer ones are refused in one line (default "
         "$CORROBORATE_MAX_CHARS, else 5,000,000).")]
PublishedOption = Annotated[Optional[str], typer.Option(
    "--published", help="Publication date (YYYY-MM-DD) for inputs that carry none; times resolve against it.")]
OutletOption = Annotated[Optional[str], typer.Option("--outlet", help="Outlet for inputs that name none.")]


def err_console() -> Console:
    return Console(stderr=True, soft_wrap=True, highlight=False)


def usage(message: str) -> typer.Exit:
    """Say what is wrong with the command line, in one line; the caller raises the result."""
    err_console().print(f"usage error: {message}", markup=False)
    return typer.Exit(EXIT_USAGE)


def published_date(value: str | None) -> date | None:
    """``--published`` as a date, parsed once here; a bad one is a usage error."""
    from ..ingest.readers import parse_date

    try:
        return parse_date(value)
    except ValueError as e:
        raise usage(f"--published: {e}") from None


def settings(fast: bool, max_chars: int = MAX_CHARS) -> Settings:
    return Settings(fast=fast, max_chars=max_chars)


def open_ledger(db: str | None):
    from ..ledger import Ledger

    try:
        return Ledger(db)
    except Exception as e:  # noqa: BLE001 - any failure to open is the user's --db: say so, exit 2
        raise usage(Errors.E032.format(db=db or "", detail=f"{type(e).__name__}: {e}").replace("  ", " ")) from None


def print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def reporters(err: Console):
    """``on_error`` and ``on_note`` callbacks that print one line each on ``err``."""

    def on_error(origin: str, reason: str) -> None:
        err.print(f"error: {origin}: {reason}", markup=False)

    def on_note(origin: str, note: str) -> None:
        err.print(f"warning: {origin}: {note}", markup=False)

    return on_error, on_note


@contextmanager
def cluster_analyser(address: str | None, workers: int, run_settings: Settings):
    """None without ``--dask`` (analyse here); else an analyser on that cluster, for as long as the
    command runs; a missing Dask or an unreachable scheduler is a usage error."""
    if address is None:
        yield None
        return
    try:
        from ..scale.cluster import connect, dask_analyser
    except ImportError as e:
        raise usage(Errors.E033.format(detail=e)) from None
    with ExitStack() as stack:
        try:
            client = stack.enter_context(connect(address, workers, run_settings))
        except (OSError, TimeoutError, ValueError) as e:
            raise usage(Errors.E034.format(address=address, detail=f"{type(e).__name__}: {e}")) from None
        yield dask_analyser(client)
