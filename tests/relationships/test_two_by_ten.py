"""Two-by-Ten over simulated school days: one tap a day, a streak of ten, a missed day that
waits for the teacher's choice, and a closing reflection that can move the stage."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from api.extensions import db
from api.relationships.models import TwoByTen
from tests.relationships.helpers import student_path

MONDAY = dt.date(2026, 11, 2)


def start(teacher, school, **body):
    response = teacher.post(
        f"{student_path(school)}/two-by-ten", json={"reminder_at": "08:15", **body}
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def done(teacher, plan, note=None, **body):
    response = teacher.post(
        f"/api/v1/two-by-tens/{plan['id']}/check-ins", json={"note": note, **body}
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def next_weekday(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def test_ten_school_days_in_a_row_skip_the_weekend_and_close_with_a_stage(
    teacher, school, school_day
):
    day = school_day(MONDAY)
    plan = start(teacher, school)
    assert [entry["state"] for entry in plan["timeline"]] == ["today"] + ["ahead"] * 9
    assert plan["timeline"][-1]["day"] == "2026-11-13"  # two weeks of weekdays
    for number in range(1, 11):
        plan = done(teacher, plan, note="Plays chess with his grandad" if number == 1 else None)
        assert plan["days_done"] == number and not plan["needs_choice"]
        if number < 10:
            day = school_day(next_weekday(day))
    assert plan["ready_to_close"] and plan["timeline"][0]["note"] == "Plays chess with his grandad"
    closed = teacher.post(
        f"/api/v1/two-by-tens/{plan['id']}/close",
        json={"reflection": "He opens up about chess.", "stage": "maintain"},
    )
    assert closed.get_json()["status"] == "completed"
    detail = teacher.get(student_path(school)).get_json()
    assert detail["stage"] == "maintain" and detail["history"][0]["source"] == "two_by_ten"


def test_a_missed_school_day_waits_for_continue_or_restart(teacher, school, school_day):
    school_day(MONDAY)
    plan = start(teacher, school)
    done(teacher, plan)
    school_day(MONDAY + dt.timedelta(days=2))  # Tuesday went by without a tap
    plan = teacher.get(f"/api/v1/two-by-tens/{plan['id']}").get_json()
    assert plan["needs_choice"] and plan["missed_days"] == ["2026-11-03"]
    assert "missed_waiting" in [entry["state"] for entry in plan["timeline"]]
    carried = teacher.post(f"/api/v1/two-by-tens/{plan['id']}/continue").get_json()
    assert not carried["needs_choice"] and carried["days_done"] == 1
    assert [e["state"] for e in carried["timeline"][:3]] == ["done", "missed", "today"]
    assert teacher.post(f"/api/v1/two-by-tens/{plan['id']}/continue").status_code == 409

    school_day(MONDAY + dt.timedelta(days=4))  # Wednesday and Thursday missed
    restarted = teacher.post(f"/api/v1/two-by-tens/{plan['id']}/restart").get_json()
    assert restarted["streak_starts_on"] == "2026-11-06" and restarted["restarts"] == 1
    assert restarted["days_done"] == 0 and not restarted["needs_choice"]


def test_a_weekend_is_never_a_missed_day(teacher, school, school_day):
    school_day(dt.date(2026, 11, 6))  # a Friday
    plan = start(teacher, school)
    done(teacher, plan)
    school_day(dt.date(2026, 11, 9))  # Monday
    plan = teacher.get(f"/api/v1/two-by-tens/{plan['id']}").get_json()
    assert not plan["needs_choice"] and plan["timeline"][1]["state"] == "today"


def test_bad_days_are_refused_and_nothing_is_stored(teacher, school, school_day):
    school_day(MONDAY)
    saturday = teacher.post(
        f"{student_path(school)}/two-by-ten",
        json={"reminder_at": "08:15", "starts_on": "2026-11-07"},
    )
    assert saturday.status_code == 422
    assert "not a school day" in saturday.get_json()["detail"]
    past = teacher.post(
        f"{student_path(school)}/two-by-ten",
        json={"reminder_at": "08:15", "starts_on": "2026-10-30"},
    )
    assert past.status_code == 422
    no_time = teacher.post(f"{student_path(school)}/two-by-ten", json={})
    assert no_time.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(TwoByTen)) == 0

    plan = start(teacher, school)
    assert (
        teacher.post(
            f"{student_path(school)}/two-by-ten", json={"reminder_at": "09:00"}
        ).status_code
        == 409
    )
    future = teacher.post(f"/api/v1/two-by-tens/{plan['id']}/check-ins", json={"day": "2026-11-03"})
    assert future.status_code == 422
    school_day(dt.date(2026, 11, 7))
    weekend = teacher.post(f"/api/v1/two-by-tens/{plan['id']}/check-ins", json={})
    assert weekend.status_code == 422


def test_only_its_teacher_reaches_a_plan(client_for, teacher, school, school_day):
    school_day(MONDAY)
    plan = start(teacher, school)
    for who in (school.teacher2, school.coach, school.admin, school.student, school.outsider):
        client = client_for(who)
        assert client.get(f"/api/v1/two-by-tens/{plan['id']}").status_code == 404
        assert (
            client.post(f"/api/v1/two-by-tens/{plan['id']}/check-ins", json={}).status_code == 404
        )
        assert client.get("/api/v1/me/two-by-tens").get_json() == []
    assert [p["id"] for p in teacher.get("/api/v1/me/two-by-tens").get_json()] == [plan["id"]]


def test_the_reminder_comes_at_the_chosen_time_on_school_days_until_done(
    teacher, school, school_day
):
    from api.notifications.relationship_reminders import two_by_ten_reminders

    school_day(MONDAY)
    plan = start(teacher, school)
    before = dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC)
    after = dt.datetime(2026, 11, 2, 8, 20, tzinfo=dt.UTC)
    assert list(two_by_ten_reminders(before)) == []
    reminders = list(two_by_ten_reminders(after))
    assert [(r.user_id, r.dedupe_key) for r in reminders] == [
        (school.teacher.id, f"two_by_ten.today:{plan['id']}:2026-11-02")
    ]
    assert "Sam" not in reminders[0].title + reminders[0].body
    saturday = dt.datetime(2026, 11, 7, 9, 0, tzinfo=dt.UTC)
    assert list(two_by_ten_reminders(saturday)) == []
    done(teacher, plan)
    assert list(two_by_ten_reminders(after)) == []


def test_a_holiday_in_the_middle_is_skipped_never_missed(teacher, school, school_day):
    from api.calendar.models import NonSchoolDay

    holiday = dt.date(2026, 11, 11)  # a Wednesday
    db.session.add(
        NonSchoolDay(
            organization_id=school.org.id,
            name="Remembrance Day",
            starts_on=holiday,
            ends_on=holiday,
        )
    )
    db.session.commit()
    day = school_day(MONDAY)
    plan = start(teacher, school)
    states = {entry["day"]: entry["state"] for entry in plan["timeline"]}
    assert states["2026-11-11"] == "no_school" and max(states) == "2026-11-16"
    assert list(states.values()).count("ahead") == 9
    for _ in range(7):  # Monday 2nd … Tuesday 10th
        plan = done(teacher, plan)
        day = school_day(next_weekday(day))
    school_day(dt.date(2026, 11, 12))  # the day after the holiday
    plan = teacher.get(f"/api/v1/two-by-tens/{plan['id']}").get_json()
    assert plan["days_done"] == 7 and not plan["needs_choice"]
    on_holiday = teacher.post(
        f"/api/v1/two-by-tens/{plan['id']}/check-ins", json={"day": "2026-11-11"}
    )
    assert on_holiday.status_code == 422
    assert "not a school day" in on_holiday.get_json()["detail"]
