from sqlalchemy import func, select

from api.cycles.models import Cycle, CycleEvent
from api.extensions import db
from tests.cycles.helpers import add_action, add_cited_note, add_evidence, add_reflection, move


def events(cycle) -> list[tuple[str, str]]:
    rows = db.session.execute(
        select(CycleEvent.from_state, CycleEvent.to_state)
        .where(CycleEvent.cycle_id == cycle.id)
        .order_by(CycleEvent.version)
    )
    return [tuple(row) for row in rows]


def state_of(cycle) -> str:
    return db.session.scalar(select(Cycle.state).where(Cycle.id == cycle.id))


def test_teacher_starts_a_cycle_with_a_student_facilitator(client_for, make_puzzle, school):
    puzzle = make_puzzle(school.team)
    response = client_for(school.teacher).post(
        f"/api/v1/puzzles/{puzzle.id}/cycles",
        json={
            "facilitator_ids": [school.student.id],
            "timekeeper_id": school.students[1].id,
            "due_dates": {"evidence": "2026-12-04", "analysis": "2026-12-11"},
        },
    )
    assert response.status_code == 201, response.get_json()
    cycle = response.get_json()
    assert cycle["number"] == 1
    assert cycle["state"] == "draft"
    assert cycle["facilitators"] == [{"id": school.student.id, "display_name": "Sam Student"}]
    assert cycle["timekeeper"]["display_name"] == "Priya Shah"
    assert cycle["due_dates"] == {"evidence": "2026-12-04", "analysis": "2026-12-11"}
    assert response.headers["ETag"] == '"1"'


def test_student_facilitator_can_move_cycle_to_analysis(client_for, make_cycle, school):
    cycle = make_cycle(school.team, state="evidence", facilitators=[school.student])
    add_evidence(cycle)
    response = move(client_for(school.student), cycle.id, "start_analysis", comment="Ready!")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["state"] == "analysis"
    assert response.headers["ETag"] == '"2"'
    assert events(cycle) == [("evidence", "analysis")]


def test_student_who_is_not_facilitator_cannot_move_the_cycle(client_for, make_cycle, school):
    cycle = make_cycle(school.team, state="evidence", facilitators=[school.student])
    add_evidence(cycle)
    response = move(client_for(school.students[1]), cycle.id, "start_analysis")
    assert response.status_code == 403
    assert "facilitators" in response.get_json()["detail"]
    assert state_of(cycle) == "evidence"
    assert events(cycle) == []


def test_teacher_moves_any_cycle_and_coach_cannot(client_for, make_cycle, school):
    cycle = make_cycle(school.team, state="evidence", facilitators=[school.student])
    add_evidence(cycle)
    assert move(client_for(school.coach), cycle.id, "start_analysis").status_code == 403
    assert move(client_for(school.teacher2), cycle.id, "start_analysis").status_code == 200


def test_guard_failure_is_409_with_reasons_a_person_can_read(client_for, make_cycle, school):
    cycle = make_cycle(school.team, state="evidence", facilitators=[school.student])
    response = move(client_for(school.student), cycle.id, "analysis")
    assert response.status_code == 409
    body = response.get_json()
    assert body["reasons"] == ["Add at least one piece of evidence before you move to analysis."]
    assert state_of(cycle) == "evidence"
    assert events(cycle) == []


def test_blocked_moves_say_why_on_the_cycle(client_for, make_cycle, school):
    cycle = make_cycle(school.team, state="action", facilitators=[school.student])
    add_action(cycle, owner=None, title="Try exit tickets")
    body = client_for(school.student).get(f"/api/v1/cycles/{cycle.id}").get_json()
    reflect = next(t for t in body["transitions"] if t["name"] == "reflect")
    assert reflect["allowed"] is False
    assert any("Try exit tickets" in reason for reason in reflect["reasons"])
    assert "facilitator" in body["my_roles"]


def test_stale_if_match_is_412_and_missing_if_match_is_428(client_for, make_cycle, school):
    cycle = make_cycle(school.team, state="evidence", facilitators=[school.student])
    add_evidence(cycle)
    teacher = client_for(school.teacher)
    url = f"/api/v1/cycles/{cycle.id}/transitions"
    missing = teacher.post(url, json={"transition": "start_analysis"})
    assert missing.status_code == 428
    stale = teacher.post(url, json={"transition": "start_analysis"}, headers={"If-Match": '"0"'})
    assert stale.status_code == 412
    assert stale.mimetype == "application/problem+json"
    assert state_of(cycle) == "evidence"


def test_out_of_order_and_unknown_moves_are_refused(client_for, make_cycle, school):
    cycle = make_cycle(school.team, state="draft", facilitators=[school.student])
    teacher = client_for(school.teacher)
    skipping = move(teacher, cycle.id, "reflection")
    assert skipping.status_code == 409
    unknown = move(teacher, cycle.id, "teleport")
    assert unknown.status_code == 422
    assert "transition" in unknown.get_json()["errors"]
    assert state_of(cycle) == "draft"


def test_going_back_to_evidence_is_allowed(client_for, make_cycle, school):
    cycle = make_cycle(school.team, state="analysis", facilitators=[school.student])
    assert move(client_for(school.student), cycle.id, "back_to_evidence").status_code == 200
    assert state_of(cycle) == "evidence"


def test_history_lists_every_move_in_order(client_for, make_cycle, school):
    cycle = make_cycle(school.team, state="draft", facilitators=[school.student])
    student = client_for(school.student)
    assert move(student, cycle.id, "start_evidence").status_code == 200
    evidence = add_evidence(cycle)
    assert move(student, cycle.id, "start_analysis").status_code == 200
    add_cited_note(cycle, evidence)
    assert move(student, cycle.id, "plan_action", comment="We know why").status_code == 200
    history = student.get(f"/api/v1/cycles/{cycle.id}/history").get_json()
    assert [(e["from_state"], e["to_state"]) for e in history] == [
        ("draft", "evidence"),
        ("evidence", "analysis"),
        ("analysis", "action"),
    ]
    assert [e["version"] for e in history] == [2, 3, 4]
    assert history[-1]["comment"] == "We know why"
    assert history[0]["actor"]["display_name"] == "Sam Student"


def test_next_cycle_from_reflection_closes_and_carries_unfinished_actions(
    client_for, make_cycle, school
):
    cycle = make_cycle(school.team, state="reflection", facilitators=[school.student])
    unfinished = add_action(cycle, owner=school.students[1], title="Keep the goal wall")
    done = add_action(cycle, owner=school.teacher, title="Model a reflection")
    done.status = "done"
    db.session.commit()
    add_reflection(cycle)
    response = client_for(school.student).post(f"/api/v1/cycles/{cycle.id}/next")
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["number"] == 2
    assert body["state"] == "draft"
    assert [f["id"] for f in body["facilitators"]] == [school.student.id]
    assert state_of(cycle) == "closed"
    actions = client_for(school.teacher).get(f"/api/v1/cycles/{body['id']}").get_json()
    assert actions["counts"]["actions"] == 1
    from api.actions.models import Action

    carried = db.session.scalars(select(Action).where(Action.cycle_id == body["id"])).all()
    assert [(a.title, a.carried_from_id) for a in carried] == [
        ("Keep the goal wall", unfinished.id)
    ]


def test_next_cycle_needs_a_reflection_first(client_for, make_cycle, school):
    cycle = make_cycle(school.team, state="reflection", facilitators=[school.student])
    response = client_for(school.student).post(f"/api/v1/cycles/{cycle.id}/next")
    assert response.status_code == 409
    assert "reflection" in " ".join(response.get_json()["reasons"]).lower()
    assert db.session.scalar(select(func.count(Cycle.id))) == 1


def test_only_one_open_cycle_per_puzzle(client_for, make_cycle, school):
    cycle = make_cycle(school.team, state="evidence")
    response = client_for(school.teacher).post(f"/api/v1/puzzles/{cycle.puzzle_id}/cycles", json={})
    assert response.status_code == 409


def test_facilitators_must_be_on_the_team(client_for, make_puzzle, school):
    puzzle = make_puzzle(school.team)
    response = client_for(school.teacher).post(
        f"/api/v1/puzzles/{puzzle.id}/cycles", json={"facilitator_ids": [school.outsider.id]}
    )
    assert response.status_code == 422
    assert "facilitator_ids" in response.get_json()["errors"]
    assert db.session.scalar(select(func.count(Cycle.id))) == 0


def test_update_cycle_needs_if_match_and_bumps_the_version(client_for, make_cycle, school):
    cycle = make_cycle(school.team, state="evidence", facilitators=[school.student])
    student = client_for(school.student)
    url = f"/api/v1/cycles/{cycle.id}"
    assert student.patch(url, json={"title": "Round one"}).status_code == 428
    etag = student.get(url).headers["ETag"]
    updated = student.patch(
        url,
        json={"title": "Round one", "due_dates": {"action": "2027-01-08"}},
        headers={"If-Match": etag},
    )
    assert updated.status_code == 200
    assert updated.get_json()["title"] == "Round one"
    assert updated.get_json()["due_dates"] == {"action": "2027-01-08"}
    assert updated.headers["ETag"] != etag
    again = student.patch(url, json={"title": "Lost update"}, headers={"If-Match": etag})
    assert again.status_code == 412


def test_bad_due_date_format_is_422(client_for, make_puzzle, school):
    puzzle = make_puzzle(school.team)
    response = client_for(school.teacher).post(
        f"/api/v1/puzzles/{puzzle.id}/cycles", json={"due_dates": {"evidence": "04/12/2026"}}
    )
    assert response.status_code == 422
    assert "due_dates" in response.get_json()["errors"]


def test_board_lists_team_cycles_with_counts_and_filters(
    client_for, make_cycle, make_puzzle, school
):
    first = make_cycle(school.team, state="evidence", facilitators=[school.student])
    add_evidence(first)
    make_cycle(school.team, state="closed", puzzle=make_puzzle(school.team))
    teacher = client_for(school.teacher)
    board = teacher.get(f"/api/v1/teams/{school.team.id}/cycles?open=true").get_json()
    assert [(c["id"], c["counts"]["evidence"]) for c in board] == [(first.id, 1)]
    closed = teacher.get(f"/api/v1/teams/{school.team.id}/cycles?state=closed").get_json()
    assert [c["state_label"] for c in closed] == ["Closed"]


def test_next_cycle_that_fails_halfway_leaves_nothing_half_done(
    client_for, make_cycle, school, monkeypatch
):
    from api.actions.models import Action
    from api.actor import Actor
    from api.cycles import service

    cycle = make_cycle(school.team, state="reflection", facilitators=[school.student])
    add_action(cycle, owner=school.students[1], title="Keep the goal wall")
    add_reflection(cycle)

    def carrying_over_fails():
        raise RuntimeError("the database went away while carrying actions over")

    # Closing the cycle and opening the next one succeed; carrying the actions over fails.
    monkeypatch.setattr(service, "action_is_open", carrying_over_fails)
    try:
        service.start_next_cycle(Actor(user=school.student), cycle.id)
    except RuntimeError:
        pass
    else:
        raise AssertionError("the carry-over was meant to fail")
    assert state_of(cycle) == "reflection"
    assert events(cycle) == []
    assert db.session.scalar(select(func.count(Cycle.id))) == 1
    assert db.session.scalar(select(func.count(Action.id))) == 1

    # A retry works: nothing says the next cycle has already started.
    monkeypatch.undo()
    next_cycle = service.start_next_cycle(Actor(user=school.student), cycle.id)
    assert next_cycle.number == 2
    assert state_of(cycle) == "closed"
    carried = db.session.scalars(select(Action.title).where(Action.cycle_id == next_cycle.id))
    assert list(carried) == ["Keep the goal wall"]
