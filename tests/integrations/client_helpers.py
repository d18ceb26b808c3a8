"""Helpers shared by the integration and roster tests: a client, a token, a machine caller."""

from __future__ import annotations

import base64

from tests.support.client import ApiClient


def make_client(admin: ApiClient, organization_id: str, scopes=("roster:write",), name="Canvas"):
    response = admin.post(
        f"/api/v1/organizations/{organization_id}/clients",
        json={"name": name, "scopes": list(scopes)},
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def basic(client_id: str, secret: str) -> dict:
    pair = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {pair}"}


def request_token(app, client: dict, **form):
    return app.test_client().post(
        "/api/v1/oauth/token",
        data={"grant_type": "client_credentials", **form},
        headers=basic(client["client_id"], client["client_secret"]),
    )


def token_for(app, client: dict, **form) -> str:
    response = request_token(app, client, **form)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["access_token"]


def machine_for(app, admin: ApiClient, organization_id: str, scopes=("roster:write",)) -> ApiClient:
    """An ApiClient speaking as a new integration client of the organization."""
    client = make_client(admin, organization_id, scopes)
    return ApiClient(app, token=token_for(app, client))
