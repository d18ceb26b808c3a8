"""An admin invites people, sets passwords for those without email, turns accounts off and on."""

from __future__ import annotations

import re

from sqlalchemy import select

from api.audit.models import AuditEvent
from api.extensions import db
from api.organizations.models import OrgMembership
from tests.support.client import PASSWORD, ApiClient

NEW_PASSWORD = "a fresh long password"


def people_url(school, user) -> str:
    return f"/api/v1/organizations/{school.org.id}/people/{user.id}"


def audited(school) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.organization_id == school.org.id)
        )
    )


def test_admin_creates_a_teacher_and_invites_them_to_choose_a_password(
    app, client_for, school, smtp_server
):
    admin = client_for(school.admin)
    made = admin.post(
        f"/api/v1/organizations/{school.org.id}/people",
        json={"display_name": "Nia New", "email": "nia@school.example"},
    ).get_json()
    assert made["has_password"] is False and made["is_active"] is True
    sent = admin.post(f"/api/v1/organizations/{school.org.id}/people/{made['id']}/invitation")
    assert sent.status_code == 202, sent.get_json()
    assert sent.get_json() == {"sent_to": "nia@school.example"}
    [message] = smtp_server.messages
    assert message["to"] == ["nia@school.example"]
    assert "Maple Grove" in message["subject"]
    token = re.search(r"/reset-password#token=([\w-]+)", message["data"]).group(1)
    anonymous = ApiClient(app)
    chosen = anonymous.post(
        "/api/v1/auth/password-reset/complete", json={"token": token, "password": NEW_PASSWORD}
    )
    assert chosen.status_code in (200, 204), chosen.get_json()
    ApiClient(app).sign_in("nia@school.example", NEW_PASSWORD)
    assert "person.invited" in audited(school)


def test_a_second_link_to_someone_with_a_password_is_a_reset(client_for, school, smtp_server):
    response = client_for(school.admin).post(people_url(school, school.teacher) + "/invitation")
    assert response.status_code == 202
    assert smtp_server.messages[0]["subject"] == "Choose a new password"
    assert "person.password_reset_sent" in audited(school)


def test_inviting_someone_without_email_is_422(client_for, school, smtp_server):
    response = client_for(school.admin).post(people_url(school, school.student) + "/invitation")
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert smtp_server.messages == []


def test_when_mail_is_down_the_admin_is_told_to_try_again(client_for, school, smtp_down):
    response = client_for(school.admin).post(people_url(school, school.teacher) + "/invitation")
    assert response.status_code == 503
    assert "try again" in response.get_json()["detail"]


def test_admin_sets_a_students_password_and_their_old_one_stops_working(app, client_for, school):
    student = client_for(school.student)
    response = client_for(school.admin).put(
        people_url(school, school.student) + "/password", json={"password": NEW_PASSWORD}
    )
    assert response.status_code == 204
    assert student.get("/api/v1/me").status_code == 401  # signed out everywhere
    ApiClient(app).sign_in("sam", NEW_PASSWORD)
    refused = ApiClient(app).post(
        "/api/v1/auth/session", json={"login": "sam", "password": PASSWORD}
    )
    assert refused.status_code == 401


def test_a_short_password_is_422_and_the_old_one_still_works(app, client_for, school):
    response = client_for(school.admin).put(
        people_url(school, school.student) + "/password", json={"password": "short"}
    )
    assert response.status_code == 422
    ApiClient(app).sign_in("sam", PASSWORD)


def test_a_deactivated_person_cannot_sign_in_until_reactivated(app, client_for, school):
    teacher = client_for(school.teacher)
    admin = client_for(school.admin)
    off = admin.post(people_url(school, school.teacher) + "/deactivate")
    assert off.status_code == 200 and off.get_json()["is_active"] is False
    assert teacher.get("/api/v1/me").status_code == 401
    refused = ApiClient(app).post(
        "/api/v1/auth/session", json={"login": school.teacher.email, "password": PASSWORD}
    )
    assert refused.status_code == 401
    listed = admin.get(f"/api/v1/organizations/{school.org.id}/people?q=taylor").get_json()
    assert [p["is_active"] for p in listed] == [False]
    on = admin.post(people_url(school, school.teacher) + "/reactivate")
    assert on.get_json()["is_active"] is True
    ApiClient(app).sign_in(school.teacher.email)
    assert {"person.deactivated", "person.reactivated"} <= set(audited(school))


def test_admins_and_yourself_cannot_be_turned_off(client_for, school, make_user):
    admin = client_for(school.admin)
    assert admin.post(people_url(school, school.admin) + "/deactivate").status_code == 409
    other_admin = make_user(school.org, is_admin=True)
    assert admin.post(people_url(school, other_admin) + "/deactivate").status_code == 409
    assert other_admin.is_active


def test_a_person_of_another_organization_too_is_left_to_manage_their_own_sign_in(
    client_for, school
):
    db.session.add(OrgMembership(organization_id=school.outsider_org.id, user_id=school.coach.id))
    db.session.commit()
    admin = client_for(school.admin)
    for path, method in (("/deactivate", "post"), ("/invitation", "post")):
        assert getattr(admin, method)(people_url(school, school.coach) + path).status_code == 409
    put = admin.put(people_url(school, school.coach) + "/password", json={"password": NEW_PASSWORD})
    assert put.status_code == 409
    assert school.coach.is_active


def test_only_admins_of_the_persons_organization_may(client_for, school):
    assert (
        client_for(school.teacher)
        .post(people_url(school, school.student) + "/deactivate")
        .status_code
        == 403
    )
    outsider = client_for(school.outsider)
    assert outsider.post(people_url(school, school.student) + "/deactivate").status_code == 404
    assert school.student.is_active
