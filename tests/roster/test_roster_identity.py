"""Roster identity: matched on (source, id) only, linked on purpose, leavers deactivated."""

from __future__ import annotations

from sqlalchemy import select

from api.audit.models import AuditEvent
from api.extensions import db
from api.organizations.models import OrgMembership
from api.roster.models import TeamExternalId
from api.teams.models import Membership
from api.users.models import ExternalIdentity, User
from tests.integrations.client_helpers import machine_for
from tests.roster.test_roster_oneroster import ENROLLMENT_COLUMNS, USER_COLUMNS, files
from tests.support.client import PASSWORD, ApiClient


def roster(organization_id: str) -> str:
    return f"/api/v1/organizations/{organization_id}/roster"


def test_a_batch_row_whose_email_is_taken_is_a_409_in_its_result_and_nobody_changes(
    app, client_for, school
):
    machine = machine_for(app, client_for(school.admin), school.org.id)
    response = machine.post(
        f"{roster(school.org.id)}/batch",
        json={
            "operations": [
                {
                    "op": "upsert_user",
                    "source": "canvas",
                    "external_id": "x-1",
                    "display_name": "Mallory",
                    "email": school.admin.email,
                },
                {
                    "op": "upsert_user",
                    "source": "canvas",
                    "external_id": "x-2",
                    "display_name": "Fine Person",
                    "email": "fine@school.example",
                },
            ]
        },
    )
    assert response.status_code == 200
    first, second = response.get_json()["results"]
    assert first["status"] == "error"
    assert first["http_status"] == 409
    assert "email" in first["errors"]
    assert second["status"] == "created"
    admin = db.session.get(User, school.admin.id)
    assert admin.display_name == "Alex Admin"
    assert admin.external_ids == []


def test_linking_needs_a_person_of_the_organization_and_an_unused_id(app, client_for, school):
    machine = machine_for(app, client_for(school.admin), school.org.id)
    link = f"{roster(school.org.id)}/users/canvas/t-1/link"
    outsider = machine.put(link, json={"user_id": school.outsider.id})
    assert outsider.status_code == 404
    assert machine.put(link, json={"user_id": school.teacher.id}).status_code == 200
    assert machine.put(link, json={"user_id": school.teacher.id}).get_json()["status"] == (
        "unchanged"
    )
    taken_id = machine.put(link, json={"user_id": school.teacher2.id})
    assert taken_id.status_code == 409
    second_id = machine.put(
        f"{roster(school.org.id)}/users/canvas/t-2/link", json={"user_id": school.teacher.id}
    )
    assert second_id.status_code == 409
    linked = db.session.scalars(
        select(ExternalIdentity.user_id).where(ExternalIdentity.source == "canvas")
    ).all()
    assert linked == [school.teacher.id]
    events = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.subject_id == school.teacher.id)
    ).all()
    assert "identity.linked" in events


def test_a_client_never_changes_the_email_of_someone_who_signs_in_with_a_password(
    app, client_for, school, smtp_server
):
    machine = machine_for(app, client_for(school.admin), school.org.id)
    machine.put(
        f"{roster(school.org.id)}/users/canvas/t-1/link", json={"user_id": school.teacher.id}
    )
    response = machine.put(
        f"{roster(school.org.id)}/users/canvas/t-1",
        json={"display_name": "Taylor Teacher", "email": "attacker@evil.example"},
        buffered=True,
    )
    assert response.status_code == 200
    assert response.get_json()["status"] == "unchanged"
    assert "only they can change their email" in response.get_json()["note"]
    assert db.session.get(User, school.teacher.id).email == school.teacher.email
    assert smtp_server.messages == []


def test_a_roster_email_change_waits_for_the_new_address_to_be_proved(
    app, client_for, school, smtp_server
):
    machine = machine_for(app, client_for(school.admin), school.org.id)
    url = f"{roster(school.org.id)}/users/canvas/s-1"
    machine.put(url, json={"display_name": "Kai", "email": "kai@school.example"})
    response = machine.put(
        url, json={"display_name": "Kai", "email": "kai.new@school.example"}, buffered=True
    )
    assert response.get_json()["email"] == "kai@school.example"
    assert response.get_json()["pending_changes"] == ["email"]
    assert [message["to"] for message in smtp_server.messages] == [["kai.new@school.example"]]
    # The same sync again sends no second email.
    machine.put(url, json={"display_name": "Kai", "email": "kai.new@school.example"}, buffered=True)
    assert len(smtp_server.messages) == 1


def test_deactivating_a_leaver_takes_them_off_teams_and_stops_their_sign_in(
    app, client_for, school
):
    machine = machine_for(
        app, client_for(school.admin), school.org.id, scopes=("roster:write", "roster:read")
    )
    url = f"{roster(school.org.id)}/users/canvas/s-1"
    machine.put(f"{url}/link", json={"user_id": school.student.id})
    signed_in = client_for(school.student)
    assert machine.delete(url).status_code == 204
    assert signed_in.get("/api/v1/me").status_code == 401
    assert (
        ApiClient(app)
        .post("/api/v1/auth/session", json={"login": "sam", "password": PASSWORD})
        .status_code
        == 401
    )
    assert (
        db.session.scalars(
            select(Membership.id).where(Membership.user_id == school.student.id)
        ).all()
        == []
    )
    assert machine.get(url).get_json()["active"] is False
    assert "person.deactivated" in db.session.scalars(select(AuditEvent.action)).all()

    back = machine.put(url, json={"display_name": "Sam Student", "username": "sam"})
    assert back.get_json()["status"] == "updated"
    assert back.get_json()["active"] is True
    ApiClient(app).sign_in("sam")


def test_deactivating_someone_of_two_schools_leaves_their_other_school_alone(
    app, client_for, school
):
    db.session.add(OrgMembership(organization_id=school.outsider_org.id, user_id=school.teacher.id))
    db.session.commit()
    machine = machine_for(app, client_for(school.admin), school.org.id)
    url = f"{roster(school.org.id)}/users/canvas/t-1"
    machine.put(f"{url}/link", json={"user_id": school.teacher.id})
    assert machine.delete(url).status_code == 204
    teacher = db.session.get(User, school.teacher.id)
    assert teacher.is_active
    client_for(teacher)


def test_the_last_admin_cannot_be_deactivated(app, client_for, school):
    machine = machine_for(app, client_for(school.admin), school.org.id)
    url = f"{roster(school.org.id)}/users/canvas/a-1"
    machine.put(f"{url}/link", json={"user_id": school.admin.id})
    assert machine.delete(url).status_code == 409
    assert db.session.get(User, school.admin.id).is_active


def oneroster(machine, school, mode: str, **sent):
    return machine.post(
        f"{roster(school.org.id)}/oneroster?source=sis&mode={mode}",
        data=files(**sent),
        content_type="multipart/form-data",
    )


def test_oneroster_tobedeleted_users_are_deactivated(app, client_for, school):
    machine = machine_for(app, client_for(school.admin), school.org.id)
    users = USER_COLUMNS + "\ns-1,active,,true,org-1,student,kim.l,,Kim,Lee,,,,,,,07,\n"
    assert (
        oneroster(machine, school, "delta", users=users, classes=None, enrollments=None).status_code
        == 200
    )
    leaving = users.replace("s-1,active", "s-1,tobedeleted")
    report = oneroster(machine, school, "delta", users=leaving, classes=None, enrollments=None)
    assert report.get_json()["counts"]["users"] == {"deactivated": 1}
    kim = db.session.scalar(select(User).where(User.username == "kim.l"))
    assert not kim.is_active


def test_a_bulk_import_removes_enrollments_no_longer_listed_and_a_delta_import_does_not(
    app, client_for, school
):
    machine = machine_for(app, client_for(school.admin), school.org.id)
    assert oneroster(machine, school, "bulk").status_code == 200
    team_members = select(Membership.user_id).join(
        ExternalIdentity, ExternalIdentity.user_id == Membership.user_id
    )
    assert len(db.session.scalars(team_members).all()) == 3
    only_teacher = ENROLLMENT_COLUMNS + "\ne-1,active,,c-1,org-1,t-1,teacher,true,,\n"
    delta = oneroster(machine, school, "delta", enrollments=only_teacher)
    assert delta.get_json()["counts"]["memberships"] == {"unchanged": 1}
    assert len(db.session.scalars(team_members).all()) == 3
    bulk = oneroster(machine, school, "bulk", enrollments=only_teacher)
    assert bulk.get_json()["counts"]["memberships"] == {"unchanged": 1, "removed": 2}
    assert len(db.session.scalars(team_members).all()) == 1
    # People added to a team by hand, not by this roster, stay.
    assert db.session.scalar(select(Membership.id).where(Membership.user_id == school.student.id))


def test_a_bulk_import_takes_off_only_people_the_roster_added_not_those_added_by_hand(
    app, client_for, school
):
    machine = machine_for(app, client_for(school.admin), school.org.id)
    teacher_and_jamal = (
        ENROLLMENT_COLUMNS
        + "\ne-1,active,,c-1,org-1,t-1,teacher,true,,\ne-2,active,,c-1,org-1,s-1,student,false,,\n"
    )
    assert oneroster(machine, school, "bulk", enrollments=teacher_and_jamal).status_code == 200
    team_id = db.session.scalar(
        select(TeamExternalId.team_id).where(TeamExternalId.source == "sis")
    )
    mei = db.session.scalar(select(User).where(User.display_name == "Mei Chen"))
    # Mei is known by the roster's id, but a teacher puts her on the team in the app.
    added = client_for(school.admin).post(
        f"/api/v1/teams/{team_id}/members", json={"user_id": mei.id, "role": "student"}
    )
    assert added.status_code == 201
    only_teacher = ENROLLMENT_COLUMNS + "\ne-1,active,,c-1,org-1,t-1,teacher,true,,\n"
    bulk = oneroster(machine, school, "bulk", enrollments=only_teacher)
    assert bulk.get_json()["counts"]["memberships"] == {"unchanged": 1, "removed": 1}
    names = set(
        db.session.scalars(
            select(User.display_name)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.team_id == team_id)
        )
    )
    assert names == {"Rosa Diaz", "Mei Chen"}
