from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from api.extensions import db
from api.notifications import delivery, reminders
from api.notifications.models import EmailMode, EmailStatus, Notification, NotificationPreference
from tests.cycles.helpers import add_action

AFTERNOON = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


def due_action_for(owner, make_cycle, team, title="Collect exit tickets"):
    cycle = make_cycle(team, state="action")
    action = add_action(cycle, owner=owner, title=title)
    action.due_on = AFTERNOON.date() + timedelta(days=1)
    db.session.commit()
    return action


def only_notification() -> Notification:
    return db.session.scalars(select(Notification)).one()


def test_reminder_is_emailed_once_to_a_teacher(database, make_cycle, school, smtp_server):
    due_action_for(school.teacher, make_cycle, school.team)
    [notification_id] = reminders.scan(AFTERNOON)
    assert delivery.deliver(notification_id, AFTERNOON) is EmailStatus.sent
    assert delivery.deliver(notification_id, AFTERNOON) is None
    assert delivery.deliver_due(AFTERNOON) == 0
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["to"] == [school.teacher.email]
    assert "Collect exit tickets" in message["data"]
    assert only_notification().emailed_at is not None


def test_student_without_email_gets_the_in_app_notification_only(
    database, make_cycle, school, smtp_server
):
    due_action_for(school.student, make_cycle, school.team)
    [notification_id] = reminders.scan(AFTERNOON)
    assert delivery.deliver(notification_id, AFTERNOON) is EmailStatus.skipped
    assert smtp_server.messages == []
    assert "No email address" in only_notification().email_reason


def test_a_turned_off_account_gets_no_email(database, make_cycle, school, smtp_server):
    due_action_for(school.teacher, make_cycle, school.team)
    [notification_id] = reminders.scan(AFTERNOON)
    school.teacher.is_active = False
    db.session.commit()
    assert delivery.deliver(notification_id, AFTERNOON) is EmailStatus.skipped
    assert smtp_server.messages == []
    assert "turned off" in only_notification().email_reason


def test_no_email_in_quiet_hours_then_sent_in_the_morning(
    database, make_cycle, school, smtp_server
):
    school.org.time_zone = "America/Chicago"
    db.session.commit()
    due_action_for(school.teacher, make_cycle, school.team)
    three_am_chicago = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    [notification_id] = reminders.scan(three_am_chicago)
    assert delivery.deliver(notification_id, three_am_chicago) is EmailStatus.pending
    assert smtp_server.messages == []
    not_before = only_notification().not_before
    assert not_before == datetime(2026, 11, 24, 13, 0, tzinfo=UTC)  # 7:00 in Chicago
    assert delivery.deliver_due(not_before - timedelta(minutes=1)) == 0
    assert delivery.deliver_due(not_before) == 1
    assert len(smtp_server.messages) == 1


def test_unreachable_mail_server_backs_off_then_gives_up_with_a_reason(
    database, make_cycle, school, smtp_down
):
    due_action_for(school.teacher, make_cycle, school.team)
    [notification_id] = reminders.scan(AFTERNOON)
    now = AFTERNOON
    for attempt in range(1, delivery.MAX_ATTEMPTS + 1):
        status = delivery.deliver(notification_id, now)
        notification = only_notification()
        assert notification.email_attempts == attempt
        if attempt < delivery.MAX_ATTEMPTS:
            assert status is EmailStatus.pending
            assert notification.not_before > now
            now = notification.not_before
    assert status is EmailStatus.failed
    assert "Mail server problem" in only_notification().email_reason


def test_deleted_action_whose_reminder_is_queued_is_skipped_with_a_reason(
    database, make_cycle, school, smtp_server
):
    action = due_action_for(school.teacher, make_cycle, school.team)
    [notification_id] = reminders.scan(AFTERNOON)
    db.session.delete(action)
    db.session.commit()
    assert delivery.deliver(notification_id, AFTERNOON) is EmailStatus.skipped
    assert "deleted" in only_notification().email_reason
    assert smtp_server.messages == []


def test_email_off_and_daily_digest_preferences(database, make_cycle, school, smtp_server):
    db.session.add(NotificationPreference(user_id=school.teacher.id, email_enabled=False))
    db.session.add(NotificationPreference(user_id=school.teacher2.id, email_mode=EmailMode.daily))
    db.session.commit()
    due_action_for(school.teacher, make_cycle, school.team)
    second = make_cycle(school.team, state="action", number=2)
    for title in ("Plan the gallery walk", "Share the results"):
        action = add_action(second, owner=school.teacher2, title=title)
        action.due_on = AFTERNOON.date() + timedelta(days=1)
    db.session.commit()
    reminders.scan(AFTERNOON)
    delivery.deliver_due(AFTERNOON)
    statuses = {n.user_id: n.email_status for n in db.session.scalars(select(Notification))}
    assert statuses[school.teacher.id] is EmailStatus.skipped
    assert statuses[school.teacher2.id] is EmailStatus.digest
    assert smtp_server.messages == []
    seven_am = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)
    assert delivery.send_daily_digests(seven_am - timedelta(hours=1)) == 0
    assert delivery.send_daily_digests(seven_am) == 1
    assert len(smtp_server.messages) == 1
    assert "Plan the gallery walk" in smtp_server.messages[0]["data"]
    assert "Share the results" in smtp_server.messages[0]["data"]
    assert delivery.send_daily_digests(seven_am) == 0


def test_two_sweeps_on_the_same_due_digests_send_each_once(
    database, make_cycle, school, smtp_server
):
    for teacher in (school.teacher, school.teacher2):
        db.session.add(NotificationPreference(user_id=teacher.id, email_mode=EmailMode.daily))
    db.session.commit()
    due_action_for(school.teacher, make_cycle, school.team, title="Plan the gallery walk")
    second = make_cycle(school.team, state="action", number=2)
    action = add_action(second, owner=school.teacher2, title="Share the results")
    action.due_on = AFTERNOON.date() + timedelta(days=1)
    db.session.commit()
    reminders.scan(AFTERNOON)
    delivery.deliver_due(AFTERNOON)
    seven_am = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)
    # The first sweeper reads who is due; the second sweeps it all before the first sends.
    first_read = delivery.digests_due(seven_am)
    db.session.commit()
    assert set(first_read) == {school.teacher.id, school.teacher2.id}
    assert delivery.send_daily_digests(seven_am) == 2
    assert [delivery.send_digest(user, ids, seven_am) for user, ids in first_read.items()] == [0, 0]
    assert sorted(m["to"][0] for m in smtp_server.messages) == sorted(
        [school.teacher.email, school.teacher2.email]
    )
    statuses = {n.email_status for n in db.session.scalars(select(Notification))}
    assert statuses == {EmailStatus.sent}


def test_a_digest_for_someone_whose_email_went_away_is_skipped_with_a_reason(
    database, make_cycle, school, smtp_server
):
    db.session.add(NotificationPreference(user_id=school.teacher.id, email_mode=EmailMode.daily))
    db.session.commit()
    due_action_for(school.teacher, make_cycle, school.team)
    reminders.scan(AFTERNOON)
    delivery.deliver_due(AFTERNOON)
    assert only_notification().email_status is EmailStatus.digest
    school.teacher.username = "rosa.t"  # signs in with a username now
    school.teacher.email = None
    db.session.commit()
    assert delivery.send_daily_digests(datetime(2026, 11, 25, 7, 0, tzinfo=UTC)) == 0
    assert smtp_server.messages == []
    assert only_notification().email_status is EmailStatus.skipped
    assert "No email address" in only_notification().email_reason
