from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event

from api.cycles.models import PhaseDueDate
from api.db import utcnow
from api.extensions import db
from tests.cycles.helpers import add_action, add_evidence


@contextmanager
def counting_statements():
    seen = []

    def count(*args, **kwargs):
        seen.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_coach_sees_active_cycles_with_days_in_phase_overdue_and_stalled(
    client_for, make_cycle, make_team, school
):
    cycle = make_cycle(school.team, state="analysis", facilitators=[school.student])
    cycle.state_changed_at = utcnow() - timedelta(days=4)
    cycle.last_activity_at = utcnow() - timedelta(days=12)
    db.session.add(
        PhaseDueDate(
            cycle_id=cycle.id, phase="analysis", due_on=utcnow().date() - timedelta(days=1)
        )
    )
    late = add_action(cycle, owner=school.student)
    late.due_on = utcnow().date() - timedelta(days=2)
    add_evidence(cycle)
    make_cycle(school.team, state="closed", number=2, puzzle=cycle.puzzle)
    db.session.commit()

    body = client_for(school.coach).get("/api/v1/coach/dashboard").get_json()
    assert [team["name"] for team in body] == ["Grade 7 Science"]
    team = body[0]
    assert team["stalled_count"] == 1
    assert team["overdue_count"] == 2
    assert team["student_facilitated_share"] == 0.5
    [active] = team["cycles"]
    assert active["days_in_phase"] == 4
    assert active["phase_overdue"] is True
    assert active["overdue_actions"] == 1
    assert active["stalled"] is True
    assert active["facilitated_by_student"] is True
    assert active["counts"] == {"evidence": 1, "notes": 0, "actions": 1}


def test_dashboard_sorts_and_filters(client_for, make_cycle, make_team, school):
    quiet = make_team(school.org, name="A quiet team", coaches=[school.coach])
    cycle = make_cycle(school.team, state="evidence")
    cycle.last_activity_at = utcnow() - timedelta(days=30)
    make_cycle(quiet, state="evidence")
    db.session.commit()
    coach = client_for(school.coach)
    by_name = coach.get("/api/v1/coach/dashboard").get_json()
    assert [t["name"] for t in by_name] == ["A quiet team", "Grade 7 Science"]
    stalled_first = coach.get("/api/v1/coach/dashboard?sort=stalled").get_json()
    assert [t["name"] for t in stalled_first] == ["Grade 7 Science", "A quiet team"]
    only_stalled = coach.get("/api/v1/coach/dashboard?stalled=true").get_json()
    assert [t["name"] for t in only_stalled] == ["Grade 7 Science"]
    assert coach.get("/api/v1/coach/dashboard?sort=age").status_code == 422


def test_teachers_who_coach_nobody_see_an_empty_dashboard(client_for, school):
    assert client_for(school.teacher).get("/api/v1/coach/dashboard").get_json() == []


def test_statement_count_does_not_grow_with_the_number_of_teams(
    client_for, make_cycle, make_team, make_user, school
):
    coach = make_user(school.org, name="Busy Coach")

    def follow(count):
        for _ in range(count):
            team = make_team(school.org, students=[school.student], coaches=[coach])
            cycle = make_cycle(team, state="action", facilitators=[school.student])
            add_evidence(cycle)
            add_action(cycle, owner=school.student)

    client = client_for(coach)
    follow(5)
    with counting_statements() as five:
        assert len(client.get("/api/v1/coach/dashboard?page_size=100").get_json()) == 5
    follow(45)
    with counting_statements() as fifty:
        assert len(client.get("/api/v1/coach/dashboard?page_size=100").get_json()) == 50
    assert len(fifty) == len(five)
