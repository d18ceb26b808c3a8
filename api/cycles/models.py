"""Cycles of a puzzle, who runs them, and their append-only history."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.db import Base, CreatedMixin, IdMixin, utcnow
from api.users.models import User

if TYPE_CHECKING:  # puzzles sit above the cycle's record: the class is named, not imported
    from api.puzzles.models import Puzzle


class Cycle(IdMixin, CreatedMixin, Base):
    __tablename__ = "cycles"
    __table_args__ = (
        UniqueConstraint("puzzle_id", "number"),
        Index("ix_cycles_team_state", "team_id", "state"),
    )

    puzzle_id: Mapped[str] = mapped_column(ForeignKey("puzzles.id", ondelete="CASCADE"))
    #: copied from the puzzle so team-wide queries (board, dashboard) need no join
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    #: 1, 2, 3 … within the puzzle
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200), default="")
    workflow: Mapped[str] = mapped_column(String(40), default="eaa")
    state: Mapped[str] = mapped_column(String(40))
    #: bumped by every change of state; clients send it back in If-Match
    version: Mapped[int] = mapped_column(default=1)
    recorder_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    timekeeper_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    state_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: the latest event of any kind, for spotting stalled cycles
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    created_by_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    puzzle: Mapped[Puzzle] = relationship()
    facilitators: Mapped[list[CycleFacilitator]] = relationship(
        cascade="all, delete-orphan", order_by="CycleFacilitator.created_at"
    )
    phase_due_dates: Mapped[list[PhaseDueDate]] = relationship(
        cascade="all, delete-orphan", order_by="PhaseDueDate.due_on"
    )


class CycleFacilitator(IdMixin, CreatedMixin, Base):
    """Any member may facilitate, students included."""

    __tablename__ = "cycle_facilitators"
    __table_args__ = (UniqueConstraint("cycle_id", "user_id"),)

    cycle_id: Mapped[str] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

    user: Mapped[User] = relationship()


class PhaseDueDate(IdMixin, Base):
    __tablename__ = "phase_due_dates"
    __table_args__ = (UniqueConstraint("cycle_id", "phase"),)

    cycle_id: Mapped[str] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"))
    phase: Mapped[str] = mapped_column(String(40))
    due_on: Mapped[date] = mapped_column(index=True)


class CycleEvent(IdMixin, CreatedMixin, Base):
    """One transition. Append-only: rows are never updated or deleted by the app."""

    __tablename__ = "cycle_events"
    __table_args__ = (
        # Two writers that both read version n cannot both record version n + 1.
        UniqueConstraint("cycle_id", "version"),
    )

    cycle_id: Mapped[str] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"))
    #: the cycle's version after this event
    version: Mapped[int]
    transition: Mapped[str] = mapped_column(String(60))
    from_state: Mapped[str] = mapped_column(String(40))
    to_state: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    comment: Mapped[str] = mapped_column(Text, default="")

    actor: Mapped[User | None] = relationship()
