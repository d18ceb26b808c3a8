"""An LTI 1.3 resource-link launch, with this test playing the platform with its own RSA keys."""

from __future__ import annotations

import json
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import g
from jwcrypto.jwk import JWK
from sqlalchemy import func, select

from api.extensions import db
from api.lti.models import LtiContext, LtiLoginState
from api.teams.models import Membership, Role, Team
from api.users.models import ExternalIdentity, User

ISSUER = "https://canvas.school.example"
CLIENT_ID = "10000000000042"
DEPLOYMENT = "7:deadbeef"
AUTH_URL = "https://canvas.school.example/api/lti/authorize_redirect"
CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"


def rsa_pem() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


PLATFORM_KEY, PLATFORM_PUBLIC_KEY = rsa_pem()
FORGER_KEY, _ = rsa_pem()


class Platform:
    """The LMS: registered with the school, starts logins, signs launches."""

    def __init__(self, app, admin_client, org, **registration) -> None:
        body = {
            "name": "Canvas",
            "issuer": ISSUER,
            "client_id": CLIENT_ID,
            "deployment_ids": [DEPLOYMENT],
            "auth_login_url": AUTH_URL,
            "public_key": PLATFORM_PUBLIC_KEY,
            **registration,
        }
        response = admin_client.post(f"/api/v1/organizations/{org.id}/lti/platforms", json=body)
        assert response.status_code == 201, response.get_json()
        self.registration = response.get_json()
        self.browser = app.test_client()

    def start_login(self, **extra) -> dict[str, str]:
        response = self.browser.get(
            "/lti/login",
            query_string={
                "iss": ISSUER,
                "login_hint": "user-hint",
                "target_link_uri": self.registration["tool"]["target_link_uri"],
                "client_id": CLIENT_ID,
                "lti_deployment_id": DEPLOYMENT,
                **extra,
            },
        )
        assert response.status_code == 302, response.get_data(as_text=True)
        location = urlsplit(response.headers["Location"])
        assert f"{location.scheme}://{location.netloc}{location.path}" == AUTH_URL
        return {key: values[0] for key, values in parse_qs(location.query).items()}

    def id_token(
        self,
        auth: dict,
        *,
        key: str = PLATFORM_KEY,
        sub: str = "canvas-user-1",
        roles=(INSTRUCTOR,),
        kid: str = "platform-key-1",
        **overrides,
    ) -> str:
        now = int(time.time())
        claims = {
            "iss": ISSUER,
            "aud": CLIENT_ID,
            "sub": sub,
            "iat": now,
            "exp": now + 300,
            "nonce": auth["nonce"],
            "name": "Jordan Lee",
            f"{CLAIM}message_type": "LtiResourceLinkRequest",
            f"{CLAIM}version": "1.3.0",
            f"{CLAIM}deployment_id": DEPLOYMENT,
            f"{CLAIM}target_link_uri": self.registration["tool"]["target_link_uri"],
            f"{CLAIM}resource_link": {"id": "link-1", "title": "Inquiry team"},
            f"{CLAIM}roles": list(roles),
            f"{CLAIM}context": {"id": "course-77", "label": "SCI7", "title": "Grade 7 Science B"},
            **overrides,
        }
        claims = {name: value for name, value in claims.items() if value is not None}
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})

    def launch(self, auth: dict, token: str):
        return self.browser.post("/lti/launch", data={"id_token": token, "state": auth["state"]})


@pytest.fixture()
def platform(app, client_for, school):
    return Platform(app, client_for(school.admin), school.org)


def whoami(browser):
    """GET /api/v1/me by the browser's cookie alone.

    The tests share one app context, so the flask.g of an earlier request is dropped first.
    """
    g.pop("actor", None)
    return browser.get("/api/v1/me")


def counts() -> tuple[int, int, int, int]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (User, Team, Membership, ExternalIdentity)
    )


def test_login_initiation_redirects_to_the_platform_with_state_and_nonce(platform):
    auth = platform.start_login(lti_message_hint="msg-hint")
    assert auth["client_id"] == CLIENT_ID
    assert auth["redirect_uri"] == platform.registration["tool"]["redirect_uri"]
    assert auth["response_type"] == "id_token" and auth["response_mode"] == "form_post"
    assert auth["scope"] == "openid" and auth["prompt"] == "none"
    assert auth["login_hint"] == "user-hint" and auth["lti_message_hint"] == "msg-hint"
    assert auth["state"] and auth["nonce"]
    stored = db.session.get(LtiLoginState, f"lti1p3-login-state-{auth['state']}")
    assert stored.value == {"nonce": auth["nonce"]}


def test_login_works_by_post_too(platform):
    response = platform.browser.post(
        "/lti/login", data={"iss": ISSUER, "login_hint": "h", "client_id": CLIENT_ID}
    )
    assert response.status_code == 302
    assert response.headers["Location"].startswith(AUTH_URL)


def test_login_from_an_unknown_platform_is_refused(platform):
    response = platform.browser.get(
        "/lti/login", query_string={"iss": "https://evil.example", "login_hint": "x"}
    )
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert db.session.scalar(select(func.count()).select_from(LtiLoginState)) == 0


def test_instructor_launch_signs_in_as_teacher_of_the_course_team(platform, school):
    before = counts()
    auth = platform.start_login()
    response = platform.launch(auth, platform.id_token(auth))
    assert response.status_code == 303, response.get_data(as_text=True)
    team_id = response.headers["Location"].removeprefix("/teams/")

    team = db.session.get(Team, team_id)
    assert team.name == "Grade 7 Science B" and team.organization_id == school.org.id
    me = whoami(platform.browser).get_json()
    assert me["display_name"] == "Jordan Lee"
    g.pop("actor", None)
    shown = platform.browser.get(f"/api/v1/teams/{team_id}").get_json()
    assert shown["my_role"] == "teacher"
    identity = db.session.scalar(
        select(ExternalIdentity).where(ExternalIdentity.user_id == me["id"])
    )
    assert identity.external_id == "canvas-user-1"
    assert identity.source == f"lti:{platform.registration['id']}"
    assert counts() == (before[0] + 1, before[1] + 1, before[2] + 1, before[3] + 1)
    # The login state is used up.
    assert db.session.get(LtiLoginState, f"lti1p3-login-state-{auth['state']}") is None


def test_learner_launch_joins_the_same_team_as_student_and_returning_users_are_found(
    app, platform, school
):
    auth = platform.start_login()
    teacher_team = platform.launch(auth, platform.id_token(auth)).headers["Location"]

    student = Platform.__new__(Platform)
    student.registration, student.browser = platform.registration, app.test_client()
    for _ in range(2):  # the second launch finds the person and the team again
        auth = student.start_login()
        response = student.launch(
            auth, student.id_token(auth, sub="canvas-student-9", roles=(LEARNER,), name="Ana")
        )
        assert response.status_code == 303
        assert response.headers["Location"] == teacher_team
    team_id = teacher_team.removeprefix("/teams/")
    roles = db.session.execute(
        select(User.display_name, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.team_id == team_id)
        .order_by(User.display_name)
    ).all()
    assert [tuple(row) for row in roles] == [("Ana", Role.student), ("Jordan Lee", Role.teacher)]
    assert db.session.scalar(select(func.count()).select_from(LtiContext)) == 1


@contextmanager
def key_set_server(body: bytes):
    """A platform's key set URL on 127.0.0.1 serving `body`; yields it and the paths fetched."""
    fetched: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            fetched.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/jwks", fetched
    finally:
        server.shutdown()
        server.server_close()


def test_platform_keys_can_come_from_its_jwks_url(app, client_for, school, monkeypatch):
    monkeypatch.setitem(app.config, "LTI_ALLOW_PRIVATE", True)
    jwk = json.loads(JWK.from_pem(PLATFORM_PUBLIC_KEY.encode()).export_public())
    body = json.dumps({"keys": [{**jwk, "kid": "platform-key-1", "alg": "RS256"}]}).encode()

    with key_set_server(body) as (url, _):
        platform = Platform(
            app, client_for(school.admin), school.org, public_key=None, jwks_url=url
        )
        auth = platform.start_login()
        assert platform.launch(auth, platform.id_token(auth)).status_code == 303
        auth = platform.start_login()
        forged = platform.launch(auth, platform.id_token(auth, kid="unknown-key"))
        assert forged.status_code == 401


@pytest.mark.parametrize(
    ("case", "detail"),
    [
        ("forged", "Signature verification failed"),
        ("wrong_audience", "Registration not found"),
        ("expired", "expired"),
        ("no_expiry", "exp"),
        ("unknown_deployment", "deployment"),
        ("wrong_version", "version"),
    ],
)
def test_bad_launch_tokens_are_refused_and_nothing_is_created(platform, case, detail):
    before = counts()
    auth = platform.start_login()
    now = int(time.time())
    token = {
        "forged": lambda: platform.id_token(auth, key=FORGER_KEY),
        "wrong_audience": lambda: platform.id_token(auth, aud="some-other-tool"),
        "expired": lambda: platform.id_token(auth, iat=now - 900, exp=now - 600),
        "no_expiry": lambda: platform.id_token(auth, exp=None),
        "unknown_deployment": lambda: platform.id_token(auth, **{f"{CLAIM}deployment_id": "other"}),
        "wrong_version": lambda: platform.id_token(auth, **{f"{CLAIM}version": "1.1"}),
    }[case]()
    response = platform.launch(auth, token)
    assert response.status_code == 401, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    assert detail in response.get_json()["detail"]
    assert counts() == before
    assert whoami(platform.browser).status_code == 401


def test_a_replayed_launch_is_refused(platform):
    auth = platform.start_login()
    token = platform.id_token(auth)
    assert platform.launch(auth, token).status_code == 303
    before = counts()
    replay = platform.launch(auth, token)
    assert replay.status_code == 401
    assert "Invalid Nonce" in replay.get_json()["detail"]
    assert counts() == before


def test_a_nonce_from_another_login_is_refused(platform):
    first, second = platform.start_login(), platform.start_login()
    before = counts()
    # A valid nonce, but bound to another state: the launch must match its own login.
    response = platform.launch(second, platform.id_token(first))
    assert response.status_code == 401
    assert "expired or was already used" in response.get_json()["detail"]
    assert counts() == before


def test_a_launch_without_its_login_state_is_refused(platform, app):
    auth = platform.start_login()
    token = platform.id_token(auth)
    stranger = app.test_client()  # another browser: no state cookie
    response = stranger.post("/lti/launch", data={"id_token": token, "state": auth["state"]})
    assert response.status_code == 401
    assert "State not found" in response.get_json()["detail"]


def test_roles_without_a_team_role_and_launches_outside_a_course_are_refused(platform):
    before = counts()
    auth = platform.start_login()
    mentor = "http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor"
    response = platform.launch(auth, platform.id_token(auth, roles=(mentor,)))
    assert response.status_code == 403
    auth = platform.start_login()
    response = platform.launch(auth, platform.id_token(auth, **{f"{CLAIM}context": None}))
    assert response.status_code == 400
    assert counts() == before


def test_tool_jwks_publishes_the_public_key_only(anonymous):
    response = anonymous.get("/lti/jwks")
    assert response.status_code == 200
    [key] = response.get_json()["keys"]
    assert key["kty"] == "RSA" and key["alg"] == "RS256" and key["use"] == "sig"
    assert key["kid"] and "d" not in key and "p" not in key


def test_platform_keys_are_not_fetched_from_a_private_address(app, client_for, school):
    with key_set_server(b"{}") as (url, fetched):
        platform = Platform(
            app, client_for(school.admin), school.org, public_key=None, jwks_url=url
        )
        auth = platform.start_login()
        assert platform.launch(auth, platform.id_token(auth)).status_code == 401
    assert fetched == []
