"""Sessions: renewed at sign-in, and ended everywhere on the server's word (session versions)."""

from __future__ import annotations

from sqlalchemy import func, select

from api.auth.models import UserSession
from api.extensions import db
from api.users.models import User
from tests.support.client import PASSWORD, ApiClient

COOKIE = "eaa_session"
NEW_PASSWORD = "a brand new password"


def copy_of(app, client: ApiClient) -> ApiClient:
    """Another browser holding a copy of this client's session cookie (a stolen cookie)."""
    thief = ApiClient(app)
    thief.client.set_cookie(COOKIE, client.client.get_cookie(COOKIE).value)
    thief.csrf = client.csrf
    return thief


def test_sign_in_replaces_the_cookie_and_token_planted_before_it(app, anonymous, school):
    planted_token = anonymous.get("/api/v1/auth/csrf").get_json()["csrf_token"]
    planted_cookie = anonymous.client.get_cookie(COOKIE).value
    anonymous.sign_in("sam")

    assert anonymous.client.get_cookie(COOKIE).value != planted_cookie
    # Someone who planted the cookie before sign-in holds nothing that works after it.
    planted = ApiClient(app)
    planted.client.set_cookie(COOKIE, planted_cookie)
    assert planted.get("/api/v1/me").status_code == 401
    forged = anonymous.client.put(
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers={"X-CSRF-Token": planted_token},
    )
    assert forged.status_code == 403


def test_a_copied_cookie_works_until_sign_out_everywhere(app, client_for, school):
    owner = client_for(school.teacher)
    thief = copy_of(app, owner)
    assert thief.get("/api/v1/me").status_code == 200

    assert owner.delete("/api/v1/me/sessions").status_code == 204

    assert thief.get("/api/v1/me").status_code == 401
    assert owner.get("/api/v1/me").status_code == 401
    # Signing in again (with a fresh security token, as the web app does) starts a new session.
    owner.csrf = None
    owner.sign_in(school.teacher.email)
    assert owner.get("/api/v1/me").status_code == 200
    assert thief.get("/api/v1/me").status_code == 401


def test_signing_out_ends_the_session_on_the_server_so_a_copied_cookie_stops_at_once(
    app, client_for, school
):
    owner = client_for(school.teacher)
    thief = copy_of(app, owner)
    assert thief.get("/api/v1/me").status_code == 200
    assert owner.delete("/api/v1/auth/session").status_code == 204
    assert thief.get("/api/v1/me").status_code == 401
    assert db.session.scalar(select(func.count(UserSession.id))) == 0


def test_plain_sign_out_leaves_other_browsers_signed_in(app, client_for, school):
    laptop = client_for(school.teacher)
    phone = client_for(school.teacher)
    assert laptop.delete("/api/v1/auth/session").status_code == 204
    assert phone.get("/api/v1/me").status_code == 200


def test_password_change_keeps_this_browser_and_ends_copies(app, client_for, anonymous, school):
    owner = client_for(school.teacher)
    thief = copy_of(app, owner)
    assert thief.get("/api/v1/me").status_code == 200

    response = owner.put(
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )

    assert response.status_code == 204
    assert owner.get("/api/v1/me").status_code == 200
    assert thief.get("/api/v1/me").status_code == 401
    old = anonymous.post(
        "/api/v1/auth/session", json={"login": school.teacher.email, "password": PASSWORD}
    )
    assert old.status_code == 401
    anonymous.sign_in(school.teacher.email, NEW_PASSWORD)


def test_password_change_needs_the_current_password(client_for, school):
    owner = client_for(school.teacher)
    response = owner.put(
        "/api/v1/me/password",
        json={"current_password": "not my password", "new_password": NEW_PASSWORD},
    )
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert "current_password" in response.get_json()["errors"]
    assert owner.get("/api/v1/me").status_code == 200


def test_new_password_follows_the_same_length_rule_as_new_accounts(client_for, school):
    owner = client_for(school.teacher)
    response = owner.put(
        "/api/v1/me/password", json={"current_password": PASSWORD, "new_password": "short"}
    )
    assert response.status_code == 422
    assert response.get_json()["errors"] == {"new_password": ["Use at least 8 characters."]}


def test_a_token_cannot_change_the_password(app, client_for, school):
    owner = client_for(school.teacher)
    secret = owner.post(
        "/api/v1/me/tokens", json={"name": "Script", "scopes": ["read", "write"]}
    ).get_json()["token"]
    machine = ApiClient(app, token=secret)
    response = machine.put(
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )
    assert response.status_code == 401
    assert "Sign in with your password" in response.get_json()["detail"]


def test_guessing_the_current_password_is_slowed_down(app, client_for, school):
    owner = client_for(school.teacher)
    statuses = [
        owner.put(
            "/api/v1/me/password",
            json={"current_password": f"guess {i}", "new_password": NEW_PASSWORD},
        ).status_code
        for i in range(11)
    ]
    assert statuses == [422] * 10 + [429]


def test_session_version_moves_on_only_when_sessions_must_end(client_for, school):
    owner = client_for(school.teacher)
    before = db.session.get(User, school.teacher.id).session_version
    owner.get("/api/v1/me")
    owner.delete("/api/v1/auth/session")
    db.session.expire_all()
    assert db.session.get(User, school.teacher.id).session_version == before


def test_the_session_state_answers_200_signed_in_or_not(anonymous, client_for, school):
    signed_out = anonymous.get("/api/v1/auth/session")
    assert signed_out.status_code == 200
    assert signed_out.get_json()["signed_in"] is False
    assert signed_out.get_json()["user"] is None
    assert signed_out.get_json()["csrf_token"]
    signed_in = client_for(school.student).get("/api/v1/auth/session").get_json()
    assert signed_in["signed_in"] is True
    assert signed_in["user"]["display_name"] == "Sam Student"
