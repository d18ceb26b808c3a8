"""Comments answer comments and point at one piece of evidence or one note; evidence and
comments carry updated_at, so a stale edit is refused

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa

import api.db


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

NOW = sa.text('CURRENT_TIMESTAMP')


def upgrade() -> None:
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.add_column(sa.Column('updated_at', api.db.UTCDateTime(timezone=True), nullable=False, server_default=NOW))
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('parent_id', sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column('evidence_id', sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column('note_id', sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column('updated_at', api.db.UTCDateTime(timezone=True), nullable=False, server_default=NOW))
        batch_op.add_column(sa.Column('edited_at', api.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_comments_parent_id', ['parent_id'], unique=False)
        batch_op.create_index('ix_comments_evidence_id', ['evidence_id'], unique=False)
        batch_op.create_index('ix_comments_note_id', ['note_id'], unique=False)
        batch_op.create_foreign_key(
            'fk_comments_parent_id_comments', 'comments', ['parent_id'], ['id'], ondelete='SET NULL'
        )
        batch_op.create_foreign_key(
            'fk_comments_evidence_id_evidence', 'evidence', ['evidence_id'], ['id'],
            ondelete='SET NULL',
        )
        batch_op.create_foreign_key(
            'fk_comments_note_id_analysis_notes', 'analysis_notes', ['note_id'], ['id'],
            ondelete='SET NULL',
        )


def downgrade() -> None:
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_constraint('fk_comments_note_id_analysis_notes', type_='foreignkey')
        batch_op.drop_constraint('fk_comments_evidence_id_evidence', type_='foreignkey')
        batch_op.drop_constraint('fk_comments_parent_id_comments', type_='foreignkey')
        batch_op.drop_index('ix_comments_note_id')
        batch_op.drop_index('ix_comments_evidence_id')
        batch_op.drop_index('ix_comments_parent_id')
        for column in ('edited_at', 'updated_at', 'note_id', 'evidence_id', 'parent_id'):
            batch_op.drop_column(column)
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_column('updated_at')
