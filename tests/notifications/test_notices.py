"""Being told at once: made facilitator, recorder or timekeeper; the cycle you facilitate moved;
notices of an action carried into the next cycle lead there."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from api.actions.models import Action
from api.extensions import db
from api.notifications.models import Notification
from tests.cycles.helpers import move


def kinds_for(user) -> list[str]:
    return db.session.scalars(
        select(Notification.kind).where(Notification.user_id == user.id).order_by(Notification.kind)
    ).all()


def test_people_given_a_role_in_a_cycle_are_told(client_for, school, make_puzzle):
    puzzle = make_puzzle(school.team)
    sam, priya, leo = school.students
    response = client_for(school.teacher).post(
        f"/api/v1/puzzles/{puzzle.id}/cycles",
        json={"facilitator_ids": [sam.id], "recorder_id": priya.id},
    )
    assert response.status_code == 201
    assert kinds_for(sam) == ["cycle.facilitator"]
    assert kinds_for(priya) == ["cycle.recorder"]
    cycle = response.get_json()
    changed = client_for(school.teacher).patch(
        f"/api/v1/cycles/{cycle['id']}",
        json={"facilitator_ids": [sam.id, leo.id], "timekeeper_id": priya.id},
        headers={"If-Match": response.headers["ETag"]},
    )
    assert changed.status_code == 200
    assert kinds_for(sam) == ["cycle.facilitator"]  # not told again
    assert kinds_for(leo) == ["cycle.facilitator"]
    assert kinds_for(priya) == ["cycle.recorder", "cycle.timekeeper"]
    [title] = db.session.scalars(
        select(Notification.title).where(Notification.user_id == leo.id)
    ).all()
    assert title == "You are a facilitator of cycle 1"


def test_facilitators_hear_when_someone_else_moves_their_cycle(client_for, school, make_cycle):
    cycle = make_cycle(school.team, facilitators=[school.student, school.students[1]])
    assert move(client_for(school.student), cycle.id, "start_evidence").status_code == 200
    assert kinds_for(school.student) == []  # they moved it themselves
    [told] = db.session.scalars(
        select(Notification).where(Notification.user_id == school.students[1].id)
    ).all()
    assert told.kind == "cycle.moved"
    assert told.title == "Cycle 1, which you facilitate, moved to evidence"


def test_a_notice_of_a_carried_action_leads_to_the_cycle_it_is_in_now(
    client_for, school, make_cycle
):
    first = make_cycle(school.team, state="action")
    action = Action(
        cycle_id=first.id,
        team_id=school.team.id,
        title="Bring the goal cards",
        owner_id=school.student.id,
        due_on=date.today() + timedelta(days=3),
    )
    db.session.add(action)
    db.session.flush()
    db.session.add(
        Notification(
            user_id=school.student.id,
            kind="action.due_soon",
            dedupe_key="test-carried",
            title="“Bring the goal cards” is due",
            link=f"/cycles/{first.id}",
            subject_type="action",
            subject_id=action.id,
        )
    )
    second = make_cycle(school.team, state="evidence", puzzle=first.puzzle, number=2)
    db.session.add(
        Action(
            cycle_id=second.id,
            team_id=school.team.id,
            title=action.title,
            owner_id=school.student.id,
            carried_from_id=action.id,
        )
    )
    db.session.commit()
    [shown] = client_for(school.student).get("/api/v1/me/notifications").get_json()
    carried = db.session.scalar(select(Action.id).where(Action.carried_from_id == action.id))
    assert shown["link"] == f"/cycles/{second.id}#action-{carried}"
