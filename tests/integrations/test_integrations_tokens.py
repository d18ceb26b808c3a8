from datetime import timedelta

from sqlalchemy import select

from api.db import utcnow
from api.extensions import db
from api.integrations.models import IntegrationToken
from tests.integrations.client_helpers import basic, make_client, request_token, token_for
from tests.support.client import ApiClient


def roster_user_url(organization_id: str, external_id: str = "42") -> str:
    return f"/api/v1/organizations/{organization_id}/roster/users/canvas/{external_id}"


def test_client_credentials_over_http_basic_give_a_short_lived_bearer_token(
    app, client_for, school
):
    client = make_client(client_for(school.admin), school.org.id, ["roster:write", "teams:read"])
    response = request_token(app, client)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert body["scope"] == "roster:write teams:read"
    stored = db.session.scalar(select(IntegrationToken))
    assert stored.token_hash != body["access_token"]
    assert timedelta(minutes=59) < stored.expires_at - utcnow() <= timedelta(hours=1)


def test_client_credentials_in_the_form_work_too(app, client_for, school):
    client = make_client(client_for(school.admin), school.org.id)
    response = app.test_client().post(
        "/api/v1/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": client["client_id"],
            "client_secret": client["client_secret"],
        },
    )
    assert response.status_code == 200
    assert response.get_json()["access_token"].startswith("eaac_")


def test_wrong_or_missing_credentials_get_rfc6749_errors(app, client_for, school):
    client = make_client(client_for(school.admin), school.org.id)
    http = app.test_client()
    wrong = http.post(
        "/api/v1/oauth/token",
        data={"grant_type": "client_credentials"},
        headers=basic(client["client_id"], "not-the-secret"),
    )
    assert wrong.status_code == 401
    assert wrong.get_json()["error"] == "invalid_client"
    assert wrong.headers["WWW-Authenticate"].startswith("Basic")
    missing = http.post("/api/v1/oauth/token", data={"grant_type": "client_credentials"})
    assert missing.status_code == 401
    assert missing.get_json()["error"] == "invalid_client"
    other_grant = request_token(app, client, grant_type="password")
    assert other_grant.status_code == 400
    assert other_grant.get_json()["error"] == "unsupported_grant_type"
    assert db.session.scalar(select(IntegrationToken)) is None


def test_a_token_can_be_narrowed_but_never_widened(app, client_for, school):
    client = make_client(client_for(school.admin), school.org.id, ["roster:write", "roster:read"])
    narrow = request_token(app, client, scope="roster:read")
    assert narrow.get_json()["scope"] == "roster:read"
    wider = request_token(app, client, scope="roster:read webhooks:manage")
    assert wider.status_code == 400
    assert wider.get_json()["error"] == "invalid_scope"
    unknown = request_token(app, client, scope="everything")
    assert unknown.status_code == 400
    assert unknown.get_json()["error"] == "invalid_scope"


def test_a_scope_too_narrow_is_refused_with_403_naming_the_scope(app, client_for, school):
    client = make_client(client_for(school.admin), school.org.id, ["roster:read"])
    machine = ApiClient(app, token=token_for(app, client))
    response = machine.put(roster_user_url(school.org.id), json={"display_name": "Ada"})
    assert response.status_code == 403
    assert response.mimetype == "application/problem+json"
    assert "roster:write" in response.get_json()["detail"]


def test_an_expired_token_is_refused_with_401(app, client_for, school):
    client = make_client(client_for(school.admin), school.org.id)
    machine = ApiClient(app, token=token_for(app, client))
    db.session.scalar(select(IntegrationToken)).expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = machine.put(roster_user_url(school.org.id), json={"display_name": "Ada"})
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


def test_a_token_revoked_per_rfc7009_is_refused(app, client_for, school):
    client = make_client(client_for(school.admin), school.org.id)
    token = token_for(app, client)
    revoked = app.test_client().post(
        "/api/v1/oauth/revoke",
        data={"token": token, "token_type_hint": "access_token"},
        headers=basic(client["client_id"], client["client_secret"]),
    )
    assert revoked.status_code == 200
    response = ApiClient(app, token=token).put(
        roster_user_url(school.org.id), json={"display_name": "Ada"}
    )
    assert response.status_code == 401
    unknown = app.test_client().post(
        "/api/v1/oauth/revoke",
        data={"token": "eaac_never-issued"},
        headers=basic(client["client_id"], client["client_secret"]),
    )
    assert unknown.status_code == 200


def test_a_client_cannot_revoke_another_clients_token(app, client_for, school):
    admin = client_for(school.admin)
    mine, theirs = make_client(admin, school.org.id), make_client(admin, school.org.id)
    token = token_for(app, theirs)
    refused = app.test_client().post(
        "/api/v1/oauth/revoke",
        data={"token": token},
        headers=basic(mine["client_id"], mine["client_secret"]),
    )
    assert refused.status_code == 400
    assert db.session.scalar(select(IntegrationToken)).revoked_at is None


def test_revoking_the_client_kills_its_tokens_and_its_credentials(app, client_for, school):
    admin = client_for(school.admin)
    client = make_client(admin, school.org.id)
    machine = ApiClient(app, token=token_for(app, client))
    url = f"/api/v1/organizations/{school.org.id}/clients/{client['client_id']}"
    assert admin.delete(url).status_code == 204
    response = machine.put(roster_user_url(school.org.id), json={"display_name": "Ada"})
    assert response.status_code == 401
    assert request_token(app, client).status_code == 401


def test_a_client_reads_its_own_organizations_teams_and_nothing_else(
    app, client_for, school, make_team
):
    other_team = make_team(school.outsider_org, name="Elsewhere team")
    client = make_client(client_for(school.admin), school.org.id, ["teams:read", "cycles:read"])
    machine = ApiClient(app, token=token_for(app, client))
    assert machine.get(f"/api/v1/teams/{school.team.id}").get_json()["name"] == "Grade 7 Science"
    assert machine.get(f"/api/v1/teams/{school.team.id}/members").status_code == 200
    assert machine.get(f"/api/v1/teams/{school.team.id}/cycles").status_code == 200
    assert machine.get(f"/api/v1/teams/{other_team.id}").status_code == 404
    renamed = machine.patch(f"/api/v1/teams/{school.team.id}", json={"name": "Mine now"})
    assert renamed.status_code == 403
    assert machine.get("/api/v1/me").status_code == 403
    assert machine.get(f"/api/v1/organizations/{school.org.id}/people").status_code == 403


def test_a_client_without_a_read_scope_cannot_read_teams(app, client_for, school):
    client = make_client(client_for(school.admin), school.org.id, ["roster:write"])
    machine = ApiClient(app, token=token_for(app, client))
    response = machine.get(f"/api/v1/teams/{school.team.id}")
    assert response.status_code == 403
    assert "teams:read" in response.get_json()["detail"]


def test_a_client_of_one_organization_cannot_touch_anothers_roster(app, client_for, school):
    client = make_client(client_for(school.outsider), school.outsider_org.id, ["roster:write"])
    machine = ApiClient(app, token=token_for(app, client))
    response = machine.put(roster_user_url(school.org.id), json={"display_name": "Ada"})
    assert response.status_code == 404
    assert "Maple Grove" not in response.get_data(as_text=True)


def test_rate_limit_counts_per_client_not_per_address(app, client_for, school):
    admin = client_for(school.admin)
    first = ApiClient(app, token=token_for(app, make_client(admin, school.org.id, ["teams:read"])))
    second = ApiClient(app, token=token_for(app, make_client(admin, school.org.id, ["teams:read"])))
    url = f"/api/v1/teams/{school.team.id}"
    limit = app.config["INTEGRATION_CLIENT_RATE_LIMIT"]
    app.config["INTEGRATION_CLIENT_RATE_LIMIT"] = "3 per minute"
    try:
        assert [first.get(url).status_code for _ in range(3)] == [200, 200, 200]
        limited = first.get(url)
        assert limited.status_code == 429
        assert limited.mimetype == "application/problem+json"
        assert int(limited.headers["Retry-After"]) >= 1
        # Same address, another client: its own allowance.
        assert second.get(url).status_code == 200
    finally:
        app.config["INTEGRATION_CLIENT_RATE_LIMIT"] = limit
