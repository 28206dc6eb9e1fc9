"""entity evidence

Revision ID: 0002_entity_evidence
Revises: 0001
Create Date: 2026-12-01

Each alias keeps why the entity was joined under it (``evidence``), how sure that join is
(``confidence``) and how many articles wrote the entity so (``articles``); aliases stored before
have none of the first two and count one article. Mentions are indexed by entity and article, so
that the latest articles of an entity are read from the index (the context that weighs an
ambiguous name).
"""
from alembic import op
import sqlalchemy as sa


revision = '0002_entity_evidence'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('entity_aliases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('evidence', sa.Text(), nullable=True,
                                      comment='why the entity was joined under this alias: same name, surname, acronym, ...'))
        batch_op.add_column(sa.Column('confidence', sa.Float(), nullable=True, comment='how sure that join is, 0-1'))
        batch_op.add_column(sa.Column('articles', sa.Integer(), nullable=False, server_default='1',
                                      comment='articles that wrote the entity so'))
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.drop_index('ix_mentions_entity')
        batch_op.create_index('ix_mentions_entity_article', ['entity_id', 'article_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.drop_index('ix_mentions_entity_article')
        batch_op.create_index('ix_mentions_entity', ['entity_id'], unique=False)
    with op.batch_alter_table('entity_aliases', schema=None) as batch_op:
        batch_op.drop_column('articles')
        batch_op.drop_column('confidence')
        batch_op.drop_column('evidence')
