"""story anchors

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

Stories a reader joined (``corroborate join-stories``) stay joined when stories are formed again
(``regroup``): each of their articles names the first article of the joined story.
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('articles', sa.Column('story_anchor', sa.Integer(), nullable=True,
                                        comment='set when a reader joined stories: the first article of the joined '
                                                'story, so that forming stories again keeps them together'))


def downgrade() -> None:
    # In place on SQLite too (3.35 drops a column): a rebuilt articles table would lose its
    # full-text triggers.
    op.execute('ALTER TABLE articles DROP COLUMN story_anchor')
