"""The ledger's tables, as a person reads them (in Datasette, psql or a CSV export).

Alembic migrations (``migrations/versions``) create and evolve these; this module is what the
code queries through. Offsets are ``[start, end)`` code points into ``articles.text``; the ids
inside one article's record (``e1``, ``s1``, ``q1``) are kept as ``local_id``.
"""
from __future__ import annotations

from sqlalchemy import (
    Boolean, Column, Date, DateTime, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text, false,
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
    Column("published_from", String(16), comment="input | url | dateline: given, or inferred from the URL or text"),
    Column("story_id", Integer, ForeignKey("stories.id"), comment="the real-world event or story it reports"),
    Column("story_anchor", Integer, comment="set when a reader joined stories: the first article of the joined "
           "story, so that forming stories again keeps them together"),
    Index("ix_articles_story", "story_id", "published"),
)

stories = Table(
    "stories", metadata,
    Column("id", Integer, primary_key=True),
    Column("label", Text, nullable=False, comment="the title of its most central article, or its main names"),
    Column("label_score", Float, nullable=False, default=0.0, comment="how central that article is (cosine)"),
    Column("articles", Integer, nullable=False, default=0),
    Column("first_date", Date),
    Column("last_date", Date),
    Index("ix_stories_dates", "last_date"),
)

story_terms = Table(
    "story_terms", metadata,
    Column("story_id", Integer, ForeignKey("stories.id"), primary_key=True),
    Column("term", Text, primary_key=True, comment="a salient lemma, or @name of an entity"),
    Column("weight", Float, nullable=False, comment="its weight in the story's centroid"),
    # New articles find their candidate stories through their strongest terms.
    Index("ix_story_terms_term", "term", "story_id"),
)

term_frequencies = Table(
    "term_frequencies", metadata,
    Column("term", Text, primary_key=True),
    Column("articles", Integer, nullable=False, comment="how many articles hold it"),
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
    Column("story_id", Integer, ForeignKey("stories.id")),
    Column("base_key", Text, nullable=False, comment="story|unit|kind|modifiers|holder: groups sharing it are related"),
    Column("label", Text, nullable=False),
    Column("unit", String(32), nullable=False),
    Column("family", String(32), nullable=False, comment="units whose figures are compared (a count of people, a bare count)"),
    Column("kind", Text, comment="what is counted, by synonym class (troops, jobs), or what a sum is the amount of"),
    Column("modifiers", Text, nullable=False, comment="identity modifiers, + joined (north korean)"),
    Column("holder_entity_id", Integer, ForeignKey("entities.id"), comment="whose: jobs, loans, losses of whom"),
    Column("holder", Text, comment="that holder as written, or the common noun naming one (the programme)"),
    Column("predicate_class", String(32)),
    Column("place_entity_id", Integer, ForeignKey("entities.id"), comment="the named place of its figures"),
    Column("place", Text, comment="that place as written"),
    Column("period", String(32), comment="TIMEX3 value of the period its figures refer to"),
    Column("part", Boolean, nullable=False, default=False, server_default=false(), comment="its figures are given as parts of another"),
    Column("cumulative", Boolean, nullable=False),
    Column("conflict", Boolean, nullable=False, default=False),
    Column("members", Integer, nullable=False, default=0),
    Column("min_value", Float),
    Column("max_value", Float),
    Column("first_date", Date),
    Column("last_date", Date),
    Index("ix_estimate_groups_story", "story_id", "family"),
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
    Column("kind", Text, comment="the measure (record quantities[].measure): what is counted, by synonym class"),
    Column("head", Text, comment="lemma of the counted noun"),
    Column("modifiers", Text, comment="identity modifiers, + joined"),
    Column("holder_entity_id", Integer, ForeignKey("entities.id")),
    Column("holder", Text, comment="whose it is as written, or the common noun naming it (the programme)"),
    Column("predicate_class", String(32)),
    Column("verb", Text),
    Column("place", Text, comment="the place of this figure as written"),
    Column("place_entity_id", Integer, ForeignKey("entities.id")),
    Column("period", String(32), comment="TIMEX3 value of the period it refers to"),
    Column("part", Boolean, comment="given as part of another figure (including $281m in cash)"),
    Column("sentence", Integer, comment="index of its sentence in the article"),
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
    Column("scope", Text, nullable=False, default="", server_default="", comment="place as written | period: only one scope's figures are compared"),
    Column("value", Float, comment="the figure as stated: members stating the same value are evidence"),
    Index("ix_estimate_members_group", "group_id", "date_start"),
    Index("ix_estimate_members_value", "group_id", "value"),
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
