"""Organizations (a school or district): the tenant boundary."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.db import Base, CreatedMixin, IdMixin
from api.users.models import User


class Organization(IdMixin, CreatedMixin, Base):
    __tablename__ = "organizations"

    name: Mapped[str] = mapped_column(String(200))
    #: IANA zone name, used for quiet hours and "due today"
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    #: no email between these local hours (start > end wraps past midnight)
    quiet_hours_start: Mapped[int] = mapped_column(default=21)
    quiet_hours_end: Mapped[int] = mapped_column(default=7)
    #: ended cycles are deleted this many days after they ended; None keeps them forever
    closed_cycle_retention_days: Mapped[int | None]


class OrgMembership(IdMixin, CreatedMixin, Base):
    """A person belongs to an organization; admins manage its people and teams."""

    __tablename__ = "org_memberships"
    __table_args__ = (UniqueConstraint("organization_id", "user_id"),)

    organization_id: Mapped[str] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    is_admin: Mapped[bool] = mapped_column(default=False)

    organization: Mapped[Organization] = relationship()
    user: Mapped[User] = relationship()
