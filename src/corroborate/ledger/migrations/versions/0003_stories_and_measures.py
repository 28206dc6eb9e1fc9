"""stories and measures

Revision ID: 0003
Revises: 0002_entity_evidence
Create Date: 2026-12-02

Stories (articles of one real-world event, found through an index of their terms), each
figure's measure (kind, holder, modifiers, predicate, place, period), and estimate groups
formed within a story on those fields. The groups of a ledger made before this revision were
formed on strings by other rules: they are emptied here; `corroborate regroup` forms them again
from the stored records (re-ingest what was analysed before the records carried measures).
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002_entity_evidence'
branch_labels = None
depends_on = None


def _add_reference(table: str, column: str, target: str, comment: str | None = None) -> None:
    """A nullable reference column added in place, on SQLite too (its ADD COLUMN takes REFERENCES)."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f'ALTER TABLE {table} ADD COLUMN {column} INTEGER REFERENCES {target} (id)')
    else:
        op.add_column(table, sa.Column(column, sa.Integer(), sa.ForeignKey(f'{target}.id'), nullable=True, comment=comment))


def upgrade() -> None:
    op.create_table('stories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('label', sa.Text(), nullable=False, comment='the title of its most central article, or its main names'),
    sa.Column('label_score', sa.Float(), nullable=False, comment='how central that article is (cosine)'),
    sa.Column('articles', sa.Integer(), nullable=False),
    sa.Column('first_date', sa.Date(), nullable=True),
    sa.Column('last_date', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.create_index('ix_stories_dates', ['last_date'], unique=False)

    op.create_table('story_terms',
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('term', sa.Text(), nullable=False, comment='a salient lemma, or @name of an entity'),
    sa.Column('weight', sa.Float(), nullable=False, comment="its weight in the story's centroid"),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], ),
    sa.PrimaryKeyConstraint('story_id', 'term')
    )
    with op.batch_alter_table('story_terms', schema=None) as batch_op:
        batch_op.create_index('ix_story_terms_term', ['term', 'story_id'], unique=False)

    op.create_table('term_frequencies',
    sa.Column('term', sa.Text(), nullable=False),
    sa.Column('articles', sa.Integer(), nullable=False, comment='how many articles hold it'),
    sa.PrimaryKeyConstraint('term')
    )

    # Columns added in place (SQLite's ADD COLUMN takes a REFERENCES clause): a table rebuilt
    # would lose the full-text triggers on articles, and cost a copy of every row.
    op.add_column('articles', sa.Column('published_from', sa.String(length=16), nullable=True, comment='input | url | dateline: given, or inferred from the URL or text'))
    _add_reference('articles', 'story_id', 'stories', 'the real-world event or story it reports')
    op.create_index('ix_articles_story', 'articles', ['story_id', 'published'], unique=False)
    op.execute("UPDATE articles SET published_from = 'input' WHERE published IS NOT NULL")

    # The old groups are derived data made by other rules: emptied, formed again by `regroup`.
    op.execute("UPDATE figures SET group_id = NULL")
    op.execute("DELETE FROM estimate_members")
    op.execute("DELETE FROM estimate_groups")

    op.add_column('figures', sa.Column('kind', sa.Text(), nullable=True, comment='the measure (record quantities[].measure): what is counted, by synonym class'))
    op.add_column('figures', sa.Column('head', sa.Text(), nullable=True, comment='lemma of the counted noun'))
    op.add_column('figures', sa.Column('modifiers', sa.Text(), nullable=True, comment='identity modifiers, + joined'))
    _add_reference('figures', 'holder_entity_id', 'entities')
    op.add_column('figures', sa.Column('holder', sa.Text(), nullable=True, comment='whose it is as written, or the common noun naming it (the programme)'))
    op.add_column('figures', sa.Column('predicate_class', sa.String(length=32), nullable=True))
    op.add_column('figures', sa.Column('verb', sa.Text(), nullable=True))
    op.add_column('figures', sa.Column('place', sa.Text(), nullable=True, comment='the place of this figure as written'))
    _add_reference('figures', 'place_entity_id', 'entities')
    op.add_column('figures', sa.Column('period', sa.String(length=32), nullable=True, comment='TIMEX3 value of the period it refers to'))
    op.add_column('figures', sa.Column('part', sa.Boolean(), nullable=True, comment='given as part of another figure (including $281m in cash)'))
    op.add_column('figures', sa.Column('sentence', sa.Integer(), nullable=True, comment='index of its sentence in the article'))

    with op.batch_alter_table('estimate_groups', schema=None) as batch_op:
        batch_op.drop_column('key')
        batch_op.drop_column('head')
        batch_op.add_column(sa.Column('story_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('family', sa.String(length=32), nullable=False, comment='units whose figures are compared (a count of people, a bare count)'))
        batch_op.add_column(sa.Column('kind', sa.Text(), nullable=True, comment='what is counted, by synonym class (troops, jobs), or what a sum is the amount of'))
        batch_op.add_column(sa.Column('holder_entity_id', sa.Integer(), nullable=True, comment='whose: jobs, loans, losses of whom'))
        batch_op.add_column(sa.Column('holder', sa.Text(), nullable=True, comment='that holder as written, or the common noun naming one (the programme)'))
        batch_op.add_column(sa.Column('place_entity_id', sa.Integer(), nullable=True, comment='the named place of its figures'))
        batch_op.add_column(sa.Column('period', sa.String(length=32), nullable=True, comment='TIMEX3 value of the period its figures refer to'))
        batch_op.add_column(sa.Column('part', sa.Boolean(), nullable=False, server_default=sa.false(), comment='its figures are given as parts of another'))
        batch_op.alter_column('base_key', comment='story|unit|kind|modifiers|holder: groups sharing it are related')
        batch_op.alter_column('modifiers', comment='identity modifiers, + joined (north korean)')
        batch_op.alter_column('place', comment='that place as written')
        batch_op.create_foreign_key('fk_estimate_groups_story', 'stories', ['story_id'], ['id'])
        batch_op.create_foreign_key('fk_estimate_groups_holder', 'entities', ['holder_entity_id'], ['id'])
        batch_op.create_foreign_key('fk_estimate_groups_place', 'entities', ['place_entity_id'], ['id'])
        batch_op.create_index('ix_estimate_groups_story', ['story_id', 'family'], unique=False)

    with op.batch_alter_table('estimate_members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scope', sa.Text(), nullable=False, server_default='', comment='place as written | period: only one scope\'s figures are compared'))
        batch_op.add_column(sa.Column('value', sa.Float(), nullable=True, comment='the figure as stated: members stating the same value are evidence'))
        batch_op.create_index('ix_estimate_members_value', ['group_id', 'value'], unique=False)


def downgrade() -> None:
    raise NotImplementedError("revision 0003 empties the old estimate groups; restore a backup to go back")
