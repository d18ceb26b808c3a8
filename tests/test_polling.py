"""`updated_since` on the lists an LMS polls: teams (whose updated_at moves when people join,
leave or change role), members, people, actions, evidence and notes; a value that doesn't
parse is a 400 problem and lists nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from api.actions.models import Action
from api.analysis.models import AnalysisNote
from api.db import utcnow
from api.evidence.models import Evidence
from api.extensions import db
from api.organizations.models import OrgMembership
from api.teams.models import Membership, Team
from api.users.models import User
from tests.integrations.client_helpers import machine_for

LONG_AGO = utcnow() - timedelta(days=3)


def since() -> str:
    return (utcnow() - timedelta(days=1)).isoformat()


def everything_long_ago() -> None:
    """Everything there is was last changed three days ago (bulk updates: no ORM bookkeeping)."""
    for model in (Team, Membership, User, Action, Evidence, AnalysisNote):
        db.session.execute(update(model).values(updated_at=LONG_AGO))
    db.session.execute(update(OrgMembership).values(created_at=LONG_AGO))
    db.session.commit()


def team_updated_at(team_id: str):
    db.session.expire_all()
    return db.session.get(Team, team_id).updated_at


@pytest.fixture()
def lms(app, client_for, school):
    return machine_for(
        app, client_for(school.admin), school.org.id, scopes=("teams:read", "cycles:read")
    )


def test_the_teams_list_keeps_teams_changed_since_and_their_people_count(
    client_for, school, make_team, make_user, lms
):
    other = make_team(school.org, name="Grade 8 Math", teachers=[school.teacher])
    quiet = make_team(school.org, name="Quiet team", teachers=[school.teacher])
    everything_long_ago()
    assert lms.get("/api/v1/teams", query_string={"updated_since": since()}).get_json() == []

    teacher = client_for(school.teacher)
    renamed = teacher.patch(f"/api/v1/teams/{other.id}", json={"name": "Grade 8 Maths"})
    assert renamed.status_code == 200
    assert renamed.get_json()["updated_at"] >= since()
    newcomer = make_user(school.org, name="Nia New")
    joined = teacher.post(
        f"/api/v1/teams/{school.team.id}/members",
        json={"user_id": newcomer.id, "role": "student"},
    )
    assert joined.status_code == 201

    listed = lms.get("/api/v1/teams", query_string={"updated_since": since()}).get_json()
    assert sorted(team["name"] for team in listed) == ["Grade 7 Science", "Grade 8 Maths"]
    assert quiet.id not in {team["id"] for team in listed}
    assert len(lms.get("/api/v1/teams").get_json()) == 3  # without the filter: every team


def test_leaving_and_changing_role_move_the_teams_updated_at(client_for, school, make_team):
    teacher = client_for(school.teacher)
    members = teacher.get(f"/api/v1/teams/{school.team.id}/members").get_json()
    by_name = {member["user"]["display_name"]: member for member in members}

    everything_long_ago()
    promoted = teacher.patch(
        f"/api/v1/teams/{school.team.id}/members/{by_name['Priya Shah']['id']}",
        json={"role": "teacher"},
    )
    assert promoted.status_code == 200
    assert team_updated_at(school.team.id) > LONG_AGO + timedelta(days=1)

    everything_long_ago()
    removed = teacher.delete(
        f"/api/v1/teams/{school.team.id}/members/{by_name['Leo Martin']['id']}"
    )
    assert removed.status_code == 204
    assert team_updated_at(school.team.id) > LONG_AGO + timedelta(days=1)

    # An admin taking someone out of the school (a bulk delete) changes every team they leave.
    second = make_team(school.org, name="Second", students=[school.student])
    everything_long_ago()
    out = client_for(school.admin).delete(
        f"/api/v1/organizations/{school.org.id}/people/{school.student.id}"
    )
    assert out.status_code == 204
    assert team_updated_at(school.team.id) > LONG_AGO + timedelta(days=1)
    assert team_updated_at(second.id) > LONG_AGO + timedelta(days=1)


def test_a_sign_in_changes_no_one_in_the_lists(client_for, school, lms):
    everything_long_ago()
    client_for(school.student)  # signs in: last_sign_in_at moves, nothing listed changes
    url = f"/api/v1/teams/{school.team.id}/members"
    assert lms.get(url, query_string={"updated_since": since()}).get_json() == []


def test_the_members_list_keeps_who_joined_changed_role_or_was_renamed(
    client_for, school, make_user, lms
):
    teacher = client_for(school.teacher)
    url = f"/api/v1/teams/{school.team.id}/members"
    by_name = {m["user"]["display_name"]: m for m in teacher.get(url).get_json()}
    newcomer = make_user(school.org, name="Nia New")
    everything_long_ago()

    assert teacher.post(url, json={"user_id": newcomer.id, "role": "student"}).status_code == 201
    changed = teacher.patch(f"{url}/{by_name['Priya Shah']['id']}", json={"role": "teacher"})
    assert changed.status_code == 200
    renamed = db.session.get(User, school.students[2].id)
    renamed.display_name = "Leo Martín"
    db.session.commit()

    listed = lms.get(url, query_string={"updated_since": since()}).get_json()
    assert sorted(m["user"]["display_name"] for m in listed) == [
        "Leo Martín",
        "Nia New",
        "Priya Shah",
    ]
    assert all(member["updated_at"] for member in listed)


def test_the_people_list_keeps_who_joined_or_changed(client_for, school, make_user):
    admin = client_for(school.admin)
    url = f"/api/v1/organizations/{school.org.id}/people"
    everything_long_ago()
    make_user(school.org, name="Nia New")
    changed = admin.patch(f"{url}/{school.teacher2.id}", json={"display_name": "Morgan Rey"})
    assert changed.status_code == 200

    listed = admin.get(url, query_string={"updated_since": since()}).get_json()
    assert sorted(person["display_name"] for person in listed) == ["Morgan Rey", "Nia New"]


def test_actions_evidence_and_notes_keep_what_changed_since(client_for, school, make_cycle, lms):
    cycle = make_cycle(school.team, state="action", facilitators=[school.teacher])
    teacher = client_for(school.teacher)
    planned = [
        teacher.post(
            f"/api/v1/cycles/{cycle.id}/actions",
            json={"title": title, "owner_id": school.teacher.id, "due_on": "2030-01-10"},
        ).get_json()
        for title in ("Model a think-aloud", "Try exit tickets")
    ]
    evidence = [
        teacher.post(
            f"/api/v1/cycles/{cycle.id}/evidence",
            json={"kind": "note", "title": title, "text": "Seen in class."},
        ).get_json()
        for title in ("Exit tickets", "Journals")
    ]
    notes = [
        teacher.post(
            f"/api/v1/cycles/{cycle.id}/notes",
            json={"kind": "pattern", "body": body, "evidence_ids": [evidence[0]["id"]]},
        ).get_json()
        for body in ("Most wrote one line.", "Pairs wrote more.")
    ]
    everything_long_ago()

    done = teacher.patch(f"/api/v1/actions/{planned[1]['id']}", json={"status": "done"})
    assert done.status_code == 200, done.get_json()
    retitled = teacher.patch(
        f"/api/v1/evidence/{evidence[1]['id']}", json={"title": "Journals, wk 2"}
    )
    assert retitled.status_code == 200, retitled.get_json()
    edited = teacher.patch(f"/api/v1/notes/{notes[0]['id']}", json={"body": "Most wrote a line."})
    assert edited.status_code == 200, edited.get_json()

    recent = {"updated_since": since()}
    for url, expected in (
        (f"/api/v1/cycles/{cycle.id}/actions", [planned[1]["id"]]),
        (f"/api/v1/teams/{school.team.id}/actions", [planned[1]["id"]]),
        (f"/api/v1/cycles/{cycle.id}/evidence", [evidence[1]["id"]]),
        (f"/api/v1/cycles/{cycle.id}/notes", [notes[0]["id"]]),
    ):
        assert [row["id"] for row in lms.get(url, query_string=recent).get_json()] == expected
        assert len(lms.get(url).get_json()) == 2


@pytest.mark.parametrize(
    "value", ["last tuesday", "2026-13-40T00:00:00Z", "", "1733130000", "2026-12-02T25:00"]
)
def test_a_bad_updated_since_is_a_400_problem_on_every_polled_list(
    client_for, school, make_cycle, lms, value
):
    cycle = make_cycle(school.team)
    urls = [
        "/api/v1/teams",
        f"/api/v1/teams/{school.team.id}/members",
        f"/api/v1/teams/{school.team.id}/cycles",
        f"/api/v1/teams/{school.team.id}/actions",
        f"/api/v1/cycles/{cycle.id}/actions",
        f"/api/v1/cycles/{cycle.id}/evidence",
        f"/api/v1/cycles/{cycle.id}/notes",
    ]
    admin = client_for(school.admin)
    for caller, url in [(lms, url) for url in urls] + [
        (admin, f"/api/v1/organizations/{school.org.id}/people")
    ]:
        response = caller.get(url, query_string={"updated_since": value})
        assert response.status_code == 400, (url, response.get_json())
        assert response.mimetype == "application/problem+json"
        problem = response.get_json()
        assert list(problem["errors"]) == ["updated_since"]
        assert "ISO 8601" in problem["errors"]["updated_since"][0]
