"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-25

The tables of ledger/schema.py, and full-text search over article text and statement content:
FTS5 tables kept by triggers on SQLite, generated tsvector columns with GIN indexes on PostgreSQL.
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('articles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False, comment='sha256 of the normalised text (+ URL)'),
    sa.Column('ref', sa.Text(), nullable=True, comment='the id the input gave'),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('outlet', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('origin', sa.Text(), nullable=True, comment='file (and line or record) it was read from'),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('record', sa.Text(), nullable=False, comment='the analysis record (output contract), JSON'),
    sa.Column('ingested_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('hash')
    )
    op.create_table('entities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False, comment='canonical name: the fullest form seen'),
    sa.Column('type', sa.String(length=16), nullable=False),
    sa.Column('family', sa.String(length=16), nullable=False, comment='labels that can name the same referent'),
    sa.Column('articles', sa.Integer(), nullable=False),
    sa.Column('mentions', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.create_index('ix_entities_family', ['family'], unique=False)
        batch_op.create_index('ix_entities_mentions', ['mentions'], unique=False)

    op.create_table('estimate_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.Text(), nullable=False, comment='unit|head|modifiers|predicate class|place'),
    sa.Column('base_key', sa.Text(), nullable=False, comment='unit|head|modifiers: groups sharing it are related'),
    sa.Column('label', sa.Text(), nullable=False),
    sa.Column('unit', sa.String(length=32), nullable=False),
    sa.Column('head', sa.Text(), nullable=False),
    sa.Column('modifiers', sa.Text(), nullable=False),
    sa.Column('predicate_class', sa.String(length=32), nullable=True),
    sa.Column('place', sa.Text(), nullable=True),
    sa.Column('cumulative', sa.Boolean(), nullable=False),
    sa.Column('conflict', sa.Boolean(), nullable=False),
    sa.Column('members', sa.Integer(), nullable=False),
    sa.Column('min_value', sa.Float(), nullable=True),
    sa.Column('max_value', sa.Float(), nullable=True),
    sa.Column('first_date', sa.Date(), nullable=True),
    sa.Column('last_date', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    with op.batch_alter_table('estimate_groups', schema=None) as batch_op:
        batch_op.create_index('ix_estimate_groups_base', ['base_key'], unique=False)
        batch_op.create_index('ix_estimate_groups_board', ['conflict', 'members'], unique=False)

    op.create_table('ingest_errors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('origin', sa.Text(), nullable=False, comment='file, and line or record'),
    sa.Column('stage', sa.String(length=16), nullable=False, comment='read | analyse | store'),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('entity_aliases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('alias', sa.Text(), nullable=False, comment='as written'),
    sa.Column('key', sa.Text(), nullable=False, comment='normalised form it is looked up by'),
    sa.Column('kind', sa.String(length=16), nullable=False, comment='name | surname | acronym'),
    sa.Column('family', sa.String(length=16), nullable=False),
    sa.Column('prefix', sa.String(length=8), nullable=False, comment='first letters of the key: fuzzy candidates share it'),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('entity_aliases', schema=None) as batch_op:
        batch_op.create_index('ix_entity_aliases_key', ['key', 'family'], unique=False)
        batch_op.create_index('ix_entity_aliases_prefix', ['prefix', 'family'], unique=False)
        batch_op.create_index('ux_entity_aliases', ['entity_id', 'key', 'kind'], unique=True)

    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('local_id', sa.String(length=16), nullable=False),
    sa.Column('type', sa.String(length=32), nullable=False),
    sa.Column('mode', sa.Text(), nullable=True),
    sa.Column('trigger', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('actor', sa.String(length=16), nullable=True),
    sa.Column('recipient', sa.String(length=16), nullable=True),
    sa.Column('location', sa.String(length=16), nullable=True),
    sa.Column('when', sa.Text(), nullable=True),
    sa.Column('statement', sa.String(length=16), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_article', ['article_id'], unique=False)

    op.create_table('mentions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('local_id', sa.String(length=16), nullable=False, comment="the entity's id in the article's record"),
    sa.Column('local_name', sa.Text(), nullable=False, comment="the entity's name in the article"),
    sa.Column('type', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.create_index('ix_mentions_article', ['article_id'], unique=False)
        batch_op.create_index('ix_mentions_entity', ['entity_id'], unique=False)

    op.create_table('statements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('local_id', sa.String(length=16), nullable=False),
    sa.Column('source_text', sa.Text(), nullable=True),
    sa.Column('source_start', sa.Integer(), nullable=True),
    sa.Column('source_end', sa.Integer(), nullable=True),
    sa.Column('source_name', sa.Text(), nullable=True, comment="canonical name of the source, or the record's name for it"),
    sa.Column('source_entity_id', sa.Integer(), nullable=True),
    sa.Column('cue', sa.Text(), nullable=False),
    sa.Column('cue_lemma', sa.Text(), nullable=False),
    sa.Column('cue_start', sa.Integer(), nullable=False),
    sa.Column('cue_end', sa.Integer(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('content_start', sa.Integer(), nullable=False),
    sa.Column('content_end', sa.Integer(), nullable=False),
    sa.Column('direct', sa.Boolean(), nullable=False),
    sa.Column('via', sa.Text(), nullable=True),
    sa.Column('channel', sa.Text(), nullable=True),
    sa.Column('said_on_text', sa.Text(), nullable=True),
    sa.Column('said_on', sa.String(length=32), nullable=True, comment='TIMEX3 value of when it was said'),
    sa.Column('published', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ),
    sa.ForeignKeyConstraint(['source_entity_id'], ['entities.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.create_index('ix_statements_article', ['article_id'], unique=False)
        batch_op.create_index('ix_statements_source_entity', ['source_entity_id', 'published'], unique=False)
        batch_op.create_index('ix_statements_source_name', ['source_name'], unique=False)

    op.create_table('times',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=16), nullable=False),
    sa.Column('value', sa.String(length=64), nullable=True),
    sa.Column('mod', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('times', schema=None) as batch_op:
        batch_op.create_index('ix_times_article', ['article_id'], unique=False)

    op.create_table('figures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('local_id', sa.String(length=16), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('low', sa.Float(), nullable=True),
    sa.Column('high', sa.Float(), nullable=True),
    sa.Column('bound', sa.String(length=8), nullable=False),
    sa.Column('unit', sa.String(length=32), nullable=False),
    sa.Column('counted', sa.Text(), nullable=True),
    sa.Column('counted_start', sa.Integer(), nullable=True),
    sa.Column('counted_end', sa.Integer(), nullable=True),
    sa.Column('predicate', sa.Text(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True, comment='canonical name of who claims it; null when the outlet asserts it'),
    sa.Column('source_entity_id', sa.Integer(), nullable=True),
    sa.Column('said_on', sa.String(length=32), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('outlet', sa.Text(), nullable=True, comment="the article's outlet, kept here so the estimates board reads no article row"),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ),
    sa.ForeignKeyConstraint(['group_id'], ['estimate_groups.id'], ),
    sa.ForeignKeyConstraint(['source_entity_id'], ['entities.id'], ),
    sa.ForeignKeyConstraint(['statement_id'], ['statements.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('figures', schema=None) as batch_op:
        batch_op.create_index('ix_figures_article', ['article_id'], unique=False)
        batch_op.create_index('ix_figures_group', ['group_id'], unique=False)

    op.create_table('estimate_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('figure_id', sa.Integer(), nullable=False),
    sa.Column('interval_low', sa.Float(), nullable=False, comment='smallest value the figure admits'),
    sa.Column('interval_high', sa.Float(), nullable=True, comment='largest value it admits; null: no ceiling'),
    sa.Column('date_start', sa.Date(), nullable=True, comment='first day of its date: said_on, else published'),
    sa.Column('date_end', sa.Date(), nullable=True),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('voice', sa.Text(), nullable=True, comment="who claims it (E<entity id> or the source's name); null: the outlet"),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ),
    sa.ForeignKeyConstraint(['figure_id'], ['figures.id'], ),
    sa.ForeignKeyConstraint(['group_id'], ['estimate_groups.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('figure_id')
    )
    with op.batch_alter_table('estimate_members', schema=None) as batch_op:
        batch_op.create_index('ix_estimate_members_group', ['group_id', 'date_start'], unique=False)
        batch_op.create_index('ix_estimate_members_low', ['group_id', 'interval_low'], unique=False)
        batch_op.create_index('ix_estimate_members_high', ['group_id', 'interval_high'], unique=False)

    _create_search(op.get_bind().dialect.name)


_SQLITE_SEARCH = [
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id', "
    "tokenize='porter unicode61')",
    "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); END",
    "CREATE VIRTUAL TABLE statements_fts USING fts5(content, source_name, content='statements', "
    "content_rowid='id', tokenize='porter unicode61')",
    "CREATE TRIGGER statements_fts_insert AFTER INSERT ON statements BEGIN "
    "INSERT INTO statements_fts(rowid, content, source_name) VALUES (new.id, new.content, new.source_name); END",
    "CREATE TRIGGER statements_fts_delete AFTER DELETE ON statements BEGIN "
    "INSERT INTO statements_fts(statements_fts, rowid, content, source_name) "
    "VALUES ('delete', old.id, old.content, old.source_name); END",
]

_POSTGRES_SEARCH = [
    "ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS "
    "(to_tsvector('english', coalesce(title, '') || ' ' || text)) STORED",
    "CREATE INDEX ix_articles_search ON articles USING gin (search)",
    "ALTER TABLE statements ADD COLUMN search tsvector GENERATED ALWAYS AS "
    "(to_tsvector('english', content || ' ' || coalesce(source_name, ''))) STORED",
    "CREATE INDEX ix_statements_search ON statements USING gin (search)",
]


def _create_search(dialect: str) -> None:
    for sql in {"sqlite": _SQLITE_SEARCH, "postgresql": _POSTGRES_SEARCH}.get(dialect, []):
        op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("articles_fts_insert", "articles_fts_delete", "statements_fts_insert", "statements_fts_delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS articles_fts")
        op.execute("DROP TABLE IF EXISTS statements_fts")
    with op.batch_alter_table('estimate_members', schema=None) as batch_op:
        batch_op.drop_index('ix_estimate_members_high')
        batch_op.drop_index('ix_estimate_members_low')
        batch_op.drop_index('ix_estimate_members_group')

    op.drop_table('estimate_members')
    with op.batch_alter_table('figures', schema=None) as batch_op:
        batch_op.drop_index('ix_figures_group')
        batch_op.drop_index('ix_figures_article')

    op.drop_table('figures')
    with op.batch_alter_table('times', schema=None) as batch_op:
        batch_op.drop_index('ix_times_article')

    op.drop_table('times')
    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.drop_index('ix_statements_source_name')
        batch_op.drop_index('ix_statements_source_entity')
        batch_op.drop_index('ix_statements_article')

    op.drop_table('statements')
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.drop_index('ix_mentions_entity')
        batch_op.drop_index('ix_mentions_article')

    op.drop_table('mentions')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_article')

    op.drop_table('events')
    with op.batch_alter_table('entity_aliases', schema=None) as batch_op:
        batch_op.drop_index('ux_entity_aliases')
        batch_op.drop_index('ix_entity_aliases_prefix')
        batch_op.drop_index('ix_entity_aliases_key')

    op.drop_table('entity_aliases')
    op.drop_table('ingest_errors')
    with op.batch_alter_table('estimate_groups', schema=None) as batch_op:
        batch_op.drop_index('ix_estimate_groups_board')
        batch_op.drop_index('ix_estimate_groups_base')

    op.drop_table('estimate_groups')
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.drop_index('ix_entities_mentions')
        batch_op.drop_index('ix_entities_family')

    op.drop_table('entities')
    op.drop_table('articles')
