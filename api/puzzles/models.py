"""Puzzles of practice: the question a team works on through cycles."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, CreatedMixin, IdMixin, utcnow


class PuzzleStatus(enum.StrEnum):
    active = "active"
    resolved = "resolved"
    archived = "archived"


class Puzzle(IdMixin, CreatedMixin, Base):
    __tablename__ = "puzzles"

    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    #: the puzzle itself, as a question: "How might we …?"
    question: Mapped[str] = mapped_column(String(500))
    context: Mapped[str] = mapped_column(Text, default="")
    focus_area: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[PuzzleStatus] = mapped_column(
        Enum(PuzzleStatus, name="puzzle_status", native_enum=False, length=16),
        default=PuzzleStatus.active,
    )
    #: which starter it was adopted from, if any
    starter_key: Mapped[str | None] = mapped_column(String(64))
    created_by_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
