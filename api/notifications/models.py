"""Notifications (in-app and email), each person's preferences, and failed background work."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.db import Base, CreatedMixin, IdMixin
from api.users.models import User


class EmailStatus(enum.StrEnum):
    pending = "pending"  # to be emailed (at not_before at the earliest)
    digest = "digest"  # waits for the person's daily digest
    sent = "sent"
    skipped = "skipped"  # nothing to send: no address, email off, subject gone (see reason)
    failed = "failed"  # gave up after the last attempt (see reason)


class EmailMode(enum.StrEnum):
    immediate = "immediate"
    daily = "daily"


class Notification(IdMixin, CreatedMixin, Base):
    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_created", "user_id", "created_at"),
        # The delivery scan walks what is still due to be emailed.
        Index("ix_notifications_email_due", "email_status", "not_before"),
    )

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    organization_id: Mapped[str | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    #: e.g. action.due_soon, cycle.stalled, digest.coach_weekly
    kind: Mapped[str] = mapped_column(String(40))
    #: kind, subject, recipient and time window: the same reminder is never made twice
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    subject_type: Mapped[str | None] = mapped_column(String(40))
    subject_id: Mapped[str | None] = mapped_column(String(24))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    #: where in the app it leads, e.g. /cycles/abc
    link: Mapped[str] = mapped_column(String(300), default="")
    read_at: Mapped[datetime | None]
    email_status: Mapped[EmailStatus] = mapped_column(
        Enum(EmailStatus, name="email_status", native_enum=False, length=16),
        default=EmailStatus.pending,
    )
    not_before: Mapped[datetime | None]
    email_attempts: Mapped[int] = mapped_column(default=0)
    #: why it was skipped or failed, in words an admin can act on
    email_reason: Mapped[str] = mapped_column(String(500), default="")
    emailed_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class NotificationPreference(Base):
    __tablename__ = "notification_preferences"

    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    email_enabled: Mapped[bool] = mapped_column(default=True)
    email_mode: Mapped[EmailMode] = mapped_column(
        Enum(EmailMode, name="email_mode", native_enum=False, length=16),
        default=EmailMode.immediate,
    )


class FailedTask(IdMixin, CreatedMixin, Base):
    """Background work that kept failing and was given up: shown to admins."""

    __tablename__ = "failed_tasks"

    task: Mapped[str] = mapped_column(String(100))
    organization_id: Mapped[str | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    arguments: Mapped[dict] = mapped_column(JSON, default=dict)
    attempts: Mapped[int]
    error: Mapped[str] = mapped_column(Text)
