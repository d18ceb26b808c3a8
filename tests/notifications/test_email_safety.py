"""One title never stops all email: header text is one line where it is written, and a message
that can't be sent for its own content is recorded and skipped, never retried ahead of the rest."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from api.extensions import db
from api.notifications import delivery, reminders
from api.notifications.models import EmailStatus, Notification
from tests.notifications.test_email_delivery import AFTERNOON, due_action_for


def test_an_action_title_with_a_line_break_is_refused_where_it_is_written(
    client_for, make_cycle, school
):
    cycle = make_cycle(school.team, state="action")
    teacher = client_for(school.teacher)
    response = teacher.post(
        f"/api/v1/cycles/{cycle.id}/actions",
        json={"title": "Collect tickets\r\nBcc: everyone@example.com"},
    )
    assert response.status_code == 422
    assert "one line" in response.get_json()["errors"]["title"][0]


def test_a_survey_period_with_a_line_break_is_refused(client_for, school):
    response = client_for(school.teacher).post(
        f"/api/v1/teams/{school.team.id}/trust-surveys",
        json={"period": "Autumn\nterm", "opens_on": "2026-11-24", "closes_on": "2026-12-01"},
    )
    assert response.status_code == 422
    assert "period" in response.get_json()["errors"]


def test_a_title_stored_with_a_line_break_before_the_fix_becomes_one_line_and_is_sent(
    database, make_cycle, school, smtp_server
):
    due_action_for(school.teacher, make_cycle, school.team, title="Collect\r\ntickets")
    [notification_id] = reminders.scan(AFTERNOON)
    assert "\n" not in db.session.get(Notification, notification_id).title
    assert delivery.deliver(notification_id, AFTERNOON) is EmailStatus.sent
    assert "Collect tickets" in smtp_server.messages[0]["subject"]


def test_a_message_that_cannot_be_sent_is_recorded_and_the_queue_behind_it_goes_out(
    database, make_cycle, school, smtp_server
):
    due_action_for(school.teacher, make_cycle, school.team, title="First in the queue")
    due_action_for(school.teacher2, make_cycle, school.team, title="Behind it")
    first, second = reminders.scan(AFTERNOON)
    broken = db.session.get(Notification, first)
    broken.not_before = AFTERNOON - timedelta(minutes=5)  # ahead of the other one
    # An address stored before addresses were checked: no message can carry it.
    broken.user.email = "taylor@school.example\nBcc: everyone@example.com"
    db.session.commit()

    assert delivery.deliver_due(AFTERNOON) == 2
    assert db.session.get(Notification, first).email_status is EmailStatus.failed
    assert "can't be sent" in db.session.get(Notification, first).email_reason
    assert db.session.get(Notification, second).email_status is EmailStatus.sent
    assert len(smtp_server.messages) == 1
    # Next minute: nothing is tried again.
    assert delivery.deliver_due(AFTERNOON + timedelta(minutes=1)) == 0
    pending = db.session.scalars(
        select(Notification).where(Notification.email_status == EmailStatus.pending)
    ).all()
    assert pending == []
