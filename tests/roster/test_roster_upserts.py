from sqlalchemy import func, select

from api.activity.models import ActivityEntry
from api.extensions import db
from api.organizations.models import OrgMembership
from api.roster.models import TeamExternalId
from api.teams.models import Membership, Team
from api.users.models import ExternalIdentity, User
from tests.integrations.client_helpers import machine_for


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def roster(school) -> str:
    return f"/api/v1/organizations/{school.org.id}/roster"


def test_upserting_a_person_twice_creates_once_then_says_unchanged(app, client_for, school):
    machine = machine_for(app, client_for(school.admin), school.org.id)
    users_before = count(User)
    body = {"display_name": "Ada Lovelace", "email": "Ada@School.example"}
    first = machine.put(f"{roster(school)}/users/canvas/u-1", json=body)
    assert first.status_code == 201
    assert first.get_json()["status"] == "created"
    assert first.get_json()["email"] == "ada@school.example"
    second = machine.put(f"{roster(school)}/users/canvas/u-1", json=body)
    assert second.status_code == 200
    assert second.get_json() | {"status": "created"} == first.get_json()
    assert second.get_json()["status"] == "unchanged"
    assert count(User) == users_before + 1
    assert count(ExternalIdentity) == 1
    user = db.session.get(User, first.get_json()["id"])
    assert user.password_hash is None
    assert db.session.scalar(
        select(OrgMembership.id).where(
            OrgMembership.user_id == user.id, OrgMembership.organization_id == school.org.id
        )
    )
    renamed = machine.put(f"{roster(school)}/users/canvas/u-1", json={"display_name": "Ada L."})
    assert renamed.get_json()["status"] == "updated"
    assert renamed.get_json()["email"] == "ada@school.example"


def test_a_student_without_email_or_username_gets_a_made_up_username(app, client_for, school):
    machine = machine_for(app, client_for(school.admin), school.org.id)
    response = machine.put(f"{roster(school)}/users/canvas/Stu 7", json={"display_name": "Kai"})
    assert response.status_code == 201
    assert response.get_json()["email"] is None
    assert response.get_json()["username"] == "canvas-stu-7"
    same_id_elsewhere = machine_for(app, client_for(school.outsider), school.outsider_org.id)
    other = same_id_elsewhere.put(
        f"/api/v1/organizations/{school.outsider_org.id}/roster/users/canvas/Stu 7",
        json={"display_name": "Kai Elsewhere"},
    )
    assert other.status_code == 201
    assert other.get_json()["username"].startswith("canvas-stu-7-")


def test_a_student_with_only_a_username_is_fine(app, client_for, school):
    machine = machine_for(app, client_for(school.admin), school.org.id)
    response = machine.put(
        f"{roster(school)}/users/canvas/s-9", json={"display_name": "Mo", "username": "mo.k"}
    )
    assert response.status_code == 201
    assert response.get_json()["username"] == "mo.k"
    assert response.get_json()["email"] is None


def test_an_email_of_an_existing_person_is_a_conflict_until_the_id_is_linked(
    app, client_for, school
):
    machine = machine_for(app, client_for(school.admin), school.org.id)
    users_before = count(User)
    body = {"display_name": "Someone Else", "email": school.teacher.email}
    response = machine.put(f"{roster(school)}/users/canvas/t-1", json=body)
    assert response.status_code == 409
    assert "link" in response.get_json()["detail"]
    assert count(ExternalIdentity) == 0
    assert db.session.get(User, school.teacher.id).display_name == "Taylor Teacher"

    linked = machine.put(
        f"{roster(school)}/users/canvas/t-1/link", json={"user_id": school.teacher.id}
    )
    assert linked.status_code == 200
    assert linked.get_json()["status"] == "linked"
    assert linked.get_json()["id"] == school.teacher.id
    again = machine.put(f"{roster(school)}/users/canvas/t-1", json=body | {"display_name": "T T"})
    assert again.status_code == 200
    assert again.get_json()["id"] == school.teacher.id
    assert count(User) == users_before


def test_an_email_used_outside_the_school_is_refused_and_nothing_stored(app, client_for, school):
    machine = machine_for(app, client_for(school.admin), school.org.id)
    users_before = count(User)
    response = machine.put(
        f"{roster(school)}/users/canvas/x-1",
        json={"display_name": "Olive", "email": school.outsider.email},
    )
    assert response.status_code == 409
    assert "email" in response.get_json()["errors"]
    assert count(User) == users_before
    assert count(ExternalIdentity) == 0


def test_bad_ids_and_fields_are_refused(app, client_for, school):
    machine = machine_for(app, client_for(school.admin), school.org.id)
    bad_source = machine.put(f"{roster(school)}/users/Can vas!/1", json={"display_name": "A"})
    assert bad_source.status_code == 422
    assert "source" in bad_source.get_json()["errors"]
    bad_email = machine.put(
        f"{roster(school)}/users/canvas/1", json={"display_name": "A", "email": "nope"}
    )
    assert bad_email.status_code == 422
    unknown_field = machine.put(
        f"{roster(school)}/users/canvas/1", json={"display_name": "A", "password": "x"}
    )
    assert unknown_field.status_code == 422
    assert count(ExternalIdentity) == 0


def test_teams_and_memberships_upsert_idempotently(app, client_for, school):
    machine = machine_for(app, client_for(school.admin), school.org.id)
    teams_before = count(Team)
    team_url = f"{roster(school)}/teams/canvas/sec-1"
    created = machine.put(team_url, json={"name": "Biology 9A"})
    assert created.status_code == 201
    assert machine.put(team_url, json={"name": "Biology 9A"}).get_json()["status"] == "unchanged"
    assert count(Team) == teams_before + 1
    assert count(TeamExternalId) == 1
    machine.put(f"{roster(school)}/users/canvas/u-1", json={"display_name": "Ada"})
    member_url = f"{team_url}/members/u-1"
    joined = machine.put(member_url, json={"role": "student"})
    assert joined.status_code == 201
    assert joined.get_json()["role"] == "student"
    again = machine.put(member_url, json={"role": "student"})
    assert again.get_json()["status"] == "unchanged"
    promoted = machine.put(member_url, json={"role": "teacher"})
    assert promoted.get_json()["status"] == "updated"
    team_id = created.get_json()["id"]
    assert (
        db.session.scalar(select(func.count(Membership.id)).where(Membership.team_id == team_id))
        == 1
    )
    feed = db.session.scalars(
        select(ActivityEntry.summary).where(ActivityEntry.team_id == team_id)
    ).all()
    assert len(feed) == 2 and all("roster sync" in line for line in feed)
    assert machine.delete(member_url).status_code == 204
    assert machine.delete(member_url).status_code == 204
    assert (
        db.session.scalar(select(func.count(Membership.id)).where(Membership.team_id == team_id))
        == 0
    )


def test_a_membership_needs_a_known_team_and_person(app, client_for, school):
    machine = machine_for(app, client_for(school.admin), school.org.id)
    machine.put(f"{roster(school)}/teams/canvas/sec-1", json={"name": "Biology 9A"})
    response = machine.put(
        f"{roster(school)}/teams/canvas/sec-1/members/nobody", json={"role": "student"}
    )
    assert response.status_code == 404
    assert "user_external_id" in response.get_json()["errors"]
    response = machine.put(
        f"{roster(school)}/teams/canvas/no-team/members/nobody", json={"role": "student"}
    )
    assert response.status_code == 404
    assert "team_external_id" in response.get_json()["errors"]


def test_lookups_by_external_id_need_roster_read(app, client_for, school):
    admin = client_for(school.admin)
    writer = machine_for(app, admin, school.org.id)
    writer.put(f"{roster(school)}/teams/canvas/sec-1", json={"name": "Biology 9A"})
    reader = machine_for(app, admin, school.org.id, scopes=["roster:read"])
    team = reader.get(f"{roster(school)}/teams/canvas/sec-1")
    assert team.status_code == 200
    assert team.get_json()["name"] == "Biology 9A"
    assert reader.get(f"{roster(school)}/users/canvas/nobody").status_code == 404
    assert writer.get(f"{roster(school)}/teams/canvas/sec-1").status_code == 403


def test_admins_sync_in_person_but_teachers_and_outsiders_cannot(client_for, school):
    body = {"display_name": "Ada"}
    url = f"{roster(school)}/users/canvas/u-1"
    assert client_for(school.teacher).put(url, json=body).status_code == 403
    assert client_for(school.outsider).put(url, json=body).status_code == 404
    assert client_for(school.admin).put(url, json=body).status_code == 201
