"""``corroborate serve``: the web board and REST API over a ledger.

``register(app)`` adds the command to the ``corroborate`` typer app.
"""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from .common import EXIT_USAGE, MAX_CHARS, DbOption, FastOption, MaxCharsOption, settings


def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to bind; loopback unless you mean to expose it.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    token: Annotated[Optional[str], typer.Option(
        envvar="CORROBORATE_TOKEN", show_envvar=True,
        help="Bearer token that POST /api/articles requires; without one, writes are refused.")] = None,
    read_only: Annotated[bool, typer.Option("--read-only", help="Refuse every write, token or not.")] = False,
    max_body: Annotated[int, typer.Option(help="Largest request body accepted, in bytes.")] = 5_000_000,
    fast: FastOption = False,
    max_chars: MaxCharsOption = MAX_CHARS,
) -> None:
    """Serve the estimates board, article pages and the REST API (OpenAPI at /openapi.json)."""
    import uvicorn
    from rich.console import Console

    from ..web.app import create_app

    try:
        app = create_app(db=db, token=token, read_only=read_only, max_body=max_body, settings=settings(fast, max_chars))
    except Exception as e:  # noqa: BLE001 - a ledger that will not open is the user's --db
        Console(stderr=True, highlight=False).print(f"usage error: cannot open the ledger: {type(e).__name__}: {e}",
                                                    markup=False)
        raise typer.Exit(EXIT_USAGE) from None
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the ``corroborate`` app."""
    app.command()(serve)
