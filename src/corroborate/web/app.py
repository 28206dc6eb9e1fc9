"""The web app: REST API under /api (OpenAPI at /openapi.json) and server-rendered pages.

Reads only on GET. Writes (``POST /api/articles``) need the bearer token the server was started
with; with no token configured, or ``read_only``, they are refused with 403. ``POST /api/analyze``
stores nothing, so it needs no token.
"""
from __future__ import annotations

import os
import secrets
import threading
from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from markupsafe import Markup, escape
from pydantic import BaseModel, Field
from sqlalchemy import select
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..ingest.article import Article
from ..ledger import queries as ledger_queries
from ..ledger import schema as t
from ..ledger.db import open_engine
from ..ledger.store import Ledger
from ..record.models import Record
from . import board, queries
from .pages import article_page, render

MAX_PAGE = 100
MAX_LIMIT = 500
TOKEN_ENV = "CORROBORATE_TOKEN"


class ArticleIn(BaseModel):
    text: str = Field(min_length=1, description="the article's plain text")
    published: date | None = Field(None, description="publication date; times in the text resolve against it")
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    id: str | None = Field(None, description="the caller's id for the article")

    def article(self) -> Article:
        return Article(text=self.text, id=self.id, title=self.title, published=self.published, outlet=self.outlet,
                       url=self.url, origin="api")


class Stored(BaseModel):
    article: str = Field(description="the ledger's id for the article (a<number>)")
    stored: bool = Field(description="false when the same article was already in the ledger")


class ErrorBody(BaseModel):
    status: int
    message: str


class ErrorOut(BaseModel):
    error: ErrorBody


_ERRORS = {s: {"model": ErrorOut} for s in (400, 401, 403, 404, 413, 422)}


class _BodyLimit:
    """Refuses request bodies over ``max_body`` bytes with 413, declared or streamed."""

    def __init__(self, app, max_body: int):
        self.app, self.max_body = app, max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            return await _too_large(self.max_body, scope, send)
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.max_body:
                return await _too_large(self.max_body, scope, send)
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        sent = False

        async def replay():
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


# The pages run no script and load nothing from elsewhere: say so to the browser.
_HEADERS = [
    (b"content-security-policy",
     b"default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; "
     b"frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]


class _SecurityHeaders:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + _HEADERS
            await send(message)

        await self.app(scope, receive, with_headers)


async def _too_large(limit: int, scope, send) -> None:
    response = JSONResponse({"error": {"status": 413, "message": f"request body over the limit of {limit} bytes"}},
                            status_code=413)
    await response(scope, None, send)


def _page_error(request: Request, status: int, message: str, headers=None):
    if request.url.path.startswith("/api") or request.url.path == "/openapi.json":
        return JSONResponse({"error": {"status": status, "message": message}}, status_code=status, headers=headers)
    return HTMLResponse(render("error.html", status=status, message=message), status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(x) for x in err.get("loc", ()) if x != "body") or "request"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def _snippet(raw: str | None) -> Markup:
    """The search snippet with its [match] markers as <mark>, everything else escaped."""
    out, rest = Markup(""), raw or ""
    while "[" in rest and "]" in rest.split("[", 1)[1]:
        before, after = rest.split("[", 1)
        hit, rest = after.split("]", 1)
        out += escape(before) + Markup("<mark>") + escape(hit) + Markup("</mark>")
    return out + escape(rest)


def _show(conn, ref: str) -> dict | None:
    # No article reference is this long; refusing it early keeps junk out of the query.
    if len(ref) > 200:
        return None
    return ledger_queries.show(conn, ref)


def create_app(db: str | None = None, token: str | None = None, read_only: bool = False,
               max_body: int = 5_000_000) -> FastAPI:
    token = token or os.environ.get(TOKEN_ENV) or None
    engine = open_engine(db)
    ledger = Ledger(engine=engine)
    analysis_lock = threading.Lock()
    # No /docs or /redoc: FastAPI serves those from a CDN, and these pages work offline.
    app = FastAPI(title="corroborate", version="0.1.0", docs_url=None, redoc_url=None,
                  description="A ledger of who claimed what, how many, when, and where news sources disagree.")
    app.add_middleware(_BodyLimit, max_body=max_body)
    app.add_middleware(_SecurityHeaders)
    app.state.engine = engine

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return _page_error(request, exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        return _page_error(request, 422, _validation_message(exc))

    bearer = HTTPBearer(auto_error=False)

    def may_write(creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:
        if read_only:
            raise HTTPException(403, "the server is read-only")
        if token is None:
            raise HTTPException(403, f"writes are disabled: start the server with --token or ${TOKEN_ENV}")
        if creds is None or not secrets.compare_digest(creds.credentials.encode(), token.encode()):
            raise HTTPException(401, "a valid bearer token is required", headers={"WWW-Authenticate": "Bearer"})

    def nlp():
        from ..nlp.pipeline import load_pipeline

        return load_pipeline()

    def analyse(body: ArticleIn) -> tuple[Article, Record]:
        from ..analysis import analyze_articles

        article = body.article()
        # One pipeline, shared by the worker threads: spaCy's Language is not thread-safe.
        with analysis_lock:
            record = next(analyze_articles([article], nlp=nlp()))
        return article, record

    # --- REST ---------------------------------------------------------------------------------

    @app.get("/api/articles", tags=["articles"], responses=_ERRORS)
    def list_articles(outlet: str | None = None, since: date | None = None, until: date | None = None,
                      page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
                      per_page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 20) -> dict:
        """Articles, newest first, a page at a time; filter by outlet and publication date."""
        with engine.connect() as conn:
            return queries.articles(conn, outlet=outlet, since=since, until=until, page=page, per_page=per_page)

    @app.get("/api/articles/{ref}", tags=["articles"], responses=_ERRORS)
    def get_article(ref: str) -> dict:
        """An article's full record (docs/output-contract.md) with its text, by ``a<id>``, input id or hash."""
        with engine.connect() as conn:
            found = _show(conn, ref)
        if found is None:
            raise HTTPException(404, f"no article {ref!r}")
        return found

    @app.post("/api/articles", tags=["articles"], status_code=201, responses=_ERRORS,
              dependencies=[Depends(may_write)])
    def post_article(body: ArticleIn) -> Stored:
        """Analyse one article and store it in the ledger (bearer token required)."""
        article, record = analyse(body)
        new_id = ledger.add(article, record)
        if new_id is None:
            with engine.connect() as conn:
                new_id = conn.execute(select(t.articles.c.id).where(t.articles.c.hash == article.content_hash)
                                      ).scalar_one()
            return JSONResponse({"article": f"a{new_id}", "stored": False}, status_code=200)
        return Stored(article=f"a{new_id}", stored=True)

    @app.post("/api/analyze", tags=["analysis"], responses=_ERRORS)
    def post_analyze(body: ArticleIn) -> Record:
        """Analyse a text and return its record; nothing is stored."""
        return analyse(body)[1]

    @app.get("/api/estimates", tags=["estimates"], responses=_ERRORS)
    def get_estimates(about: str | None = None, conflicts_only: bool = False,
                      limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50) -> list[dict]:
        """Estimate groups, conflicts first, each with its latest reports."""
        with engine.connect() as conn:
            return ledger_queries.estimates(conn, about=about, conflicts_only=conflicts_only, limit=limit)

    @app.get("/api/statements", tags=["statements"], responses=_ERRORS)
    def get_statements(by: str | None = None, about: str | None = None,
                       limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100) -> list[dict]:
        """Statements, newest first: ``by`` a source, ``about`` words in what was said."""
        with engine.connect() as conn:
            return ledger_queries.statements(conn, by=by, about=about, limit=limit)

    @app.get("/api/entities", tags=["entities"], responses=_ERRORS)
    def get_entities(type: str | None = None, limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100) -> list[dict]:
        """Entities, most mentioned first, optionally of one type (PERSON, ORG, GPE, ...)."""
        with engine.connect() as conn:
            return ledger_queries.entities(conn, type=type, limit=limit)

    def _entity(ref: str) -> dict:
        eid = queries.entity_id(ref)
        found = None
        if eid is not None:
            with engine.connect() as conn:
                found = queries.entity(conn, eid)
        if found is None:
            raise HTTPException(404, f"no entity {ref!r}")
        return found

    @app.get("/api/entities/{ref}", tags=["entities"], responses=_ERRORS)
    def get_entity(ref: str) -> dict:
        """One entity (``E<id>``) with its statements and figures, oldest first."""
        return _entity(ref)

    @app.get("/api/search", tags=["search"], responses=_ERRORS)
    def get_search(q: Annotated[str, Query(min_length=1, max_length=500)],
                   limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 20) -> dict:
        """Full-text search over articles and statements."""
        with engine.connect() as conn:
            return ledger_queries.search(conn, q, limit=limit)

    @app.get("/api/stats", tags=["stats"], responses=_ERRORS)
    def get_stats() -> dict:
        """What the ledger holds."""
        with engine.connect() as conn:
            return ledger_queries.stats(conn)

    # --- pages --------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def board_page(about: Annotated[str | None, Query(max_length=500)] = None, conflicts_only: bool = False):
        with engine.connect() as conn:
            groups = ledger_queries.estimates(conn, about=about, conflicts_only=conflicts_only, limit=50)
        rows = [r for r in (board.row(g) for g in groups) if r is not None]
        return render("board.html", rows=rows, about=about, conflicts_only=conflicts_only,
                      conflicts=sum(r.conflict for r in rows), width=board.WIDTH, plot_l=board.PLOT_L,
                      plot_r=board.PLOT_R, axis_h=board.AXIS_H)

    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    def articles_page(outlet: str | None = None, since: date | None = None, until: date | None = None,
                      page: Annotated[int, Query(ge=1, le=1_000_000)] = 1):
        with engine.connect() as conn:
            result = queries.articles(conn, outlet=outlet, since=since, until=until, page=page, per_page=50)
            names = queries.outlets(conn)
        base = {k: v for k, v in (("outlet", outlet), ("since", since), ("until", until)) if v}

        def query(**kw):
            return urlencode({**base, **kw})

        return render("articles.html", result=result, outlet=outlet, since=since, until=until, outlets=names,
                      query=query)

    @app.get("/articles/{ref}", response_class=HTMLResponse, include_in_schema=False)
    def article_view(ref: str):
        with engine.connect() as conn:
            found = _show(conn, ref)
            links = queries.entity_links(conn, int(found["article"][1:])) if found else {}
        if found is None:
            raise HTTPException(404, f"no article {ref!r}")
        raw = found["record"]
        text = raw.pop("text")
        for ent in raw.get("entities", []):
            ent.pop("canonical", None)
        for q in raw.get("quantities", []):
            q.pop("group", None)
        # The ledger's additions (canonical names, groups) are not the record's fields.
        record = Record.model_validate(raw)
        return article_page(record, text, entity_links=links)

    @app.get("/entities/{ref}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(ref: str):
        return render("entity.html", e=_entity(ref))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(q: Annotated[str | None, Query(max_length=500)] = None):
        result = None
        if q and q.strip():
            with engine.connect() as conn:
                result = ledger_queries.search(conn, q)
            for a in result["articles"]:
                a["snippet_html"] = _snippet(a["snippet"])
        return render("search.html", q=q, result=result)

    return app

