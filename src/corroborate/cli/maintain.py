"""Keeping a ledger: ``regroup`` forms its stories and estimate groups again from what it stores;
``join-stories`` says that stories report one developing story.

``register(app)`` adds the commands to the ``corroborate`` typer app.
"""
from __future__ import annotations

from typing import Annotated

import typer

from ..errors import Errors
from .common import EXIT_OK, DbOption, err_console, open_ledger, usage


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


def _story_id(value: str) -> int:
    from ..ledger.queries import story_id

    sid = story_id(value)
    if sid is None:
        raise typer.BadParameter(Errors.E049.format(option="STORY", value=value))
    return sid


def join_stories(
    story: Annotated[int, typer.Argument(parser=_story_id, metavar="STORY",
                                         help="The story the others join: S12 or 12, as `corroborate stories` lists it.")],
    others: Annotated[list[int], typer.Argument(parser=_story_id, metavar="OTHER...",
                                                help="The stories that report the same developing story.")],
    db: DbOption = None,
) -> None:
    """Join stories that report one developing story: figures are compared only within a story,
    so theirs are grouped again together, and conflicts between them are found.

    For stories the ledger kept apart (an event's later turn in other words, a gap of over 30
    days): the join is kept when stories are formed again (`regroup`), and later articles join
    the story by their words as before.
    """
    err = err_console()
    if not [o for o in others if o != story]:
        raise usage(Errors.E046.format(story=story))
    with open_ledger(db) as ledger:
        try:
            articles, figures = ledger.join_stories(story, others)
        except LookupError as e:
            raise usage(str(e.args[0])) from None
    err.print(f"story S{story}: {articles} articles, {figures} figures grouped again", markup=False)
    raise typer.Exit(EXIT_OK)


def register(app: typer.Typer) -> None:
    app.command()(regroup)
    app.command("join-stories")(join_stories)
