"""Reading the ledger: every command's answer is a query over what ingest stored.

Answers are plain lists and dicts (the ``--format json`` shapes); the CLI renders them.
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection, Text, case, func, literal_column, or_, select, text

from .. import words
from ..record.models import Record
from . import schema as t
from .entities import choose, lookup_keys, parse_name
from .estimates import INF, Point, read_group
from .store import ArticleResolver

_FAMILY_LABELS = ("PERSON", "ORG", "GPE", "NORP")


def _num(v):
    if v is None or (isinstance(v, float) and math.isinf(v)):
        return None
    return int(v) if isinstance(v, float) and v.is_integer() else v


def _iso(d):
    return d.isoformat() if d is not None else None


def _aid(article_id: int) -> str:
    return f"a{article_id}"


def _gid(group_id: int) -> str:
    return f"g{group_id}"


def _like(about: str) -> str:
    return "%" + about.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# Ids are INTEGER columns: 32-bit on PostgreSQL, where a larger number fails to bind.
MAX_ID = 2**31 - 1


RELATED_MAX = 10


def estimates(conn: Connection, *, about: str | None = None, conflicts_only: bool = False,
              limit: int | None = 50, members: int | None = 20, story: int | None = None,
              min_members: int = 1, ids: Sequence[int] | None = None, excerpts: bool = False) -> list[dict]:
    """Estimate groups, conflicts first then the most-reported, each with its members in date order
    and what they say together (``status``: conflict, revision, timeline, agreement, single; and
    ``reasons``, in words a reader can check).

    ``members`` keeps the latest reports of a large group (``members_total`` says how many it
    has); None keeps all. ``about`` matches the group's label, place and holder, and its members'
    counted words, predicates, sources and the entities they name (as ``GroupFilter`` does).
    ``ids`` picks the groups; ``excerpts`` adds each member's sentence (``excerpt``) and its
    article's title.
    """
    g = t.estimate_groups
    q = select(g, t.stories.c.label.label("story_label")).outerjoin(t.stories, t.stories.c.id == g.c.story_id) \
        .order_by(g.c.conflict.desc(), g.c.members.desc(), g.c.id)
    q = q.where(*group_conditions(conn, GroupFilter(about=about, conflicts_only=conflicts_only, story=story)))
    if ids is not None:
        q = q.where(g.c.id.in_(list(ids)))
    if min_members > 1:
        q = q.where(g.c.members >= min_members)
    if limit:
        q = q.limit(limit)
    groups = conn.execute(q).mappings().all()
    if not groups:
        return []
    ids = [row["id"] for row in groups]
    f, m, e, s = t.figures, t.estimate_members, t.entities, t.statements
    holder = t.entities.alias("holder")
    chosen = select(m.c.id, m.c.group_id, m.c.figure_id, m.c.interval_low, m.c.interval_high, m.c.date_start,
                    m.c.date_end, m.c.voice, m.c.scope,
                    func.row_number().over(partition_by=m.c.group_id, order_by=(
                        m.c.date_start.is_(None), m.c.date_start.desc(), m.c.id.desc())).label("recency")
                    ).where(m.c.group_id.in_(ids)).subquery()
    q = (select(chosen.c.group_id, chosen.c.interval_low, chosen.c.interval_high, chosen.c.date_start,
                chosen.c.date_end, chosen.c.voice, chosen.c.scope,
                f.c.local_id, f.c.article_id, f.c.value, f.c.low, f.c.high, f.c.bound, f.c.text, f.c.start,
                f.c.end, f.c.counted, f.c.predicate, f.c.said_on, f.c.published,
                func.coalesce(e.c.name, f.c.source).label("source"), f.c.source_entity_id, f.c.outlet,
                s.c.local_id.label("statement"), f.c.place,
                func.coalesce(holder.c.name, f.c.holder).label("holder"))
         .join(f, f.c.id == chosen.c.figure_id)
         .outerjoin(e, e.c.id == f.c.source_entity_id).outerjoin(s, s.c.id == f.c.statement_id)
         .outerjoin(holder, holder.c.id == f.c.holder_entity_id)
         .order_by(chosen.c.group_id, chosen.c.date_start.is_(None), chosen.c.date_start, chosen.c.interval_low,
                   chosen.c.id))
    if members:
        q = q.where(chosen.c.recency <= members)
    listed: dict[int, list[dict]] = {i: [] for i in ids}
    for r in conn.execute(q).mappings():
        listed[r["group_id"]].append({
            "quantity": r["local_id"], "article": _aid(r["article_id"]), "value": _num(r["value"]), "low": _num(r["low"]),
            "high": _num(r["high"]), "bound": r["bound"], "source": r["source"], "outlet": r["outlet"],
            "said_on": r["said_on"], "published": _iso(r["published"]), "date": r["said_on"] or _iso(r["published"]),
            "entity": None if r["source_entity_id"] is None else f"E{r['source_entity_id']}",
            "text": r["text"], "span": [r["start"], r["end"]], "counted": r["counted"], "predicate": r["predicate"],
            "place": r["place"], "statement": r["statement"],
            "scope_words": _scope_words(r),
            "interval": [_num(r["interval_low"]), _num(r["interval_high"])],
            "point": Point(r["interval_low"], INF if r["interval_high"] is None else r["interval_high"],
                           r["date_start"], r["date_end"], r["article_id"], r["voice"], r["scope"]),
        })
    ranked = select(g.c.id, g.c.base_key, func.row_number().over(
        partition_by=g.c.base_key, order_by=(g.c.members.desc(), g.c.id)).label("rank")
    ).where(g.c.base_key.in_({r["base_key"] for r in groups})).subquery()
    related: dict[str, list[int]] = {}
    for gid, base in conn.execute(select(ranked.c.id, ranked.c.base_key).where(ranked.c.rank <= RELATED_MAX + 1)):
        related.setdefault(base, []).append(gid)
    if excerpts:
        _add_excerpts(conn, [mem for ms in listed.values() for mem in ms])
    # A group listed whole counts its sources from what is listed; only a cut one asks the ledger.
    total = {r["id"]: r["members"] for r in groups}
    voices = {gid: len({mem["point"].voice for mem in ms})
              for gid, ms in listed.items() if len(ms) >= total[gid]}
    voices.update(sources(conn, [gid for gid in ids if gid not in voices]))
    out = []
    for r in groups:
        ms = listed[r["id"]]
        reading = read_group(ms, bool(r["cumulative"]) and r["family"] == "count", r["unit"])
        for mem in ms:
            del mem["point"]
        status = "conflict" if r["conflict"] else reading.status if reading.status != "conflict" else "agreement"
        out.append({
            "id": _gid(r["id"]), "label": r["label"], "unit": r["unit"], "conflict": bool(r["conflict"]),
            "status": status, "reasons": reading.reasons,
            "story": None if r["story_id"] is None else _sid(r["story_id"]), "story_label": r["story_label"],
            "cumulative": bool(r["cumulative"]), "predicate": r["predicate_class"], "kind": r["kind"],
            "place": r["place"], "period": r["period"],
            "spread": {"min": _num(r["min_value"]), "max": _num(r["max_value"])},
            "dates": {"first": _iso(r["first_date"]), "last": _iso(r["last_date"])},
            "related": [_gid(x) for x in related.get(r["base_key"], []) if x != r["id"]][:RELATED_MAX],
            "timeline": status == "timeline",
            "members_total": r["members"],
            "sources": voices.get(r["id"], 0),
            "members": ms,
        })
    return out


def _scope_words(r) -> str:
    """A member's scope as a reader checks it: whose, where, when ("General Motors' · in Ohio · 2009-01")."""
    place, period, whose = (r["scope"].split("|") + ["", ""])[:3]
    return " · ".join(filter(None, (words.possessive(r["holder"] or whose) if whose else None,
                                    f"in {r['place']}" if place and r["place"] else None, period or None)))


def _sid(story_id: int) -> str:
    return f"S{story_id}"


def stories(conn: Connection, *, limit: int | None = 50, about: str | None = None,
            ids: Sequence[int] | None = None) -> list[dict]:
    """Stories, the latest first: label, dates, articles, outlets, sources, groups and conflicts.
    ``ids`` picks the stories."""
    s, a, g, st = t.stories, t.articles, t.estimate_groups, t.statements
    q = select(s).order_by(s.c.last_date.is_(None), s.c.last_date.desc(), s.c.articles.desc(), s.c.id)
    if about:
        q = q.where(s.c.label.ilike(_like(about), escape="\\"))
    if ids is not None:
        q = q.where(s.c.id.in_(list(ids)))
    if limit:
        q = q.limit(limit)
    rows = conn.execute(q).mappings().all()
    if not rows:
        return []
    ids = [r["id"] for r in rows]
    groups = dict.fromkeys(ids, (0, 0, 0))
    for sid, n, multi, conflicts in conn.execute(
            select(g.c.story_id, func.count(), func.sum(case((g.c.members > 1, 1), else_=0)),
                   func.sum(case((g.c.conflict.is_(True), 1), else_=0)))
            .where(g.c.story_id.in_(ids)).group_by(g.c.story_id)):
        groups[sid] = (n, int(multi or 0), int(conflicts or 0))
    who = func.coalesce(st.c.source_entity_id.cast(Text), st.c.source_name)
    sources = dict(conn.execute(select(a.c.story_id, func.count(func.distinct(who)))
                                .join(st, st.c.article_id == a.c.id).where(a.c.story_id.in_(ids))
                                .group_by(a.c.story_id)).all())
    outlets = dict(conn.execute(select(a.c.story_id, func.count(func.distinct(a.c.outlet)))
                                .where(a.c.story_id.in_(ids)).group_by(a.c.story_id)).all())
    return [{
        "id": _sid(r["id"]), "label": r["label"], "articles": r["articles"],
        "first": _iso(r["first_date"]), "last": _iso(r["last_date"]),
        "outlets": outlets.get(r["id"], 0), "sources": sources.get(r["id"], 0),
        "groups": groups[r["id"]][0], "groups_with_several": groups[r["id"]][1], "conflicts": groups[r["id"]][2],
    } for r in rows]


def find_entities(conn: Connection, name: str) -> list[int]:
    """Canonical entities a user's name for them may mean ('Zelenskiy', 'President Putin', 'Nato')."""
    parsed_names = [p for p in (parse_name(name, label) for label in _FAMILY_LABELS) if p is not None]
    resolver = ArticleResolver(conn)
    resolver.preload(parsed_names, set())
    found: list[int] = []
    for parsed in parsed_names:
        exact, prefixes = lookup_keys(parsed)
        match = choose(parsed, resolver.candidates(exact, prefixes, parsed.family))
        # A name that several entities carry ('Bush') means each of them.
        for eid in (match.entity_id, *match.alternatives):
            if eid is not None and eid not in found:
                found.append(eid)
    return found


def _match_sqlite(user_text: str) -> str:
    """FTS5 query: every word must occur; quoting keeps the user's punctuation from being syntax."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in re.findall(r"\w+", user_text))


def _statement_search(conn: Connection, about: str):
    s = t.statements
    if conn.dialect.name == "sqlite":
        return s.c.id.in_(select(literal_column("rowid")).select_from(text("statements_fts"))
                          .where(text("statements_fts MATCH :q").bindparams(q=_match_sqlite(about))))
    return literal_column("statements.search").op("@@")(func.websearch_to_tsquery("english", about))


def statements(conn: Connection, *, by: str | None = None, about: str | None = None, limit: int | None = 100) -> list[dict]:
    s, a, e = t.statements, t.articles, t.entities
    q = (select(s, a.c.outlet, a.c.title, e.c.name.label("entity_name"))
         .join(a, a.c.id == s.c.article_id).outerjoin(e, e.c.id == s.c.source_entity_id)
         .order_by(s.c.published.desc(), s.c.id))
    if by:
        # The entities the name means; only when it means none, sources named like it.
        ids = find_entities(conn, by)
        q = q.where(s.c.source_entity_id.in_(ids) if ids else s.c.source_name.ilike(_like(by), escape="\\"))
    if about:
        if not re.search(r"\w", about):
            return []  # nothing to search for (and FTS5 rejects an empty query)
        q = q.where(_statement_search(conn, about))
    if limit:
        q = q.limit(limit)
    return [{
        "id": r["local_id"], "article": _aid(r["article_id"]), "outlet": r["outlet"], "published": _iso(r["published"]),
        "source": None if r["source_text"] is None else {
            "text": r["source_text"], "span": [r["source_start"], r["source_end"]],
            "name": r["entity_name"] or r["source_name"],
            "entity": None if r["source_entity_id"] is None else f"E{r['source_entity_id']}"},
        "cue": {"text": r["cue"], "lemma": r["cue_lemma"], "span": [r["cue_start"], r["cue_end"]]},
        "content": {"text": r["content"], "span": [r["content_start"], r["content_end"]]},
        "direct": bool(r["direct"]), "via": r["via"], "channel": r["channel"],
        "said_on": None if r["said_on_text"] is None else {"text": r["said_on_text"], "value": r["said_on"]},
    } for r in conn.execute(q).mappings()]


def entities(conn: Connection, *, type: str | None = None, limit: int | None = 100) -> list[dict]:
    e, al = t.entities, t.entity_aliases
    q = select(e).order_by(e.c.mentions.desc(), e.c.articles.desc(), e.c.id)
    if type:
        q = q.where(func.upper(e.c.type) == type.upper())
    if limit:
        q = q.limit(limit)
    rows = conn.execute(q).mappings().all()
    aliases: dict[int, list[str]] = {r["id"]: [] for r in rows}
    if rows:
        for eid, alias in conn.execute(select(al.c.entity_id, al.c.alias).where(
                al.c.entity_id.in_(list(aliases)), al.c.kind != "surname").order_by(al.c.id)):
            if alias not in aliases[eid]:
                aliases[eid].append(alias)
    return [{"id": f"E{r['id']}", "name": r["name"], "type": r["type"], "articles": r["articles"],
             "mentions": r["mentions"], "aliases": [x for x in aliases[r["id"]] if x != r["name"]]} for r in rows]


def article_where(ref: str):
    """An article by 'a7', 7, its input id, or a prefix of its content hash (8 characters or more)."""
    a = t.articles
    conds = [a.c.ref == ref]
    m = re.fullmatch(r"a?(\d+)", ref)
    if m and int(m[1]) <= MAX_ID:  # a longer number is an input id or a hash
        conds.append(a.c.id == int(m[1]))
    if re.fullmatch(r"[0-9a-f]{8,64}", ref):
        conds.append(a.c.hash.like(ref + "%"))
    return or_(*conds)


@dataclass(slots=True)
class StoredArticle:
    """An article as the ledger holds it: the record of the output contract, its text, and what
    the ledger added across articles (canonical entities, estimate groups)."""

    article: str  # the ledger's id, a<number>
    hash: str
    origin: str | None
    text: str
    record: Record
    canonical: dict[str, dict] = field(default_factory=dict)  # local entity id -> {"id": "E7", "name": ...}
    groups: dict[str, str] = field(default_factory=dict)  # local quantity id -> "g3"

    def as_json(self) -> dict:
        """The record with its text, each entity's ``canonical`` name and each quantity's ``group``
        (the shape of ``show --format json`` and ``GET /api/articles/{id}``)."""
        record = self.record.model_dump(mode="json")
        record["text"] = self.text
        for ent in record["entities"]:
            ent["canonical"] = (self.canonical.get(ent["id"]) or {}).get("name")
        for q in record["quantities"]:
            q["group"] = self.groups.get(q["id"])
        return {"article": self.article, "hash": self.hash, "origin": self.origin, "record": record}


MAX_REF = 200  # no article reference is longer; refusing longer ones keeps junk out of the query


def stored_article(conn: Connection, ref: str) -> StoredArticle | None:
    """The article ``ref`` names (``article_where``), or None."""
    if len(ref) > MAX_REF:
        return None
    a = t.articles
    row = conn.execute(select(a).where(article_where(ref)).order_by(a.c.id).limit(1)).mappings().first()
    if row is None:
        return None
    canonical = {local: {"id": f"E{eid}", "name": name} for local, eid, name in conn.execute(
        select(t.mentions.c.local_id, t.entities.c.id, t.entities.c.name).distinct()
        .join(t.entities, t.entities.c.id == t.mentions.c.entity_id)
        .where(t.mentions.c.article_id == row["id"]))}
    groups = {local: _gid(gid) for local, gid in conn.execute(
        select(t.figures.c.local_id, t.figures.c.group_id)
        .where(t.figures.c.article_id == row["id"], t.figures.c.group_id.is_not(None)))}
    return StoredArticle(article=_aid(row["id"]), hash=row["hash"], origin=row["origin"], text=row["text"],
                         record=Record.model_validate_json(row["record"]), canonical=canonical, groups=groups)


def show(conn: Connection, ref: str) -> dict | None:
    found = stored_article(conn, ref)
    return found.as_json() if found is not None else None


_HIT = ("\x02", "\x03")  # around a matched word in a snippet: characters no article text holds


def _snippet(raw: str | None) -> dict:
    """A snippet as ``snippet`` (matches in [brackets]) and as ``snippet_text`` with the
    ``matches`` spans in it, which a bracket of the article's own ("[Update]") cannot confuse."""
    parts = re.split(f"[{''.join(_HIT)}]", raw or "")
    matches, at = [], 0
    for i, part in enumerate(parts):
        if i % 2:
            matches.append([at, at + len(part)])
        at += len(part)
    bracketed = "".join(f"[{p}]" if i % 2 else p for i, p in enumerate(parts))
    return {"snippet": bracketed if raw is not None else None, "snippet_text": "".join(parts), "matches": matches}


def search(conn: Connection, query: str, *, limit: int = 20) -> dict:
    """Articles whose text, and statements whose content, match the words of ``query``; each
    article with a snippet (``snippet``, and ``snippet_text`` with its ``matches``)."""
    a = t.articles
    if conn.dialect.name == "sqlite":
        match = _match_sqlite(query)
        if not match:
            return {"articles": [], "statements": []}
        art = conn.execute(text(
            "SELECT a.id, a.title, a.outlet, a.published, snippet(articles_fts, 1, char(2), char(3), '…', 16) AS snippet "
            "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid WHERE articles_fts MATCH :q "
            "ORDER BY rank LIMIT :n"), {"q": match, "n": limit}).mappings().all()
    else:
        tsq = func.websearch_to_tsquery("english", query)
        vec = literal_column("articles.search")
        art = conn.execute(
            select(a.c.id, a.c.title, a.c.outlet, a.c.published,
                   func.ts_headline("english", a.c.text, tsq,
                                    f"StartSel={_HIT[0]}, StopSel={_HIT[1]}, MaxWords=24, MinWords=8").label("snippet"))
            .where(vec.op("@@")(tsq)).order_by(func.ts_rank(vec, tsq).desc()).limit(limit)).mappings().all()
    stm = statements(conn, about=query, limit=limit)
    return {"articles": [{"article": _aid(r["id"]), "title": r["title"], "outlet": r["outlet"],
                          "published": _iso(r["published"]) if not isinstance(r["published"], str) else r["published"],
                          **_snippet(r["snippet"])} for r in art],
            "statements": stm}


def stats(conn: Connection) -> dict:
    def n(table, *where):
        q = select(func.count()).select_from(table)
        return conn.execute(q.where(*where) if where else q).scalar_one()

    g = t.estimate_groups
    return {
        "articles": n(t.articles), "statements": n(t.statements), "quantities": n(t.figures),
        "entities": n(t.entities), "aliases": n(t.entity_aliases), "mentions": n(t.mentions), "times": n(t.times),
        "events": n(t.events), "estimate_groups": n(g), "grouped_quantities": n(t.estimate_members),
        "conflicts": n(g, g.c.conflict.is_(True)),
        "multi_member_groups": n(g, g.c.members > 1), "ingest_errors": n(t.ingest_errors),
        "first_published": _iso(conn.execute(select(func.min(t.articles.c.published))).scalar()),
        "last_published": _iso(conn.execute(select(func.max(t.articles.c.published))).scalar()),
    }


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
        "items": [{"article": _aid(r['id']), "ref": r["ref"], "title": r["title"], "outlet": r["outlet"],
                   "published": _iso(r["published"]), "url": r["url"]} for r in rows],
    }


def outlets(conn: Connection, limit: int = 200) -> list[str]:
    a = t.articles
    return [o for (o,) in conn.execute(
        select(a.c.outlet).where(a.c.outlet.is_not(None)).group_by(a.c.outlet).order_by(a.c.outlet).limit(limit))]


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
            "id": r["local_id"], "article": _aid(r['article_id']), "outlet": r["outlet"], "title": r["title"],
            "published": _iso(r["published"]), "source": r["source_text"], "cue": r["cue"],
            "content": r["content"], "direct": bool(r["direct"]), "via": r["via"], "channel": r["channel"],
            "said_on": None if r["said_on_text"] is None else {"text": r["said_on_text"], "value": r["said_on"]},
        } for r in said],
        "figures": [{
            "quantity": r["local_id"], "article": _aid(r['article_id']), "text": r["text"], "value": _num(r["value"]),
            "low": _num(r["low"]), "high": _num(r["high"]), "bound": r["bound"], "unit": r["unit"],
            "counted": r["counted"], "predicate": r["predicate"], "said_on": r["said_on"],
            "published": _iso(r["published"]), "outlet": r["outlet"],
            "group": None if r["group_id"] is None else _gid(r['group_id']),
        } for r in figures],
    }


# -- the board: stories, their groups, one group, one story ----------------------------------


@dataclass(frozen=True, slots=True)
class GroupFilter:
    """Which estimate groups a reader asks for; every field left empty lets all through."""

    about: str | None = None  # words of the label, place, holder, counted words, sources, entities
    entity: str | None = None  # E7, or a name: groups whose figures it claims, holds or is the place of
    outlet: str | None = None  # groups with a figure this outlet published
    story: int | None = None
    since: date | None = None  # groups with a figure dated on or after this day
    until: date | None = None
    unit: str | None = None
    conflicts_only: bool = False


def _entity_ids(conn: Connection, ref: str) -> list[int]:
    eid = entity_id(ref) if re.fullmatch(r"[Ee]\d+", ref.strip()) else None
    return [eid] if eid is not None else find_entities(conn, ref)


def _has_figure(condition):
    """The group has a figure meeting ``condition``: looked up by the group's index, so that a
    page of groups costs a page of lookups."""
    f = t.figures
    return select(f.c.id).where(f.c.group_id == t.estimate_groups.c.id, condition).exists()


def group_conditions(conn: Connection, flt: GroupFilter) -> list:
    """``flt`` as conditions on ``estimate_groups``."""
    g, f = t.estimate_groups, t.figures
    where = []
    if flt.about and flt.about.strip():
        pat = _like(flt.about.strip())
        said = [c.ilike(pat, escape="\\") for c in (f.c.counted, f.c.predicate, f.c.source, f.c.holder, f.c.place, f.c.text)]
        named = _entity_ids(conn, flt.about) if re.search(r"[^\W\d_]", flt.about) else []
        if named:
            said += [f.c.source_entity_id.in_(named), f.c.holder_entity_id.in_(named), f.c.place_entity_id.in_(named)]
        where.append(or_(*(c.ilike(pat, escape="\\") for c in (g.c.label, g.c.place, g.c.holder)),
                         _has_figure(or_(*said))))
    if flt.entity and flt.entity.strip():
        named = _entity_ids(conn, flt.entity)
        by_name = f.c.source.ilike(_like(flt.entity.strip()), escape="\\")
        claims = or_(f.c.source_entity_id.in_(named), f.c.holder_entity_id.in_(named),
                     f.c.place_entity_id.in_(named)) if named else by_name
        where.append(_has_figure(claims))
    if flt.outlet and flt.outlet.strip():
        where.append(_has_figure(func.lower(f.c.outlet) == flt.outlet.strip().lower()))
    if flt.story is not None:
        where.append(g.c.story_id == flt.story)
    if flt.since is not None:
        where.append(g.c.last_date >= flt.since)
    if flt.until is not None:
        where.append(g.c.first_date <= flt.until)
    if flt.unit:
        where.append(g.c.unit == flt.unit)
    if flt.conflicts_only:
        where.append(g.c.conflict.is_(True))
    return where


def sources(conn: Connection, ids: Sequence[int]) -> dict[int, int]:
    """How many sources each group's members come from: each voice once (a named source, or an
    article asserting a figure itself: every member has one)."""
    m = t.estimate_members
    ids = list(ids)
    if not ids:
        return {}
    return dict(conn.execute(select(m.c.group_id, func.count(func.distinct(m.c.voice)))
                             .where(m.c.group_id.in_(ids)).group_by(m.c.group_id)).all())


# A sentence ends at a full stop, question or exclamation mark (and any closing quote) before a
# space and a capital or digit, or at a line break; not after an initial or a title ("U.S.", "Mr.").
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])|\n+")
_NOT_AN_END = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sgt|Rep|Sen|Gov|Prof|Jr|Sr|No|vs|Inc|Corp|Co|"
                         r"Ltd|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec))\.$")
EXCERPT_MAX = 400  # characters of a sentence shown; a longer one is cut around its figure


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence of ``text`` that holds ``[start, end)``, cut to ``EXCERPT_MAX`` around it."""
    lo, hi = max(0, start - 2 * EXCERPT_MAX), min(len(text), end + 2 * EXCERPT_MAX)
    first, last = lo, hi
    for m in _SENTENCE_END.finditer(text, lo, hi):
        if m[0][0] != "\n" and _NOT_AN_END.search(text, max(lo, m.start() - 6), m.start() + 1):
            continue
        if m.end() <= start:
            first = m.end()
        elif m.start() >= end:
            last = m.start() + (0 if m[0][0] == "\n" else 1)
            break
    if last - first > EXCERPT_MAX:
        room = max(0, EXCERPT_MAX - (end - start)) // 2
        first, last = max(first, start - room), min(last, end + room)
    return first, last


def _add_excerpts(conn: Connection, members: list[dict]) -> None:
    """Each member's sentence as ``excerpt`` (its text, where the figure lies in it, and whether it
    was cut at either end) and its article's ``title``."""
    a = t.articles
    wanted = {int(m["article"][1:]) for m in members}
    found = {aid: (body, title) for aid, body, title in conn.execute(
        select(a.c.id, a.c.text, a.c.title).where(a.c.id.in_(wanted)))} if wanted else {}
    for m in members:
        body, title = found.get(int(m["article"][1:]), ("", None))
        start, end = m["span"]
        first, last = sentence_span(body, start, end)
        m["title"] = title
        m["excerpt"] = {"text": body[first:last], "figure": [start - first, end - first],
                        "cut_before": first > 0 and body[first - 1] not in ".!?\n \"”’" ,
                        "cut_after": last < len(body) and body[last - 1] not in ".!?\"”’"}


SORTS = ("conflict", "sources", "latest")


def _group_key(sort: str, g: dict):
    last = g["dates"]["last"] or ""
    if sort == "sources":
        return (-g["sources"], -g["members_total"], not g["conflict"], _neg(last))
    if sort == "latest":
        return (_neg(last), not g["conflict"], -g["sources"])
    return (not g["conflict"], -g["sources"], -g["members_total"], _neg(last))


def _neg(iso: str) -> tuple:
    """Sorts dates latest first (and undated last) inside an ascending key."""
    return (iso == "", tuple(-ord(c) for c in iso))


def board(conn: Connection, flt: GroupFilter | None = None, *, sort: str = "conflict", page: int = 1,
          per_page: int = 10, groups_per_story: int = 6, others_per_story: int = 8, members: int = 8) -> dict:
    """One page of the estimates board: the stories holding groups that ``flt`` lets through, and in
    each its groups with two or more sources (``several``, conflicts on top, or as ``sort`` says:
    conflict, sources, latest), then the groups of one source (``others``, singletons among them).

    Stories are ordered by ``sort`` too: by their conflicts, by their best-sourced group, or by
    their latest figure. ``total`` counts the stories, ``groups`` the groups that match.
    """
    flt = flt or GroupFilter()
    sort = sort if sort in SORTS else "conflict"
    g, s = t.estimate_groups, t.stories
    where = group_conditions(conn, flt)
    agg = (select(g.c.story_id, func.count().label("groups"),
                  func.sum(case((g.c.conflict.is_(True), 1), else_=0)).label("conflicts"),
                  func.sum(case((g.c.members > 1, 1), else_=0)).label("several"),
                  func.max(g.c.members).label("most"), func.max(g.c.last_date).label("latest"))
           .where(*where).group_by(g.c.story_id).subquery())
    order = {
        "conflict": (agg.c.conflicts.desc(), agg.c.several.desc(), agg.c.latest.is_(None), agg.c.latest.desc()),
        "sources": (agg.c.most.desc(), agg.c.conflicts.desc(), agg.c.latest.is_(None), agg.c.latest.desc()),
        "latest": (agg.c.latest.is_(None), agg.c.latest.desc(), agg.c.conflicts.desc()),
    }[sort]
    page = max(1, page)
    # One pass over the matching groups gives the page and the totals (a story is a few numbers).
    ranked = conn.execute(select(agg.c.story_id, agg.c.groups).order_by(*order, agg.c.story_id)).all()
    total, matched = len(ranked), sum(r.groups for r in ranked)
    story_ids = [r.story_id for r in ranked[(page - 1) * per_page:page * per_page]]
    listed = {int(x["id"][1:]): x for x in stories(conn, ids=[i for i in story_ids if i is not None], limit=None)}
    # The page's groups: what sorts them is read for all of them, their members only for those shown.
    known = [i for i in story_ids if i is not None]
    in_page = g.c.story_id.in_(known) if None not in story_ids else or_(g.c.story_id.in_(known), g.c.story_id.is_(None))
    cand = conn.execute(select(g.c.id, g.c.story_id, g.c.members, g.c.conflict, g.c.last_date)
                        .where(*where, in_page)).all()
    by_story: dict[int | None, list] = {}
    for c in cand:
        by_story.setdefault(c.story_id, []).append(c)
    voices = sources(conn, [c.id for c in cand if c.members > 1])
    brief = {c.id: {"id": c.id, "sources": voices.get(c.id, 1), "members_total": c.members,
                    "conflict": bool(c.conflict), "dates": {"last": _iso(c.last_date)}} for c in cand}
    shown_several, shown_others, plan = [], [], []
    for sid in story_ids:
        mine = [brief[c.id] for c in by_story[sid]]
        several = sorted((x for x in mine if x["sources"] >= 2), key=lambda x: (_group_key(sort, x), x["id"]))
        others = sorted((x for x in mine if x["sources"] < 2),
                        key=lambda x: (-x["members_total"], _neg(x["dates"]["last"] or ""), x["id"]))
        plan.append((sid, several, others))
        shown_several += [x["id"] for x in several[:groups_per_story]]
        shown_others += [x["id"] for x in others[:others_per_story]]
    full = {int(x["id"][1:]): x for x in estimates(conn, ids=shown_several, limit=None, members=members)}
    full.update({int(x["id"][1:]): x for x in estimates(conn, ids=shown_others, limit=None, members=1)})
    out = []
    for sid, several, others in plan:
        mine = by_story[sid]
        head = listed.get(sid) or {"id": None, "label": "Figures in no story", "articles": None, "first": None,
                                   "last": None, "outlets": None, "sources": None, "groups": len(mine),
                                   "groups_with_several": None, "conflicts": sum(bool(c.conflict) for c in mine)}
        out.append({**head, "matching": len(mine),
                    "several": [full[x["id"]] for x in several[:groups_per_story]],
                    "several_total": len(several),
                    "others": [full[x["id"]] for x in others[:others_per_story]],
                    "others_total": len(others)})
    return {"page": page, "per_page": per_page, "total": total, "groups": matched, "sort": sort, "stories": out}


def group_id(ref: str) -> int | None:
    return numeric_ref(ref, "gG")


def story_id(ref: str) -> int | None:
    return numeric_ref(ref, "sS")


GROUP_PAGE_MEMBERS = 500  # a group page lists this many reports at most, the latest


def estimate_group(conn: Connection, gid: int) -> dict | None:
    """One group for its page: every member (up to ``GROUP_PAGE_MEMBERS``) with its sentence, and
    its related groups with their latest members, so that they can share its axis."""
    found = estimates(conn, ids=[gid], limit=None, members=GROUP_PAGE_MEMBERS, excerpts=True)
    if not found:
        return None
    group = found[0]
    related = [int(r[1:]) for r in group["related"]]
    group["related_groups"] = sorted(estimates(conn, ids=related, limit=None, members=20),
                                     key=lambda x: related.index(int(x["id"][1:])))
    return group


_BOARD_ONLY = ("matching", "several", "several_total", "others", "others_total")


def story(conn: Connection, sid: int, *, articles_max: int = 500, sources_max: int = 12) -> dict | None:
    """One story: its articles in date order, its groups (as the board splits them) and its main
    sources (who is quoted most in its articles)."""
    # The board's entry for the story is the story's row with its groups split; a story without
    # groups is not on the board and is read alone.
    groups = board(conn, GroupFilter(story=sid), groups_per_story=1000, others_per_story=1000, per_page=1)
    if groups["stories"]:
        split = groups["stories"][0]
        head = {k: v for k, v in split.items() if k not in _BOARD_ONLY}
    else:
        split = {"several": [], "others": []}
        found = stories(conn, ids=[sid], limit=None)
        if not found:
            return None
        head = found[0]
    a, st, e = t.articles, t.statements, t.entities
    arts = conn.execute(select(a.c.id, a.c.title, a.c.outlet, a.c.published, a.c.ref).where(a.c.story_id == sid)
                        .order_by(a.c.published.is_(None), a.c.published, a.c.id).limit(articles_max)).all()
    who = func.coalesce(e.c.name, st.c.source_name)
    said = conn.execute(
        select(st.c.source_entity_id, who.label("name"), func.count().label("statements"),
               func.count(func.distinct(st.c.article_id)).label("articles"))
        .join(a, a.c.id == st.c.article_id).outerjoin(e, e.c.id == st.c.source_entity_id)
        .where(a.c.story_id == sid, who.is_not(None))
        .group_by(st.c.source_entity_id, who).order_by(func.count().desc(), who).limit(sources_max)).all()
    return {**head,
            "article_list": [{"article": _aid(r.id), "title": r.title, "outlet": r.outlet,
                              "published": _iso(r.published), "ref": r.ref} for r in arts],
            "main_sources": [{"entity": None if r.source_entity_id is None else f"E{r.source_entity_id}",
                              "name": r.name, "statements": r.statements, "articles": r.articles} for r in said],
            "several": split["several"], "others": split["others"]}


def article_groups(conn: Connection, found: StoredArticle) -> list[dict]:
    """The estimate groups an article's figures belong to, in the order of its figures, each with
    the article's quantities in it (``quantities``)."""
    order: dict[str, list[str]] = {}
    for local, gid in found.groups.items():
        order.setdefault(gid, []).append(local)
    ids = [int(gid[1:]) for gid in order]
    groups = {x["id"]: x for x in estimates(conn, ids=ids, limit=None, members=20)}
    out = []
    for gid, locals_ in order.items():
        if gid in groups:
            out.append({**groups[gid], "quantities": locals_})
    return out


def group_outlets(conn: Connection, limit: int = 200) -> list[str]:
    """The outlets whose figures are in estimate groups (every figure is), by name."""
    f = t.figures
    return [o for (o,) in conn.execute(select(f.c.outlet).where(f.c.outlet.is_not(None)).distinct()
                                       .order_by(f.c.outlet).limit(limit))]


def units(conn: Connection) -> list[str]:
    """The units estimate groups are in, the most common first."""
    g = t.estimate_groups
    return [u for (u,) in conn.execute(select(g.c.unit).group_by(g.c.unit).order_by(func.count().desc(), g.c.unit))]
