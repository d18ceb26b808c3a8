"""The team's activity feed: who did what, newest first."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.db import Base, CreatedMixin, IdMixin
from api.users.models import User


class ActivityEntry(IdMixin, CreatedMixin, Base):
    __tablename__ = "activity_entries"
    __table_args__ = (Index("ix_activity_entries_team_created", "team_id", "created_at"),)

    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    actor_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: a dotted verb, e.g. "evidence.added", "cycle.transitioned"
    verb: Mapped[str] = mapped_column(String(60))
    #: a plain sentence to show, e.g. "added evidence “Exit tickets, week 3”"
    summary: Mapped[str] = mapped_column(String(500))
    cycle_id: Mapped[str | None] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"))
    subject_id: Mapped[str | None] = mapped_column(String(24))

    actor: Mapped[User | None] = relationship()
