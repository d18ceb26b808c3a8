"""relational trust

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 17:04:57.831840
"""
from alembic import op
import sqlalchemy as sa
import api.db


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('trust_sessions',
    sa.Column('team_id', sa.String(length=24), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('step', sa.Enum('ready', 'individual', 'small_group', 'whole_team', 'commitment', 'finished', name='trust_session_step', native_enum=False, length=16), nullable=False),
    sa.Column('step_started_at', api.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('individual_minutes', sa.Integer(), nullable=False),
    sa.Column('small_group_minutes', sa.Integer(), nullable=False),
    sa.Column('whole_team_minutes', sa.Integer(), nullable=False),
    sa.Column('commitment_minutes', sa.Integer(), nullable=False),
    sa.Column('facilitator_id', sa.String(length=24), nullable=True),
    sa.Column('created_by_id', sa.String(length=24), nullable=True),
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('created_at', api.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_trust_sessions_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['facilitator_id'], ['users.id'], name=op.f('fk_trust_sessions_facilitator_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_trust_sessions_team_id_teams'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trust_sessions'))
    )
    with op.batch_alter_table('trust_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trust_sessions_team_id'), ['team_id'], unique=False)

    op.create_table('trust_surveys',
    sa.Column('team_id', sa.String(length=24), nullable=False),
    sa.Column('period', sa.String(length=60), nullable=False),
    sa.Column('opens_on', sa.Date(), nullable=False),
    sa.Column('closes_on', sa.Date(), nullable=False),
    sa.Column('min_responses', sa.Integer(), nullable=False),
    sa.Column('closed_at', api.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.String(length=24), nullable=True),
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('created_at', api.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('closes_on >= opens_on', name=op.f('ck_trust_surveys_closes_after_opening')),
    sa.CheckConstraint('min_responses >= 3', name=op.f('ck_trust_surveys_min_responses_at_least_3')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_trust_surveys_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_trust_surveys_team_id_teams'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trust_surveys')),
    sa.UniqueConstraint('team_id', 'period', name=op.f('uq_trust_surveys_team_id_period'))
    )
    with op.batch_alter_table('trust_surveys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trust_surveys_closes_on'), ['closes_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_trust_surveys_opens_on'), ['opens_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_trust_surveys_team_id'), ['team_id'], unique=False)

    op.create_table('trust_commitments',
    sa.Column('session_id', sa.String(length=24), nullable=False),
    sa.Column('team_id', sa.String(length=24), nullable=False),
    sa.Column('user_id', sa.String(length=24), nullable=False),
    sa.Column('body', sa.String(length=1000), nullable=False),
    sa.Column('follow_up_on', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('open', 'kept', 'let_go', name='trust_commitment_status', native_enum=False, length=16), nullable=False),
    sa.Column('updated_at', api.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('created_at', api.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['trust_sessions.id'], name=op.f('fk_trust_commitments_session_id_trust_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_trust_commitments_team_id_teams'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_trust_commitments_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trust_commitments')),
    sa.UniqueConstraint('session_id', 'user_id', name=op.f('uq_trust_commitments_session_id_user_id'))
    )
    with op.batch_alter_table('trust_commitments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trust_commitments_follow_up_on'), ['follow_up_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_trust_commitments_team_id'), ['team_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_trust_commitments_user_id'), ['user_id'], unique=False)

    op.create_table('trust_receipts',
    sa.Column('survey_id', sa.String(length=24), nullable=False),
    sa.Column('user_id', sa.String(length=24), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['trust_surveys.id'], name=op.f('fk_trust_receipts_survey_id_trust_surveys'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_trust_receipts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('survey_id', 'user_id', name=op.f('pk_trust_receipts'))
    )
    with op.batch_alter_table('trust_receipts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trust_receipts_user_id'), ['user_id'], unique=False)

    op.create_table('trust_responses',
    sa.Column('survey_id', sa.String(length=24), nullable=False),
    sa.Column('role_group', sa.Enum('student', 'adult', name='trust_role_group', native_enum=False, length=16), nullable=False),
    sa.Column('comment', sa.String(length=2000), nullable=True),
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['trust_surveys.id'], name=op.f('fk_trust_responses_survey_id_trust_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trust_responses'))
    )
    with op.batch_alter_table('trust_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trust_responses_survey_id'), ['survey_id'], unique=False)

    op.create_table('trust_session_notes',
    sa.Column('session_id', sa.String(length=24), nullable=False),
    sa.Column('kind', sa.Enum('shared_task', 'reliance', 'trust_moment', 'group_sharing', 'strength', 'opportunity', name='trust_note_kind', native_enum=False, length=16), nullable=False),
    sa.Column('body', sa.String(length=2000), nullable=False),
    sa.Column('author_id', sa.String(length=24), nullable=True),
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_trust_session_notes_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['trust_sessions.id'], name=op.f('fk_trust_session_notes_session_id_trust_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trust_session_notes'))
    )
    with op.batch_alter_table('trust_session_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trust_session_notes_session_id'), ['session_id'], unique=False)

    op.create_table('trust_targets',
    sa.Column('team_id', sa.String(length=24), nullable=False),
    sa.Column('component', sa.Enum('respect', 'personal_regard', 'competence', 'integrity', name='trust_component', native_enum=False, length=16), nullable=False),
    sa.Column('description', sa.String(length=500), nullable=False),
    sa.Column('review_on', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('active', 'met', 'dropped', name='trust_target_status', native_enum=False, length=16), nullable=False),
    sa.Column('survey_id', sa.String(length=24), nullable=True),
    sa.Column('created_by_id', sa.String(length=24), nullable=True),
    sa.Column('updated_at', api.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('created_at', api.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_trust_targets_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['survey_id'], ['trust_surveys.id'], name=op.f('fk_trust_targets_survey_id_trust_surveys'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_trust_targets_team_id_teams'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trust_targets'))
    )
    with op.batch_alter_table('trust_targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trust_targets_review_on'), ['review_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_trust_targets_team_id'), ['team_id'], unique=False)

    op.create_table('trust_answers',
    sa.Column('response_id', sa.String(length=24), nullable=False),
    sa.Column('item', sa.String(length=40), nullable=False),
    sa.Column('score', sa.SmallInteger(), nullable=False),
    sa.CheckConstraint('score BETWEEN 1 AND 5', name=op.f('ck_trust_answers_score_from_1_to_5')),
    sa.ForeignKeyConstraint(['response_id'], ['trust_responses.id'], name=op.f('fk_trust_answers_response_id_trust_responses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('response_id', 'item', name=op.f('pk_trust_answers'))
    )


def downgrade() -> None:
    op.drop_table('trust_answers')
    with op.batch_alter_table('trust_targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trust_targets_team_id'))
        batch_op.drop_index(batch_op.f('ix_trust_targets_review_on'))

    op.drop_table('trust_targets')
    with op.batch_alter_table('trust_session_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trust_session_notes_session_id'))

    op.drop_table('trust_session_notes')
    with op.batch_alter_table('trust_responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trust_responses_survey_id'))

    op.drop_table('trust_responses')
    with op.batch_alter_table('trust_receipts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trust_receipts_user_id'))

    op.drop_table('trust_receipts')
    with op.batch_alter_table('trust_commitments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trust_commitments_user_id'))
        batch_op.drop_index(batch_op.f('ix_trust_commitments_team_id'))
        batch_op.drop_index(batch_op.f('ix_trust_commitments_follow_up_on'))

    op.drop_table('trust_commitments')
    with op.batch_alter_table('trust_surveys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trust_surveys_team_id'))
        batch_op.drop_index(batch_op.f('ix_trust_surveys_opens_on'))
        batch_op.drop_index(batch_op.f('ix_trust_surveys_closes_on'))

    op.drop_table('trust_surveys')
    with op.batch_alter_table('trust_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trust_sessions_team_id'))

    op.drop_table('trust_sessions')
