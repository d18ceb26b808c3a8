"""The audit log: admin actions and privacy requests, written with the change, read by admins."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from api.actor import Actor
from api.audit import service as audit
from api.audit.models import AuditEvent
from api.extensions import db
from api.teams.models import Membership
from api.trust.models import TrustSurvey
from api.trust.questions import ITEM_KEYS
from api.webhooks import addresses
from tests.integrations.client_helpers import machine_for


def log_url(school, **query) -> str:
    params = "&".join(f"{key}={value}" for key, value in query.items())
    return f"/api/v1/organizations/{school.org.id}/audit-events" + (f"?{params}" if params else "")


def events(client, school, **query) -> list[dict]:
    response = client.get(log_url(school, **query))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def event_count() -> int:
    return db.session.scalar(select(func.count(AuditEvent.id)))


@pytest.fixture(autouse=True)
def public_dns(monkeypatch):
    monkeypatch.setattr(addresses, "resolve", lambda host, port: ["93.184.215.14"])


def test_provisioning_role_change_and_removal_are_recorded_with_who_and_what(client_for, school):
    admin = client_for(school.admin)
    people = f"/api/v1/organizations/{school.org.id}/people"
    person = admin.post(
        people, json={"display_name": "Zoe Park", "email": "zoe@school.example"}
    ).get_json()
    admin.patch(f"{people}/{person['id']}", json={"is_admin": True})
    admin.delete(f"{people}/{person['id']}")

    logged = events(admin, school)
    assert [event["action"] for event in logged] == [
        "person.removed",
        "person.updated",
        "person.provisioned",
    ]
    for event in logged:
        assert event["actor"] == {
            "kind": "person",
            "id": school.admin.id,
            "display_name": "Alex Admin",
        }
        assert (event["subject_type"], event["subject_id"]) == ("user", person["id"])
        assert event["created_at"]
    assert logged[1]["details"] == {"changed": ["is_admin"], "is_admin": True}
    # Who the person is stays with the person: the log keeps ids, never names or emails.
    text = json.dumps(logged)
    assert "Zoe" not in text and "zoe@school.example" not in text


def test_team_changes_by_an_admin_are_recorded_and_a_teachers_own_are_not(client_for, school):
    members = f"/api/v1/teams/{school.team.id}/members"
    other = school.students[1]
    membership = db.session.scalar(
        select(Membership).where(
            Membership.team_id == school.team.id, Membership.user_id == other.id
        )
    )
    teacher = client_for(school.teacher)
    assert teacher.patch(f"{members}/{membership.id}", json={"role": "teacher"}).status_code == 200
    assert event_count() == 0

    admin = client_for(school.admin)
    assert admin.patch(f"{members}/{membership.id}", json={"role": "student"}).status_code == 200
    assert admin.delete(f"{members}/{membership.id}").status_code == 204
    added = admin.post(members, json={"user_id": other.id, "role": "student"})
    assert added.status_code == 201, added.get_json()
    logged = events(admin, school, action="team_member.")
    assert [event["action"] for event in logged] == [
        "team_member.added",
        "team_member.removed",
        "team_member.role_changed",
    ]
    assert logged[0]["details"] == {
        "team_id": school.team.id,
        "user_id": other.id,
        "role": "student",
    }


def test_integration_clients_webhooks_and_lti_platforms_are_recorded(app, client_for, school):
    admin = client_for(school.admin)
    org = f"/api/v1/organizations/{school.org.id}"
    client = admin.post(f"{org}/clients", json={"name": "Canvas", "scopes": ["roster:read"]})
    client = client.get_json()
    assert admin.delete(f"{org}/clients/{client['client_id']}").status_code == 204
    webhook = admin.post(
        f"{org}/webhooks",
        json={
            "url": "https://hooks.lms.example/eaa?token=very-secret",
            "event_types": ["ping"],
        },
    ).get_json()
    admin.patch(f"{org}/webhooks/{webhook['id']}", json={"active": False})
    admin.delete(f"{org}/webhooks/{webhook['id']}")
    platform = admin.post(
        f"{org}/lti/platforms",
        json={
            "name": "Moodle",
            "issuer": "https://moodle.school.example",
            "client_id": "abc123",
            "deployment_ids": ["1"],
            "auth_login_url": "https://moodle.school.example/auth",
            "jwks_url": "https://moodle.school.example/certs",
        },
    )
    assert platform.status_code == 201, platform.get_json()

    actions = [event["action"] for event in reversed(events(admin, school))]
    assert actions == [
        "integration_client.created",
        "integration_client.revoked",
        "webhook.created",
        "webhook.updated",
        "webhook.deleted",
        "lti_platform.registered",
    ]
    created = events(admin, school, action="webhook.created")[0]
    assert created["details"]["host"] == "hooks.lms.example"
    assert "very-secret" not in json.dumps(events(admin, school))


def test_an_integration_client_is_named_as_the_actor(app, client_for, school):
    admin = client_for(school.admin)
    machine = machine_for(app, admin, school.org.id, ["webhooks:manage"])
    created = machine.post(
        f"/api/v1/organizations/{school.org.id}/webhooks",
        json={"url": "https://hooks.lms.example/eaa", "event_types": ["ping"]},
    )
    assert created.status_code == 201, created.get_json()
    (event,) = events(admin, school, action="webhook.created")
    assert event["actor"]["kind"] == "client"
    assert event["actor"]["display_name"] == "Canvas"


def test_an_event_is_written_in_the_transaction_of_its_change(database, school):
    audit.record(
        Actor(user=school.admin),
        school.org.id,
        "person.removed",
        subject_type="user",
        subject_id=school.student.id,
    )
    db.session.rollback()
    assert event_count() == 0


def test_a_refused_change_leaves_no_event(client_for, school):
    admin = client_for(school.admin)
    people = f"/api/v1/organizations/{school.org.id}/people"
    response = admin.post(people, json={"display_name": "Copy", "email": school.teacher.email})
    assert response.status_code == 409
    assert event_count() == 0


def test_only_the_organizations_admins_read_the_log(client_for, school):
    assert client_for(school.admin).get(log_url(school)).status_code == 200
    assert client_for(school.teacher).get(log_url(school)).status_code == 403
    assert client_for(school.student).get(log_url(school)).status_code == 403
    assert client_for(school.outsider).get(log_url(school)).status_code == 404


def test_the_log_pages_newest_first_and_filters_by_action(client_for, school):
    actor = Actor(user=school.admin)
    for _ in range(3):
        audit.record(actor, school.org.id, "person.provisioned")
    audit.record(actor, school.org.id, "privacy.exported")
    audit.record(actor, school.outsider_org.id, "privacy.exported")
    db.session.commit()
    admin = client_for(school.admin)
    first = admin.get(log_url(school, page=1, page_size=2))
    assert json.loads(first.headers["X-Pagination"])["total"] == 4
    assert [event["action"] for event in first.get_json()] == [
        "privacy.exported",
        "person.provisioned",
    ]
    assert [event["action"] for event in events(admin, school, action="privacy.exported")] == [
        "privacy.exported"
    ]
    assert len(events(admin, school, action="person.provisioned")) == 3


def test_the_log_refuses_personal_details_and_anything_from_a_trust_survey(database, school):
    actor = Actor(user=school.admin)
    with pytest.raises(ValueError):
        audit.record(actor, school.org.id, "person.provisioned", details={"email": "a@b.c"})
    with pytest.raises(ValueError):
        audit.record(actor, school.org.id, "person.updated", subject_type="trust_response")
    with pytest.raises(ValueError):
        audit.record(actor, school.org.id, "person.updated", details={"note": "x" * 3000})
    with pytest.raises(ValueError):
        audit.record(actor, school.org.id, "survey.answered")


def test_answering_a_trust_survey_writes_nothing_to_the_log(client_for, school):
    from tests.trust.trust_helpers import TODAY

    survey = TrustSurvey(team_id=school.team.id, period="Spring", opens_on=TODAY, closes_on=TODAY)
    db.session.add(survey)
    db.session.commit()
    response = client_for(school.student).post(
        f"/api/v1/trust-surveys/{survey.id}/responses",
        json={"answers": dict.fromkeys(ITEM_KEYS, 2), "comment": "We need more time"},
    )
    assert response.status_code == 201, response.get_json()
    assert event_count() == 0


def test_people_an_lms_provisions_are_recorded_with_the_client_as_actor(app, client_for, school):
    admin = client_for(school.admin)
    machine = machine_for(app, admin, school.org.id, ["roster:write"])
    roster = f"/api/v1/organizations/{school.org.id}/roster"
    body = {"display_name": "Ada Lovelace", "email": "ada@school.example"}
    assert machine.put(f"{roster}/users/canvas/u-1", json=body).status_code == 201
    assert machine.put(f"{roster}/users/canvas/u-1", json=body).status_code == 200
    (event,) = events(admin, school, action="person.provisioned")
    assert event["actor"]["kind"] == "client"
    assert event["details"] == {"source": "canvas", "is_admin": False}
    assert "Ada" not in json.dumps(event)


def test_the_log_filters_by_who_what_and_when(client_for, school, make_user):
    from datetime import timedelta

    from api.db import utcnow

    admin = client_for(school.admin)
    second_admin = make_user(school.org, is_admin=True)
    people = f"/api/v1/organizations/{school.org.id}/people"
    admin.patch(f"{people}/{school.teacher.id}", json={"is_admin": True})
    client_for(second_admin).patch(f"{people}/{school.coach.id}", json={"is_admin": True})
    old = db.session.scalars(select(AuditEvent).order_by(AuditEvent.created_at)).all()
    assert len(old) == 2
    old[0].created_at = utcnow() - timedelta(days=10)
    db.session.commit()
    by_second = events(admin, school, actor_id=second_admin.id)
    assert [e["subject_id"] for e in by_second] == [school.coach.id]
    about_teacher = events(admin, school, subject_id=school.teacher.id)
    assert [e["actor"]["id"] for e in about_teacher] == [school.admin.id]
    today = utcnow().date()
    recent = events(admin, school, since=today.isoformat())
    assert len(recent) == 1
    older = events(admin, school, until=(today - timedelta(days=5)).isoformat())
    assert len(older) == 1 and older[0]["id"] == old[0].id
    backwards = admin.get(log_url(school, since=today.isoformat(), until="2020-01-01"))
    assert backwards.status_code == 422 and "until" in backwards.get_json()["errors"]
