"""``corroborate serve``: the web board and REST API over a ledger.

``register(app)`` adds the command to the ``corroborate`` typer app.
"""
from __future__ import annotations

import ipaddress
from typing import Annotated, Optional

import typer

from ..errors import Errors, Warnings
from ..web.workers import ANALYSIS_TIMEOUT, ANALYSIS_WORKERS, MAX_BODY, MAX_REQUEST_CHARS, WAITING_PER_WORKER
from .common import DbOption, FastOption, err_console, settings, usage


def loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only (a name other than localhost is not taken to be)."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to bind; loopback unless you mean to expose it.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    token: Annotated[Optional[str], typer.Option(
        envvar="CORROBORATE_TOKEN", show_envvar=True,
        help="Bearer token that POST /api/articles requires; without one, writes are refused.")] = None,
    read_only: Annotated[bool, typer.Option("--read-only", help="Refuse every write, token or not.")] = False,
    public: Annotated[bool, typer.Option(
        "--public", help="Serve on a --host other than loopback with neither --token nor --read-only.")] = False,
    max_body: Annotated[int, typer.Option(help="Largest request body accepted, in bytes.", min=1)] = MAX_BODY,
    max_request_chars: Annotated[int, typer.Option(
        help="The longest text POST /api/analyze and /api/articles analyse, in characters (413 beyond).",
        min=1)] = MAX_REQUEST_CHARS,
    analysis_workers: Annotated[int, typer.Option(
        help=f"Processes that analyse (each loads the model); {WAITING_PER_WORKER} requests a worker may "
             "wait for it, more get 503.",
        min=1)] = ANALYSIS_WORKERS,
    analysis_timeout: Annotated[float, typer.Option(
        help="Seconds a request may take for its record, waiting included (504 beyond).", min=0.1)] = ANALYSIS_TIMEOUT,
    fast: FastOption = False,
) -> None:
    """Serve the estimates board, article pages and the REST API (OpenAPI at /openapi.json)."""
    token = token or None
    if not loopback(host) and token is None and not read_only:
        if not public:
            raise usage(Errors.E043.format(host=host))
        err_console().print("warning: " + Warnings.W003.format(host=host), markup=False)
    import uvicorn

    from ..web.app import create_app

    try:
        app = create_app(db=db, token=token, read_only=read_only, max_body=max_body, settings=settings(fast),
                         max_request_chars=max_request_chars, analysis_workers=analysis_workers,
                         analysis_timeout=analysis_timeout)
    except Exception as e:  # noqa: BLE001 - a ledger that will not open is the user's --db
        raise usage(Errors.E032.format(db=db or "", detail=f"{type(e).__name__}: {e}")) from None
    # The workers load the model while the server starts: the pages answer at once, the first analysis sooner.
    app.state.served.analysis.start()
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the ``corroborate`` app."""
    app.command()(serve)
