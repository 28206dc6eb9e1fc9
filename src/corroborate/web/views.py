"""The server-rendered pages: the estimates board, articles, entities, search."""
from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from ..ledger import queries
from . import board
from .api import entity_or_404
from .context import Conn
from .pages import article_page, render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def _snippet(raw: str | None) -> Markup:
    """The search snippet with its [match] markers as <mark>, everything else escaped."""
    out, rest = Markup(""), raw or ""
    while "[" in rest and "]" in rest.split("[", 1)[1]:
        before, after = rest.split("[", 1)
        hit, rest = after.split("]", 1)
        out += escape(before) + Markup("<mark>") + escape(hit) + Markup("</mark>")
    return out + escape(rest)


@router.get("/")
def board_page(conn: Conn, about: Annotated[str | None, Query(max_length=500)] = None, conflicts_only: bool = False):
    groups = queries.estimates(conn, about=about, conflicts_only=conflicts_only, limit=50)
    rows = [r for r in (board.row(g) for g in groups) if r is not None]
    return render("board.html", rows=rows, about=about, conflicts_only=conflicts_only,
                  conflicts=sum(r.conflict for r in rows), width=board.WIDTH, plot_l=board.PLOT_L,
                  plot_r=board.PLOT_R, axis_h=board.AXIS_H)


@router.get("/articles")
def articles_page(conn: Conn, outlet: str | None = None, since: date | None = None, until: date | None = None,
                  page: Annotated[int, Query(ge=1, le=1_000_000)] = 1):
    result = queries.articles(conn, outlet=outlet, since=since, until=until, page=page, per_page=50)
    names = queries.outlets(conn)
    base = {k: v for k, v in (("outlet", outlet), ("since", since), ("until", until)) if v}

    def query(**kw):
        return urlencode({**base, **kw})

    return render("articles.html", result=result, outlet=outlet, since=since, until=until, outlets=names,
                  query=query)


@router.get("/articles/{ref}")
def article_view(conn: Conn, ref: str):
    found = queries.stored_article(conn, ref)
    if found is None:
        raise HTTPException(404, f"no article {ref!r}")
    links = {local: c["id"] for local, c in found.canonical.items()}
    return article_page(found.record, found.text, entity_links=links)


@router.get("/entities/{ref}")
def entity_page(conn: Conn, ref: str):
    return render("entity.html", e=entity_or_404(conn, ref))


@router.get("/search")
def search_page(conn: Conn, q: Annotated[str | None, Query(max_length=500)] = None):
    result = None
    if q and q.strip():
        result = queries.search(conn, q)
        for a in result["articles"]:
            a["snippet_html"] = _snippet(a["snippet"])
    return render("search.html", q=q, result=result)
