"""A person's identity is owned once: the attacks of the outside test, kept as tests.

The takeover path was: an integration client of another school links a school's admin by email,
rewrites their email to the attacker's address, asks for a password reset there and signs in.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from api.audit.models import AuditEvent
from api.extensions import db
from api.organizations.models import OrgMembership
from api.users.models import User
from tests.auth.test_password_reset import ask_for_link
from tests.integrations.client_helpers import machine_for
from tests.support.client import PASSWORD, ApiClient

ATTACKER = "attacker@evil.example"


def roster(organization_id: str) -> str:
    return f"/api/v1/organizations/{organization_id}/roster"


def link_in(message: dict) -> str:
    return re.search(r"/confirm-change#token=([\w-]+)", message["data"]).group(1)


def confirm(client: ApiClient, token: str):
    return client.post(
        "/api/v1/auth/identity-changes/confirm", json={"token": token}, buffered=True
    )


def join(user, organization) -> None:
    db.session.add(OrgMembership(organization_id=organization.id, user_id=user.id))
    db.session.commit()


def signs_in(app, login: str, password: str = PASSWORD) -> bool:
    response = ApiClient(app).post(
        "/api/v1/auth/session", json={"login": login, "password": password}
    )
    return response.status_code == 200


def test_a_client_of_another_school_cannot_take_over_a_school_admin(
    app, client_for, school, smtp_server
):
    # The other school's integration client, with roster:write.
    attacker = machine_for(app, client_for(school.outsider), school.outsider_org.id)
    other = roster(school.outsider_org.id)
    merged = attacker.put(
        f"{other}/users/canvas/evil-1",
        json={"display_name": "Alex Admin", "email": school.admin.email},
    )
    assert merged.status_code == 409  # no silent merge by email
    linked = attacker.put(f"{other}/users/canvas/evil-1/link", json={"user_id": school.admin.id})
    assert linked.status_code == 404  # not a person of the attacker's school

    # Even where the admin really belongs to both schools, the client can't move their email.
    join(school.admin, school.outsider_org)
    assert (
        attacker.put(
            f"{other}/users/canvas/evil-1/link", json={"user_id": school.admin.id}
        ).status_code
        == 200
    )
    rewritten = attacker.put(
        f"{other}/users/canvas/evil-1",
        json={"display_name": "Alex Admin", "email": ATTACKER},
        buffered=True,
    )
    assert rewritten.status_code == 200
    assert db.session.get(User, school.admin.id).email == school.admin.email
    assert ask_for_link(ApiClient(app), ATTACKER).status_code == 202
    assert [m["to"] for m in smtp_server.messages] == []  # no reset link to the attacker
    assert not signs_in(app, ATTACKER)
    assert signs_in(app, school.admin.email)


def test_a_client_of_the_school_cannot_turn_roster_write_into_a_teachers_account(
    app, client_for, school, smtp_server
):
    machine = machine_for(app, client_for(school.admin), school.org.id)
    url = f"{roster(school.org.id)}/users/canvas/t-1"
    machine.put(f"{url}/link", json={"user_id": school.teacher.id})
    machine.put(url, json={"display_name": "Taylor Teacher", "email": ATTACKER}, buffered=True)
    assert db.session.get(User, school.teacher.id).email == school.teacher.email
    assert smtp_server.messages == []
    ask_for_link(ApiClient(app), ATTACKER)
    assert smtp_server.messages == []


def test_an_admin_of_one_school_cannot_rename_a_person_shared_with_another(
    app, client_for, school, smtp_server
):
    join(school.teacher, school.outsider_org)
    outsider_admin = client_for(school.outsider)
    response = outsider_admin.patch(
        f"/api/v1/organizations/{school.outsider_org.id}/people/{school.teacher.id}",
        json={"display_name": "Renamed By Elsewhere"},
        buffered=True,
    )
    assert response.status_code == 200
    assert response.get_json()["display_name"] == "Taylor Teacher"
    assert response.get_json()["pending_changes"] == ["display_name"]
    assert db.session.get(User, school.teacher.id).display_name == "Taylor Teacher"
    # The person is asked, at their own address, and the change waits for them.
    (message,) = smtp_server.messages
    assert message["to"] == [school.teacher.email]
    assert "Renamed By Elsewhere" in message["data"]
    assert confirm(ApiClient(app), link_in(message)).get_json() == {
        "field": "display_name",
        "status": "changed",
    }
    assert db.session.get(User, school.teacher.id).display_name == "Renamed By Elsewhere"
    # Both schools read what happened to their person.
    for organization in (school.org, school.outsider_org):
        actions = db.session.scalars(
            select(AuditEvent.action).where(
                AuditEvent.organization_id == organization.id,
                AuditEvent.subject_id == school.teacher.id,
            )
        ).all()
        assert {"identity.change_requested", "identity.name_changed"} <= set(actions)
    assert confirm(ApiClient(app), link_in(message)).status_code == 422  # used once


def test_an_admin_of_the_only_school_renames_at_once(app, client_for, school):
    response = client_for(school.admin).patch(
        f"/api/v1/organizations/{school.org.id}/people/{school.teacher.id}",
        json={"display_name": "Taylor T."},
    )
    assert response.get_json()["display_name"] == "Taylor T."
    assert response.get_json()["pending_changes"] == []


def test_a_new_email_is_used_only_after_the_link_sent_to_it_is_opened(
    app, client_for, school, smtp_server
):
    old_email = school.teacher.email
    teacher = client_for(school.teacher)
    wrong = teacher.patch("/api/v1/me", json={"email": "taylor@new.example"})
    assert wrong.status_code == 422  # the current password is needed
    response = teacher.patch(
        "/api/v1/me",
        json={"email": "Taylor@New.example", "current_password": PASSWORD},
        buffered=True,
    )
    assert response.status_code == 200
    assert response.get_json()["email"] == old_email
    assert response.get_json()["pending_changes"] == ["email"]
    (message,) = smtp_server.messages
    assert message["to"] == ["taylor@new.example"]
    assert not signs_in(app, "taylor@new.example")
    ask_for_link(ApiClient(app), "taylor@new.example")
    assert len(smtp_server.messages) == 1  # no reset to an unproved address
    # A reset link sent to the old address before the change stops working after it.
    ask_for_link(ApiClient(app), old_email)
    assert confirm(ApiClient(app), link_in(message)).get_json()["status"] == "changed"
    assert signs_in(app, "taylor@new.example")
    assert not signs_in(app, old_email)
    old_reset = re.search(r"#token=([\w-]+)", smtp_server.messages[1]["data"]).group(1)
    done = ApiClient(app).post(
        "/api/v1/auth/password-reset/complete",
        json={"token": old_reset, "password": "a brand new password"},
    )
    assert done.status_code == 422


def test_an_email_change_from_a_second_school_needs_the_person_then_the_new_address(
    app, client_for, school, smtp_server
):
    join(school.teacher, school.outsider_org)
    client_for(school.outsider).patch(
        f"/api/v1/organizations/{school.outsider_org.id}/people/{school.teacher.id}",
        json={"email": ATTACKER},
        buffered=True,
    )
    (agree,) = smtp_server.messages
    assert agree["to"] == [school.teacher.email]  # never to the address being set
    assert confirm(ApiClient(app), link_in(agree)).get_json() == {
        "field": "email",
        "status": "waiting_for_new_address",
    }
    assert smtp_server.messages[1]["to"] == [ATTACKER]
    assert db.session.get(User, school.teacher.id).email == school.teacher.email


def test_a_token_cannot_change_its_persons_identity(app, client_for, school):
    teacher = client_for(school.teacher)
    secret = teacher.post(
        "/api/v1/me/tokens", json={"name": "script", "scopes": ["read", "write"]}
    ).get_json()["token"]
    machine = ApiClient(app, token=secret)
    assert machine.patch("/api/v1/me", json={"display_name": "Script Kid"}).status_code == 401
    assert db.session.get(User, school.teacher.id).display_name == "Taylor Teacher"


def test_password_changes_are_in_the_audit_log_of_every_school_of_the_person(
    app, client_for, school
):
    join(school.teacher, school.outsider_org)
    client_for(school.teacher).put(
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": "another long password"},
    )
    organizations = db.session.scalars(
        select(AuditEvent.organization_id).where(
            AuditEvent.action == "identity.password_changed",
            AuditEvent.subject_id == school.teacher.id,
        )
    ).all()
    assert sorted(organizations) == sorted([school.org.id, school.outsider_org.id])
