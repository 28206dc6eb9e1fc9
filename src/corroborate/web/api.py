"""The REST API under /api: what the ledger holds, as JSON (OpenAPI at /openapi.json)."""
from __future__ import annotations

import json
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, BeforeValidator, Field, field_validator
from starlette.concurrency import run_in_threadpool

from ..errors import Errors
from ..ingest.article import Article
from ..ingest.readers import parse_date
from ..ledger import queries
from ..record.models import Record
from . import responses as shape
from .context import Conn, Served, Serving, found_or_404, may_write
from .responses import answers

MAX_PAGE = 100
MAX_LIMIT = 500


# A date as an ISO 8601 string, as the readers take it: a number (0, 20241028) is refused,
# never read as a Unix time.
IsoDate = Annotated[date, BeforeValidator(parse_date)]
# The dates an article may be published on. No news is dated near the ends of the calendar, and
# the ledger compares dates a window of days apart, which overflows there (ledger/stories.py).
PUBLISHED_FROM, PUBLISHED_TO = date(1000, 1, 1), date(9000, 12, 31)


def _encode(value):
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def _json(data) -> Response:
    """The ledger's answer as JSON. Its queries return JSON types already (dates as ISO strings),
    and FastAPI's jsonable_encoder, which walks every value of a returned dict again, cost more
    than the query itself: 56 ms for the default page of /api/estimates (50 groups, 1,000 reports)."""
    return Response(json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=_encode),
                    media_type="application/json")


class ArticleIn(BaseModel):
    # The pattern tells clients (and schemathesis) what the validator below enforces.
    text: str = Field(description="the article's plain text, not only whitespace", json_schema_extra={"pattern": r"\S"})
    published: IsoDate | None = Field(None, description="publication date (YYYY-MM-DD); times in the text "
                                                        "resolve against it")
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    id: str | None = Field(None, description="the caller's id for the article")

    @field_validator("text")
    @classmethod
    def _has_text(cls, text: str) -> str:
        if not text.strip():
            raise ValueError(Errors.E041)
        return text

    @field_validator("published")
    @classmethod
    def _plausible(cls, published: date | None) -> date | None:
        if published is not None and not PUBLISHED_FROM <= published <= PUBLISHED_TO:
            raise ValueError(Errors.E044.format(value=published, first=PUBLISHED_FROM.year, last=PUBLISHED_TO.year))
        return published

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


ERRORS = {s: {"model": ErrorOut} for s in (400, 401, 403, 404, 413, 422, 500)}
# What an analysis may answer besides: no worker free and the waiting room full, or no record in time.
ANALYSIS_ERRORS = {503: {"model": ErrorOut, "description": "busy: every analysis worker taken, try again later"},
                   504: {"model": ErrorOut, "description": "no record within the server's time limit"}}

router = APIRouter(prefix="/api", responses=ERRORS)


@router.get("/articles", tags=["articles"], response_model=None, responses=answers(shape.ArticlesPage))
def list_articles(conn: Conn, outlet: str | None = None, since: IsoDate | None = None,
                  until: IsoDate | None = None,
                  page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
                  per_page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 20) -> Response:
    """Articles, newest first, a page at a time; filter by outlet and publication date."""
    return _json(queries.articles(conn, outlet=outlet, since=since, until=until, page=page, per_page=per_page))


@router.get("/articles/{ref}", tags=["articles"], response_model=None, responses=answers(shape.StoredArticle))
def get_article(conn: Conn, ref: str) -> Response:
    """An article's full record (docs/output-contract.md) with its text, by ``a<id>``, input id or hash."""
    return _json(found_or_404(queries.show(conn, ref), "article", ref))


@router.post("/articles", tags=["articles"], status_code=201, dependencies=[Depends(may_write)],
             responses={200: {"model": Stored, "description": "The ledger held the article already: "
                                                             "nothing stored, its id returned"},
                        201: {"description": "Analysed and stored"}, **ANALYSIS_ERRORS})
async def post_article(ctx: Serving, body: ArticleIn) -> Stored:
    """Analyse one article and store it in the ledger (bearer token required): 201 when stored,
    200 with ``stored: false`` when the ledger holds it already (it is not analysed again)."""
    article = body.article()
    known = await run_in_threadpool(ctx.ledger.stored_id, article.content_hash)
    if known is None:
        record = await ctx.analyse(article)
        new_id = await run_in_threadpool(_store, ctx, article, record)
        if new_id is not None:
            return Stored(article=f"a{new_id}", stored=True)
        known = await run_in_threadpool(ctx.ledger.stored_id, article.content_hash)  # stored meanwhile
    return JSONResponse(Stored(article=f"a{known}", stored=False).model_dump(), status_code=200)


def _store(ctx: Served, article: Article, record_json: str) -> int | None:
    return ctx.ledger.add(article, Record.model_validate_json(record_json))


@router.post("/analyze", tags=["analysis"], response_model=Record, responses=ANALYSIS_ERRORS)
async def post_analyze(ctx: Serving, body: ArticleIn) -> Response:
    """Analyse a text and return its record; nothing is stored. At most the server's
    ``--max-request-chars`` (413 beyond); 503 when busy, 504 past its ``--analysis-timeout``."""
    return Response(await ctx.analyse(body.article()), media_type="application/json")


@router.get("/estimates", tags=["estimates"], response_model=None, responses=answers(list[shape.EstimateGroup]))
def get_estimates(conn: Conn, about: str | None = None, conflicts_only: bool = False,
                  limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50) -> Response:
    """Estimate groups, conflicts first, each with its latest reports."""
    return _json(queries.estimates(conn, about=about, conflicts_only=conflicts_only, limit=limit))


@router.get("/statements", tags=["statements"], response_model=None, responses=answers(list[shape.StatementRow]))
def get_statements(conn: Conn, by: str | None = None, about: str | None = None,
                   limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100) -> Response:
    """Statements, newest first: ``by`` a source, ``about`` words in what was said."""
    return _json(queries.statements(conn, by=by, about=about, limit=limit))


@router.get("/entities", tags=["entities"], response_model=None, responses=answers(list[shape.EntityRow]))
def get_entities(conn: Conn, type: str | None = None,
                 limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100) -> Response:
    """Entities, most mentioned first, optionally of one type (PERSON, ORG, GPE, ...)."""
    return _json(queries.entities(conn, type=type, limit=limit))


def entity_or_404(conn, ref: str) -> dict:
    eid = queries.entity_id(ref)
    return found_or_404(queries.entity(conn, eid) if eid is not None else None, "entity", ref)


@router.get("/entities/{ref}", tags=["entities"], response_model=None, responses=answers(shape.EntityDetail))
def get_entity(conn: Conn, ref: str) -> Response:
    """One entity (``E<id>``) with its statements and figures, oldest first."""
    return _json(entity_or_404(conn, ref))


@router.get("/search", tags=["search"], response_model=None, responses=answers(shape.Search))
def get_search(conn: Conn, q: Annotated[str, Query(min_length=1, max_length=500)],
               limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 20) -> Response:
    """Full-text search over articles and statements."""
    return _json(queries.search(conn, q, limit=limit))


@router.get("/stats", tags=["stats"], response_model=None, responses=answers(shape.Stats))
def get_stats(conn: Conn) -> Response:
    """What the ledger holds."""
    return _json(queries.stats(conn))
