"""The REST API under /api: what the ledger holds, as JSON (OpenAPI at /openapi.json)."""
from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from ..ingest.article import Article
from ..ledger import queries
from ..record.models import Record
from .context import Conn, Serving, may_write

MAX_PAGE = 100
MAX_LIMIT = 500


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


ERRORS = {s: {"model": ErrorOut} for s in (400, 401, 403, 404, 413, 422)}

router = APIRouter(prefix="/api", responses=ERRORS)


@router.get("/articles", tags=["articles"])
def list_articles(conn: Conn, outlet: str | None = None, since: date | None = None, until: date | None = None,
                  page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
                  per_page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 20) -> dict:
    """Articles, newest first, a page at a time; filter by outlet and publication date."""
    return queries.articles(conn, outlet=outlet, since=since, until=until, page=page, per_page=per_page)


@router.get("/articles/{ref}", tags=["articles"])
def get_article(conn: Conn, ref: str) -> dict:
    """An article's full record (docs/output-contract.md) with its text, by ``a<id>``, input id or hash."""
    found = queries.show(conn, ref)
    if found is None:
        raise HTTPException(404, f"no article {ref!r}")
    return found


@router.post("/articles", tags=["articles"], status_code=201, dependencies=[Depends(may_write)])
def post_article(ctx: Serving, body: ArticleIn) -> Stored:
    """Analyse one article and store it in the ledger (bearer token required)."""
    article = body.article()
    new_id = ctx.ledger.add(article, ctx.analyse(article))
    if new_id is None:
        return JSONResponse({"article": f"a{ctx.ledger.stored_id(article.content_hash)}", "stored": False},
                            status_code=200)
    return Stored(article=f"a{new_id}", stored=True)


@router.post("/analyze", tags=["analysis"])
def post_analyze(ctx: Serving, body: ArticleIn) -> Record:
    """Analyse a text and return its record; nothing is stored."""
    return ctx.analyse(body.article())


@router.get("/estimates", tags=["estimates"])
def get_estimates(conn: Conn, about: str | None = None, conflicts_only: bool = False,
                  limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50) -> list[dict]:
    """Estimate groups, conflicts first, each with its latest reports."""
    return queries.estimates(conn, about=about, conflicts_only=conflicts_only, limit=limit)


@router.get("/statements", tags=["statements"])
def get_statements(conn: Conn, by: str | None = None, about: str | None = None,
                   limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100) -> list[dict]:
    """Statements, newest first: ``by`` a source, ``about`` words in what was said."""
    return queries.statements(conn, by=by, about=about, limit=limit)


@router.get("/entities", tags=["entities"])
def get_entities(conn: Conn, type: str | None = None,
                 limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100) -> list[dict]:
    """Entities, most mentioned first, optionally of one type (PERSON, ORG, GPE, ...)."""
    return queries.entities(conn, type=type, limit=limit)


def entity_or_404(conn, ref: str) -> dict:
    eid = queries.entity_id(ref)
    found = queries.entity(conn, eid) if eid is not None else None
    if found is None:
        raise HTTPException(404, f"no entity {ref!r}")
    return found


@router.get("/entities/{ref}", tags=["entities"])
def get_entity(conn: Conn, ref: str) -> dict:
    """One entity (``E<id>``) with its statements and figures, oldest first."""
    return entity_or_404(conn, ref)


@router.get("/search", tags=["search"])
def get_search(conn: Conn, q: Annotated[str, Query(min_length=1, max_length=500)],
               limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 20) -> dict:
    """Full-text search over articles and statements."""
    return queries.search(conn, q, limit=limit)


@router.get("/stats", tags=["stats"])
def get_stats(conn: Conn) -> dict:
    """What the ledger holds."""
    return queries.stats(conn)
