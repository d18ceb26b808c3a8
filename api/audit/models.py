"""The organization's audit log: who changed what, when, written with the change itself."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.db import Base, CreatedMixin, IdMixin
from api.users.models import User

if TYPE_CHECKING:  # the audit log sits under integrations: the class is named, not imported
    from api.integrations.models import IntegrationClient


class AuditEvent(IdMixin, CreatedMixin, Base):
    """One admin action or privacy request. Rows are only ever added, never changed."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_organization_created", "organization_id", "created_at"),
        Index("ix_audit_events_organization_action", "organization_id", "action"),
    )

    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    #: the person who did it; None for an integration client or the system (retention)
    actor_user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: the integration client that did it, when a machine acted for the organization
    actor_client_id: Mapped[str | None] = mapped_column(
        ForeignKey("integration_clients.id", ondelete="SET NULL")
    )
    #: a dotted verb, e.g. "person.provisioned", "privacy.deleted"
    action: Mapped[str] = mapped_column(String(60))
    #: what it was done to, e.g. "user" and its id
    subject_type: Mapped[str | None] = mapped_column(String(40))
    subject_id: Mapped[str | None] = mapped_column(String(64))
    #: a few ids, flags and counts; never names, emails or survey answers
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    actor_user: Mapped[User | None] = relationship()
    actor_client: Mapped[IntegrationClient | None] = relationship()
