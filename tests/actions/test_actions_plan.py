import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from api.actions.models import Action, ActionStatus
from api.activity.models import ActivityEntry
from api.analysis.models import AnalysisNote, NoteEvidence
from api.evidence.models import Evidence, EvidenceKind
from api.extensions import db

NEXT_WEEK = (date.today() + timedelta(days=7)).isoformat()


def action_count() -> int:
    return db.session.scalar(select(func.count(Action.id)))


def actions_url(cycle) -> str:
    return f"/api/v1/cycles/{cycle.id}/actions"


def summaries() -> list[str]:
    return db.session.scalars(
        select(ActivityEntry.summary).order_by(ActivityEntry.created_at)
    ).all()


@pytest.fixture()
def cycle(make_cycle, school):
    return make_cycle(school.team, state="action", facilitators=[school.student])


def test_student_plans_an_action_and_owns_it(client_for, school, cycle):
    response = client_for(school.student).post(
        actions_url(cycle),
        json={
            "title": "Try exit tickets",
            "owner_id": school.student.id,
            "due_on": NEXT_WEEK,
            "success_criteria": "Half the class names a strategy.",
        },
    )
    assert response.status_code == 201, response.get_json()
    action = response.get_json()
    assert action["title"] == "Try exit tickets"
    assert action["owner"] == {"id": school.student.id, "display_name": "Sam Student"}
    assert action["due_on"] == NEXT_WEEK
    assert action["status"] == "planned"
    assert action["carried_from_id"] is None
    assert action["cycle_id"] == cycle.id
    entry = db.session.scalars(select(ActivityEntry)).one()
    assert entry.verb == "action.added"
    assert entry.summary == "planned “Try exit tickets” for Sam Student"
    assert entry.subject_id == action["id"]


def test_teacher_plans_an_action_for_a_student_and_one_without_owner(client_for, school, cycle):
    teacher = client_for(school.teacher)
    owned = teacher.post(
        actions_url(cycle), json={"title": "Peer feedback", "owner_id": school.students[1].id}
    ).get_json()
    assert owned["owner"]["display_name"] == "Priya Shah"
    assert owned["due_on"] is None
    unowned = teacher.post(actions_url(cycle), json={"title": "Ask the class"}).get_json()
    assert unowned["owner"] is None
    assert summaries() == ["planned “Peer feedback” for Priya Shah", "planned “Ask the class”"]


def test_owner_me_means_the_person_asking(client_for, school, cycle):
    action = (
        client_for(school.student)
        .post(actions_url(cycle), json={"title": "Journal daily", "owner_id": "me"})
        .get_json()
    )
    assert action["owner"]["id"] == school.student.id


@pytest.mark.parametrize("who", ["coach", "outsider", "unknown"])
def test_owner_must_be_on_the_team(client_for, school, cycle, who):
    owner_id = "0" * 24 if who == "unknown" else getattr(school, who).id
    response = client_for(school.teacher).post(
        actions_url(cycle), json={"title": "Try exit tickets", "owner_id": owner_id}
    )
    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        "owner_id": ["Choose someone on the team (a teacher or a student)."]
    }
    assert action_count() == 0
    assert summaries() == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "x", "due_on": "12/04/2026"}, "due_on"),
        ({"title": "x", "due_on": "2026-02-30"}, "due_on"),
        ({"title": "x", "status": "someday"}, "status"),
        ({"title": "x" * 301}, "title"),
        ({"title": "   "}, "title"),
        ({"due_on": NEXT_WEEK}, "title"),
        ({"title": "x", "success_criteria": "y" * 2001}, "success_criteria"),
        ({"title": "x", "priority": "high"}, "priority"),
        ({"title": "x", "carried_from_id": "abc"}, "carried_from_id"),
    ],
)
def test_bad_action_input_is_422_with_a_field_error(client_for, school, cycle, body, field):
    response = client_for(school.student).post(actions_url(cycle), json=body)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert field in response.get_json()["errors"]
    assert action_count() == 0


def test_coach_cannot_plan_actions_and_outsider_sees_nothing(client_for, school, cycle):
    body = {"title": "Try exit tickets"}
    assert client_for(school.coach).post(actions_url(cycle), json=body).status_code == 403
    outsider = client_for(school.outsider)
    assert outsider.post(actions_url(cycle), json=body).status_code == 404
    assert outsider.get(actions_url(cycle)).status_code == 404
    assert outsider.get(f"/api/v1/teams/{school.team.id}/actions").status_code == 404
    assert action_count() == 0


def test_no_new_actions_once_a_cycle_is_closed(client_for, make_cycle, school):
    closed = make_cycle(school.team, state="closed")
    response = client_for(school.teacher).post(actions_url(closed), json={"title": "Too late"})
    assert response.status_code == 409
    assert action_count() == 0


def test_owner_moves_their_action_along_and_the_feed_says_so(client_for, school, cycle):
    action = (
        client_for(school.teacher)
        .post(actions_url(cycle), json={"title": "Try exit tickets", "owner_id": school.student.id})
        .get_json()
    )
    url = f"/api/v1/actions/{action['id']}"
    student = client_for(school.student)
    assert student.patch(url, json={"status": "in_progress"}).get_json()["status"] == "in_progress"
    done = student.patch(url, json={"status": "done"})
    assert done.status_code == 200
    assert done.get_json()["status"] == "done"
    assert student.patch(url, json={"success_criteria": "Most name one."}).status_code == 200
    verbs = db.session.scalars(select(ActivityEntry.verb).order_by(ActivityEntry.created_at)).all()
    assert verbs == ["action.added", "action.status", "action.status", "action.criteria"]
    assert summaries()[2] == "marked “Try exit tickets” done"


def test_only_owner_planner_or_teacher_changes_an_action(client_for, school, cycle):
    action = (
        client_for(school.student)
        .post(
            actions_url(cycle), json={"title": "Journal daily", "owner_id": school.students[1].id}
        )
        .get_json()
    )
    url = f"/api/v1/actions/{action['id']}"
    bystander = client_for(school.students[2])
    assert bystander.patch(url, json={"status": "dropped"}).status_code == 403
    assert bystander.delete(url).status_code == 403
    assert client_for(school.coach).patch(url, json={"status": "done"}).status_code == 403
    assert client_for(school.students[1]).delete(url).status_code == 403  # owner, not planner
    teacher = client_for(school.teacher)
    assert teacher.patch(url, json={"due_on": NEXT_WEEK}).get_json()["due_on"] == NEXT_WEEK
    assert client_for(school.student).delete(url).status_code == 204
    assert action_count() == 0


def test_changing_owner_checks_membership_and_changes_nothing_when_refused(
    client_for, school, cycle
):
    teacher = client_for(school.teacher)
    action = teacher.post(
        actions_url(cycle), json={"title": "Try exit tickets", "owner_id": school.student.id}
    ).get_json()
    url = f"/api/v1/actions/{action['id']}"
    refused = teacher.patch(url, json={"owner_id": school.coach.id, "title": "Renamed"})
    assert refused.status_code == 422
    assert "owner_id" in refused.get_json()["errors"]
    unchanged = teacher.get(url).get_json()
    assert unchanged["owner"]["id"] == school.student.id
    assert unchanged["title"] == "Try exit tickets"
    assert teacher.patch(url, json={"due_on": "next week"}).status_code == 422
    cleared = teacher.patch(url, json={"owner_id": None, "due_on": None}).get_json()
    assert (cleared["owner"], cleared["due_on"]) == (None, None)


def test_actions_of_an_ended_cycle_stay_as_they_were(client_for, school, cycle):
    action = (
        client_for(school.teacher)
        .post(actions_url(cycle), json={"title": "Kept", "owner_id": school.student.id})
        .get_json()
    )
    cycle.state = "abandoned"
    db.session.commit()
    student = client_for(school.student)
    assert (
        student.patch(f"/api/v1/actions/{action['id']}", json={"status": "done"}).status_code == 409
    )
    assert client_for(school.teacher).delete(f"/api/v1/actions/{action['id']}").status_code == 409
    assert db.session.scalar(select(Action.status)) is ActionStatus.planned


def test_cycle_actions_list_in_order_and_filter_by_status_and_owner(client_for, school, cycle):
    teacher = client_for(school.teacher)
    first = teacher.post(
        actions_url(cycle), json={"title": "One", "owner_id": school.student.id}
    ).get_json()
    second = teacher.post(
        actions_url(cycle), json={"title": "Two", "owner_id": school.teacher.id, "status": "done"}
    ).get_json()
    third = teacher.post(actions_url(cycle), json={"title": "Three"}).get_json()

    listed = teacher.get(actions_url(cycle))
    assert [a["id"] for a in listed.get_json()] == [first["id"], second["id"], third["id"]]
    assert json.loads(listed.headers["X-Pagination"])["total"] == 3
    done = teacher.get(actions_url(cycle) + "?status=done").get_json()
    assert [a["id"] for a in done] == [second["id"]]
    sams = teacher.get(actions_url(cycle) + f"?owner_id={school.student.id}").get_json()
    assert [a["id"] for a in sams] == [first["id"]]
    mine = teacher.get(actions_url(cycle) + "?owner_id=me").get_json()
    assert [a["id"] for a in mine] == [second["id"]]
    assert teacher.get(actions_url(cycle) + "?status=someday").status_code == 400


def test_team_actions_across_cycles_give_a_student_their_own_list(
    client_for, make_cycle, school, cycle
):
    earlier = make_cycle(school.team, state="action")
    teacher = client_for(school.teacher)
    soon = (date.today() + timedelta(days=2)).isoformat()
    later = teacher.post(
        actions_url(cycle),
        json={"title": "Later", "owner_id": school.student.id, "due_on": NEXT_WEEK},
    ).get_json()
    sooner = teacher.post(
        actions_url(earlier),
        json={"title": "Sooner", "owner_id": school.student.id, "due_on": soon},
    ).get_json()
    undated = teacher.post(
        actions_url(earlier), json={"title": "Undated", "owner_id": school.student.id}
    ).get_json()
    teacher.post(actions_url(cycle), json={"title": "Not Sam's", "owner_id": school.teacher.id})
    teacher.patch(f"/api/v1/actions/{undated['id']}", json={"status": "done"})

    student = client_for(school.student)
    url = f"/api/v1/teams/{school.team.id}/actions"
    mine = student.get(url + "?owner_id=me")
    assert mine.status_code == 200
    assert [a["id"] for a in mine.get_json()] == [sooner["id"], later["id"], undated["id"]]
    open_ones = student.get(url + "?owner_id=me&open=true").get_json()
    assert [a["id"] for a in open_ones] == [sooner["id"], later["id"]]
    done = student.get(url + f"?owner_id={school.student.id}&status=done").get_json()
    assert [a["id"] for a in done] == [undated["id"]]
    in_cycle = student.get(url + f"?cycle_id={cycle.id}").get_json()
    assert {a["title"] for a in in_cycle} == {"Later", "Not Sam's"}
    assert client_for(school.coach).get(url).status_code == 200


def test_a_carried_action_points_to_the_one_it_continues(client_for, make_cycle, school, cycle):
    earlier = make_cycle(school.team, state="closed")
    original = Action(cycle_id=earlier.id, team_id=school.team.id, title="Keep going")
    db.session.add(original)
    db.session.flush()
    db.session.add(
        Action(
            cycle_id=cycle.id,
            team_id=school.team.id,
            title="Keep going",
            carried_from_id=original.id,
        )
    )
    db.session.commit()
    listed = client_for(school.student).get(actions_url(cycle)).get_json()
    assert [a["carried_from_id"] for a in listed] == [original.id]


def test_actions_with_owners_and_due_dates_open_the_way_to_reflection(client_for, school, cycle):
    evidence = Evidence(
        cycle_id=cycle.id, team_id=school.team.id, kind=EvidenceKind.note, title="E", text="t"
    )
    db.session.add(evidence)
    db.session.flush()
    db.session.add(
        AnalysisNote(
            cycle_id=cycle.id,
            kind="pattern",
            body="b",
            citations=[NoteEvidence(evidence_id=evidence.id)],
        )
    )
    db.session.commit()
    student = client_for(school.student)
    action = student.post(actions_url(cycle), json={"title": "Try exit tickets"}).get_json()

    def move():
        etag = student.get(f"/api/v1/cycles/{cycle.id}").headers["ETag"]
        return student.post(
            f"/api/v1/cycles/{cycle.id}/transitions",
            json={"transition": "reflection"},
            headers={"If-Match": etag},
        )

    assert move().status_code == 409
    student.patch(f"/api/v1/actions/{action['id']}", json={"owner_id": "me", "due_on": NEXT_WEEK})
    moved = move()
    assert moved.status_code == 200, moved.get_json()
    assert moved.get_json()["state"] == "reflection"
