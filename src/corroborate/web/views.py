"""The server-rendered pages: the estimates board, a group, a story, articles, entities, search."""
from __future__ import annotations

import time
import weakref
from datetime import date
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from ..errors import Errors
from ..ledger import queries
from .. import words
from . import board
from .api import entity_or_404
from .context import Conn, found_or_404
from .pages import article_page, render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def _snippet(hit: dict) -> Markup:
    """The search snippet with its matched words in <mark>, everything else escaped."""
    out, text, at = Markup(""), hit["snippet_text"], 0
    for start, end in hit["matches"]:
        out += escape(text[at:start]) + Markup("<mark>") + escape(text[start:end]) + Markup("</mark>")
        at = end
    return out + escape(text[at:])


SORTS = (("conflict", "conflicts first"), ("sources", "most sources"), ("latest", "latest figure"))
STORIES_PER_PAGE = 10
FilterText = Annotated[str | None, Query(max_length=200)]


def decorate(g: dict) -> dict:
    """A group with the words its cards print: its dates, its spread, its latest figure."""
    g["dates_words"] = words.day_range(g["dates"]["first"], g["dates"]["last"]) or "undated"
    g["spread_words"] = words.spread(g["spread"]["min"], g["spread"]["max"], g["unit"])
    g["figure_words"] = words.figure(g["members"][-1], g["unit"]) if g["members"] else ""
    g["period_words"] = words.when(g.get("period"))
    g["reasons"] = [words.dates_in(r) for r in g["reasons"]]
    return g


def cards(groups: list[dict]) -> list[tuple[dict, board.Chart]]:
    return [(decorate(g), board.chart(g)) for g in groups]


def _story_view(s: dict) -> dict:
    """A story with the words and cards its page and its board entry print."""
    s["dates_words"] = words.day_range(s.get("first"), s.get("last")) or "undated"
    s["cards"] = cards(s["several"])
    for g in s["others"]:
        decorate(g)
    return s


FACETS_TTL = 60.0  # seconds the filter form's outlets and units are reused: they change only by ingest
_facets: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # engine -> (when, outlets, units)


def _form_facets(conn) -> tuple[list[str], list[str]]:
    """The outlets and units the filter form offers, read at most once a minute per ledger."""
    key = conn.engine
    now = time.monotonic()
    hit = _facets.get(key)
    if hit is None or now - hit[0] > FACETS_TTL:
        hit = _facets[key] = (now, queries.group_outlets(conn), queries.units(conn))
    return hit[1], hit[2]


def _day(value: str | None, name: str) -> date | None:
    """A date field of a form: empty is none (the form sends every field), else YYYY-MM-DD."""
    if not value or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise HTTPException(422, Errors.E051.format(name=name, value=value)) from None


@router.get("/")
def board_page(conn: Conn, about: FilterText = None, entity: FilterText = None, outlet: FilterText = None,
               story: FilterText = None,
               since: Annotated[str | None, Query(max_length=10)] = None,
               until: Annotated[str | None, Query(max_length=10)] = None,
               unit: Annotated[str | None, Query(max_length=32)] = None,
               sort: Literal["conflict", "sources", "latest"] = "conflict", conflicts_only: bool = False,
               page: Annotated[int, Query(ge=1, le=100_000)] = 1,
               per_page: Annotated[int, Query(ge=1, le=50)] = STORIES_PER_PAGE):
    sid = queries.story_id(story.strip()) if story and story.strip() else None
    if story and story.strip() and sid is None:
        raise HTTPException(422, Errors.E049.format(option="story", value=story))
    flt = queries.GroupFilter(about=about, entity=entity, outlet=outlet, story=sid, since=_day(since, "since"),
                              until=_day(until, "until"),
                              unit=unit or None, conflicts_only=conflicts_only)
    result = queries.board(conn, flt, sort=sort, page=page, per_page=per_page)
    state = {k: v for k, v in (("about", about), ("entity", entity), ("outlet", outlet), ("story", story),
                                ("since", since), ("until", until), ("unit", unit),
                                ("conflicts_only", "true" if conflicts_only else None)) if v}
    if sort != "conflict":
        state["sort"] = sort
    if per_page != STORIES_PER_PAGE:
        state = {"per_page": per_page, **state}

    def query(**kw):
        return urlencode({**state, **kw})

    for s in result["stories"]:
        _story_view(s)
        s["more_href"] = f"/stories/{s['id']}" if s["id"] else "/?" + query()
    pages = max(1, -(-result["total"] // result["per_page"]))
    outlets, units = _form_facets(conn)
    return render("board.html", result=result, f=flt, story_ref=story, sort=sort, sorts=SORTS, pages=pages,
                  query=query, outlets=outlets, units=units,
                  filtered=bool(state), per_page=per_page, default_per_page=STORIES_PER_PAGE)


@router.get("/estimates/{ref}")
def group_page(conn: Conn, ref: str):
    gid = queries.group_id(ref)
    g = found_or_404(queries.estimate_group(conn, gid) if gid is not None else None, "estimate group", ref)
    decorate(g)
    for rg in g["related_groups"]:
        decorate(rg)
    chart = board.chart(g, g["related_groups"])
    tv = board.timeview(g, chart.sections[0].reports) if g["status"] in ("timeline", "revision") else None
    return render("group.html", g=g, chart=chart, tv=tv, unit_words={"person": "people", "item": "a count"}.get(g["unit"], g["unit"]))


@router.get("/stories/{ref}")
def story_page(conn: Conn, ref: str):
    sid = queries.story_id(ref)
    s = _story_view(found_or_404(queries.story(conn, sid) if sid is not None else None, "story", ref))
    for a in s["article_list"]:
        a["published_words"] = words.day(a["published"])
    return render("story.html", s=s)


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
def article_view(conn: Conn, ref: str, figure: Annotated[str | None, Query(max_length=16)] = None):
    found = found_or_404(queries.stored_article(conn, ref), "article", ref)
    links = {local: c["id"] for local, c in found.canonical.items()}
    groups = {q: g for g in queries.article_groups(conn, found) for q in g["quantities"]}
    target = next((q for q in found.record.quantities if q.id == figure), None)
    sentence = queries.sentence_span(found.text, *target.span) if target is not None else None
    return article_page(found.record, found.text, entity_links=links, groups=groups,
                        target=target.id if target else None, sentence=sentence)


@router.get("/entities/{ref}")
def entity_page(conn: Conn, ref: str):
    return render("entity.html", e=entity_or_404(conn, ref))


@router.get("/search")
def search_page(conn: Conn, q: Annotated[str | None, Query(max_length=500)] = None):
    result = None
    if q and q.strip():
        result = queries.search(conn, q)
        for a in result["articles"]:
            a["snippet_html"] = _snippet(a)
    return render("search.html", q=q, result=result)
