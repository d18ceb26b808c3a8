"""LTI platforms name their roster source and may match people by email

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('lti_platforms', schema=None) as batch_op:
        batch_op.add_column(sa.Column('roster_source', sa.String(length=40), nullable=True))
        batch_op.add_column(
            sa.Column('match_email', sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table('lti_platforms', schema=None) as batch_op:
        batch_op.drop_column('match_email')
        batch_op.drop_column('roster_source')
