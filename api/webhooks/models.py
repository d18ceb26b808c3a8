"""Webhook subscriptions of an organization, and the outbox of deliveries the worker sends."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Enum, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.db import Base, CreatedMixin, IdMixin


class EventType(enum.StrEnum):
    cycle_transitioned = "cycle.transitioned"
    #: the cycle reached an end state (closed, or abandoned)
    cycle_closed = "cycle.closed"
    evidence_added = "evidence.added"
    action_created = "action.created"
    action_completed = "action.completed"
    action_overdue = "action.overdue"
    survey_released = "survey.released"
    #: a leaver left the organization (roster deactivation, OneRoster tobedeleted)
    person_deactivated = "person.deactivated"
    ping = "ping"


class DeliveryStatus(enum.StrEnum):
    pending = "pending"  # waiting for the worker (at next_attempt_at at the earliest)
    delivered = "delivered"  # the receiver answered 2xx
    failed = "failed"  # given up: out of attempts, or the endpoint is gone (see last_error)
    cancelled = "cancelled"  # its retries were replaced by a redelivery


class WebhookSubscription(IdMixin, CreatedMixin, Base):
    __tablename__ = "webhook_subscriptions"

    organization_id: Mapped[str] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str] = mapped_column(String(200), default="")
    #: the event types sent to this endpoint, e.g. ["cycle.transitioned"]
    event_types: Mapped[list[str]] = mapped_column(JSON)
    #: Standard Webhooks signing secret: "whsec_" + base64 of 32 random bytes
    secret: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(default=True)
    #: why it was turned off (by the receiver answering 410, or by an admin)
    disabled_reason: Mapped[str | None] = mapped_column(String(300))
    disabled_at: Mapped[datetime | None]
    created_by_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class WebhookDelivery(IdMixin, CreatedMixin, Base):
    """One event for one subscription: written in the transaction of the change (the outbox)."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        # The worker walks what is due.
        Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
        Index("ix_webhook_deliveries_subscription_created", "subscription_id", "created_at"),
    )

    subscription_id: Mapped[str] = mapped_column(
        ForeignKey("webhook_subscriptions.id", ondelete="CASCADE")
    )
    #: the webhook-id header: the same for every attempt and redelivery of one event
    event_id: Mapped[str] = mapped_column(String(40), index=True)
    event_type: Mapped[str] = mapped_column(String(40))
    #: the signed body: {"type", "timestamp", "data"}
    payload: Mapped[dict] = mapped_column(JSON)
    status: Mapped[DeliveryStatus] = mapped_column(
        Enum(DeliveryStatus, name="webhook_delivery_status", native_enum=False, length=16),
        default=DeliveryStatus.pending,
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None]
    last_attempt_at: Mapped[datetime | None]
    last_response_code: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
    delivered_at: Mapped[datetime | None]
    #: set on a manual redelivery: the delivery it repeats
    redelivery_of_id: Mapped[str | None] = mapped_column(String(24))

    subscription: Mapped[WebhookSubscription] = relationship()
