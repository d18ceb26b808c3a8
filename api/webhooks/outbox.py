"""The webhook outbox: events are written as delivery rows in the same transaction as the change
that caused them, so a change that rolls back sends nothing and a committed one is never lost."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select

from api.db import new_id, utcnow
from api.extensions import db
from api.webhooks.models import DeliveryStatus, EventType, WebhookDelivery, WebhookSubscription


def envelope(event_type: str, data: dict[str, Any], at: datetime | None = None) -> dict:
    """The body receivers get, in the Standard Webhooks shape."""
    return {"type": event_type, "timestamp": (at or utcnow()).isoformat(), "data": data}


def queue(
    subscription: WebhookSubscription,
    event_type: str,
    payload: dict,
    *,
    event_id: str | None = None,
    redelivery_of_id: str | None = None,
) -> WebhookDelivery:
    delivery = WebhookDelivery(
        subscription_id=subscription.id,
        event_id=event_id or f"msg_{new_id()}",
        event_type=event_type,
        payload=payload,
        status=DeliveryStatus.pending,
        attempts=0,
        next_attempt_at=utcnow(),
        redelivery_of_id=redelivery_of_id,
    )
    db.session.add(delivery)
    return delivery


def emit(organization_id: str, event_type: EventType | str, data: dict[str, Any]) -> int:
    """Add one delivery per active subscription of the organization that wants this event.

    Adds to the current session and never commits: the caller's commit sends it, its rollback
    drops it. Returns how many deliveries were queued.
    """
    return emit_each(organization_id, event_type, [data])


def emit_each(
    organization_id: str, event_type: EventType | str, events: Iterable[dict[str, Any]]
) -> int:
    """Like `emit`, for many events of one type: the subscriptions are looked up once."""
    event_type = EventType(event_type).value
    subscriptions = db.session.scalars(
        select(WebhookSubscription)
        .where(
            WebhookSubscription.organization_id == organization_id,
            WebhookSubscription.active.is_(True),
        )
        .order_by(WebhookSubscription.created_at, WebhookSubscription.id)
    ).all()
    wanted = [s for s in subscriptions if event_type in (s.event_types or [])]
    if not wanted:
        return 0
    queued = 0
    for data in events:
        payload = envelope(event_type, data)
        event_id = f"msg_{new_id()}"
        for subscription in wanted:
            queue(subscription, event_type, payload, event_id=event_id)
        queued += len(wanted)
    return queued
