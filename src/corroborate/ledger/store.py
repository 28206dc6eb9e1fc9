"""Writing to the ledger: one article, with everything its record carries, per transaction.

A killed ingest leaves every committed article whole and nothing of the one in flight; the
article's content hash makes a re-run skip what is there. Cross-article work is incremental:
each article entity is joined to a canonical one through the alias index, and each figure is
put in its estimate group by key, so storing an article costs the same on a large ledger.
``add_many`` stores a batch of articles in one transaction on PostgreSQL, the bulk tables by
COPY, with the same cross-article step and the same resulting rows.
"""
from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache

from sqlalchemy import Connection, Engine, and_, bindparam, distinct, func, insert, or_, select, text, update
from sqlalchemy.exc import IntegrityError

from ..errors import Errors
from ..ingest.article import Article
from ..lexicons import load
from ..record.models import Record
from . import schema as t
from .db import dialect_insert, open_engine
from .entities import PREFIX_LEN, Candidate, Name, Resolver, lookup_keys, name_key, parse_name, resolve_article
from .estimates import ARTICLE_VOICE
from .group_index import GroupIndex
from .stories import article_terms
from .story_index import LedgerStoryIndex


# The latest articles of a candidate whose entities weigh an ambiguous name: enough to know a
# story's cast, and a bound on the query however often the candidate is named.
NEIGHBOUR_ARTICLES = 20


class ArticleResolver(Resolver):
    """Canonical entities for one article's transaction.

    The aliases the article's names could match are read in one query (``preload``); entities,
    aliases and renames are kept in memory and written in a few statements by ``flush``, so an
    article costs a handful of statements however many entities it names. Only a name that
    several entities carry asks for more: the entities named beside each of them in their
    latest articles (``neighbours``, a bounded query).
    """

    def __init__(self, conn: Connection):
        self.conn = conn
        self.pool: list[Candidate] = []
        self.new: dict[int, tuple[str, str, str]] = {}  # temporary id (< 0) -> name, type, family
        self.renamed: dict[int, str] = {}
        self.aliases: dict[tuple[int, str, str], tuple[str, str, float]] = {}  # new: -> display, evidence, confidence
        self.stored: dict[tuple[int, str, str], None] = {}  # aliases in the table this article wrote again
        self._in_table: set[tuple[int, str, str]] = set()

    def preload(self, names: list[Name], extra_keys: set[str]) -> None:
        exact, prefixes = set(extra_keys), set()
        for name in names:
            e, p = lookup_keys(name)
            exact |= e
            prefixes |= p
        if not exact:
            return
        a, e = t.entity_aliases, t.entities
        rows = self.conn.execute(
            select(a.c.entity_id, e.c.name, a.c.family, a.c.key, a.c.kind, e.c.mentions)
            .join(e, e.c.id == a.c.entity_id)
            .where(or_(a.c.key.in_(sorted(exact)),
                       and_(a.c.prefix.in_(sorted(prefixes)), a.c.family.in_(sorted({n.family for n in names}))))))
        self.pool = [Candidate(*row) for row in rows]
        self._in_table = {(c.entity_id, c.key, c.kind) for c in self.pool}

    def candidates(self, exact, prefixes, family):
        return [c for c in self.pool if (family is None or c.family == family)
                and (c.key in exact or c.key[:PREFIX_LEN] in prefixes)]

    def create(self, name: Name, label: str) -> int:
        temp = -1 - len(self.new)
        self.new[temp] = (name.display, label, name.family)
        return temp

    def add_aliases(self, entity_id, aliases):
        family, canonical = self._describe(entity_id)
        known = {(c.key, c.kind) for c in self.pool if c.entity_id == entity_id}
        for key, kind, display, evidence, confidence in aliases:
            if (entity_id, key, kind) in self._in_table:
                self.stored[(entity_id, key, kind)] = None
            elif (key, kind) not in known:
                self.aliases[(entity_id, key, kind)] = (display, evidence, confidence)
                self.pool.append(Candidate(entity_id, canonical, family, key, kind, 0))
            known.add((key, kind))

    def rename(self, entity_id, display):
        self.renamed[entity_id] = display
        if entity_id in self.new:
            _, label, family = self.new[entity_id]
            self.new[entity_id] = (display, label, family)
        self.pool = [c._replace(canonical=display) if c.entity_id == entity_id else c for c in self.pool]

    def weights_of(self, entity_ids):
        weights = {c.entity_id: c.weight for c in self.pool}
        return {e: weights.get(e, 0) for e in entity_ids}

    def is_named(self, entity_id, key):
        _, canonical = self._describe(entity_id)
        return name_key(canonical) == key

    def neighbours(self, entity_ids, context):
        stored = sorted(e for e in context if e > 0)
        out = {}
        for eid in entity_ids:
            if eid < 0 or not stored:
                out[eid] = 0
                continue
            out[eid] = self.conn.execute(_NEIGHBOURS, {"eid": eid, "context": stored}).scalar_one()
        return out

    def _describe(self, entity_id: int) -> tuple[str, str]:
        if entity_id in self.new:
            return self.new[entity_id][2], self.new[entity_id][0]
        c = next(c for c in self.pool if c.entity_id == entity_id)
        return c.family, self.renamed.get(entity_id, c.canonical)

    def flush(self) -> dict[int, int]:
        """Write what the article added; returns temporary id -> entity id."""
        ids: dict[int, int] = {}
        if self.new:
            temps = list(self.new)
            rows = [dict(name=n, type=label, family=f, articles=0, mentions=0) for n, label, f in self.new.values()]
            created = self.conn.execute(insert(t.entities).returning(t.entities.c.id, sort_by_parameter_order=True),
                                        rows).scalars().all()
            ids = dict(zip(temps, created))
        renames = [dict(eid=k, new_name=v) for k, v in self.renamed.items() if k not in self.new]
        if renames:
            self.conn.execute(_RENAME, renames)
        if self.stored:
            self.conn.execute(_ALIAS_SEEN, [dict(eid=e, k=k, kd=kind) for e, k, kind in self.stored])
        if self.aliases:
            families = {c.entity_id: c.family for c in self.pool}
            # An alias another article gave since the preload is already there: keep that one.
            self.conn.execute(_insert_ignoring_duplicates(self.conn, t.entity_aliases), [
                dict(entity_id=ids.get(eid, eid), alias=display, key=key, kind=kind, family=families[eid],
                     prefix=key[:PREFIX_LEN], evidence=evidence, confidence=confidence, articles=1)
                for (eid, key, kind), (display, evidence, confidence) in self.aliases.items()])
        return ids


def _insert_ignoring_duplicates(conn: Connection, table):
    return dialect_insert(conn, table).on_conflict_do_nothing()


_SET_GROUP = update(t.figures).where(t.figures.c.id == bindparam("fid")).values(group_id=bindparam("gid"))
_RENAME = update(t.entities).where(t.entities.c.id == bindparam("eid")).values(name=bindparam("new_name"))
_al = t.entity_aliases
_ALIAS_SEEN = update(_al).where(_al.c.entity_id == bindparam("eid"), _al.c.key == bindparam("k"),
                                _al.c.kind == bindparam("kd")).values(articles=_al.c.articles + 1)
_mn = t.mentions
# How many of an article's other entities were named in a candidate's latest articles.
_NEIGHBOURS = select(func.count(distinct(_mn.c.entity_id))).where(
    _mn.c.entity_id.in_(bindparam("context", expanding=True)),
    _mn.c.article_id.in_(select(_mn.c.article_id).where(_mn.c.entity_id == bindparam("eid"))
                         .distinct().order_by(_mn.c.article_id.desc()).limit(NEIGHBOUR_ARTICLES).scalar_subquery()))
_COUNT = update(t.entities).where(t.entities.c.id == bindparam("eid")).values(
    articles=t.entities.c.articles + 1, mentions=t.entities.c.mentions + bindparam("n"))


class Ledger:
    """A ledger database: ``Ledger(db)`` with a path, a URL, or None for the default."""

    def __init__(self, db: str | None = None, *, engine: Engine | None = None):
        self.engine = engine or open_engine(db)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def stores_batches(self) -> bool:
        """``add_many`` stores a batch in one transaction (PostgreSQL, by COPY)."""
        return self.engine.dialect.name == "postgresql"

    def stored_id(self, content_hash: str) -> int | None:
        """The id of the article with this content hash, if the ledger holds it."""
        with self.engine.connect() as conn:
            return conn.execute(select(t.articles.c.id).where(t.articles.c.hash == content_hash)).scalar()

    def has(self, content_hash: str) -> bool:
        return self.stored_id(content_hash) is not None

    def known(self, hashes: list[str]) -> set[str]:
        """Those of ``hashes`` the ledger holds (one query)."""
        with self.engine.connect() as conn:
            return _stored(conn, hashes)

    def log_error(self, origin: str, stage: str, reason: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(t.ingest_errors).values(
                at=datetime.now(timezone.utc).replace(tzinfo=None), origin=origin or "?", stage=stage, reason=reason))

    def regroup(self) -> int:
        """Stories and estimate groups formed again from the stored records (``regroup``)."""
        return regroup(self.engine)

    def join_stories(self, story_id: int, others: list[int]) -> tuple[int, int]:
        """Stories joined into ``story_id`` and their figures grouped together (``join-stories``)."""
        return join_stories(self.engine, story_id, others)

    def add(self, article: Article, record: Record) -> int | None:
        """Store one analysed article in one transaction; None when it is there already."""
        try:
            with self.engine.begin() as conn:
                if conn.execute(select(t.articles.c.id).where(t.articles.c.hash == article.content_hash)).first():
                    return None
                groups = GroupIndex(conn)
                article_id = _write(conn, article, record, _Rows(conn), groups)
                groups.flush()
                return article_id
        except IntegrityError:
            # Another writer stored the same article between the check and the insert.
            if self.has(article.content_hash):
                return None
            raise

    def add_many(self, pairs: list[tuple[Article, Record]]) -> list[int | None]:
        """PostgreSQL: store analysed articles in one transaction, the bulk tables by COPY; an
        article id each, None for one stored already (or earlier in ``pairs``). Raises when any
        fails, and then nothing is stored: store those one by one (``add``) to find it.

        The ledger comes out as ``add`` for each in turn makes it: the cross-article step
        (entity joining, estimate groups) runs article by article, in SQL against the joined
        tables, before the rows it decides are copied.
        """
        with self.engine.begin() as conn:
            hashes = [article.content_hash for article, _ in pairs]
            seen = _stored(conn, hashes)
            new: list[tuple[Article, Record]] = []
            for pair, content_hash in zip(pairs, hashes):
                if content_hash not in seen:
                    seen.add(content_hash)
                    new.append(pair)
            rows = _CopyRows(conn, {t.articles: len(new), t.statements: sum(len(r.statements) for _, r in new),
                                    t.figures: sum(len(r.quantities) for _, r in new)})
            groups = GroupIndex(conn)
            ids = {}
            for article, record in new:
                ids[article.content_hash] = _write(conn, article, record, rows, groups)
            rows.copy()
            groups.flush()
        return [ids.pop(h, None) for h in hashes]


def regroup(engine: Engine) -> int:
    """Form the stories and estimate groups again from the stored records, in the order the
    articles were stored (what ingesting them again would give, without analysing anything);
    articles a reader joined into one story stay in one. One transaction: a failure leaves the
    ledger as it was. Returns the articles regrouped."""
    a = t.articles
    with engine.begin() as conn:
        conn.execute(update(t.figures).values(group_id=None))
        conn.execute(update(a).values(story_id=None))
        for table in (t.estimate_members, t.estimate_groups, t.story_terms, t.stories, t.term_frequencies):
            conn.execute(table.delete())
        groups = GroupIndex(conn)
        anchored: dict[int, int] = {}  # a joined story's first article -> the story its articles are in now
        done = 0
        for aid, outlet, title, published, raw, anchor in conn.execute(
                select(a.c.id, a.c.outlet, a.c.title, a.c.published, a.c.record, a.c.story_anchor).order_by(a.c.id)).all():
            record = Record.model_validate_json(raw)
            story_id = _story(conn, record, title, published, into=anchored.get(anchor))
            if anchor is not None:
                anchored.setdefault(anchor, story_id)
            conn.execute(update(a).where(a.c.id == aid).values(story_id=story_id))
            _group_stored(conn, groups, aid, story_id, outlet, published, record)
            done += 1
    return done


def join_stories(engine: Engine, story_id: int, others: list[int]) -> tuple[int, int]:
    """The other stories are one story with ``story_id`` (a reader says they report one
    developing story): their articles join it, and its figures are grouped again together, in
    the order they were stored. Kept through ``regroup``. One transaction. Returns the articles
    and the figures of the story now."""
    a, s = t.articles, t.stories
    ids = [story_id, *dict.fromkeys(o for o in others if o != story_id)]
    with engine.begin() as conn:
        found = set(conn.execute(select(s.c.id).where(s.c.id.in_(ids))).scalars())
        missing = [i for i in ids if i not in found]
        if missing:
            raise LookupError(Errors.E045.format(ids=", ".join(f"S{i}" for i in missing)))
        in_story = a.c.story_id.in_(ids)
        anchors = set(conn.execute(select(a.c.story_anchor).where(in_story, a.c.story_anchor.is_not(None))).scalars())
        anchor = min(anchors | {conn.execute(select(func.min(a.c.id)).where(in_story)).scalar_one()})
        conn.execute(update(a).where(or_(in_story, a.c.story_anchor.in_(anchors)))
                     .values(story_id=story_id, story_anchor=anchor))
        old_groups = select(t.estimate_groups.c.id).where(t.estimate_groups.c.story_id.in_(ids))
        conn.execute(t.estimate_members.delete().where(t.estimate_members.c.group_id.in_(old_groups)))
        conn.execute(update(t.figures).where(t.figures.c.group_id.in_(old_groups)).values(group_id=None))
        conn.execute(t.estimate_groups.delete().where(t.estimate_groups.c.story_id.in_(ids)))
        LedgerStoryIndex(conn).join(story_id, ids[1:])
        groups = GroupIndex(conn)
        articles = figures = 0
        for aid, outlet, published, raw in conn.execute(
                select(a.c.id, a.c.outlet, a.c.published, a.c.record).where(a.c.story_id == story_id).order_by(a.c.id)).all():
            figures += _group_stored(conn, groups, aid, story_id, outlet, published, Record.model_validate_json(raw))
            articles += 1
    return articles, figures


def _group_stored(conn: Connection, groups: GroupIndex, aid: int, story_id: int, outlet, published,
                  record: Record) -> int:
    """The estimate groups of a stored article's figures, formed in ``story_id``. Returns the figures."""
    canonical = dict(conn.execute(select(t.mentions.c.local_id, t.mentions.c.entity_id).distinct().where(
        t.mentions.c.article_id == aid, t.mentions.c.entity_id.is_not(None))).all())
    names = dict(conn.execute(select(t.entities.c.id, t.entities.c.name)
                              .where(t.entities.c.id.in_(set(canonical.values())))).all()) if canonical else {}
    statement_ids = {local: (sid, entity) for local, sid, entity in conn.execute(
        select(t.statements.c.local_id, t.statements.c.id, t.statements.c.source_entity_id)
        .where(t.statements.c.article_id == aid))}
    rows, groupings = _figure_rows(aid, story_id, outlet, published, record, statement_ids, canonical, names)
    figure_ids = dict(conn.execute(select(t.figures.c.local_id, t.figures.c.id)
                                   .where(t.figures.c.article_id == aid)).all())
    members, grouped = [], []
    for row, grouping in zip(rows, groupings):
        gid, pt = groups.assign(grouping)
        fid = figure_ids[row["local_id"]]
        grouped.append(dict(fid=fid, gid=gid))
        if pt is not None:
            members.append(dict(groups.members(gid, pt, row["value"]), figure_id=fid))
    if grouped:
        conn.execute(_SET_GROUP, grouped)
    if members:
        conn.execute(insert(t.estimate_members), members)
    groups.flush()
    return len(rows)


def _stored(conn: Connection, hashes: list[str]) -> set[str]:
    return set(conn.execute(select(t.articles.c.hash).where(t.articles.c.hash.in_(hashes))).scalars())


class _Rows:
    """Rows straight into their tables, ids from the database as they are inserted."""

    def __init__(self, conn: Connection):
        self.conn = conn

    def add(self, table, rows: list[dict], ids: bool = False) -> list[int]:
        if not rows:
            return []
        if ids:
            return self.conn.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True),
                                     rows).scalars().all()
        self.conn.execute(insert(table), rows)
        return []


class _CopyRows(_Rows):
    """Rows kept for PostgreSQL's COPY at the end of a batch. The ids other rows refer to are
    drawn beforehand from the tables' sequences, ``reserve[table]`` of them, in order: with no
    other writer they are the ids inserting the rows one article after another gives."""

    def __init__(self, conn: Connection, reserve: dict):
        super().__init__(conn)
        self.rows: dict = {}
        self.ids = {table: iter(sorted(conn.execute(
            text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"),
            {"table": table.name, "n": n}).scalars())) for table, n in reserve.items()}

    def add(self, table, rows: list[dict], ids: bool = False) -> list[int]:
        if ids:
            for row in rows:
                row["id"] = next(self.ids[table])
        self.rows.setdefault(table, []).extend(rows)
        return [row["id"] for row in rows] if ids else []

    def copy(self) -> None:
        from psycopg import sql

        with self.conn.connection.driver_connection.cursor() as cur:
            for table in t.metadata.sorted_tables:  # referenced tables first
                rows = self.rows.get(table)
                if not rows:
                    continue
                names = list(rows[0])
                statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
                    sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, names)))
                with cur.copy(statement) as copy:
                    for row in rows:
                        copy.write_row([row[name] for name in names])


def _write(conn: Connection, article: Article, record: Record, sink: _Rows, groups: GroupIndex) -> int:
    published, published_from = article.dated()
    stored = record.model_copy(update={"text": None})
    title = record.title or article.title
    story_id = _story(conn, record, title, published)
    (article_id,) = sink.add(t.articles, [dict(
        hash=article.content_hash, ref=article.id, title=title, published=published, published_from=published_from,
        outlet=article.outlet, url=article.url, origin=article.origin, text=article.text,
        record=stored.model_dump_json(), ingested_at=datetime.now(timezone.utc).replace(tzinfo=None), story_id=story_id,
    )], ids=True)

    canonical = _entities(conn, article_id, record, sink)
    names = dict(conn.execute(select(t.entities.c.id, t.entities.c.name)
                              .where(t.entities.c.id.in_(set(canonical.values())))).all()) if canonical else {}
    statement_ids = _statements(article_id, record, canonical, names, published, sink)
    _figures(article_id, story_id, article, published, record, statement_ids, canonical, names, sink, groups)
    if record.times:
        sink.add(t.times, [
            dict(article_id=article_id, text=x.text, start=x.span[0], end=x.span[1], type=x.type, value=x.value,
                 mod=x.mod) for x in record.times])
    if record.events:
        sink.add(t.events, [
            dict(article_id=article_id, local_id=v.id, type=v.type, mode=v.mode, trigger=v.trigger.text,
                 start=v.trigger.span[0], end=v.trigger.span[1], actor=v.actor, recipient=v.recipient,
                 location=v.location, when=v.when, statement=v.statement) for v in record.events])
    return article_id


def _story(conn: Connection, record: Record, title: str | None, published, into: int | None = None) -> int:
    """The story the article joins (or opens; ``into``, whatever its words), named after its most
    central titled article."""
    stories = LedgerStoryIndex(conn)
    counts = article_terms(record.terms, ((e.name, e.type, len(e.mentions)) for e in record.entities))
    story_id, centrality = stories.assign(counts, published, into)
    stories.label(story_id, title or _main_names(record), centrality if title else -1.0)
    return story_id


def _main_names(record: Record) -> str:
    """A story's name until one of its articles has a title: the article's most mentioned names."""
    named = sorted((e for e in record.entities if e.type in ("PERSON", "ORG", "GPE", "EVENT")),
                   key=lambda e: (-len(e.mentions), e.id))
    return " · ".join(e.name for e in named[:3]) or "untitled story"


def _entities(conn: Connection, article_id: int, record: Record, sink: _Rows) -> dict[str, int]:
    """Local entity id -> canonical entity id, with the article's mentions stored."""
    resolver = ArticleResolver(conn)
    names = [n for n in (parse_name(e.name, e.type) for e in record.entities) if n is not None]
    mention_names = (parse_name(m.text, e.type) for e in record.entities for m in e.mentions)
    resolver.preload(names, {n.key for n in mention_names if n is not None})
    resolved = dict(zip((ent.id for ent in record.entities), resolve_article(
        resolver, [(ent.name, ent.type, [m.text for m in ent.mentions]) for ent in record.entities])))
    ids = resolver.flush()
    canonical = {local: ids.get(eid, eid) for local, eid in resolved.items() if eid is not None}
    counts: dict[int, int] = {}
    for ent in record.entities:
        if ent.id in canonical:
            counts[canonical[ent.id]] = counts.get(canonical[ent.id], 0) + max(1, len(ent.mentions))
    if counts:
        conn.execute(_COUNT, [dict(eid=eid, n=n) for eid, n in counts.items()])
    rows = [dict(article_id=article_id, entity_id=canonical.get(ent.id), local_id=ent.id, local_name=ent.name,
                 type=ent.type, text=m.text, start=m.span[0], end=m.span[1])
            for ent in record.entities for m in ent.mentions]
    sink.add(t.mentions, rows)
    return canonical


def _statements(article_id, record, canonical, names, published, sink: _Rows) -> dict[str, tuple[int, int | None]]:
    """Local statement id -> (statement row id, canonical source entity)."""
    if not record.statements:
        return {}
    rows = []
    for s in record.statements:
        src = s.source
        entity = canonical.get(src.entity) if src is not None and src.entity else None
        rows.append(dict(
            article_id=article_id, local_id=s.id,
            source_text=src.text if src else None, source_start=src.span[0] if src else None,
            source_end=src.span[1] if src else None,
            source_name=names.get(entity) or (src.name if src else None), source_entity_id=entity,
            cue=s.cue.text, cue_lemma=s.cue.lemma, cue_start=s.cue.span[0], cue_end=s.cue.span[1],
            content=s.content.text, content_start=s.content.span[0], content_end=s.content.span[1],
            direct=s.direct, via=s.via, channel=s.channel,
            said_on_text=s.said_on.text if s.said_on else None, said_on=s.said_on.value if s.said_on else None,
            published=published,
        ))
    ids = sink.add(t.statements, rows, ids=True)
    return {row["local_id"]: (sid, row["source_entity_id"]) for row, sid in zip(rows, ids)}


def _figures(article_id, story_id, article: Article, published, record: Record, statement_ids, canonical, names,
             sink: _Rows, groups: GroupIndex) -> None:
    rows, groupings = _figure_rows(article_id, story_id, article.outlet, published, record, statement_ids, canonical,
                                   names)
    points = []
    for row, grouping in zip(rows, groupings):
        row["group_id"], pt = groups.assign(grouping)
        points.append(pt)
    ids = sink.add(t.figures, rows, ids=True)
    sink.add(t.estimate_members, [dict(groups.members(row["group_id"], pt, row["value"]), figure_id=fid)
                                  for row, fid, pt in zip(rows, ids, points) if pt is not None])


def _figure_rows(article_id, story_id, outlet, published, record: Record, statement_ids, canonical, names):
    """The figures table's rows of an article, and what grouping compares of each."""
    said = {s.id: s.said_on.value for s in record.statements if s.said_on is not None}
    voices = _voices(record, canonical)
    rows, groupings = [], []
    for q in record.quantities:
        sid, source_entity = statement_ids.get(q.statement, (None, None)) if q.statement else (None, None)
        m = q.measure
        holder = canonical.get(m.holder.entity) if m and m.holder and m.holder.entity else None
        place = canonical.get(m.place.entity) if m and m.place and m.place.entity else None
        row = dict(
            article_id=article_id, local_id=q.id, statement_id=sid, text=q.text, start=q.span[0], end=q.span[1],
            value=q.value, low=q.low, high=q.high, bound=q.bound, unit=q.unit,
            counted=q.counted.text if q.counted else None, counted_start=q.counted.span[0] if q.counted else None,
            counted_end=q.counted.span[1] if q.counted else None, predicate=q.predicate,
            source=q.source, source_entity_id=source_entity, said_on=said.get(q.statement), published=published,
            outlet=outlet,
            kind=m.kind if m else None, head=m.head if m else None,
            modifiers="+".join(sorted(m.modifiers)) if m else None, holder_entity_id=holder,
            holder=m.holder.text if m and m.holder else None,
            predicate_class=m.predicate if m else None, verb=m.verb if m else None,
            place=m.place.text if m and m.place else None, place_entity_id=place,
            period=m.period.value if m and m.period else None, part=m.part if m else None,
            sentence=m.sentence if m else None,
        )
        on_day = _day_of(m)
        if on_day is not None:
            row["said_on"], row["period"] = on_day, None  # "rose to 31 on Saturday": its date, not its scope
        rows.append(row)
        # A figure no source is named for is the article's own claim: its voice is the article's,
        # so that an article never contradicts itself but two articles can.
        voice = voices.get(q.statement) if sid else None
        groupings.append(dict(row, story_id=story_id, voice=voice or f"{ARTICLE_VOICE}{article_id}",
                              scope=_scope(row), holder_name=names.get(holder) or row["holder"],
                              place_name=names.get(place) or row["place"]))
    return rows, groupings


def _day_of(m) -> str | None:
    """The day a figure's own clause dates it to ("on Saturday", "Monday"), when its period is one."""
    p = m.period if m else None
    if p is None or p.type != "DATE" or p.relation not in (None, "on") or not p.value or len(p.value) != 10:
        return None
    return p.value


def _voices(record: Record, canonical: dict[str, int]) -> dict[str, str]:
    """Statement id -> who the claim is by: its source's canonical entity, or for a spokesperson
    the organisation they speak for ("Directorate spokeswoman Lena Morrow": the directorate),
    else the source as named. Statements without a source have none.

    A spokesperson speaks for the organisation in every statement of theirs in the article, not
    only in the one whose source words give the title ("Morrow said", "she added"): one person
    is one voice, and never contradicts themself."""
    roles = spokesperson_roles()
    bodies = [(m.span, e.id) for e in record.entities if e.type in ("ORG", "GPE", "NORP") for m in e.mentions]

    def spoken_for(src) -> str | None:
        if not set(src.text.lower().replace(",", " ").split()) & roles:
            return None
        return next((eid for (a, b), eid in bodies if src.span[0] <= a and b <= src.span[1] and eid in canonical), None)

    speaks_for: dict[str, str] = {}  # a spokesperson's entity -> the organisation's
    for s in record.statements:
        if s.source is not None and s.source.entity and (body := spoken_for(s.source)):
            speaks_for.setdefault(s.source.entity, body)
    out = {}
    for s in record.statements:
        src = s.source
        if src is None:
            continue
        body = spoken_for(src) or speaks_for.get(src.entity)
        entity = canonical.get(body) if body else canonical.get(src.entity) if src.entity else None
        out[s.id] = f"E{entity}" if entity is not None else (src.name or src.text).casefold()
    return out


@lru_cache(maxsize=1)
def spokesperson_roles() -> frozenset[str]:
    return frozenset(w for w in load("titles.json")["roles"]["spokesperson"] if " " not in w)


def _scope(fig: dict) -> str:
    """The named place (by its entity), the period, and whose it is, for a figure: figures of
    other scopes are never compared, and one whose holder is not known is not compared with one
    whose holder is. A place named only by a common noun ("across the valley") is the story's
    own and no scope of its own."""
    place = f"E{fig['place_entity_id']}" if fig["place_entity_id"] else ""
    holder = f"E{fig['holder_entity_id']}" if fig["holder_entity_id"] else (fig["holder"] or "")
    return f"{place}|{fig['period'] or ''}|{holder}"
