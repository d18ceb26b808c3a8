"""Identity changes that wait for an emailed link (a new email address, a name asked for by one of several organizations)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 23:25:28.784545
"""
from alembic import op
import sqlalchemy as sa
import api.db


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('identity_changes',
    sa.Column('user_id', sa.String(length=24), nullable=False),
    sa.Column('field', sa.String(length=20), nullable=False),
    sa.Column('new_value', sa.String(length=254), nullable=False),
    sa.Column('organization_id', sa.String(length=24), nullable=True),
    sa.Column('requested_by_id', sa.String(length=24), nullable=True),
    sa.Column('step', sa.String(length=20), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('expires_at', api.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('completed_at', api.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', api.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('created_at', api.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_identity_changes_organization_id_organizations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_identity_changes_requested_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_identity_changes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_identity_changes')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_identity_changes_token_hash'))
    )
    with op.batch_alter_table('identity_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_identity_changes_user_id'), ['user_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('identity_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_identity_changes_user_id'))

    op.drop_table('identity_changes')
