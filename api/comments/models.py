"""Comments on a cycle, from members and from the coaches who follow the team."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.db import Base, CreatedMixin, IdMixin, utcnow
from api.users.models import User


class Comment(IdMixin, CreatedMixin, Base):
    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_cycle_created", "cycle_id", "created_at"),)

    cycle_id: Mapped[str] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"))
    author_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    #: the comment this one answers (a reply); replies stay when it is deleted
    parent_id: Mapped[str | None] = mapped_column(
        ForeignKey("comments.id", ondelete="SET NULL"), index=True
    )
    #: the one piece of evidence or the one note of the same cycle it is about, if any
    evidence_id: Mapped[str | None] = mapped_column(
        ForeignKey("evidence.id", ondelete="SET NULL"), index=True
    )
    note_id: Mapped[str | None] = mapped_column(
        ForeignKey("analysis_notes.id", ondelete="SET NULL"), index=True
    )
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    #: set when its author changed the words after posting
    edited_at: Mapped[datetime | None]

    author: Mapped[User | None] = relationship()
