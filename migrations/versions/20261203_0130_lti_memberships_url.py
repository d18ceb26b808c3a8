"""LTI courses keep the platform's Names and Role Provisioning memberships URL

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('lti_contexts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('memberships_url', sa.String(length=2000), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('lti_contexts', schema=None) as batch_op:
        batch_op.drop_column('memberships_url')
