"""An organization's integration client manages its webhooks when its token holds
`webhooks:manage`; without the scope it is refused, and another organization's client sees
nothing."""

from __future__ import annotations

import pytest

from api.extensions import db
from api.webhooks import addresses
from api.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from tests.integrations.client_helpers import machine_for
from tests.support.client import ApiClient

PUBLIC_URL = "https://hooks.lms.example/eaa"


@pytest.fixture(autouse=True)
def public_dns(monkeypatch):
    monkeypatch.setattr(addresses, "resolve", lambda host, port: ["93.184.215.14"])


def webhooks_url(organization_id: str) -> str:
    return f"/api/v1/organizations/{organization_id}/webhooks"


def test_a_client_with_webhooks_manage_runs_the_whole_webhook_lifecycle(app, client_for, school):
    machine = machine_for(app, client_for(school.admin), school.org.id, ["webhooks:manage"])
    url = webhooks_url(school.org.id)

    created = machine.post(url, json={"url": PUBLIC_URL, "event_types": ["cycle.transitioned"]})
    assert created.status_code == 201, created.get_json()
    webhook = created.get_json()
    assert webhook["secret"].startswith("whsec_")
    one = f"{url}/{webhook['id']}"

    assert [w["id"] for w in machine.get(url).get_json()] == [webhook["id"]]
    assert machine.get(one).get_json()["url"] == PUBLIC_URL
    changed = machine.patch(one, json={"event_types": ["evidence.added", "cycle.transitioned"]})
    assert changed.get_json()["event_types"] == ["evidence.added", "cycle.transitioned"]
    assert machine.post(f"{one}/secret").get_json()["secret"] != webhook["secret"]
    paused = machine.patch(one, json={"active": False}).get_json()
    assert paused["disabled_reason"] == "Paused by an integration client."
    assert machine.patch(one, json={"active": True}).get_json()["active"] is True

    ping = machine.post(f"{one}/ping")
    assert ping.status_code == 202
    delivery = db.session.get(WebhookDelivery, ping.get_json()["id"])
    delivery.status = DeliveryStatus.delivered
    db.session.commit()
    assert [d["id"] for d in machine.get(f"{one}/deliveries").get_json()] == [delivery.id]
    again = machine.post(f"{one}/deliveries/{delivery.id}/redeliver")
    assert again.status_code == 202
    assert again.get_json()["event_id"] == delivery.event_id

    assert machine.delete(one).status_code == 204
    assert db.session.get(WebhookSubscription, webhook["id"]) is None


def test_a_client_without_webhooks_manage_gets_403_naming_the_scope(app, client_for, school):
    admin = client_for(school.admin)
    existing = admin.post(
        webhooks_url(school.org.id), json={"url": PUBLIC_URL, "event_types": ["ping"]}
    ).get_json()
    machine = machine_for(app, admin, school.org.id, ["roster:write", "cycles:read"])
    one = f"{webhooks_url(school.org.id)}/{existing['id']}"
    refusals = [
        machine.get(webhooks_url(school.org.id)),
        machine.post(
            webhooks_url(school.org.id), json={"url": PUBLIC_URL, "event_types": ["ping"]}
        ),
        machine.patch(one, json={"active": False}),
        machine.delete(one),
        machine.get(f"{one}/deliveries"),
    ]
    for response in refusals:
        assert response.status_code == 403
        assert response.mimetype == "application/problem+json"
        assert response.get_json()["detail"] == (
            "This token needs the 'webhooks:manage' scope for this request."
        )
    assert db.session.get(WebhookSubscription, existing["id"]).active is True
    assert db.session.query(WebhookSubscription).count() == 1


def test_a_token_narrowed_below_webhooks_manage_is_refused(app, client_for, school):
    from tests.integrations.client_helpers import make_client, token_for

    client = make_client(
        client_for(school.admin), school.org.id, ["webhooks:manage", "cycles:read"]
    )
    narrow = ApiClient(app, token=token_for(app, client, scope="cycles:read"))
    assert narrow.get(webhooks_url(school.org.id)).status_code == 403


def test_another_organizations_client_finds_nothing(app, client_for, school):
    admin = client_for(school.admin)
    existing = admin.post(
        webhooks_url(school.org.id), json={"url": PUBLIC_URL, "event_types": ["ping"]}
    ).get_json()
    theirs = machine_for(
        app, client_for(school.outsider), school.outsider_org.id, ["webhooks:manage"]
    )
    one = f"{webhooks_url(school.org.id)}/{existing['id']}"
    for response in (
        theirs.get(webhooks_url(school.org.id)),
        theirs.post(webhooks_url(school.org.id), json={"url": PUBLIC_URL, "event_types": ["ping"]}),
        theirs.get(one),
        theirs.delete(one),
        theirs.get(f"{one}/deliveries"),
    ):
        assert response.status_code == 404
        assert "Maple Grove" not in response.get_data(as_text=True)
    # Its own organization's webhooks are where it manages.
    assert theirs.get(webhooks_url(school.outsider_org.id)).get_json() == []
    assert db.session.query(WebhookSubscription).count() == 1


def test_admins_still_manage_webhooks_by_session_and_personal_token(app, client_for, school):
    admin = client_for(school.admin)
    created = admin.post(
        webhooks_url(school.org.id), json={"url": PUBLIC_URL, "event_types": ["ping"]}
    )
    assert created.status_code == 201
    token = admin.post(
        "/api/v1/me/tokens", json={"name": "t", "scopes": ["read", "write"], "expires_in_days": 1}
    ).get_json()["token"]
    with_token = ApiClient(app, token=token)
    assert with_token.get(webhooks_url(school.org.id)).status_code == 200
    changed = with_token.patch(
        f"{webhooks_url(school.org.id)}/{created.get_json()['id']}", json={"active": False}
    )
    assert changed.status_code == 200
    teacher = client_for(school.teacher)
    assert teacher.get(webhooks_url(school.org.id)).status_code == 403


def test_subscribing_honours_idempotency_key(app, client_for, school):
    machine = machine_for(app, client_for(school.admin), school.org.id, ["webhooks:manage"])
    body = {"url": PUBLIC_URL, "event_types": ["cycle.transitioned"]}
    headers = {"Idempotency-Key": "subscribe-once"}
    first = machine.post(webhooks_url(school.org.id), json=body, headers=headers)
    again = machine.post(webhooks_url(school.org.id), json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json()
    assert db.session.query(WebhookSubscription).count() == 1
    other = machine.post(
        webhooks_url(school.org.id), json=body | {"description": "x"}, headers=headers
    )
    assert other.status_code == 422
