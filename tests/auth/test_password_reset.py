"""Forgotten passwords: a single-use, expiring link by email that reveals no one's account."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from sqlalchemy import select

from api.auth.models import PasswordReset
from api.db import utcnow
from api.extensions import db
from tests.support.client import PASSWORD, ApiClient

NEW_PASSWORD = "a brand new password"
ASK = "/api/v1/auth/password-reset"
COMPLETE = "/api/v1/auth/password-reset/complete"


def ask_for_link(client: ApiClient, login: str):
    # Buffered: the response is closed, as a server closes it once sent, and the email goes.
    return client.post(ASK, json={"login": login}, buffered=True)


def token_in(message: dict) -> str:
    return re.search(r"/reset-password#token=([\w-]+)", message["data"]).group(1)


def complete(client: ApiClient, token: str, password: str) -> int:
    return client.post(COMPLETE, json={"token": token, "password": password}).status_code


def emailed_token(client: ApiClient, inbox, login: str) -> str:
    assert ask_for_link(client, login).status_code == 202
    return token_in(inbox.messages[-1])


def test_asking_answers_the_same_for_known_unknown_and_email_less_accounts(
    anonymous, school, smtp_server
):
    answers = [
        ask_for_link(anonymous, login)
        for login in (school.teacher.email, "nobody@school.example", "sam")
    ]

    assert {answer.status_code for answer in answers} == {202}
    assert len({answer.get_data() for answer in answers}) == 1
    assert "we've emailed it a link" in answers[0].get_json()["message"]
    assert [message["to"] for message in smtp_server.messages] == [[school.teacher.email]]
    assert smtp_server.messages[0]["subject"] == "Choose a new password"
    assert "works once, within 60 minutes" in smtp_server.messages[0]["data"]


def test_the_email_goes_out_only_after_the_answer(anonymous, school, smtp_server):
    response = anonymous.post(ASK, json={"login": school.teacher.email})
    assert response.status_code == 202
    assert smtp_server.messages == []
    response.close()
    assert len(smtp_server.messages) == 1


def test_mail_trouble_still_gets_the_same_answer(anonymous, school, smtp_down):
    assert ask_for_link(anonymous, school.teacher.email).status_code == 202


def test_the_link_is_stored_only_as_a_sha256_hash(anonymous, school, smtp_server):
    token = emailed_token(anonymous, smtp_server, school.teacher.email)
    stored = db.session.scalars(select(PasswordReset.token_hash)).all()
    assert stored == [hashlib.sha256(token.encode()).hexdigest()]
    assert token not in stored


def test_the_link_sets_a_new_password_and_ends_every_session(
    app, anonymous, client_for, school, smtp_server
):
    signed_in = client_for(school.teacher)
    token = emailed_token(anonymous, smtp_server, school.teacher.email)

    response = anonymous.post(COMPLETE, json={"token": token, "password": NEW_PASSWORD})

    assert response.status_code == 204
    assert signed_in.get("/api/v1/me").status_code == 401
    old = ApiClient(app).post(
        "/api/v1/auth/session", json={"login": school.teacher.email, "password": PASSWORD}
    )
    assert old.status_code == 401
    ApiClient(app).sign_in(school.teacher.email, NEW_PASSWORD)


def test_the_link_turns_off_the_persons_access_tokens(
    app, anonymous, client_for, school, smtp_server
):
    """Whoever was in the account is out after a reset: by token as well as by cookie."""
    owner = client_for(school.teacher)
    secret = owner.post(
        "/api/v1/me/tokens", json={"name": "Script", "scopes": ["read"]}
    ).get_json()["token"]
    machine = ApiClient(app, token=secret)
    assert machine.get("/api/v1/me").status_code == 200
    someone_elses = (
        client_for(school.teacher2)
        .post("/api/v1/me/tokens", json={"name": "Theirs", "scopes": ["read"]})
        .get_json()["token"]
    )

    token = emailed_token(anonymous, smtp_server, school.teacher.email)
    assert complete(anonymous, token, NEW_PASSWORD) == 204

    assert machine.get("/api/v1/me").status_code == 401
    listed = ApiClient(app).sign_in(school.teacher.email, NEW_PASSWORD).get("/api/v1/me/tokens")
    assert [t["revoked_at"] is not None for t in listed.get_json()] == [True]
    assert ApiClient(app, token=someone_elses).get("/api/v1/me").status_code == 200


def test_the_link_works_only_once(app, anonymous, school, smtp_server):
    token = emailed_token(anonymous, smtp_server, school.teacher.email)
    assert complete(anonymous, token, NEW_PASSWORD) == 204

    again = anonymous.post(COMPLETE, json={"token": token, "password": "another new password"})

    assert again.status_code == 422
    assert again.mimetype == "application/problem+json"
    assert "expired or has already been used" in again.get_json()["detail"]
    ApiClient(app).sign_in(school.teacher.email, NEW_PASSWORD)


def test_the_link_expires(anonymous, school, smtp_server):
    token = emailed_token(anonymous, smtp_server, school.teacher.email)
    reset = db.session.scalars(select(PasswordReset)).one()
    reset.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()

    response = anonymous.post(COMPLETE, json={"token": token, "password": NEW_PASSWORD})

    assert response.status_code == 422
    assert "expired" in response.get_json()["detail"]


def test_the_link_lasts_as_long_as_configured(app, anonymous, school, smtp_server):
    saved = app.config["PASSWORD_RESET_MINUTES"]
    app.config["PASSWORD_RESET_MINUTES"] = 15
    try:
        emailed_token(anonymous, smtp_server, school.teacher.email)
    finally:
        app.config["PASSWORD_RESET_MINUTES"] = saved
    reset = db.session.scalars(select(PasswordReset)).one()
    lifetime = reset.expires_at - reset.created_at
    assert timedelta(minutes=14) < lifetime <= timedelta(minutes=15)


def test_an_unknown_token_is_refused(anonymous, school):
    response = anonymous.post(COMPLETE, json={"token": "made-up", "password": NEW_PASSWORD})
    assert response.status_code == 422


def test_a_short_password_is_refused_and_the_link_still_works(anonymous, school, smtp_server):
    token = emailed_token(anonymous, smtp_server, school.teacher.email)
    short = anonymous.post(COMPLETE, json={"token": token, "password": "short"})
    assert short.status_code == 422
    assert short.get_json()["errors"] == {"password": ["Use at least 8 characters."]}
    assert complete(anonymous, token, NEW_PASSWORD) == 204


def test_a_reset_makes_every_older_link_useless(anonymous, school, smtp_server):
    first = emailed_token(anonymous, smtp_server, school.teacher.email)
    second = emailed_token(anonymous, smtp_server, school.teacher.email)
    assert complete(anonymous, second, NEW_PASSWORD) == 204
    assert complete(anonymous, first, PASSWORD) == 422


def test_a_password_change_makes_open_links_useless(client_for, anonymous, school, smtp_server):
    token = emailed_token(anonymous, smtp_server, school.teacher.email)
    client_for(school.teacher).put(
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )
    assert complete(anonymous, token, PASSWORD) == 422


def test_asking_too_often_is_slowed_down_alike_for_unknown_accounts(anonymous, school, smtp_server):
    known = [ask_for_link(anonymous, school.teacher.email).status_code for _ in range(6)]
    unknown = [ask_for_link(anonymous, "nobody@school.example").status_code for _ in range(6)]
    assert known == unknown == [202] * 5 + [429]
    assert len(smtp_server.messages) == 5


def test_links_expired_a_day_ago_are_cleared_out(anonymous, school, smtp_server):
    from api.auth.housekeeping import delete_stale_tokens

    emailed_token(anonymous, smtp_server, school.teacher.email)
    emailed_token(anonymous, smtp_server, school.teacher.email)
    old, recent = db.session.scalars(select(PasswordReset).order_by(PasswordReset.created_at))
    old.expires_at = utcnow() - timedelta(days=2)
    db.session.commit()

    assert delete_stale_tokens() == 1
    assert db.session.scalars(select(PasswordReset)).all() == [recent]
