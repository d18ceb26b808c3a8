"""The id an integration (an LMS) uses for a team; people's ids live in ExternalIdentity."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.db import Base, CreatedMixin, IdMixin
from api.teams.models import Team


class TeamExternalId(IdMixin, CreatedMixin, Base):
    """A team as an LMS knows it (a course section, a class), unique per org and source."""

    __tablename__ = "team_external_ids"
    __table_args__ = (UniqueConstraint("organization_id", "source", "external_id"),)

    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    #: the integration's name, e.g. "canvas" or "oneroster"
    source: Mapped[str] = mapped_column(String(40))
    external_id: Mapped[str] = mapped_column(String(200))

    team: Mapped[Team] = relationship()
