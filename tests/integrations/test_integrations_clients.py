from sqlalchemy import func, select

from api.extensions import db
from api.integrations.models import IntegrationClient
from tests.integrations.client_helpers import make_client
from tests.support.client import ApiClient


def clients_url(school) -> str:
    return f"/api/v1/organizations/{school.org.id}/clients"


def test_admin_creates_a_client_whose_secret_is_shown_once_and_stored_hashed(client_for, school):
    admin = client_for(school.admin)
    created = make_client(admin, school.org.id, scopes=["roster:write", "teams:read"])
    assert created["client_id"].startswith("eaa-client-")
    assert created["scopes"] == ["roster:write", "teams:read"]
    stored = db.session.scalar(
        select(IntegrationClient).where(IntegrationClient.client_id == created["client_id"])
    )
    assert created["client_secret"] not in stored.secret_hash
    assert stored.created_by_id == school.admin.id
    listed = admin.get(clients_url(school)).get_json()
    assert [c["client_id"] for c in listed] == [created["client_id"]]
    assert "client_secret" not in listed[0]
    one = admin.get(f"{clients_url(school)}/{created['client_id']}").get_json()
    assert "client_secret" not in one and one["name"] == "Canvas"


def test_only_the_organizations_admins_manage_its_clients(client_for, school):
    body = {"name": "Moodle", "scopes": ["roster:read"]}
    assert client_for(school.teacher).post(clients_url(school), json=body).status_code == 403
    assert client_for(school.outsider).post(clients_url(school), json=body).status_code == 404
    assert client_for(school.outsider).get(clients_url(school)).status_code == 404
    assert db.session.scalar(select(func.count(IntegrationClient.id))) == 0


def test_unknown_scope_is_refused_and_nothing_is_stored(client_for, school):
    response = client_for(school.admin).post(
        clients_url(school), json={"name": "Canvas", "scopes": ["roster:write", "admin"]}
    )
    assert response.status_code == 422
    assert "admin" in response.get_json()["errors"]["scopes"][0]
    assert db.session.scalar(select(func.count(IntegrationClient.id))) == 0


def test_a_personal_token_cannot_create_clients(app, client_for, school):
    admin = client_for(school.admin)
    token = admin.post(
        "/api/v1/me/tokens", json={"name": "t", "scopes": ["read", "write"], "expires_in_days": 1}
    ).get_json()["token"]
    response = ApiClient(app, token=token).post(
        clients_url(school), json={"name": "Canvas", "scopes": ["roster:write"]}
    )
    assert response.status_code == 403
    assert db.session.scalar(select(func.count(IntegrationClient.id))) == 0


def test_revoked_clients_are_listed_as_revoked(client_for, school):
    admin = client_for(school.admin)
    kept = make_client(admin, school.org.id, name="Kept")
    gone = make_client(admin, school.org.id, name="Gone")
    assert admin.delete(f"{clients_url(school)}/{gone['client_id']}").status_code == 204
    active = admin.get(f"{clients_url(school)}?active=true").get_json()
    revoked = admin.get(f"{clients_url(school)}?active=false").get_json()
    assert [c["client_id"] for c in active] == [kept["client_id"]]
    assert [c["client_id"] for c in revoked] == [gone["client_id"]]
    assert revoked[0]["revoked_at"]


def test_another_organizations_client_is_not_found(client_for, school):
    theirs = make_client(client_for(school.outsider), school.outsider_org.id)
    admin = client_for(school.admin)
    assert admin.get(f"{clients_url(school)}/{theirs['client_id']}").status_code == 404
    assert admin.delete(f"{clients_url(school)}/{theirs['client_id']}").status_code == 404


def test_client_creation_honours_idempotency_key(client_for, school):
    admin = client_for(school.admin)
    body = {"name": "Canvas", "scopes": ["roster:write"]}
    headers = {"Idempotency-Key": "create-canvas-1"}
    first = admin.post(clients_url(school), json=body, headers=headers)
    again = admin.post(clients_url(school), json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert db.session.scalar(select(func.count(IntegrationClient.id))) == 1


def test_rotating_the_secret_stops_the_old_one_and_its_tokens(app, client_for, school):
    from tests.integrations.client_helpers import request_token, token_for

    admin = client_for(school.admin)
    created = make_client(admin, school.org.id, scopes=["teams:read"])
    old_token = token_for(app, created)
    rotated = admin.post(f"{clients_url(school)}/{created['client_id']}/secret")
    assert rotated.status_code == 200, rotated.get_json()
    new_secret = rotated.get_json()["client_secret"]
    assert new_secret and new_secret != created["client_secret"]
    assert request_token(app, created).status_code == 401
    assert ApiClient(app, token=old_token).get("/api/v1/teams").status_code == 401
    fresh = token_for(app, created | {"client_secret": new_secret})
    assert ApiClient(app, token=fresh).get("/api/v1/teams").status_code == 200
    assert (
        "client_secret" not in admin.get(f"{clients_url(school)}/{created['client_id']}").get_json()
    )


def test_a_revoked_client_is_not_rotated_and_teachers_may_not(client_for, school):
    admin = client_for(school.admin)
    created = make_client(admin, school.org.id)
    url = f"{clients_url(school)}/{created['client_id']}"
    assert client_for(school.teacher).post(f"{url}/secret").status_code == 403
    admin.delete(url)
    assert admin.post(f"{url}/secret").status_code == 409
