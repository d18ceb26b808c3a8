"""Privacy: audit log and retention of closed cycles (filled in by the privacy work)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa
import api.db


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_events',
    sa.Column('organization_id', sa.String(length=24), nullable=False),
    sa.Column('actor_user_id', sa.String(length=24), nullable=True),
    sa.Column('actor_client_id', sa.String(length=24), nullable=True),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('subject_type', sa.String(length=40), nullable=True),
    sa.Column('subject_id', sa.String(length=64), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('created_at', api.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_client_id'], ['integration_clients.id'], name=op.f('fk_audit_events_actor_client_id_integration_clients'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['actor_user_id'], ['users.id'], name=op.f('fk_audit_events_actor_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_audit_events_organization_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index('ix_audit_events_organization_action', ['organization_id', 'action'], unique=False)
        batch_op.create_index('ix_audit_events_organization_created', ['organization_id', 'created_at'], unique=False)

    op.create_table('pending_file_deletions',
    sa.Column('storage_key', sa.String(length=64), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.Column('last_attempt_at', api.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('created_at', api.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_file_deletions')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_pending_file_deletions_storage_key'))
    )

    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_cycle_retention_days', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_column('closed_cycle_retention_days')

    op.drop_table('pending_file_deletions')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_organization_created')
        batch_op.drop_index('ix_audit_events_organization_action')

    op.drop_table('audit_events')
