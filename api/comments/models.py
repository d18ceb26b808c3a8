"""Comments on a cycle, from members and from the coaches who follow the team."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.db import Base, CreatedMixin, IdMixin
from api.users.models import User


class Comment(IdMixin, CreatedMixin, Base):
    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_cycle_created", "cycle_id", "created_at"),)

    cycle_id: Mapped[str] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"))
    author_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)

    author: Mapped[User | None] = relationship()
