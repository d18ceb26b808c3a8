"""Teams, memberships and people know when they last changed (updated_since on lists);
memberships remember the LMS course that brought them; courses keep their title

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa
import api.db


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

TABLES = ('teams', 'memberships', 'users')


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column('updated_at', api.db.UTCDateTime(timezone=True), nullable=True)
            )
        # What is there now last changed when it was made, as far as anyone can tell.
        op.execute(f'UPDATE {table} SET updated_at = created_at')
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                'updated_at', existing_type=api.db.UTCDateTime(timezone=True), nullable=False
            )
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lti_context_id', sa.String(length=24), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_memberships_lti_context_id_lti_contexts'),
            'lti_contexts',
            ['lti_context_id'],
            ['id'],
            ondelete='SET NULL',
        )
    with op.batch_alter_table('lti_contexts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title', sa.String(length=255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('lti_contexts', schema=None) as batch_op:
        batch_op.drop_column('title')
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_memberships_lti_context_id_lti_contexts'), type_='foreignkey'
        )
        batch_op.drop_column('lti_context_id')
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('updated_at')
