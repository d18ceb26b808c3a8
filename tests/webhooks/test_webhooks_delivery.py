"""Delivering webhooks to a real HTTP receiver on 127.0.0.1: signatures, outbox, backoff, 410."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from api.cycles import service as cycles_service
from api.db import utcnow
from api.errors import Conflict
from api.extensions import db
from api.webhooks import addresses, delivery
from api.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from api.webhooks.outbox import emit
from tests.cycles.helpers import add_evidence, move
from tests.webhooks.receiver import Receiver


def deliveries_of(webhook_id: str) -> list[WebhookDelivery]:
    return list(
        db.session.scalars(
            select(WebhookDelivery)
            .where(WebhookDelivery.subscription_id == webhook_id)
            .order_by(WebhookDelivery.created_at)
        )
    )


def outbox_size() -> int:
    return db.session.scalar(select(func.count()).select_from(WebhookDelivery))


def test_transition_writes_the_event_and_the_worker_delivers_it_signed(
    receiver, subscribe, client_for, make_cycle, school
):
    webhook = subscribe(receiver.url)
    cycle = make_cycle(school.team, state="evidence", facilitators=[school.student])
    add_evidence(cycle)

    assert move(client_for(school.student), cycle.id, "start_analysis").status_code == 200
    [queued] = deliveries_of(webhook["id"])
    assert queued.status is DeliveryStatus.pending and receiver.requests == []

    assert delivery.deliver_due() == 1
    [(headers, body)] = receiver.requests
    event = Webhook(webhook["secret"]).verify(body, headers)
    assert event["type"] == "cycle.transitioned"
    assert event["data"]["cycle_id"] == cycle.id
    assert (event["data"]["from_state"], event["data"]["to_state"]) == ("evidence", "analysis")
    assert event["data"]["actor_id"] == school.student.id
    assert headers["webhook-id"] == queued.event_id
    db.session.refresh(queued)
    assert queued.status is DeliveryStatus.delivered
    assert (queued.attempts, queued.last_response_code) == (1, 200)


def test_a_wrong_secret_does_not_verify(receiver, subscribe, client_for, school):
    webhook = subscribe(receiver.url, ["ping"])
    client_for(school.admin).post(
        f"/api/v1/organizations/{school.org.id}/webhooks/{webhook['id']}/ping"
    )
    delivery.deliver_due()
    [(headers, body)] = receiver.requests
    assert json.loads(body)["type"] == "ping"
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "A" * 43 + "=").verify(body, headers)


def test_a_failed_transition_leaves_no_outbox_row(
    receiver, subscribe, client_for, make_cycle, school, monkeypatch
):
    subscribe(receiver.url)
    cycle = make_cycle(school.team, state="evidence", facilitators=[school.teacher])
    add_evidence(cycle)

    def fail_after_emit(*args, **kwargs):
        raise Conflict("The activity log is unavailable.")

    # The emit has run by the time the activity entry is written; the whole move rolls back.
    monkeypatch.setattr(cycles_service, "record", fail_after_emit)
    response = move(client_for(school.teacher), cycle.id, "start_analysis")
    assert response.status_code == 409
    assert outbox_size() == 0
    db.session.refresh(cycle)
    assert cycle.state == "evidence"


def test_a_guard_failure_emits_nothing(receiver, subscribe, client_for, make_cycle, school):
    subscribe(receiver.url)
    cycle = make_cycle(school.team, state="evidence", facilitators=[school.teacher])
    assert move(client_for(school.teacher), cycle.id, "start_analysis").status_code == 409
    assert outbox_size() == 0


def test_only_subscribed_active_webhooks_of_the_organization_get_the_event(
    receiver, subscribe, school, make_org, database
):
    wanted = subscribe(receiver.url, ["evidence.added"])
    subscribe(receiver.url, ["survey.released"])
    paused = subscribe(receiver.url, ["evidence.added"])
    db.session.get(WebhookSubscription, paused["id"]).active = False
    other_org = make_org()
    db.session.add(
        WebhookSubscription(
            organization_id=other_org.id,
            url=receiver.url,
            event_types=["evidence.added"],
            secret="whsec_eA==",
        )
    )
    assert emit(school.org.id, "evidence.added", {"evidence_id": "e1"}) == 1
    db.session.commit()
    assert [d.event_type for d in deliveries_of(wanted["id"])] == ["evidence.added"]
    assert outbox_size() == 1


def test_a_500_is_retried_with_exponential_backoff_and_then_given_up(receiver, subscribe, school):
    webhook = subscribe(receiver.url, ["evidence.added"])
    emit(school.org.id, "evidence.added", {"evidence_id": "e1"})
    db.session.commit()
    receiver.statuses = [500] * delivery.MAX_ATTEMPTS
    now = utcnow()
    [row] = deliveries_of(webhook["id"])

    assert delivery.deliver_due(now=now) == 1
    db.session.refresh(row)
    assert (row.status, row.attempts, row.last_response_code) == (DeliveryStatus.pending, 1, 500)
    assert row.next_attempt_at == now + timedelta(minutes=1)
    assert row.last_error == "The receiver answered 500."
    # Not due yet: nothing is sent.
    assert delivery.deliver_due(now=now + timedelta(seconds=30)) == 0

    waits = []
    for _ in range(delivery.MAX_ATTEMPTS - 1):
        previous = row.next_attempt_at
        delivery.deliver_due(now=previous)
        db.session.refresh(row)
        if row.next_attempt_at:
            waits.append(row.next_attempt_at - previous)
    assert waits[:3] == [timedelta(minutes=2), timedelta(minutes=4), timedelta(minutes=8)]
    assert row.status is DeliveryStatus.failed
    assert row.attempts == delivery.MAX_ATTEMPTS == len(receiver.requests)
    assert "Gave up after 8 attempts" in row.last_error


def test_a_410_disables_the_webhook_with_a_reason(receiver, subscribe, client_for, school):
    webhook = subscribe(receiver.url, ["evidence.added"])
    emit(school.org.id, "evidence.added", {"evidence_id": "e1"})
    emit(school.org.id, "evidence.added", {"evidence_id": "e2"})
    db.session.commit()
    receiver.statuses = [410]
    delivery.deliver_due()

    assert len(receiver.requests) == 1  # the second is not sent to a gone endpoint
    shown = (
        client_for(school.admin)
        .get(f"/api/v1/organizations/{school.org.id}/webhooks/{webhook['id']}")
        .get_json()
    )
    assert shown["active"] is False
    assert "410 Gone" in shown["disabled_reason"]
    statuses = {d.status for d in deliveries_of(webhook["id"])}
    assert statuses == {DeliveryStatus.failed}
    assert emit(school.org.id, "evidence.added", {"evidence_id": "e3"}) == 0


def test_redelivering_a_delivered_event_sends_it_again_with_the_same_webhook_id(
    receiver, subscribe, client_for, school
):
    admin = client_for(school.admin)
    webhook = subscribe(receiver.url, ["ping"])
    base = f"/api/v1/organizations/{school.org.id}/webhooks/{webhook['id']}"
    ping = admin.post(f"{base}/ping")
    assert ping.status_code == 202
    delivery.deliver_due()

    again = admin.post(f"{base}/deliveries/{ping.get_json()['id']}/redeliver")
    assert again.status_code == 202, again.get_json()
    assert again.get_json()["redelivery_of_id"] == ping.get_json()["id"]
    delivery.deliver_due()

    log = admin.get(f"{base}/deliveries")
    assert log.status_code == 200
    assert [d["status"] for d in log.get_json()] == ["delivered", "delivered"]
    first, second = receiver.requests
    # The same webhook-id: a receiver that already has the event can tell it is a repeat.
    assert first[0]["webhook-id"] == second[0]["webhook-id"]
    assert Webhook(webhook["secret"]).verify(second[1], second[0])["type"] == "ping"
    delivered = admin.get(f"{base}/deliveries", query_string={"status": "failed"}).get_json()
    assert delivered == []


def test_redelivery_cancels_the_pending_retries_so_the_event_goes_once(
    receiver, subscribe, client_for, school
):
    admin = client_for(school.admin)
    webhook = subscribe(receiver.url, ["ping"])
    base = f"/api/v1/organizations/{school.org.id}/webhooks/{webhook['id']}"
    receiver.statuses = [500]
    ping = admin.post(f"{base}/ping").get_json()
    delivery.deliver_due()
    retrying = db.session.get(WebhookDelivery, ping["id"])
    assert retrying.status is DeliveryStatus.pending and retrying.attempts == 1

    again = admin.post(f"{base}/deliveries/{ping['id']}/redeliver")
    assert again.status_code == 202, again.get_json()
    db.session.expire_all()
    cancelled = db.session.get(WebhookDelivery, ping["id"])
    assert cancelled.status is DeliveryStatus.cancelled
    assert cancelled.next_attempt_at is None
    # Even when the old retry falls due, only the redelivery is sent.
    delivery.deliver_due(now=utcnow() + timedelta(days=1))
    assert len(receiver.requests) == 2  # the failed first attempt, then the redelivery
    statuses = [d["status"] for d in admin.get(f"{base}/deliveries").get_json()]
    assert statuses == ["delivered", "cancelled"]


def test_redelivery_of_another_webhooks_delivery_is_404(receiver, subscribe, client_for, school):
    admin = client_for(school.admin)
    one, two = subscribe(receiver.url, ["ping"]), subscribe(receiver.url, ["ping"])
    base = f"/api/v1/organizations/{school.org.id}/webhooks"
    ping = admin.post(f"{base}/{one['id']}/ping").get_json()
    delivery.deliver_due()
    response = admin.post(f"{base}/{two['id']}/deliveries/{ping['id']}/redeliver")
    assert response.status_code == 404
    assert outbox_size() == 1


def test_delivery_refuses_an_address_that_now_resolves_to_a_private_network(
    app, subscribe, school, monkeypatch
):
    monkeypatch.setattr(addresses, "resolve", lambda host, port: ["93.184.215.14"])
    webhook = subscribe("https://hooks.lms.example/eaa", ["evidence.added"])
    emit(school.org.id, "evidence.added", {"evidence_id": "e1"})
    db.session.commit()
    # DNS changed since the subscription: the host now points at the cloud metadata address.
    monkeypatch.setattr(addresses, "resolve", lambda host, port: ["169.254.169.254"])
    sent = []
    monkeypatch.setattr(delivery.outbound, "session", lambda **kwargs: sent.append(kwargs))
    delivery.deliver_due()
    [row] = deliveries_of(webhook["id"])
    assert sent == []
    assert row.status is DeliveryStatus.pending and row.attempts == 1
    assert "private or local network" in row.last_error


def test_a_name_that_resolves_publicly_but_connects_to_loopback_is_not_sent_to(
    subscribe, school, monkeypatch
):
    """DNS rebinding: the check before sending sees a public address, the connection itself
    lands on 127.0.0.1. The check on the connected socket stops it before anything is sent."""
    server = Receiver()
    monkeypatch.setattr(addresses, "resolve", lambda host, port: ["93.184.215.14"])
    try:
        webhook = subscribe(server.url, ["evidence.added"])
        emit(school.org.id, "evidence.added", {"evidence_id": "e1"})
        db.session.commit()
        delivery.deliver_due()
    finally:
        server.close()
    [row] = deliveries_of(webhook["id"])
    assert server.requests == []
    assert row.status is DeliveryStatus.pending and row.attempts == 1
    assert "private or local network" in row.last_error


def test_an_unreachable_receiver_is_retried(app, subscribe, school, monkeypatch):
    monkeypatch.setitem(app.config, "WEBHOOKS_ALLOW_PRIVATE", True)
    server = Receiver()
    url = server.url
    server.close()  # nothing listens there any more
    webhook = subscribe(url, ["evidence.added"])
    emit(school.org.id, "evidence.added", {"evidence_id": "e1"})
    db.session.commit()
    delivery.deliver_due()
    [row] = deliveries_of(webhook["id"])
    assert row.status is DeliveryStatus.pending
    assert row.last_error.startswith("Could not reach the receiver")


def test_redirects_are_not_followed(receiver, subscribe, school):
    webhook = subscribe(receiver.url, ["evidence.added"])
    emit(school.org.id, "evidence.added", {"evidence_id": "e1"})
    db.session.commit()
    receiver.statuses = [302]
    delivery.deliver_due()
    [row] = deliveries_of(webhook["id"])
    assert (row.status, row.last_response_code) == (DeliveryStatus.pending, 302)
    assert len(receiver.requests) == 1


def test_the_worker_task_delivers_through_celery_apply(app, receiver, subscribe, school):
    from worker.celery_app import create_celery

    celery = create_celery(app)
    webhook = subscribe(receiver.url, ["evidence.added"])
    emit(school.org.id, "evidence.added", {"evidence_id": "e1"})
    db.session.commit()
    result = celery.tasks["worker.tasks.deliver_webhooks"].apply()
    assert result.get() == 1
    [row] = deliveries_of(webhook["id"])
    assert row.status is DeliveryStatus.delivered


def test_adding_evidence_emits_evidence_added(receiver, subscribe, client_for, make_cycle, school):
    webhook = subscribe(receiver.url, ["evidence.added"])
    cycle = make_cycle(school.team, state="evidence", facilitators=[school.teacher])
    response = client_for(school.student).post(
        f"/api/v1/cycles/{cycle.id}/evidence",
        json={"title": "Exit tickets", "text": "Most named one strategy.", "kind": "exit_ticket"},
    )
    assert response.status_code == 201, response.get_json()
    delivery.deliver_due()
    [(headers, body)] = receiver.requests
    event = Webhook(webhook["secret"]).verify(body, headers)
    assert event["type"] == "evidence.added"
    assert event["data"]["evidence_id"] == response.get_json()["id"]
    assert event["data"]["added_by_id"] == school.student.id
    assert "Most named" not in body.decode()
