"""Managing webhook subscriptions: who may, which addresses are refused, nothing half-stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from api.extensions import db
from api.webhooks import addresses
from api.webhooks.models import WebhookDelivery, WebhookSubscription

PUBLIC_URL = "https://hooks.lms.example/eaa"


@pytest.fixture(autouse=True)
def public_dns(monkeypatch):
    """hooks.lms.example resolves to a public address; localhost as the system says."""
    real = addresses.resolve

    def resolve(host, port):
        if host == "hooks.lms.example":
            return ["93.184.215.14"]
        if host == "no-such-host.invalid":
            raise OSError("Name or service not known")
        if host == "sneaky.lms.example":
            return ["93.184.215.14", "10.1.2.3"]
        return real(host, port)

    monkeypatch.setattr(addresses, "resolve", resolve)


def webhooks_url(school) -> str:
    return f"/api/v1/organizations/{school.org.id}/webhooks"


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_admin_subscribes_and_gets_a_standard_webhooks_secret_once(client_for, school):
    admin = client_for(school.admin)
    response = admin.post(
        webhooks_url(school),
        json={"url": PUBLIC_URL, "event_types": ["cycle.transitioned", "evidence.added"]},
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["secret"].startswith("whsec_")
    assert body["event_types"] == ["cycle.transitioned", "evidence.added"]
    assert body["active"] is True
    shown = admin.get(f"{webhooks_url(school)}/{body['id']}").get_json()
    assert "secret" not in shown
    assert shown["url"] == PUBLIC_URL


def test_list_filters_by_event_type_and_active(client_for, school):
    admin = client_for(school.admin)
    first = admin.post(
        webhooks_url(school), json={"url": PUBLIC_URL, "event_types": ["cycle.transitioned"]}
    )
    admin.post(webhooks_url(school), json={"url": PUBLIC_URL, "event_types": ["survey.released"]})
    admin.patch(f"{webhooks_url(school)}/{first.get_json()['id']}", json={"active": False})

    everything = admin.get(webhooks_url(school))
    assert everything.status_code == 200
    assert len(everything.get_json()) == 2
    assert "X-Pagination" in everything.headers
    surveys = admin.get(webhooks_url(school), query_string={"event_type": "survey.released"})
    assert [w["event_types"] for w in surveys.get_json()] == [["survey.released"]]
    paused = admin.get(webhooks_url(school), query_string={"active": "false"}).get_json()
    assert [w["id"] for w in paused] == [first.get_json()["id"]]
    assert paused[0]["disabled_reason"] == "Paused by an organization admin."


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://10.0.0.5/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://0.0.0.0/hook",
        "https://sneaky.lms.example/hook",
    ],
)
def test_private_loopback_and_link_local_addresses_are_refused(client_for, school, url):
    response = client_for(school.admin).post(
        webhooks_url(school), json={"url": url, "event_types": ["cycle.transitioned"]}
    )
    assert response.status_code == 422, response.get_json()
    assert response.mimetype == "application/problem+json"
    assert "public internet addresses" in response.get_json()["errors"]["url"][0]
    assert count(WebhookSubscription) == 0


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://hooks.lms.example/x", "http"),
        ("not a url", "http"),
        ("https://no-such-host.invalid/hook", "couldn't find that host"),
        ("https://hooks.lms.example:99999/hook", "port"),
    ],
)
def test_malformed_addresses_are_refused_with_a_field_error(client_for, school, url, message):
    response = client_for(school.admin).post(
        webhooks_url(school), json={"url": url, "event_types": ["ping"]}
    )
    assert response.status_code == 422
    assert message in response.get_json()["errors"]["url"][0]
    assert count(WebhookSubscription) == 0


def test_https_is_required_in_production(app, client_for, school, monkeypatch):
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    response = client_for(school.admin).post(
        webhooks_url(school), json={"url": "http://hooks.lms.example/x", "event_types": ["ping"]}
    )
    assert response.status_code == 422
    assert response.get_json()["errors"]["url"] == ["Use an https:// address."]
    assert count(WebhookSubscription) == 0


def test_allow_private_setting_lets_tests_use_loopback(app, client_for, school, monkeypatch):
    monkeypatch.setitem(app.config, "WEBHOOKS_ALLOW_PRIVATE", True)
    response = client_for(school.admin).post(
        webhooks_url(school), json={"url": "http://127.0.0.1:9/hook", "event_types": ["ping"]}
    )
    assert response.status_code == 201


def test_unknown_event_types_and_fields_are_refused(client_for, school):
    admin = client_for(school.admin)
    for body in (
        {"url": PUBLIC_URL, "event_types": ["cycle.exploded"]},
        {"url": PUBLIC_URL, "event_types": []},
        {"url": PUBLIC_URL, "event_types": ["ping"], "secret": "whsec_mine"},
    ):
        assert admin.post(webhooks_url(school), json=body).status_code == 422
    assert count(WebhookSubscription) == 0


def test_updating_to_a_private_url_is_refused_and_nothing_changes(client_for, school):
    admin = client_for(school.admin)
    created = admin.post(webhooks_url(school), json={"url": PUBLIC_URL, "event_types": ["ping"]})
    url = f"{webhooks_url(school)}/{created.get_json()['id']}"
    response = admin.patch(url, json={"url": "http://10.0.0.8/", "description": "internal"})
    assert response.status_code == 422
    shown = admin.get(url).get_json()
    assert shown["url"] == PUBLIC_URL and shown["description"] == ""


def test_rotating_the_secret_gives_a_new_one(client_for, school):
    admin = client_for(school.admin)
    created = admin.post(webhooks_url(school), json={"url": PUBLIC_URL, "event_types": ["ping"]})
    rotated = admin.post(f"{webhooks_url(school)}/{created.get_json()['id']}/secret")
    assert rotated.status_code == 200
    assert rotated.get_json()["secret"].startswith("whsec_")
    assert rotated.get_json()["secret"] != created.get_json()["secret"]


def test_delete_removes_the_webhook_and_its_log(client_for, school):
    admin = client_for(school.admin)
    created = admin.post(webhooks_url(school), json={"url": PUBLIC_URL, "event_types": ["ping"]})
    url = f"{webhooks_url(school)}/{created.get_json()['id']}"
    assert admin.post(f"{url}/ping").status_code == 202
    assert admin.delete(url).status_code == 204
    assert admin.get(url).status_code == 404
    assert count(WebhookSubscription) == 0 and count(WebhookDelivery) == 0


def test_teachers_and_students_may_not_manage_webhooks(client_for, school):
    for person in (school.teacher, school.student, school.coach):
        response = client_for(person).post(
            webhooks_url(school), json={"url": PUBLIC_URL, "event_types": ["ping"]}
        )
        assert response.status_code == 403
        assert client_for(person).get(webhooks_url(school)).status_code == 403
    assert count(WebhookSubscription) == 0


def test_outsiders_get_404_for_everything_of_another_organization(client_for, school):
    created = (
        client_for(school.admin)
        .post(webhooks_url(school), json={"url": PUBLIC_URL, "event_types": ["ping"]})
        .get_json()
    )
    outsider = client_for(school.outsider)
    url = f"{webhooks_url(school)}/{created['id']}"
    assert outsider.get(webhooks_url(school)).status_code == 404
    assert outsider.get(url).status_code == 404
    assert outsider.post(f"{url}/ping").status_code == 404
    assert outsider.get(f"{url}/deliveries").status_code == 404
    # Their own organization's path with our webhook id: still not found.
    theirs = f"/api/v1/organizations/{school.outsider_org.id}/webhooks/{created['id']}"
    assert outsider.get(theirs).status_code == 404
    assert outsider.patch(theirs, json={"active": False}).status_code == 404
    assert count(WebhookDelivery) == 0
