"""The action plan: what the team will try, who owns it, by when."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Enum, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.db import Base, CreatedMixin, IdMixin, utcnow
from api.users.models import User


class ActionStatus(enum.StrEnum):
    planned = "planned"
    in_progress = "in_progress"
    done = "done"
    dropped = "dropped"


#: statuses that still need doing, so they carry into the next cycle
OPEN_ACTION_STATUSES = (ActionStatus.planned, ActionStatus.in_progress)


class Action(IdMixin, CreatedMixin, Base):
    __tablename__ = "actions"
    __table_args__ = (
        Index("ix_actions_cycle_created", "cycle_id", "created_at"),
        # The reminder scan walks open actions by due date.
        Index("ix_actions_status_due", "status", "due_on"),
    )

    cycle_id: Mapped[str] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"))
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    owner_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    due_on: Mapped[date | None]
    success_criteria: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ActionStatus] = mapped_column(
        Enum(ActionStatus, name="action_status", native_enum=False, length=16),
        default=ActionStatus.planned,
    )
    #: the unfinished action of an earlier cycle this one continues
    carried_from_id: Mapped[str | None] = mapped_column(
        ForeignKey("actions.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
