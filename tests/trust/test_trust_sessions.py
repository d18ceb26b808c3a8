"""Joint-work reflection sessions: timed steps, notes that may be anonymous, commitments."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from api.extensions import db
from api.trust.models import Commitment, SessionNote
from tests.trust.trust_helpers import TODAY


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_teacher_plans_a_session_and_a_student_facilitates_it(client_for, school):
    teacher = client_for(school.teacher)
    created = teacher.post(
        f"/api/v1/teams/{school.team.id}/trust-sessions",
        json={
            "title": "After cycle 2",
            "facilitator_id": school.student.id,
            "individual_minutes": 5,
        },
    )
    assert created.status_code == 201, created.get_json()
    session = created.get_json()
    assert session["step"] == "ready" and session["step_ends_at"] is None
    assert [s["step"] for s in session["steps"]] == [
        "individual",
        "small_group",
        "whole_team",
        "commitment",
    ]
    assert session["steps"][0]["minutes"] == 5
    assert [p["prompt"] for p in session["steps"][0]["prompts"]] == [
        "What was our shared task?",
        "How did we rely on each other to get it done?",
        "Where did trust grow, or where was it challenged?",
    ]
    assert session["facilitator"]["display_name"] == "Sam Student"

    student = client_for(school.student)
    url = f"/api/v1/trust-sessions/{session['id']}/step"
    moved = student.put(url, json={"step": "individual"}).get_json()
    assert moved["step"] == "individual" and moved["can_facilitate"] is True
    started = datetime.fromisoformat(moved["step_started_at"])
    assert datetime.fromisoformat(moved["step_ends_at"]) - started == timedelta(minutes=5)
    # Asking again (a double click) changes nothing, not even the timer.
    again = student.put(url, json={"step": "individual"}).get_json()
    assert again["step_started_at"] == moved["step_started_at"]

    other_student = client_for(school.students[1])
    assert other_student.put(url, json={"step": "small_group"}).status_code == 403
    assert client_for(school.coach).put(url, json={"step": "small_group"}).status_code == 403
    assert teacher.put(url, json={"step": "small_group"}).get_json()["step"] == "small_group"
    assert student.put(url, json={"step": "someday"}).status_code == 422


def test_only_teachers_plan_sessions_and_facilitators_must_be_members(client_for, school):
    url = f"/api/v1/teams/{school.team.id}/trust-sessions"
    assert client_for(school.student).post(url, json={"title": "x"}).status_code == 403
    refused = client_for(school.teacher).post(
        url, json={"title": "x", "facilitator_id": school.coach.id}
    )
    assert refused.status_code == 422
    assert "facilitator_id" in refused.get_json()["errors"]
    assert (
        client_for(school.teacher)
        .post(url, json={"title": "x", "individual_minutes": 0})
        .status_code
        == 422
    )


def test_anonymous_notes_keep_no_author_and_notes_come_sorted_by_text(
    client_for, school, make_session
):
    session = make_session(school.team, step="individual", facilitator=school.teacher)
    sam, priya = client_for(school.students[0]), client_for(school.students[1])
    url = f"/api/v1/trust-sessions/{session.id}/notes"
    written = sam.post(
        url, json={"kind": "trust_moment", "body": "Zero blame when it broke", "anonymous": True}
    )
    assert written.status_code == 201
    assert written.get_json()["author"] is None and written.get_json()["anonymous"] is True
    priya.post(url, json={"kind": "trust_moment", "body": "A kind word from Leo"})
    priya.post(url, json={"kind": "shared_task", "body": "Exit ticket redesign"})
    stored = db.session.scalars(select(SessionNote.author_id)).all()
    assert sorted(stored, key=str) == sorted(
        [None, school.students[1].id, school.students[1].id], key=str
    )

    # Silent reflection: each sees only their own named notes.
    assert [n["body"] for n in priya.get(url).get_json()] == [
        "Exit ticket redesign",
        "A kind word from Leo",
    ]
    assert sam.get(url).get_json() == []

    client_for(school.teacher).put(
        f"/api/v1/trust-sessions/{session.id}/step", json={"step": "small_group"}
    )
    notes = sam.get(url).get_json()
    # By prompt, then by text: not by who wrote first.
    assert [n["body"] for n in notes] == [
        "Exit ticket redesign",
        "A kind word from Leo",
        "Zero blame when it broke",
    ]
    assert notes[2]["author"] is None and notes[1]["author"]["display_name"] == "Priya Shah"
    assert all("created_at" not in note for note in notes)


def test_notes_wait_for_the_session_to_start_and_stop_when_it_ends(
    client_for, school, make_session
):
    body = {"kind": "strength", "body": "We show up"}
    for step in ("ready", "finished"):
        session = make_session(school.team, step=step)
        refused = client_for(school.student).post(
            f"/api/v1/trust-sessions/{session.id}/notes", json=body
        )
        assert refused.status_code == 409
    coach_note = client_for(school.coach).post(
        f"/api/v1/trust-sessions/{make_session(school.team, step='whole_team').id}/notes", json=body
    )
    assert coach_note.status_code == 403
    assert count(SessionNote) == 0


def test_a_named_writer_or_the_facilitator_takes_a_note_down(client_for, school, make_session):
    session = make_session(school.team, step="whole_team", facilitator=school.students[2])
    url = f"/api/v1/trust-sessions/{session.id}/notes"
    note = (
        client_for(school.student)
        .post(url, json={"kind": "opportunity", "body": "Share airtime"})
        .get_json()
    )
    anonymous = (
        client_for(school.student)
        .post(url, json={"kind": "opportunity", "body": "Anonymous", "anonymous": True})
        .get_json()
    )
    assert (
        client_for(school.students[1])
        .delete(f"/api/v1/trust-session-notes/{note['id']}")
        .status_code
        == 403
    )
    # Not even its writer can claim an anonymous note: nothing ties it to them.
    assert (
        client_for(school.student)
        .delete(f"/api/v1/trust-session-notes/{anonymous['id']}")
        .status_code
        == 403
    )
    assert (
        client_for(school.student).delete(f"/api/v1/trust-session-notes/{note['id']}").status_code
        == 204
    )
    assert (
        client_for(school.students[2])
        .delete(f"/api/v1/trust-session-notes/{anonymous['id']}")
        .status_code
        == 204
    )
    assert count(SessionNote) == 0


def test_one_commitment_per_member_posted_to_the_team_wall(client_for, school, make_session):
    session = make_session(school.team, step="commitment", facilitator=school.teacher)
    url = f"/api/v1/trust-sessions/{session.id}/commitments"
    follow_up = (TODAY + timedelta(days=14)).isoformat()
    student = client_for(school.student)
    made = student.post(url, json={"body": "Ask before I assume", "follow_up_on": follow_up})
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["user"]["display_name"] == "Sam Student"
    assert made.get_json()["session"]["title"] == "After cycle 1"

    second = student.post(url, json={"body": "Another one", "follow_up_on": follow_up})
    assert second.status_code == 409
    assert count(Commitment) == 1

    client_for(school.teacher).post(
        url, json={"body": "Listen longer", "follow_up_on": TODAY.isoformat()}
    )
    wall = client_for(school.coach).get(f"/api/v1/teams/{school.team.id}/trust-commitments")
    assert [c["body"] for c in wall.get_json()] == ["Listen longer", "Ask before I assume"]
    session_view = client_for(school.student).get(f"/api/v1/trust-sessions/{session.id}")
    assert session_view.get_json()["commitment_count"] == 2
    assert session_view.get_json()["i_have_committed"] is True


def test_commitments_wait_for_their_step_and_need_a_date_from_today(
    client_for, school, make_session
):
    early = make_session(school.team, step="whole_team")
    student = client_for(school.student)
    refused = student.post(
        f"/api/v1/trust-sessions/{early.id}/commitments",
        json={"body": "Too soon", "follow_up_on": TODAY.isoformat()},
    )
    assert refused.status_code == 409
    session = make_session(school.team, step="commitment")
    url = f"/api/v1/trust-sessions/{session.id}/commitments"
    past = student.post(
        url, json={"body": "Late", "follow_up_on": (TODAY - timedelta(days=1)).isoformat()}
    )
    assert past.status_code == 422 and "follow_up_on" in past.get_json()["errors"]
    assert (
        student.post(url, json={"body": "", "follow_up_on": TODAY.isoformat()}).status_code == 422
    )
    assert (
        client_for(school.coach)
        .post(url, json={"body": "Coach", "follow_up_on": TODAY.isoformat()})
        .status_code
        == 403
    )
    assert count(Commitment) == 0


def test_only_the_maker_follows_up_their_commitment(client_for, school, make_session):
    session = make_session(school.team, step="finished")
    commitment = Commitment(
        session_id=session.id,
        team_id=school.team.id,
        user_id=school.student.id,
        body="Ask first",
        follow_up_on=TODAY,
    )
    db.session.add(commitment)
    db.session.commit()
    url = f"/api/v1/trust-commitments/{commitment.id}"
    assert client_for(school.teacher).patch(url, json={"status": "kept"}).status_code == 403
    kept = client_for(school.student).patch(url, json={"status": "kept"})
    assert kept.get_json()["status"] == "kept"
    wall = client_for(school.student).get(
        f"/api/v1/teams/{school.team.id}/trust-commitments?status=open"
    )
    assert wall.get_json() == []
    assert client_for(school.outsider).patch(url, json={"status": "open"}).status_code == 404


def test_the_facilitator_restarts_the_timer_of_the_current_step(client_for, school, make_session):
    session = make_session(school.team, step="whole_team", facilitator=school.student)
    url = f"/api/v1/trust-sessions/{session.id}/step"
    before = client_for(school.student).get(f"/api/v1/trust-sessions/{session.id}").get_json()
    restarted = (
        client_for(school.student)
        .put(url, json={"step": "whole_team", "restart_timer": True})
        .get_json()
    )
    assert restarted["step"] == "whole_team"
    assert restarted["step_started_at"] > before["step_started_at"]


def test_a_session_follows_the_seed_and_names_the_cycle_it_reflects_on(
    client_for, school, make_cycle, make_team
):
    cycle = make_cycle(school.team, state="reflection", facilitators=[school.student])
    teacher = client_for(school.teacher)
    url = f"/api/v1/teams/{school.team.id}/trust-sessions"
    session = teacher.post(url, json={"title": "After cycle 1", "cycle_id": cycle.id}).get_json()
    assert [step["minutes"] for step in session["steps"]] == [5, 10, 10, 5]
    assert [step["label"] for step in session["steps"]] == [
        "Individual reflection",
        "Pair or small-group sharing",
        "Whole-team debrief",
        "Commitment to action",
    ]
    assert session["steps"][1]["grouping"] == "In pairs or small groups"
    assert len(session["steps"][1]["questions"]) == 3
    assert [p["kind"] for p in session["steps"][2]["prompts"]] == ["strength", "opportunity"]
    assert session["steps"][3]["questions"] == [
        "What is one thing I will do to strengthen trust in our team?"
    ]
    assert session["cycle"]["id"] == cycle.id and session["cycle"]["number"] == cycle.number
    changed = teacher.patch(
        f"/api/v1/trust-sessions/{session['id']}",
        json={"small_group_minutes": 12, "cycle_id": None},
    ).get_json()
    assert changed["steps"][1]["minutes"] == 12 and changed["cycle"] is None

    elsewhere = make_cycle(make_team(school.org, teachers=[school.teacher]), state="evidence")
    refused = teacher.post(url, json={"title": "Wrong", "cycle_id": elsewhere.id})
    assert refused.status_code == 422 and "cycle_id" in refused.get_json()["errors"]
    assert (
        teacher.patch(
            f"/api/v1/trust-sessions/{session['id']}", json={"whole_team_minutes": 0}
        ).status_code
        == 422
    )
