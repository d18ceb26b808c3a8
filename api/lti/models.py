"""LTI 1.3 platforms (an LMS registration per organization), courses mapped to teams, and the
short-lived login state that protects launches."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.db import Base, CreatedMixin, IdMixin
from api.teams.models import Team


class LtiPlatform(IdMixin, CreatedMixin, Base):
    """What the LMS told the organization's admin when they registered this tool."""

    __tablename__ = "lti_platforms"
    __table_args__ = (UniqueConstraint("issuer", "client_id"),)

    organization_id: Mapped[str] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    #: the platform's "iss", e.g. https://canvas.instructure.com
    issuer: Mapped[str] = mapped_column(String(300))
    client_id: Mapped[str] = mapped_column(String(200))
    deployment_ids: Mapped[list[str]] = mapped_column(JSON)
    auth_login_url: Mapped[str] = mapped_column(String(2000))
    auth_token_url: Mapped[str] = mapped_column(String(2000), default="")
    #: where the platform publishes its signing keys (one of this or public_key)
    jwks_url: Mapped[str | None] = mapped_column(String(2000))
    #: the platform's RSA public key in PEM, for platforms without a JWKS URL
    public_key: Mapped[str | None] = mapped_column(Text)
    #: the roster sync's source for this LMS's own ids (e.g. "canvas", "oneroster"): a launch
    #: finds rostered people by lis.person_sourcedid and courses by their section sourcedId
    roster_source: Mapped[str | None] = mapped_column(String(40))
    #: the organization lets a first launch find a person of its own by the platform's email
    match_email: Mapped[bool] = mapped_column(default=False, server_default=false())


class LtiContext(IdMixin, CreatedMixin, Base):
    """A course (LTI context) of a platform, and the team it opens."""

    __tablename__ = "lti_contexts"
    __table_args__ = (UniqueConstraint("platform_id", "context_id"),)

    platform_id: Mapped[str] = mapped_column(ForeignKey("lti_platforms.id", ondelete="CASCADE"))
    context_id: Mapped[str] = mapped_column(String(255))
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    #: the platform's Names and Role Provisioning URL for this course, from its latest launch
    memberships_url: Mapped[str | None] = mapped_column(String(2000))
    #: the course's name as its latest launch gave it ("Science 7B"), for the teachers' page
    title: Mapped[str | None] = mapped_column(String(255))

    team: Mapped[Team] = relationship()
    platform: Mapped[LtiPlatform] = relationship()


class LtiLoginState(Base):
    """Server-side state of an OIDC login (state → nonce) and pylti1p3's own short-lived data.

    A row is deleted when its launch uses it, so a replayed launch finds nothing.
    """

    __tablename__ = "lti_login_states"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    value: Mapped[dict | list | str | bool | None] = mapped_column(JSON)
    expires_at: Mapped[datetime] = mapped_column(index=True)
