"""Evidence a team collects in a cycle: a stored file, a text, or a link."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import BigInteger, Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.db import Base, CreatedMixin, IdMixin, utcnow
from api.users.models import User


class EvidenceKind(enum.StrEnum):
    student_work = "student_work"
    exit_ticket = "exit_ticket"
    journal = "journal"
    self_assessment = "self_assessment"
    observation = "observation"
    survey = "survey"
    photo = "photo"
    audio = "audio"
    link = "link"
    note = "note"


#: the protocol's four groups of evidence
EVIDENCE_GROUPS = {
    EvidenceKind.survey: "perception",
    EvidenceKind.self_assessment: "perception",
    EvidenceKind.journal: "perception",
    EvidenceKind.exit_ticket: "performance",
    EvidenceKind.student_work: "work",
    EvidenceKind.photo: "work",
    EvidenceKind.audio: "work",
    EvidenceKind.observation: "observation",
    EvidenceKind.note: "observation",
    EvidenceKind.link: "work",
}


class Evidence(IdMixin, CreatedMixin, Base):
    __tablename__ = "evidence"
    __table_args__ = (Index("ix_evidence_cycle_created", "cycle_id", "created_at"),)

    cycle_id: Mapped[str] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"))
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    kind: Mapped[EvidenceKind] = mapped_column(
        Enum(EvidenceKind, name="evidence_kind", native_enum=False, length=32)
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    collected_on: Mapped[date | None]
    #: it carries students' own words or views
    student_voice: Mapped[bool] = mapped_column(default=False)
    #: a random key in the store, never the client's file name
    storage_key: Mapped[str | None] = mapped_column(String(64))
    original_name: Mapped[str | None] = mapped_column(String(255))
    #: sniffed from the bytes, not taken from the client
    content_type: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int | None] = mapped_column(BigInteger)
    sha256: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(2000))
    added_by_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: any change, for spotting a stale edit (If-Match)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    added_by: Mapped[User | None] = relationship()
    tags: Mapped[list[EvidenceTag]] = relationship(
        cascade="all, delete-orphan", order_by="EvidenceTag.tag"
    )


class EvidenceTag(IdMixin, Base):
    __tablename__ = "evidence_tags"
    __table_args__ = (UniqueConstraint("evidence_id", "tag"),)

    evidence_id: Mapped[str] = mapped_column(ForeignKey("evidence.id", ondelete="CASCADE"))
    tag: Mapped[str] = mapped_column(String(50), index=True)
