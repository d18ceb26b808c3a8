"""Webhook subscriptions of an organization: who may manage them, and their delivery log."""

from __future__ import annotations

import base64
import secrets
from urllib.parse import urlsplit

from sqlalchemy import Select, String, cast, select

from api.access import require_org_manager
from api.actor import WEBHOOKS_MANAGE, Actor
from api.audit import service as audit
from api.errors import Conflict, NotFound, Unprocessable
from api.extensions import db
from api.transactions import transactional
from api.webhooks.addresses import UnsafeUrl
from api.webhooks.delivery import check_address
from api.webhooks.models import (
    DeliveryStatus,
    EventType,
    WebhookDelivery,
    WebhookSubscription,
)
from api.webhooks.outbox import envelope, queue

WEBHOOK_NOT_FOUND = "We couldn't find that webhook."


def require_webhook_manager(actor: Actor, organization_id: str) -> None:
    """Who may manage an organization's webhooks: its admins, and its own integration clients
    whose token holds `webhooks:manage`.

    Raises NotFound outside the organization, Forbidden for its other members (or clients).
    """
    require_org_manager(actor, organization_id, WEBHOOKS_MANAGE)


def new_secret() -> str:
    """A Standard Webhooks signing secret: whsec_ + base64 of 32 random bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def _checked_url(url: str) -> str:
    url = url.strip()
    try:
        check_address(url)
    except UnsafeUrl as refusal:
        raise Unprocessable(
            "We can't send webhooks to that address.", errors={"url": [str(refusal)]}
        ) from None
    return url


def _event_types(event_types) -> list[str]:
    return list(dict.fromkeys(EventType(event).value for event in event_types))


def subscriptions(
    actor: Actor,
    organization_id: str,
    *,
    event_type: EventType | None = None,
    active: bool | None = None,
) -> Select:
    """The organization's webhooks, oldest first."""
    require_webhook_manager(actor, organization_id)
    query = (
        select(WebhookSubscription)
        .where(WebhookSubscription.organization_id == organization_id)
        .order_by(WebhookSubscription.created_at, WebhookSubscription.id)
    )
    if active is not None:
        query = query.where(WebhookSubscription.active.is_(active))
    if event_type:
        # The JSON list as text holds each type quoted; the same on SQLite and PostgreSQL.
        quoted = f'%"{EventType(event_type).value}"%'
        query = query.where(cast(WebhookSubscription.event_types, String).like(quoted))
    return query


@transactional
def create_subscription(
    actor: Actor, organization_id: str, *, url: str, event_types, description: str = ""
) -> WebhookSubscription:
    """Subscribe an address to events; raises Unprocessable for private or malformed addresses."""
    require_webhook_manager(actor, organization_id)
    subscription = WebhookSubscription(
        organization_id=organization_id,
        url=_checked_url(url),
        event_types=_event_types(event_types),
        description=description.strip(),
        secret=new_secret(),
        active=True,
        created_by_id=actor.id,
    )
    db.session.add(subscription)
    db.session.flush()
    _audit(actor, "webhook.created", subscription)
    return subscription


def _audit(actor: Actor, action: str, subscription: WebhookSubscription, **details) -> None:
    audit.record(
        actor,
        subscription.organization_id,
        action,
        subject_type="webhook",
        subject_id=subscription.id,
        # The host only: a webhook address may carry a token in its path or query.
        details={
            "host": urlsplit(subscription.url).hostname,
            "event_types": subscription.event_types,
            "active": subscription.active,
            **details,
        },
    )


def get_subscription(actor: Actor, organization_id: str, webhook_id: str) -> WebhookSubscription:
    require_webhook_manager(actor, organization_id)
    subscription = db.session.get(WebhookSubscription, webhook_id)
    if subscription is None or subscription.organization_id != organization_id:
        raise NotFound(WEBHOOK_NOT_FOUND)
    return subscription


@transactional
def update_subscription(
    actor: Actor, organization_id: str, webhook_id: str, **changes
) -> WebhookSubscription:
    """Change the address, events or description; pause it, or turn a disabled one back on."""
    subscription = get_subscription(actor, organization_id, webhook_id)
    if "url" in changes:
        subscription.url = _checked_url(changes["url"])
    if "event_types" in changes:
        subscription.event_types = _event_types(changes["event_types"])
    if "description" in changes:
        subscription.description = changes["description"].strip()
    if "active" in changes:
        subscription.active = changes["active"]
        if changes["active"]:
            subscription.disabled_reason = None
            subscription.disabled_at = None
        elif subscription.disabled_reason is None:
            subscription.disabled_reason = (
                "Paused by an integration client."
                if actor.is_client
                else "Paused by an organization admin."
            )
    _audit(actor, "webhook.updated", subscription, changed=sorted(changes))
    return subscription


@transactional
def delete_subscription(actor: Actor, organization_id: str, webhook_id: str) -> None:
    """Remove a webhook and its delivery log."""
    subscription = get_subscription(actor, organization_id, webhook_id)
    _audit(actor, "webhook.deleted", subscription)
    db.session.delete(subscription)


@transactional
def rotate_secret(actor: Actor, organization_id: str, webhook_id: str) -> WebhookSubscription:
    """Give the webhook a new signing secret; the old one stops working at once."""
    subscription = get_subscription(actor, organization_id, webhook_id)
    subscription.secret = new_secret()
    _audit(actor, "webhook.secret_rotated", subscription)
    return subscription


def _require_active(subscription: WebhookSubscription) -> None:
    if not subscription.active:
        raise Conflict("This webhook is turned off. Turn it back on first.")


@transactional
def ping(actor: Actor, organization_id: str, webhook_id: str) -> WebhookDelivery:
    """Queue a ping event to this webhook only, to test the receiver."""
    subscription = get_subscription(actor, organization_id, webhook_id)
    _require_active(subscription)
    delivery = queue(
        subscription,
        EventType.ping.value,
        envelope(EventType.ping.value, {"webhook_id": subscription.id}),
    )
    return delivery


def deliveries(
    actor: Actor,
    organization_id: str,
    webhook_id: str,
    *,
    status: DeliveryStatus | None = None,
    event_type: EventType | None = None,
) -> Select:
    """The webhook's delivery log, newest first."""
    get_subscription(actor, organization_id, webhook_id)
    query = (
        select(WebhookDelivery)
        .where(WebhookDelivery.subscription_id == webhook_id)
        .order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id)
    )
    if status:
        query = query.where(WebhookDelivery.status == status)
    if event_type:
        query = query.where(WebhookDelivery.event_type == EventType(event_type).value)
    return query


@transactional
def redeliver(
    actor: Actor, organization_id: str, webhook_id: str, delivery_id: str
) -> WebhookDelivery:
    """Send a past event again now, as a new delivery with the same webhook-id (a receiver
    that already has it can tell). A delivery still waiting for a retry is cancelled: the
    redelivery replaces its retries, so the event is not sent twice more.

    Raises NotFound, or Conflict when the webhook is off.
    """
    subscription = get_subscription(actor, organization_id, webhook_id)
    # Locked: a worker sending this delivery right now finishes before we look at it.
    original = db.session.get(WebhookDelivery, delivery_id, with_for_update=True)
    if original is None or original.subscription_id != subscription.id:
        raise NotFound("We couldn't find that delivery.")
    _require_active(subscription)
    if original.status is DeliveryStatus.pending:
        original.status = DeliveryStatus.cancelled
        original.next_attempt_at = None
        original.last_error = "Cancelled: redelivered on request."
    delivery = queue(
        subscription,
        original.event_type,
        original.payload,
        event_id=original.event_id,
        redelivery_of_id=original.id,
    )
    return delivery
