"""GET /me/work: what waits for one person across their teams, soonest first, and only theirs."""

from __future__ import annotations

from datetime import date, timedelta

from api.actions.models import Action, ActionStatus
from api.cycles.models import PhaseDueDate
from api.extensions import db
from api.trust.models import Commitment, ReflectionSession, TrustReceipt, TrustSurvey


def add_action(cycle, owner, title, due, status=ActionStatus.planned):
    db.session.add(
        Action(
            cycle_id=cycle.id,
            team_id=cycle.team_id,
            title=title,
            owner_id=owner.id,
            due_on=due,
            status=status,
        )
    )


def test_my_work_lists_what_waits_for_me_soonest_first(
    client_for, school, make_cycle, make_team, make_user
):
    sam = school.student
    today = date.today()
    cycle = make_cycle(school.team, state="action", facilitators=[sam])
    db.session.add(PhaseDueDate(cycle_id=cycle.id, phase="action", due_on=today + timedelta(3)))
    add_action(cycle, sam, "Later", today + timedelta(days=5))
    add_action(cycle, sam, "Late", today - timedelta(days=1))
    add_action(cycle, sam, "No date", None)
    add_action(cycle, sam, "Finished", today, ActionStatus.done)
    add_action(cycle, school.students[1], "Priya's", today)
    ended = make_cycle(school.team, state="closed")
    add_action(ended, sam, "In an ended cycle", today)
    open_survey = TrustSurvey(
        team_id=school.team.id, period="Autumn", opens_on=today, closes_on=today + timedelta(7)
    )
    answered = TrustSurvey(
        team_id=school.team.id, period="Answered", opens_on=today, closes_on=today + timedelta(7)
    )
    db.session.add_all([open_survey, answered])
    db.session.flush()
    db.session.add(TrustReceipt(survey_id=answered.id, user_id=sam.id))
    session = ReflectionSession(team_id=school.team.id, title="Joint work")
    db.session.add(session)
    db.session.flush()
    db.session.add(
        Commitment(
            session_id=session.id,
            team_id=school.team.id,
            user_id=sam.id,
            body="Ask one question a lesson",
            follow_up_on=today + timedelta(days=14),
        )
    )
    # Another team's things are not Sam's work.
    other_team = make_team(school.org, teachers=[make_user(school.org)], students=[])
    make_cycle(other_team, state="evidence")
    db.session.commit()

    response = client_for(sam).get("/api/v1/me/work")
    assert response.status_code == 200
    work = response.get_json()
    assert [a["title"] for a in work["actions"]] == ["Late", "Later", "No date"]
    late = work["actions"][0]
    assert late["overdue"] is True
    assert late["team"] == {"id": school.team.id, "name": "Grade 7 Science"}
    assert late["link"].startswith(f"/cycles/{cycle.id}#action-")
    [mine] = work["cycles"]
    assert (mine["id"], mine["my_roles"], mine["phase_due_on"]) == (
        cycle.id,
        ["facilitator"],
        (today + timedelta(days=3)).isoformat(),
    )
    assert [s["period"] for s in work["surveys"]] == ["Autumn"]
    assert [c["body"] for c in work["commitments"]] == ["Ask one question a lesson"]


def test_a_teacher_with_nothing_waiting_gets_empty_lists(client_for, school):
    work = client_for(school.teacher2).get("/api/v1/me/work").get_json()
    assert work == {"actions": [], "cycles": [], "surveys": [], "commitments": []}


def test_signed_out_gets_401(anonymous):
    response = anonymous.get("/api/v1/me/work")
    assert response.status_code == 401
    assert response.content_type == "application/problem+json"
