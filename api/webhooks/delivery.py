"""Sending webhooks: the plain functions the worker calls (worker.tasks.deliver_webhooks).

Each attempt is signed per the Standard Webhooks spec. A 2xx marks the delivery delivered; 410
Gone turns the subscription off; anything else is retried with exponential backoff until the
attempts run out. The receiver's address is checked again before every send (DNS can change).
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from math import floor

import requests
from flask import current_app
from sqlalchemy import select
from standardwebhooks.webhooks import Webhook

from api import outbound
from api.db import utcnow
from api.extensions import db
from api.transactions import transaction, transactional
from api.webhooks.addresses import UnsafeUrl, check_url
from api.webhooks.models import DeliveryStatus, WebhookDelivery

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BACKOFF_BASE_SECONDS = 60
BACKOFF_MAX_SECONDS = 6 * 60 * 60
CONNECT_TIMEOUT_SECONDS = 3
USER_AGENT = "EAA-Webhooks/1"


def backoff(attempts: int) -> timedelta:
    """Wait before the next try: 1, 2, 4, 8 … minutes, at most six hours."""
    return timedelta(seconds=min(BACKOFF_BASE_SECONDS * 2 ** (attempts - 1), BACKOFF_MAX_SECONDS))


def require_https() -> bool:
    return current_app.config["ENV_NAME"] == "production"


def check_address(url: str) -> None:
    """Raise UnsafeUrl for a webhook address we will not send to (see addresses.check_url)."""
    check_url(
        url,
        allow_private=current_app.config["WEBHOOKS_ALLOW_PRIVATE"],
        require_https=require_https(),
    )


def signed_request(delivery: WebhookDelivery, secret: str) -> tuple[bytes, dict[str, str]]:
    """The body and the webhook-id / webhook-timestamp / webhook-signature headers."""
    body = json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False)
    sent_at = utcnow()
    return body.encode(), {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": delivery.event_id,
        "webhook-timestamp": str(floor(sent_at.timestamp())),
        "webhook-signature": Webhook(secret).sign(delivery.event_id, sent_at, body),
    }


def deliver_due(*, now: datetime | None = None, limit: int = 100) -> int:
    """Attempt every delivery that is due; returns how many were attempted."""
    now = now or utcnow()
    with transaction():  # the read ends before the first send: each delivery is its own
        due = db.session.scalars(
            select(WebhookDelivery.id)
            .where(
                WebhookDelivery.status == DeliveryStatus.pending,
                WebhookDelivery.next_attempt_at <= now,
            )
            .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
            .limit(limit)
        ).all()
    return sum(1 for delivery_id in due if deliver(delivery_id, now=now) is not None)


@transactional
def deliver(delivery_id: str, *, now: datetime | None = None) -> DeliveryStatus | None:
    """Attempt one due delivery; None when it isn't due or another worker holds it."""
    now = now or utcnow()
    delivery = db.session.scalar(
        select(WebhookDelivery)
        .where(
            WebhookDelivery.id == delivery_id,
            WebhookDelivery.status == DeliveryStatus.pending,
            WebhookDelivery.next_attempt_at <= now,
        )
        # The row stays locked while we send, so two workers never send the same attempt.
        .with_for_update(skip_locked=True)
    )
    if delivery is None:
        return None
    _attempt(delivery, now)
    return delivery.status


def _attempt(delivery: WebhookDelivery, now: datetime) -> None:
    subscription = delivery.subscription
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.last_response_code = None
    if not subscription.active:
        _give_up(delivery, "The webhook is turned off, so this was not sent.")
        return
    try:
        check_address(subscription.url)
    except UnsafeUrl as refusal:
        log.warning("webhook %s refused: %s", subscription.id, refusal)
        _try_again_later(delivery, now, f"Not sent: {refusal}")
        return
    body, headers = signed_request(delivery, subscription.secret)
    try:
        sender = outbound.session(allow_private=current_app.config["WEBHOOKS_ALLOW_PRIVATE"])
        response = sender.post(
            subscription.url,
            data=body,
            headers=headers,
            timeout=(CONNECT_TIMEOUT_SECONDS, current_app.config["WEBHOOKS_TIMEOUT_SECONDS"]),
            allow_redirects=False,
            stream=True,  # the receiver's body is never read
        )
    except requests.RequestException as error:
        reason = (
            "the address it connected to is in a private or local network"
            if outbound.refused(error)
            else type(error).__name__
        )
        _try_again_later(delivery, now, f"Could not reach the receiver: {reason}.")
        return
    response.close()
    code = delivery.last_response_code = response.status_code
    if 200 <= code < 300:
        delivery.status = DeliveryStatus.delivered
        delivery.delivered_at = now
        delivery.next_attempt_at = None
        delivery.last_error = None
    elif code == 410:
        reason = f"The receiver answered 410 Gone on {now:%Y-%m-%d %H:%M} UTC."
        subscription.active = False
        subscription.disabled_reason = reason
        subscription.disabled_at = now
        _give_up(delivery, reason + " The webhook was turned off.")
    else:
        _try_again_later(delivery, now, f"The receiver answered {code}.")


def _give_up(delivery: WebhookDelivery, error: str) -> None:
    delivery.status = DeliveryStatus.failed
    delivery.next_attempt_at = None
    delivery.last_error = error[:500]


def _try_again_later(delivery: WebhookDelivery, now: datetime, error: str) -> None:
    if delivery.attempts >= MAX_ATTEMPTS:
        _give_up(delivery, f"{error} Gave up after {delivery.attempts} attempts.")
        return
    delivery.last_error = error[:500]
    delivery.next_attempt_at = now + backoff(delivery.attempts)
