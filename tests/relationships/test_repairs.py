"""Restore: a repair record moves the stage to restore, and back to maintain when done."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from api.extensions import db
from api.relationships.models import Repair
from tests.relationships.helpers import student_path


def test_a_repair_moves_to_restore_and_back_to_maintain_when_done(teacher, school, school_day):
    today = school_day(dt.date(2026, 11, 2))
    path = student_path(school)
    teacher.put(f"{path}/stage", json={"stage": "maintain"})
    created = teacher.post(
        f"{path}/repairs",
        json={
            "what_happened": "I snapped at Sam in front of the class.",
            "empathy_statement": "I'm sorry that I snapped at you.",
            "follow_up_on": (today + dt.timedelta(days=2)).isoformat(),
        },
    )
    assert created.status_code == 201, created.get_json()
    repair = created.get_json()
    assert teacher.get(path).get_json()["stage"] == "restore"
    updated = teacher.patch(
        f"/api/v1/repairs/{repair['id']}",
        json={"repair_offered": "Help set up the lab tomorrow", "student_response": "Said yes"},
    )
    assert updated.get_json()["student_response"] == "Said yes"
    done = teacher.post(f"/api/v1/repairs/{repair['id']}/done")
    assert done.get_json()["status"] == "done"
    detail = teacher.get(path).get_json()
    assert detail["stage"] == "maintain"
    assert [h["source"] for h in detail["history"][:2]] == ["repair_done", "repair_opened"]
    again = teacher.post(f"/api/v1/repairs/{repair['id']}/done")
    assert again.status_code == 409


def test_a_repair_needs_what_happened_and_a_follow_up_from_today(teacher, school, school_day):
    today = school_day(dt.date(2026, 11, 2))
    path = student_path(school)
    assert teacher.post(f"{path}/repairs", json={"what_happened": " "}).status_code == 422
    past = teacher.post(
        f"{path}/repairs",
        json={
            "what_happened": "Shouted",
            "follow_up_on": (today - dt.timedelta(days=1)).isoformat(),
        },
    )
    assert past.status_code == 422
    assert "follow_up_on" in past.get_json()["errors"]
    assert db.session.scalar(select(func.count()).select_from(Repair)) == 0
    assert teacher.get(path).get_json()["stage"] is None  # nothing half-written


def test_follow_up_reminders_go_to_the_teacher_without_the_students_name(
    teacher, school, school_day
):
    from api.notifications.relationship_reminders import repair_follow_up_reminders

    today = school_day(dt.date(2026, 11, 2))
    repair = teacher.post(
        f"{student_path(school)}/repairs",
        json={"what_happened": "Shouted", "follow_up_on": today.isoformat()},
    ).get_json()
    now = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)
    reminders = list(repair_follow_up_reminders(now))
    assert [(r.user_id, r.subject_id) for r in reminders] == [(school.teacher.id, repair["id"])]
    assert "Sam" not in reminders[0].title + reminders[0].body
    teacher.post(f"/api/v1/repairs/{repair['id']}/done")
    assert list(repair_follow_up_reminders(now)) == []
