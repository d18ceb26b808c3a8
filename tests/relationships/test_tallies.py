"""5:1: quick taps for a lesson or a focus student, the ratio over time, a coach's
observation shared with that teacher only."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from api.extensions import db
from api.relationships.models import FeedbackTally


def tallies_path(school) -> str:
    return f"/api/v1/teams/{school.team.id}/feedback-tallies"


def tap(client, tally, kind, times=1, undo=False):
    response = None
    for _ in range(times):
        response = client.post(
            f"/api/v1/feedback-tallies/{tally['id']}/taps", json={"kind": kind, "undo": undo}
        )
        assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_teacher_taps_a_lesson_and_sees_the_ratio_against_five_to_one(
    teacher, school, school_day
):
    school_day(dt.date(2026, 11, 2))
    tally = teacher.post(tallies_path(school), json={"label": "Period 3"}).get_json()
    tap(teacher, tally, "positive", 6)
    tap(teacher, tally, "corrective", 2)
    last = tap(teacher, tally, "positive", undo=True)
    assert (last["positive"], last["corrective"], last["ratio"]) == (5, 2, 2.5)
    school_day(dt.date(2026, 11, 3))
    second = teacher.post(tallies_path(school), json={"label": "Period 3"}).get_json()
    tap(teacher, second, "positive", 5)
    tap(teacher, second, "corrective")
    ratio = teacher.get(f"/api/v1/teams/{school.team.id}/feedback-ratio").get_json()
    assert ratio["target_ratio"] == 5
    assert [(p["day"], p["ratio"]) for p in ratio["own"]] == [
        ("2026-11-02", 2.5),
        ("2026-11-03", 5.0),
    ]
    assert ratio["observed"] == []


def test_undo_never_goes_below_zero(teacher, school):
    tally = teacher.post(tallies_path(school), json={}).get_json()
    assert tap(teacher, tally, "corrective", undo=True)["corrective"] == 0


def test_a_focus_student_must_be_in_the_class(teacher, school, make_user, make_team):
    other = make_user(school.org, username="nia")
    make_team(school.org, students=[other])
    refused = teacher.post(tallies_path(school), json={"focus_student_id": other.id})
    assert refused.status_code == 404
    ok = teacher.post(tallies_path(school), json={"focus_student_id": school.student.id})
    assert ok.get_json()["focus_student_name"] == "Sam Student"


def test_a_tally_for_a_class_one_does_not_teach_is_refused(
    client_for, school, make_user, make_team
):
    elsewhere = make_team(school.org, teachers=[make_user(school.org)])
    teacher = client_for(school.teacher)
    assert (
        teacher.post(f"/api/v1/teams/{elsewhere.id}/feedback-tallies", json={}).status_code == 404
    )
    for who in (school.student, school.admin):
        assert client_for(who).post(tallies_path(school), json={}).status_code == 403
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    assert teacher.post(tallies_path(school), json={"lesson_on": future}).status_code == 422
    assert db.session.scalar(select(func.count()).select_from(FeedbackTally)) == 0


def test_a_coach_observation_is_shared_with_that_teacher_only(client_for, teacher, school):
    coach = client_for(school.coach)
    assert coach.post(tallies_path(school), json={}).status_code == 422  # whose lesson?
    observed = coach.post(
        tallies_path(school), json={"teacher_id": school.teacher.id, "label": "Period 3"}
    )
    assert observed.status_code == 201, observed.get_json()
    tally = observed.get_json()
    tap(coach, tally, "positive", 3)
    tap(coach, tally, "corrective")
    own = teacher.post(tallies_path(school), json={"label": "Period 3"}).get_json()
    tap(teacher, own, "positive", 4)

    mine = teacher.get(tallies_path(school)).get_json()
    assert {t["observer_name"] for t in mine} == {None, "Casey Coach"}
    ratio = teacher.get(f"/api/v1/teams/{school.team.id}/feedback-ratio").get_json()
    assert ratio["observed"][0]["positive"] == 3 and ratio["own"][0]["positive"] == 4
    # The teacher reads the coach's tally but cannot change it.
    assert (
        teacher.post(
            f"/api/v1/feedback-tallies/{tally['id']}/taps", json={"kind": "positive"}
        ).status_code
        == 403
    )
    # The coach sees only their own observation; the other teacher sees neither.
    assert [t["id"] for t in coach.get(tallies_path(school)).get_json()] == [tally["id"]]
    assert coach.get(f"/api/v1/feedback-tallies/{own['id']}").status_code == 404
    other = client_for(school.teacher2)
    assert other.get(tallies_path(school)).get_json() == []
    assert other.get(f"/api/v1/feedback-tallies/{tally['id']}").status_code == 404
    # A coach observes a teacher of the class, and the whole lesson.
    assert (
        coach.post(tallies_path(school), json={"teacher_id": school.student.id}).status_code == 422
    )
    assert (
        coach.post(
            tallies_path(school),
            json={"teacher_id": school.teacher.id, "focus_student_id": school.student.id},
        ).status_code
        == 422
    )
