"""Analysis notes, and the evidence each rests on."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.db import Base, CreatedMixin, IdMixin, utcnow
from api.users.models import User


class NoteKind(enum.StrEnum):
    observation = "observation"
    pattern = "pattern"
    strength = "strength"
    gap = "gap"
    root_cause = "root_cause"
    wonder = "wonder"


class AnalysisNote(IdMixin, CreatedMixin, Base):
    __tablename__ = "analysis_notes"
    __table_args__ = (Index("ix_analysis_notes_cycle_created", "cycle_id", "created_at"),)

    cycle_id: Mapped[str] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"))
    kind: Mapped[NoteKind] = mapped_column(
        Enum(NoteKind, name="note_kind", native_enum=False, length=32)
    )
    body: Mapped[str] = mapped_column(Text)
    #: which of the protocol's guiding questions it answers, if any
    prompt: Mapped[str | None] = mapped_column(String(40))
    author_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    author: Mapped[User | None] = relationship()
    citations: Mapped[list[NoteEvidence]] = relationship(cascade="all, delete-orphan")


class NoteEvidence(IdMixin, Base):
    __tablename__ = "note_evidence"
    __table_args__ = (UniqueConstraint("note_id", "evidence_id"),)

    note_id: Mapped[str] = mapped_column(ForeignKey("analysis_notes.id", ondelete="CASCADE"))
    evidence_id: Mapped[str] = mapped_column(
        ForeignKey("evidence.id", ondelete="CASCADE"), index=True
    )
