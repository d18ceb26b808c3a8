from datetime import timedelta

from sqlalchemy import select

from api.auth.models import ApiToken
from api.db import utcnow
from api.extensions import db
from tests.support.client import ApiClient


def create_token(client, **overrides):
    body = {"name": "LMS sync", "scopes": ["read"], "expires_in_days": 30} | overrides
    response = client.post("/api/v1/me/tokens", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_token_is_shown_once_and_stored_hashed(client_for, school):
    teacher = client_for(school.teacher)
    created = create_token(teacher)
    secret = created["token"]
    assert secret.startswith("eaa_")
    stored = db.session.scalar(select(ApiToken).where(ApiToken.id == created["id"]))
    assert stored.token_hash != secret and secret not in stored.token_hash
    listed = teacher.get("/api/v1/me/tokens").get_json()
    assert "token" not in listed[0]
    assert listed[0]["prefix"] == secret[:10]


def test_read_token_reads_as_its_owner_but_cannot_write(app, client_for, school):
    secret = create_token(client_for(school.teacher))["token"]
    machine = ApiClient(app, token=secret)
    teams = machine.get("/api/v1/teams")
    assert [t["name"] for t in teams.get_json()] == ["Grade 7 Science"]
    refused = machine.patch(f"/api/v1/teams/{school.team.id}", json={"name": "Renamed"})
    assert refused.status_code == 403
    assert "write" in refused.get_json()["detail"]


def test_write_token_needs_no_csrf_token(app, client_for, school):
    secret = create_token(client_for(school.teacher), scopes=["read", "write"])["token"]
    machine = ApiClient(app, token=secret)
    response = machine.patch(f"/api/v1/teams/{school.team.id}", json={"name": "Renamed"})
    assert response.status_code == 200
    assert response.get_json()["name"] == "Renamed"


def test_revoked_and_expired_tokens_are_refused(app, client_for, school):
    teacher = client_for(school.teacher)
    revoked = create_token(teacher)
    assert teacher.delete(f"/api/v1/me/tokens/{revoked['id']}").status_code == 204
    assert ApiClient(app, token=revoked["token"]).get("/api/v1/me").status_code == 401
    expired = create_token(teacher)
    db.session.get(ApiToken, expired["id"]).expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = ApiClient(app, token=expired["token"]).get("/api/v1/me")
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


def test_unknown_scope_and_too_long_expiry_are_422(client_for, school):
    teacher = client_for(school.teacher)
    assert (
        teacher.post("/api/v1/me/tokens", json={"name": "x", "scopes": ["admin"]}).status_code
        == 422
    )
    assert (
        teacher.post(
            "/api/v1/me/tokens", json={"name": "x", "scopes": ["read"], "expires_in_days": 9999}
        ).status_code
        == 422
    )


def test_a_token_cannot_mint_another_token(app, client_for, school):
    secret = create_token(client_for(school.teacher), scopes=["read", "write"])["token"]
    response = ApiClient(app, token=secret).post(
        "/api/v1/me/tokens", json={"name": "wider", "scopes": ["read", "write"]}
    )
    assert response.status_code == 401


def test_someone_elses_token_cannot_be_revoked(client_for, school):
    mine = create_token(client_for(school.teacher))
    response = client_for(school.student).delete(f"/api/v1/me/tokens/{mine['id']}")
    assert response.status_code == 404


def test_garbage_authorization_header_is_401(app, school):
    response = ApiClient(app).get("/api/v1/me", headers={"Authorization": "Basic abc"})
    assert response.status_code == 401
