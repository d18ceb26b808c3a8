from datetime import UTC, datetime, timedelta

from api.extensions import db
from api.notifications import reminders
from api.notifications.models import EmailStatus, Notification
from tests.cycles.helpers import add_action

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


def remind(owner, make_cycle, team, count=2):
    cycle = make_cycle(team, state="action")
    for n in range(count):
        action = add_action(cycle, owner=owner, title=f"Action {n}")
        action.due_on = NOW.date() + timedelta(days=1)
    db.session.commit()
    return reminders.scan(NOW)


def test_student_sees_unread_count_and_marks_notifications_read(client_for, make_cycle, school):
    first, _ = remind(school.student, make_cycle, school.team)
    student = client_for(school.student)
    assert student.get("/api/v1/me/notifications/unread-count").get_json() == {"count": 2}
    listed = student.get("/api/v1/me/notifications?unread=true").get_json()
    assert {n["kind"] for n in listed} == {"action.due_soon"}
    read = student.post(f"/api/v1/me/notifications/{first}/read")
    assert read.status_code == 200 and read.get_json()["read_at"]
    assert student.get("/api/v1/me/notifications/unread-count").get_json() == {"count": 1}
    student.post("/api/v1/me/notifications/read-all")
    assert student.get("/api/v1/me/notifications/unread-count").get_json() == {"count": 0}


def test_nobody_reads_or_marks_someone_elses_notifications(client_for, make_cycle, school):
    first, _ = remind(school.student, make_cycle, school.team)
    other = client_for(school.students[1])
    assert other.get("/api/v1/me/notifications").get_json() == []
    assert other.post(f"/api/v1/me/notifications/{first}/read").status_code == 404
    assert db.session.get(Notification, first).read_at is None


def test_preferences_default_to_immediate_email_and_can_change(client_for, school):
    teacher = client_for(school.teacher)
    assert teacher.get("/api/v1/me/notification-preferences").get_json() == {
        "email_enabled": True,
        "email_mode": "immediate",
    }
    changed = teacher.put("/api/v1/me/notification-preferences", json={"email_mode": "daily"})
    assert changed.get_json() == {"email_enabled": True, "email_mode": "daily"}
    bad = teacher.put("/api/v1/me/notification-preferences", json={"email_mode": "hourly"})
    assert bad.status_code == 422
    assert teacher.get("/api/v1/me/notification-preferences").get_json()["email_mode"] == "daily"


def test_admin_sees_delivery_problems_with_reasons_and_teachers_do_not(
    client_for, make_cycle, school
):
    [first, _] = remind(school.student, make_cycle, school.team)
    notification = db.session.get(Notification, first)
    notification.email_status = EmailStatus.skipped
    notification.email_reason = "No email address: shown in the app only."
    db.session.commit()
    url = f"/api/v1/organizations/{school.org.id}/delivery-problems"
    problems = client_for(school.admin).get(url).get_json()
    assert [(p["id"], p["email_reason"]) for p in problems] == [
        (first, "No email address: shown in the app only.")
    ]
    assert client_for(school.teacher).get(url).status_code == 403
    assert client_for(school.outsider).get(url).status_code == 404
