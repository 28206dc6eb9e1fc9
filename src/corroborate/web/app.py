"""The web app: REST API under /api (OpenAPI at /openapi.json) and server-rendered pages.

Reads only on GET. Writes (``POST /api/articles``) need the bearer token the server was started
with; with no token configured, or ``read_only``, they are refused with 403. ``POST /api/analyze``
stores nothing, so it needs no token. Analyses run in worker processes (``web.workers``), so reads
never wait behind them; a text over ``max_request_chars`` is refused (413). Every error under
/api is JSON, an unexpected one too (500). The routes are in ``api`` and ``views``; what they
share (the ledger, the analysis workers, the token) in ``context``.
"""
from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import Errors
from ..ledger.store import Ledger
from ..settings import Settings
from . import api, views
from .context import Served
from .middleware import BodyLimit, SecurityHeaders
from .pages import render
from .workers import (ANALYSIS_TIMEOUT, ANALYSIS_WORKERS, MAX_BODY, MAX_REQUEST_CHARS, WAITING_PER_WORKER,
                      AnalysisWorkers)


def _page_error(request: Request, status: int, message: str, headers=None):
    if request.url.path.startswith("/api") or request.url.path == "/openapi.json":
        return JSONResponse({"error": {"status": status, "message": message}}, status_code=status, headers=headers)
    return HTMLResponse(render("error.html", status=status, message=message), status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(x) for x in err.get("loc", ()) if x != "body") or "request"
        parts.append(f"{where}: {err.get('msg', 'invalid').removeprefix('Value error, ')}")
    return "; ".join(parts) or "invalid request"


def create_app(db: str | None = None, token: str | None = None, read_only: bool = False,
               max_body: int = MAX_BODY, settings: Settings | None = None,
               max_request_chars: int = MAX_REQUEST_CHARS, analysis_workers: int = ANALYSIS_WORKERS,
               analysis_timeout: float = ANALYSIS_TIMEOUT) -> FastAPI:
    """The app over the ledger ``db``; ``settings`` say how ``POST`` analyses (default mode unless
    fast). Texts up to ``max_request_chars`` (and ``settings.max_chars``) are analysed, by
    ``analysis_workers`` processes started on the first analysis; a request with no record
    ``analysis_timeout`` seconds after it came is answered 504."""
    settings = settings or Settings()
    analysis = AnalysisWorkers(settings, workers=analysis_workers, timeout=analysis_timeout,
                               waiting=WAITING_PER_WORKER * analysis_workers)

    @asynccontextmanager
    async def lifespan(_app):
        yield
        analysis.close()

    # No /docs or /redoc: FastAPI serves those from a CDN, and these pages work offline.
    app = FastAPI(title="corroborate", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="A ledger of who claimed what, how many, when, and where news sources disagree.")
    app.add_middleware(BodyLimit, max_body=max_body)
    app.add_middleware(SecurityHeaders)
    ledger = Ledger(db)
    app.state.served = Served(ledger=ledger, analysis=analysis,
                              max_request_chars=min(max_request_chars, settings.max_chars), token=token or None,
                              read_only=read_only)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return _page_error(request, exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        return _page_error(request, 422, _validation_message(exc))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        # Starlette still logs the traceback; the client gets one line, in JSON under /api.
        return _page_error(request, 500, Errors.E042.format(kind=type(exc).__name__))

    app.include_router(api.router)
    app.include_router(views.router)
    return app
