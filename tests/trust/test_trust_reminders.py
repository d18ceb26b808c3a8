"""The plain queries the reminder scan calls: surveys opening or closing, commitments to follow
up, targets to review."""

from __future__ import annotations

from datetime import timedelta

from api.db import utcnow
from api.extensions import db
from api.trust.models import Commitment, CommitmentStatus, TrustTarget
from api.trust.schedules import (
    commitments_due_for_follow_up,
    surveys_closing_between,
    surveys_opening_between,
    targets_due_for_review,
)
from tests.trust.trust_helpers import TODAY


def test_surveys_opening_soon_list_the_members_who_have_not_answered(answer, school, make_survey):
    survey = make_survey(school.team)
    make_survey(school.team, period="Next term", opens_on=TODAY + timedelta(days=60))
    answer(school.student, survey)
    found = surveys_opening_between(TODAY - timedelta(days=1), TODAY + timedelta(days=1))
    assert [s.survey_id for s in found] == [survey.id]
    assert found[0].organization_id == school.org.id
    members = {school.teacher.id, school.teacher2.id, *(s.id for s in school.students)}
    assert set(found[0].user_ids) == members - {school.student.id}


def test_surveys_closed_early_are_not_reminded(school, make_survey):
    survey = make_survey(school.team, closes_on=TODAY + timedelta(days=1))
    assert [s.survey_id for s in surveys_closing_between(TODAY, TODAY + timedelta(days=2))] == [
        survey.id
    ]
    survey.closed_at = utcnow()
    db.session.commit()
    assert surveys_closing_between(TODAY, TODAY + timedelta(days=2)) == []
    assert surveys_opening_between(TODAY, TODAY) == []


def test_open_commitments_due_on_or_before_the_day_are_followed_up(school, make_session):
    session = make_session(school.team, step="finished")
    due = Commitment(
        session_id=session.id,
        team_id=school.team.id,
        user_id=school.student.id,
        body="Ask first",
        follow_up_on=TODAY - timedelta(days=1),
    )
    kept = Commitment(
        session_id=session.id,
        team_id=school.team.id,
        user_id=school.teacher.id,
        body="Listen",
        follow_up_on=TODAY,
        status=CommitmentStatus.kept,
    )
    later = Commitment(
        session_id=session.id,
        team_id=school.team.id,
        user_id=school.teacher2.id,
        body="Later",
        follow_up_on=TODAY + timedelta(days=3),
    )
    db.session.add_all([due, kept, later])
    db.session.commit()
    found = commitments_due_for_follow_up(TODAY)
    assert [(c.commitment_id, c.user_id) for c in found] == [(due.id, school.student.id)]
    assert found[0].organization_id == school.org.id
    assert found[0].follow_up_on == TODAY - timedelta(days=1)


def test_active_targets_due_for_review_go_to_the_teachers(school):
    target = TrustTarget(
        team_id=school.team.id, component="respect", description="Disagree well", review_on=TODAY
    )
    db.session.add(target)
    db.session.commit()
    found = targets_due_for_review(TODAY)
    assert [t.target_id for t in found] == [target.id]
    assert set(found[0].teacher_ids) == {school.teacher.id, school.teacher2.id}
    assert targets_due_for_review(TODAY - timedelta(days=1)) == []
