"""Memberships remember the roster source whose sync brought them, so a bulk import takes off
only people that source added, never people a teacher added by hand

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.add_column(sa.Column('roster_source', sa.String(length=40), nullable=True))
    # Memberships the roster sync made say so in the team's activity ("joined the team as …
    # (roster sync)", its subject the membership); their source is the one that knows both the
    # team and the person. Everything else counts as added by hand and stays.
    op.execute(
        """
        UPDATE memberships SET roster_source = (
            SELECT t.source FROM team_external_ids t
            JOIN external_identities e
              ON e.source = t.source AND e.organization_id = t.organization_id
            WHERE t.team_id = memberships.team_id AND e.user_id = memberships.user_id
            ORDER BY t.source LIMIT 1
        )
        WHERE lti_context_id IS NULL AND EXISTS (
            SELECT 1 FROM activity_entries a
            WHERE a.subject_id = memberships.id AND a.verb = 'member.synced'
              AND a.summary LIKE '%joined the team as%'
        )
        """
    )


def downgrade() -> None:
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_column('roster_source')
