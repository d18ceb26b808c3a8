"""Class pulse: anonymous like the trust survey (sealed while open, counted at closing, nothing
linking an answer to a person, a time or an order), results to its teacher only, at five."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from api.calendar import days
from api.evidence.models import Evidence
from api.extensions import db
from api.pulse import service
from api.pulse.models import (
    ClassPulse,
    PulseReceipt,
    PulseResultCount,
    PulseSealedAnswer,
)
from api.pulse.questions import ITEM_KEYS
from api.teams.models import Membership, Role

MONDAY = dt.date(2026, 11, 2)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def answers(score: int = 4, **overrides) -> dict:
    return {"answers": {**{key: score for key in ITEM_KEYS}, **overrides}}


@pytest.fixture()
def today(monkeypatch):
    current = {"day": MONDAY}
    monkeypatch.setattr(days, "school_today", lambda organization: current["day"])
    return current


@pytest.fixture()
def big_class(school, make_user):
    """The school's class with seven students."""
    for name in ("Ana Lee", "Ben Ode", "Cam Roy", "Dee Fox"):
        student = make_user(school.org, name=name, username=name.split()[0].lower())
        db.session.add(Membership(team_id=school.team.id, user_id=student.id, role=Role.student))
    db.session.commit()
    return [
        m.user
        for m in db.session.scalars(
            select(Membership).where(
                Membership.team_id == school.team.id, Membership.role == Role.student
            )
        )
    ]


def open_pulse(client, school, **body):
    response = client.post(f"/api/v1/teams/{school.team.id}/class-pulses", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_results_come_to_the_teacher_after_close_at_five_with_a_trend(
    client_for, school, big_class, today
):
    teacher = client_for(school.teacher)
    pulse = open_pulse(teacher, school)
    assert pulse["closes_on"] == "2026-11-06" and pulse["repeat_every_days"] == 14
    for index, student in enumerate(big_class[:5]):
        sent = client_for(student).post(
            f"/api/v1/class-pulses/{pulse['id']}/responses", json=answers(3 + index % 2, belong=5)
        )
        assert sent.status_code == 201, sent.get_json()
    early = teacher.get(f"/api/v1/class-pulses/{pulse['id']}/results").get_json()
    assert early["released"] is False and early["items"] == []
    assert count(PulseResultCount) == 0 and count(PulseSealedAnswer) == 5
    closed = teacher.post(f"/api/v1/class-pulses/{pulse['id']}/close").get_json()
    assert closed["status"] == "closed" and closed["response_count"] == 5
    assert count(PulseSealedAnswer) == 0  # opened, counted, gone
    result = teacher.get(f"/api/v1/class-pulses/{pulse['id']}/results").get_json()
    by_key = {item["key"]: item for item in result["items"]}
    assert by_key["knows_me"]["mean"] == 3.4 and by_key["knows_me"]["counts"] == [0, 0, 3, 2, 0]
    assert by_key["belong"]["mean"] == 5.0
    assert [point["means"]["belong"] for point in result["trend"]] == [5.0]

    today["day"] = MONDAY + dt.timedelta(days=14)
    second = open_pulse(teacher, school)
    for student in big_class[:6]:
        client_for(student).post(f"/api/v1/class-pulses/{second['id']}/responses", json=answers(5))
    teacher.post(f"/api/v1/class-pulses/{second['id']}/close")
    trend = teacher.get(f"/api/v1/class-pulses/{second['id']}/results").get_json()["trend"]
    assert [p["means"]["knows_me"] for p in trend] == [3.4, 5.0]


def test_fewer_than_five_keep_nothing(client_for, school, big_class, today):
    teacher = client_for(school.teacher)
    pulse = open_pulse(teacher, school)
    for student in big_class[:4]:
        client_for(student).post(f"/api/v1/class-pulses/{pulse['id']}/responses", json=answers(2))
    teacher.post(f"/api/v1/class-pulses/{pulse['id']}/close")
    result = teacher.get(f"/api/v1/class-pulses/{pulse['id']}/results").get_json()
    assert result["released"] is False and "Fewer than 5" in result["withheld_because"]
    assert count(PulseResultCount) == 0 and count(PulseSealedAnswer) == 0


def test_bad_answers_late_answers_and_second_answers_are_refused(
    client_for, school, big_class, today
):
    teacher = client_for(school.teacher)
    pulse = open_pulse(teacher, school)
    path = f"/api/v1/class-pulses/{pulse['id']}/responses"
    sam = client_for(school.student)
    assert sam.post(path, json=answers(6)).status_code == 422
    assert sam.post(path, json={"answers": {"knows_me": 3}}).status_code == 422
    assert sam.post(path, json=answers(3, extra=2)).status_code == 422
    assert count(PulseReceipt) == 0 and count(PulseSealedAnswer) == 0
    assert sam.post(path, json=answers(3)).status_code == 201
    assert sam.post(path, json=answers(3)).status_code == 409
    assert teacher.post(path, json=answers(3)).status_code == 403
    teacher.post(f"/api/v1/class-pulses/{pulse['id']}/close")
    late = client_for(big_class[1]).post(path, json=answers(3))
    assert late.status_code == 409 and "closed" in late.get_json()["detail"]
    assert count(PulseReceipt) == 1


def test_only_its_teacher_sees_results_and_only_its_students_answer(
    client_for, school, big_class, make_user, today
):
    pulse = open_pulse(client_for(school.teacher), school)
    joined_later = make_user(school.org, username="late")
    db.session.add(Membership(team_id=school.team.id, user_id=joined_later.id, role=Role.student))
    db.session.commit()
    path = f"/api/v1/class-pulses/{pulse['id']}"
    assert client_for(joined_later).post(f"{path}/responses", json=answers()).status_code == 404
    for who in (school.teacher2, school.coach, school.admin, school.outsider, school.student):
        client = client_for(who)
        assert client.get(f"{path}/results").status_code == 404, who.display_name
        assert client.post(f"{path}/close").status_code == 404, who.display_name
    for who in (school.coach, school.admin):
        listed = client_for(who).get(f"/api/v1/teams/{school.team.id}/class-pulses")
        assert listed.status_code == 403
    seen_by_sam = client_for(school.student).get(path).get_json()
    assert seen_by_sam["can_answer"] and "response_count" not in seen_by_sam


def test_an_answer_links_to_no_person_time_or_order(client_for, school, big_class, today):
    pulse = open_pulse(client_for(school.teacher), school)
    for student in big_class:
        client_for(student).post(f"/api/v1/class-pulses/{pulse['id']}/responses", json=answers(4))
    columns = {column.name for column in PulseSealedAnswer.__table__.columns}
    assert columns == {"id", "pulse_id", "sealed"}
    sealed = list(db.session.scalars(select(PulseSealedAnswer.sealed)))
    assert len({len(blob) for blob in sealed}) == 1  # one size, whatever was answered
    for student in big_class:
        assert student.id.encode() not in b"".join(sealed)
    client_for(school.teacher).post(f"/api/v1/class-pulses/{pulse['id']}/close")
    kept = {column.name for column in PulseResultCount.__table__.columns}
    assert kept == {"pulse_id", "item", "score", "count"}
    rows = db.session.execute(select(PulseResultCount.item, PulseResultCount.score)).all()
    assert rows == sorted(rows)


def test_a_released_result_becomes_perception_evidence_with_aggregates_only(
    client_for, school, big_class, make_cycle, today
):
    teacher = client_for(school.teacher)
    pulse = open_pulse(teacher, school)
    cycle = make_cycle(school.team, state="evidence")
    path = f"/api/v1/class-pulses/{pulse['id']}/evidence"
    assert teacher.post(path, json={"cycle_id": cycle.id}).status_code == 409  # still open
    for student in big_class[:5]:
        client_for(student).post(f"/api/v1/class-pulses/{pulse['id']}/responses", json=answers(4))
    teacher.post(f"/api/v1/class-pulses/{pulse['id']}/close")
    added = teacher.post(path, json={"cycle_id": cycle.id})
    assert added.status_code == 201, added.get_json()
    evidence = db.session.get(Evidence, added.get_json()["id"])
    assert evidence.kind.value == "survey" and evidence.student_voice
    assert "5 of 7 students answered" in evidence.text and "Average 4.0 of 5" in evidence.text
    assert not any(student.display_name in evidence.text for student in big_class)
    other = make_cycle(make_team_for(school), state="evidence")
    assert teacher.post(path, json={"cycle_id": other.id}).status_code == 404


def make_team_for(school):
    from api.teams.models import Team

    team = Team(organization_id=school.org.id, name="Another class")
    db.session.add(team)
    db.session.commit()
    return team


def test_the_beat_closes_due_pulses_and_opens_the_next_round(client_for, school, big_class, today):
    pulse = open_pulse(client_for(school.teacher), school)
    today["day"] = MONDAY + dt.timedelta(days=5)
    assert service.run_pulses() == {"opened": 0, "closed": 1}
    assert db.session.get(ClassPulse, pulse["id"]).closed_at is not None
    today["day"] = MONDAY + dt.timedelta(days=14)
    assert service.run_pulses() == {"opened": 1, "closed": 0}
    assert service.run_pulses() == {"opened": 0, "closed": 0}  # safe to run twice
    newest = db.session.scalar(select(ClassPulse).order_by(ClassPulse.opens_on.desc()))
    assert (newest.opens_on, newest.closes_on) == (dt.date(2026, 11, 16), dt.date(2026, 11, 20))
