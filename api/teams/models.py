"""Teams of teachers and students, and the coaches who follow them."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.db import Base, CreatedMixin, IdMixin
from api.organizations.models import Organization
from api.users.models import User


class Role(enum.StrEnum):
    teacher = "teacher"
    student = "student"


class Team(IdMixin, CreatedMixin, Base):
    __tablename__ = "teams"

    organization_id: Mapped[str] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(String(2000), default="")
    #: a cycle with no event for this many school days counts as stalled
    stall_days: Mapped[int] = mapped_column(default=10)
    #: set when an admin archives the team: it leaves the lists and takes no new people
    archived_at: Mapped[datetime | None]

    organization: Mapped[Organization] = relationship()


class Membership(IdMixin, CreatedMixin, Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("team_id", "user_id"),)

    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(Enum(Role, name="team_role", native_enum=False, length=16))

    team: Mapped[Team] = relationship()
    user: Mapped[User] = relationship()


class CoachAssignment(IdMixin, CreatedMixin, Base):
    """A coach follows a team: reads everything and comments, changes nothing."""

    __tablename__ = "coach_assignments"
    __table_args__ = (UniqueConstraint("team_id", "user_id"),)

    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

    team: Mapped[Team] = relationship()
    user: Mapped[User] = relationship()
