"""Teams of teachers and students, and the coaches who follow them."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from api.db import Base, CreatedMixin, IdMixin, utcnow
from api.organizations.models import Organization
from api.users.models import User


class Role(enum.StrEnum):
    teacher = "teacher"
    student = "student"


class Team(IdMixin, CreatedMixin, Base):
    __tablename__ = "teams"

    organization_id: Mapped[str] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(String(2000), default="")
    #: a cycle with no event for this many school days counts as stalled
    stall_days: Mapped[int] = mapped_column(default=10)
    #: set when an admin archives the team: it leaves the lists and takes no new people
    archived_at: Mapped[datetime | None]
    #: the last change to the team or to who is on it (joined, left, new role): what a list
    #: polled with `updated_since` compares
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    organization: Mapped[Organization] = relationship()


class Membership(IdMixin, CreatedMixin, Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("team_id", "user_id"),)

    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(Enum(Role, name="team_role", native_enum=False, length=16))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    #: the LMS course (LTI context) whose launch or member list brought this person; None when
    #: a teacher, an admin or the roster sync added them. Filling the team from that course
    #: again takes off only people it brought who are no longer in the course.
    lti_context_id: Mapped[str | None] = mapped_column(
        ForeignKey("lti_contexts.id", ondelete="SET NULL")
    )
    #: the roster source (TeamExternalId.source) whose sync brought this person; None when a
    #: teacher, an admin or an LMS course added them. A bulk import from that source takes off
    #: only people it brought who are no longer listed.
    roster_source: Mapped[str | None] = mapped_column(String(40))

    team: Mapped[Team] = relationship()
    user: Mapped[User] = relationship()


@event.listens_for(Session, "before_flush")
def _membership_changes_touch_their_team(session: Session, flush_context, instances) -> None:
    """Someone joining, leaving or changing role changes the team (its member count, its
    members list): its updated_at moves, so a client polling the team list sees it."""
    changed = [
        item
        for item in (*session.new, *session.deleted, *session.dirty)
        if isinstance(item, Membership)
        and (item in session.new or item in session.deleted or session.is_modified(item))
    ]
    if not changed:
        return
    now = utcnow()
    with session.no_autoflush:
        for team_id in {membership.team_id for membership in changed if membership.team_id}:
            team = session.get(Team, team_id)
            if team is not None:
                team.updated_at = now


class CoachAssignment(IdMixin, CreatedMixin, Base):
    """A coach follows a team: reads everything and comments, changes nothing."""

    __tablename__ = "coach_assignments"
    __table_args__ = (UniqueConstraint("team_id", "user_id"),)

    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

    team: Mapped[Team] = relationship()
    user: Mapped[User] = relationship()
