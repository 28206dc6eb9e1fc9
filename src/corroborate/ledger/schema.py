"""The ledger's tables, as a person reads them (in Datasette, psql or a CSV export).

Alembic migrations (``migrations/versions``) create and evolve these; this module is what the
code queries through. Offsets are ``[start, end)`` code points into ``articles.text``; the ids
inside one article's record (``e1``, ``s1``, ``q1``) are kept as ``local_id``.
"""
from __future__ import annotations

from sqlalchemy import (
    Boolean, Column, Date, DateTime, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text,
)

metadata = MetaData()

articles = Table(
    "articles", metadata,
    Column("id", Integer, primary_key=True),
    Column("hash", String(64), nullable=False, unique=True, comment="sha256 of the normalised text (+ URL)"),
    Column("ref", Text, comment="the id the input gave"),
    Column("title", Text),
    Column("published", Date),
    Column("outlet", Text),
    Column("url", Text),
    Column("origin", Text, comment="file (and line or record) it was read from"),
    Column("text", Text, nullable=False),
    Column("record", Text, nullable=False, comment="the analysis record (output contract), JSON"),
    Column("ingested_at", DateTime, nullable=False),
)

entities = Table(
    "entities", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, comment="canonical name: the fullest form seen"),
    Column("type", String(16), nullable=False),
    Column("family", String(16), nullable=False, comment="labels that can name the same referent"),
    Column("articles", Integer, nullable=False, default=0),
    Column("mentions", Integer, nullable=False, default=0),
    Index("ix_entities_family", "family"),
    Index("ix_entities_mentions", "mentions"),
)

entity_aliases = Table(
    "entity_aliases", metadata,
    Column("id", Integer, primary_key=True),
    Column("entity_id", Integer, ForeignKey("entities.id"), nullable=False),
    Column("alias", Text, nullable=False, comment="as written"),
    Column("key", Text, nullable=False, comment="normalised form it is looked up by"),
    Column("kind", String(16), nullable=False, comment="name | surname | acronym"),
    Column("family", String(16), nullable=False),
    Column("prefix", String(8), nullable=False, comment="first letters of the key: fuzzy candidates share it"),
    Column("evidence", Text, comment="why the entity was joined under this alias: same name, surname, acronym, ..."),
    Column("confidence", Float, comment="how sure that join is, 0-1"),
    Column("articles", Integer, nullable=False, default=1, server_default="1",
           comment="articles that wrote the entity so"),
    Index("ix_entity_aliases_key", "key", "family"),
    Index("ix_entity_aliases_prefix", "prefix", "family"),
    Index("ux_entity_aliases", "entity_id", "key", "kind", unique=True),
)

mentions = Table(
    "mentions", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
    Column("entity_id", Integer, ForeignKey("entities.id")),
    Column("local_id", String(16), nullable=False, comment="the entity's id in the article's record"),
    Column("local_name", Text, nullable=False, comment="the entity's name in the article"),
    Column("type", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Index("ix_mentions_article", "article_id"),
    Index("ix_mentions_entity_article", "entity_id", "article_id"),
)

statements = Table(
    "statements", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
    Column("local_id", String(16), nullable=False),
    Column("source_text", Text),
    Column("source_start", Integer),
    Column("source_end", Integer),
    Column("source_name", Text, comment="canonical name of the source, or the record's name for it"),
    Column("source_entity_id", Integer, ForeignKey("entities.id")),
    Column("cue", Text, nullable=False),
    Column("cue_lemma", Text, nullable=False),
    Column("cue_start", Integer, nullable=False),
    Column("cue_end", Integer, nullable=False),
    Column("content", Text, nullable=False),
    Column("content_start", Integer, nullable=False),
    Column("content_end", Integer, nullable=False),
    Column("direct", Boolean, nullable=False),
    Column("via", Text),
    Column("channel", Text),
    Column("said_on_text", Text),
    Column("said_on", String(32), comment="TIMEX3 value of when it was said"),
    Column("published", Date),
    Index("ix_statements_article", "article_id"),
    Index("ix_statements_source_entity", "source_entity_id", "published"),
    Index("ix_statements_source_name", "source_name"),
)

estimate_groups = Table(
    "estimate_groups", metadata,
    Column("id", Integer, primary_key=True),
    Column("key", Text, nullable=False, unique=True, comment="unit|head|modifiers|predicate class|place"),
    Column("base_key", Text, nullable=False, comment="unit|head|modifiers: groups sharing it are related"),
    Column("label", Text, nullable=False),
    Column("unit", String(32), nullable=False),
    Column("head", Text, nullable=False),
    Column("modifiers", Text, nullable=False),
    Column("predicate_class", String(32)),
    Column("place", Text),
    Column("cumulative", Boolean, nullable=False),
    Column("conflict", Boolean, nullable=False, default=False),
    Column("members", Integer, nullable=False, default=0),
    Column("min_value", Float),
    Column("max_value", Float),
    Column("first_date", Date),
    Column("last_date", Date),
    Index("ix_estimate_groups_base", "base_key"),
    Index("ix_estimate_groups_board", "conflict", "members"),
)

figures = Table(
    "figures", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
    Column("local_id", String(16), nullable=False),
    Column("statement_id", Integer, ForeignKey("statements.id")),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("value", Float),
    Column("low", Float),
    Column("high", Float),
    Column("bound", String(8), nullable=False),
    Column("unit", String(32), nullable=False),
    Column("counted", Text),
    Column("counted_start", Integer),
    Column("counted_end", Integer),
    Column("predicate", Text),
    Column("source", Text, comment="canonical name of who claims it; null when the outlet asserts it"),
    Column("source_entity_id", Integer, ForeignKey("entities.id")),
    Column("said_on", String(32)),
    Column("published", Date),
    Column("outlet", Text, comment="the article's outlet, kept here so the estimates board reads no article row"),
    Column("group_id", Integer, ForeignKey("estimate_groups.id")),
    Index("ix_figures_article", "article_id"),
    Index("ix_figures_group", "group_id"),
)

estimate_members = Table(
    "estimate_members", metadata,
    Column("id", Integer, primary_key=True),
    Column("group_id", Integer, ForeignKey("estimate_groups.id"), nullable=False),
    Column("figure_id", Integer, ForeignKey("figures.id"), nullable=False, unique=True),
    Column("interval_low", Float, nullable=False, comment="smallest value the figure admits"),
    Column("interval_high", Float, comment="largest value it admits; null: no ceiling"),
    Column("date_start", Date, comment="first day of its date: said_on, else published"),
    Column("date_end", Date),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
    Column("voice", Text, comment="who claims it (E<entity id> or the source's name); null: the outlet"),
    Index("ix_estimate_members_group", "group_id", "date_start"),
    # The conflict check looks for members wholly above or below a new figure.
    Index("ix_estimate_members_low", "group_id", "interval_low"),
    Index("ix_estimate_members_high", "group_id", "interval_high"),
)

times = Table(
    "times", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("type", String(16), nullable=False),
    Column("value", String(64)),
    Column("mod", String(32)),
    Index("ix_times_article", "article_id"),
)

events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
    Column("local_id", String(16), nullable=False),
    Column("type", String(32), nullable=False),
    Column("mode", Text),
    Column("trigger", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("actor", String(16)),
    Column("recipient", String(16)),
    Column("location", String(16)),
    Column("when", Text),
    Column("statement", String(16)),
    Index("ix_events_article", "article_id"),
)

ingest_errors = Table(
    "ingest_errors", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime, nullable=False),
    Column("origin", Text, nullable=False, comment="file, and line or record"),
    Column("stage", String(16), nullable=False, comment="read | analyse | store"),
    Column("reason", Text, nullable=False),
)
