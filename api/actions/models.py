"""The action plan: what the team will try, who owns it, by when."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ColumnElement, Enum, ForeignKey, Index, String, Text, bindparam, text
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
_OPEN_SQL = "status IN ({})".format(", ".join(f"'{status}'" for status in OPEN_ACTION_STATUSES))


class Action(IdMixin, CreatedMixin, Base):
    __tablename__ = "actions"
    __table_args__ = (
        Index("ix_actions_cycle_created", "cycle_id", "created_at"),
        # The reminder scan walks open actions by due date.
        Index("ix_actions_status_due", "status", "due_on"),
        # A cycle's open actions by due date (the coach dashboard's overdue counts): only the
        # open ones, which a school's years of done actions would otherwise drown.
        Index(
            "ix_actions_open_cycle_due",
            "cycle_id",
            "due_on",
            postgresql_where=text(_OPEN_SQL),
            sqlite_where=text(_OPEN_SQL),
        ),
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


def action_is_open() -> ColumnElement[bool]:
    """The action still needs doing, with the statuses written into the statement rather than
    bound: PostgreSQL uses the partial index above only when it sees the query asks for part of
    it, which a prepared statement's bound values would hide."""
    return Action.status.in_(
        bindparam(
            "open_action_statuses",
            list(OPEN_ACTION_STATUSES),
            expanding=True,
            literal_execute=True,
        )
    )
