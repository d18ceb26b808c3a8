"""A cycle's reflection: what happened, what shows the impact, what comes next."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.db import Base, CreatedMixin, IdMixin, utcnow
from api.users.models import User


class ReflectionDecision(enum.StrEnum):
    next_cycle = "next_cycle"
    resolved = "resolved"


class Reflection(IdMixin, CreatedMixin, Base):
    __tablename__ = "reflections"

    cycle_id: Mapped[str] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"), unique=True)
    what_happened: Mapped[str] = mapped_column(Text)
    impact_evidence: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[ReflectionDecision] = mapped_column(
        Enum(ReflectionDecision, name="reflection_decision", native_enum=False, length=16)
    )
    author_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    author: Mapped[User | None] = relationship()
