"""Reads the web needs that the ledger's queries (``ledger/queries.py``) do not answer.

Shapes follow the ledger's: articles are ``a<id>``, entities ``E<id>``, dates ISO strings.
"""
from __future__ import annotations

import re
from datetime import date

from sqlalchemy import Connection, func, select

from ..ledger import schema as t


def _iso(d):
    return d.isoformat() if d is not None else None


def _num(v):
    return int(v) if isinstance(v, float) and v.is_integer() else v


# Ids are INTEGER columns: 32-bit on PostgreSQL, where a larger number fails to bind.
MAX_ID = 2**31 - 1


def numeric_ref(ref: str, prefix: str) -> int | None:
    """The number of ``a7`` / ``E7`` / ``7``; None when it is no number or too large to be an id."""
    m = re.fullmatch(rf"[{prefix}]?(\d{{1,12}})", ref)
    return int(m[1]) if m and int(m[1]) <= MAX_ID else None


def entity_id(ref: str) -> int | None:
    return numeric_ref(ref, "Ee")


def articles(conn: Connection, *, outlet: str | None = None, since: date | None = None, until: date | None = None,
             page: int = 1, per_page: int = 20) -> dict:
    """One page of articles, newest first, with how many match in all."""
    a = t.articles
    where = []
    if outlet:
        where.append(func.lower(a.c.outlet) == outlet.lower())
    if since:
        where.append(a.c.published >= since)
    if until:
        where.append(a.c.published <= until)
    total = conn.execute(select(func.count()).select_from(a).where(*where)).scalar_one()
    rows = conn.execute(
        select(a.c.id, a.c.ref, a.c.title, a.c.outlet, a.c.published, a.c.url)
        .where(*where).order_by(a.c.published.is_(None), a.c.published.desc(), a.c.id.desc())
        .limit(per_page).offset((page - 1) * per_page)).mappings().all()
    return {
        "page": page, "per_page": per_page, "total": total,
        "items": [{"article": f"a{r['id']}", "ref": r["ref"], "title": r["title"], "outlet": r["outlet"],
                   "published": _iso(r["published"]), "url": r["url"]} for r in rows],
    }


def outlets(conn: Connection, limit: int = 200) -> list[str]:
    a = t.articles
    return [o for (o,) in conn.execute(
        select(a.c.outlet).where(a.c.outlet.is_not(None)).group_by(a.c.outlet).order_by(a.c.outlet).limit(limit))]


def entity_links(conn: Connection, article: int) -> dict[str, str]:
    """An article's local entity ids (``e1``) -> canonical ids (``E7``), for links to entity pages."""
    m = t.mentions
    return {local: f"E{eid}" for local, eid in conn.execute(
        select(m.c.local_id, m.c.entity_id).where(m.c.article_id == article, m.c.entity_id.is_not(None)).distinct())}


def entity(conn: Connection, eid: int, *, limit: int = 500) -> dict | None:
    """One entity: what it said or was reported to say and the figures it put forward, oldest first."""
    e, al, s, f, a = t.entities, t.entity_aliases, t.statements, t.figures, t.articles
    row = conn.execute(select(e).where(e.c.id == eid)).mappings().first()
    if row is None:
        return None
    aliases, evidence = [], []
    for r in conn.execute(select(al.c.alias, al.c.kind, al.c.evidence, al.c.confidence, al.c.articles)
                          .where(al.c.entity_id == eid).order_by(al.c.articles.desc(), al.c.id)).mappings():
        if r["kind"] != "surname" and r["alias"] != row["name"] and r["alias"] not in aliases:
            aliases.append(r["alias"])
        # why each name form belongs to the entity: what it was joined on, how sure, how often
        evidence.append({"alias": r["alias"], "kind": r["kind"], "evidence": r["evidence"],
                         "confidence": r["confidence"], "articles": r["articles"]})
    said = conn.execute(
        select(s.c.local_id, s.c.article_id, s.c.source_text, s.c.cue, s.c.content, s.c.direct, s.c.via,
               s.c.channel, s.c.said_on_text, s.c.said_on, s.c.published, a.c.outlet, a.c.title)
        .join(a, a.c.id == s.c.article_id).where(s.c.source_entity_id == eid)
        .order_by(s.c.published.is_(None), s.c.published, s.c.said_on, s.c.article_id, s.c.content_start)
        .limit(limit)).mappings().all()
    figures = conn.execute(
        select(f.c.local_id, f.c.article_id, f.c.text, f.c.value, f.c.low, f.c.high, f.c.bound, f.c.unit,
               f.c.counted, f.c.predicate, f.c.said_on, f.c.published, f.c.outlet, f.c.group_id)
        .where(f.c.source_entity_id == eid)
        .order_by(f.c.published.is_(None), f.c.published, f.c.said_on, f.c.article_id, f.c.start)
        .limit(limit)).mappings().all()
    return {
        "id": f"E{row['id']}", "name": row["name"], "type": row["type"], "articles": row["articles"],
        "mentions": row["mentions"], "aliases": aliases, "evidence": evidence,
        "statements": [{
            "id": r["local_id"], "article": f"a{r['article_id']}", "outlet": r["outlet"], "title": r["title"],
            "published": _iso(r["published"]), "source": r["source_text"], "cue": r["cue"],
            "content": r["content"], "direct": bool(r["direct"]), "via": r["via"], "channel": r["channel"],
            "said_on": None if r["said_on_text"] is None else {"text": r["said_on_text"], "value": r["said_on"]},
        } for r in said],
        "figures": [{
            "quantity": r["local_id"], "article": f"a{r['article_id']}", "text": r["text"], "value": _num(r["value"]),
            "low": _num(r["low"]), "high": _num(r["high"]), "bound": r["bound"], "unit": r["unit"],
            "counted": r["counted"], "predicate": r["predicate"], "said_on": r["said_on"],
            "published": _iso(r["published"]), "outlet": r["outlet"],
            "group": None if r["group_id"] is None else f"g{r['group_id']}",
        } for r in figures],
    }
