"""Keeping a ledger: ``regroup`` forms its stories and estimate groups again from what it stores.

``register(app)`` adds the command to the ``corroborate`` typer app.
"""
from __future__ import annotations

import typer

from .common import EXIT_OK, DbOption, err_console, open_ledger


def regroup(db: DbOption = None) -> None:
    """Form the stories and estimate groups again from the stored records, in ingest order.

    For a ledger made before stories and measures (schema revision 0003), or after the grouping
    rules changed: nothing is analysed again, and a failure leaves the ledger as it was. Records
    analysed before figures carried their measure group as singletons; ingest those again.
    """
    err = err_console()
    with open_ledger(db) as ledger:
        n = ledger.regroup()
    err.print(f"{n} articles regrouped", markup=False)
    raise typer.Exit(EXIT_OK)


def register(app: typer.Typer) -> None:
    app.command()(regroup)
