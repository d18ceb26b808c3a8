"""Trust survey rounds: eligibility at opening, sealed answers while open, counts at closing,
cadences, and the reflection session's cycle

Answers already stored (one row per response) are counted into the new counts table: a round
that was still open closes at the upgrade, and a round with fewer answers than its threshold
keeps nothing of them. Then the per-response tables go.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa
import api.db


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('trust_cadences',
    sa.Column('team_id', sa.String(length=24), nullable=False),
    sa.Column('every_months', sa.Integer(), nullable=False),
    sa.Column('open_days', sa.Integer(), nullable=False),
    sa.Column('next_opens_on', sa.Date(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('updated_at', api.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('every_months BETWEEN 1 AND 12', name=op.f('ck_trust_cadences_every_1_to_12_months')),
    sa.CheckConstraint('open_days BETWEEN 1 AND 60', name=op.f('ck_trust_cadences_open_1_to_60_days')),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_trust_cadences_team_id_teams'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('team_id', name=op.f('pk_trust_cadences'))
    )
    with op.batch_alter_table('trust_cadences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trust_cadences_next_opens_on'), ['next_opens_on'], unique=False)

    op.create_table('trust_comments',
    sa.Column('survey_id', sa.String(length=24), nullable=False),
    sa.Column('body', sa.String(length=2000), nullable=False),
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['trust_surveys.id'], name=op.f('fk_trust_comments_survey_id_trust_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trust_comments'))
    )
    with op.batch_alter_table('trust_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trust_comments_survey_id'), ['survey_id'], unique=False)

    op.create_table('trust_eligibility',
    sa.Column('survey_id', sa.String(length=24), nullable=False),
    sa.Column('user_id', sa.String(length=24), nullable=False),
    sa.Column('role_group', sa.Enum('student', 'adult', name='trust_role_group', native_enum=False, length=16), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['trust_surveys.id'], name=op.f('fk_trust_eligibility_survey_id_trust_surveys'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_trust_eligibility_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('survey_id', 'user_id', name=op.f('pk_trust_eligibility'))
    )
    with op.batch_alter_table('trust_eligibility', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trust_eligibility_user_id'), ['user_id'], unique=False)

    op.create_table('trust_result_counts',
    sa.Column('survey_id', sa.String(length=24), nullable=False),
    sa.Column('result_group', sa.Enum('everyone', 'student', 'adult', name='trust_result_group', native_enum=False, length=16), nullable=False),
    sa.Column('item', sa.String(length=40), nullable=False),
    sa.Column('score', sa.SmallInteger(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.CheckConstraint('score BETWEEN 1 AND 5', name=op.f('ck_trust_result_counts_score_from_1_to_5')),
    sa.ForeignKeyConstraint(['survey_id'], ['trust_surveys.id'], name=op.f('fk_trust_result_counts_survey_id_trust_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('survey_id', 'result_group', 'item', 'score', name=op.f('pk_trust_result_counts'))
    )
    op.create_table('trust_sealed_answers',
    sa.Column('survey_id', sa.String(length=24), nullable=False),
    sa.Column('sealed', sa.LargeBinary(), nullable=False),
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['trust_surveys.id'], name=op.f('fk_trust_sealed_answers_survey_id_trust_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trust_sealed_answers'))
    )
    with op.batch_alter_table('trust_sealed_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trust_sealed_answers_survey_id'), ['survey_id'], unique=False)

    with op.batch_alter_table('trust_surveys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('opened_at', api.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('eligible_count', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('response_count', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('results_released', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('student_count', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('adult_count', sa.Integer(), nullable=True))

    _count_stored_answers()
    op.drop_table('trust_answers')
    with op.batch_alter_table('trust_responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trust_responses_survey_id'))

    op.drop_table('trust_responses')
    with op.batch_alter_table('trust_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cycle_id', sa.String(length=24), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_trust_sessions_cycle_id_cycles'), 'cycles', ['cycle_id'], ['id'], ondelete='SET NULL')



def _count_stored_answers() -> None:
    bind = op.get_bind()
    random_id = ("lower(hex(randomblob(12)))" if bind.dialect.name == "sqlite"
                 else "substr(md5(random()::text), 1, 24)")
    responses = "(SELECT count(*) FROM trust_responses r WHERE r.survey_id = trust_surveys.id{})"
    op.execute(f"""
        UPDATE trust_surveys SET
            response_count = {responses.format('')},
            closed_at = COALESCE(closed_at, CURRENT_TIMESTAMP)
        WHERE EXISTS (SELECT 1 FROM trust_responses r WHERE r.survey_id = trust_surveys.id)
    """)
    op.execute("UPDATE trust_surveys SET results_released = (response_count >= min_responses) "
               "WHERE response_count IS NOT NULL")
    student = responses.format(" AND r.role_group = 'student'")
    adult = responses.format(" AND r.role_group = 'adult'")
    op.execute(f"""
        UPDATE trust_surveys SET student_count = {student}, adult_count = {adult}
        WHERE results_released AND {student} >= min_responses AND {adult} >= min_responses
    """)
    op.execute("""
        INSERT INTO trust_result_counts (survey_id, result_group, item, score, count)
        SELECT r.survey_id, 'everyone', a.item, a.score, count(*)
        FROM trust_answers a
        JOIN trust_responses r ON r.id = a.response_id
        JOIN trust_surveys s ON s.id = r.survey_id
        WHERE s.results_released
        GROUP BY r.survey_id, a.item, a.score
        ORDER BY r.survey_id, a.item, a.score
    """)
    op.execute("""
        INSERT INTO trust_result_counts (survey_id, result_group, item, score, count)
        SELECT r.survey_id, r.role_group, a.item, a.score, count(*)
        FROM trust_answers a
        JOIN trust_responses r ON r.id = a.response_id
        JOIN trust_surveys s ON s.id = r.survey_id
        WHERE s.results_released AND s.student_count IS NOT NULL
        GROUP BY r.survey_id, r.role_group, a.item, a.score
        ORDER BY r.survey_id, r.role_group, a.item, a.score
    """)
    op.execute(f"""
        INSERT INTO trust_comments (id, survey_id, body)
        SELECT {random_id}, r.survey_id, r.comment
        FROM trust_responses r JOIN trust_surveys s ON s.id = r.survey_id
        WHERE s.results_released AND r.comment IS NOT NULL
        ORDER BY r.survey_id, r.comment
    """)


def downgrade() -> None:
    with op.batch_alter_table('trust_surveys', schema=None) as batch_op:
        batch_op.drop_column('adult_count')
        batch_op.drop_column('student_count')
        batch_op.drop_column('results_released')
        batch_op.drop_column('response_count')
        batch_op.drop_column('eligible_count')
        batch_op.drop_column('opened_at')

    with op.batch_alter_table('trust_sessions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_trust_sessions_cycle_id_cycles'), type_='foreignkey')
        batch_op.drop_column('cycle_id')

    op.create_table('trust_responses',
    sa.Column('survey_id', sa.VARCHAR(length=24), nullable=False),
    sa.Column('role_group', sa.VARCHAR(length=16), nullable=False),
    sa.Column('comment', sa.VARCHAR(length=2000), nullable=True),
    sa.Column('id', sa.VARCHAR(length=24), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['trust_surveys.id'], name=op.f('fk_trust_responses_survey_id_trust_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trust_responses'))
    )
    with op.batch_alter_table('trust_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trust_responses_survey_id'), ['survey_id'], unique=False)

    op.create_table('trust_answers',
    sa.Column('response_id', sa.VARCHAR(length=24), nullable=False),
    sa.Column('item', sa.VARCHAR(length=40), nullable=False),
    sa.Column('score', sa.SMALLINT(), nullable=False),
    sa.CheckConstraint('score BETWEEN 1 AND 5', name=op.f('ck_trust_answers_score_from_1_to_5')),
    sa.ForeignKeyConstraint(['response_id'], ['trust_responses.id'], name=op.f('fk_trust_answers_response_id_trust_responses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('response_id', 'item', name=op.f('pk_trust_answers'))
    )
    with op.batch_alter_table('trust_sealed_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trust_sealed_answers_survey_id'))

    op.drop_table('trust_sealed_answers')
    op.drop_table('trust_result_counts')
    with op.batch_alter_table('trust_eligibility', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trust_eligibility_user_id'))

    op.drop_table('trust_eligibility')
    with op.batch_alter_table('trust_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trust_comments_survey_id'))

    op.drop_table('trust_comments')
    with op.batch_alter_table('trust_cadences', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trust_cadences_next_opens_on'))

    op.drop_table('trust_cadences')
