"""The reminder scan reads the trust surveys and commitments (issue 4's hook)."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from api.extensions import db
from api.notifications import reminders
from api.notifications.models import Notification
from api.trust.models import Commitment


def kinds_for(user) -> list[str]:
    return list(
        db.session.scalars(select(Notification.kind).where(Notification.user_id == user.id))
    )


def test_open_survey_reminds_every_member_who_has_not_answered_once(make_survey, answer, school):
    survey = make_survey(school.team)
    assert answer(school.students[1], survey).status_code in (200, 201)
    now = datetime.combine(survey.opens_on, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9)
    reminders.scan(now)
    reminders.scan(now + timedelta(days=1))
    assert kinds_for(school.student).count("trust.survey_open") == 1
    assert kinds_for(school.teacher).count("trust.survey_open") == 1
    assert "trust.survey_open" not in kinds_for(school.students[1])
    assert "trust.survey_open" not in kinds_for(school.coach)


def test_commitment_follow_up_reminds_its_author(make_session, school):
    session = make_session(school.team, step="commitment")
    today = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    db.session.add(
        Commitment(
            session_id=session.id,
            team_id=school.team.id,
            user_id=school.student.id,
            body="Ask one question each lesson",
            follow_up_on=today.date(),
        )
    )
    db.session.commit()
    reminders.scan(today - timedelta(days=1))
    assert "trust.commitment_follow_up" not in kinds_for(school.student)
    reminders.scan(today)
    reminders.scan(today + timedelta(hours=2))
    assert kinds_for(school.student).count("trust.commitment_follow_up") == 1
