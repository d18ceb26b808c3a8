"""Who may see and change what: the object-level rules every service asks first.

Things outside what a person may see are reported as not found, so ids of other teams and
organizations reveal nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from api.auth.actor import Actor
from api.extensions import db
from api.organizations.models import Organization, OrgMembership
from api.problems import Forbidden, NotFound
from api.teams.models import CoachAssignment, Membership, Role, Team

TEAM_NOT_FOUND = "We couldn't find that team."
ORG_NOT_FOUND = "We couldn't find that organization."


@dataclass(frozen=True)
class TeamAccess:
    team: Team
    role: Role | None
    is_coach: bool
    is_admin: bool

    @property
    def is_teacher(self) -> bool:
        return self.role is Role.teacher

    @property
    def is_member(self) -> bool:
        return self.role is not None

    @property
    def can_manage(self) -> bool:
        """Teachers of the team and org admins manage its people and settings."""
        return self.is_teacher or self.is_admin

    @property
    def can_contribute(self) -> bool:
        """Members (students included) add evidence, notes and actions; coaches only read."""
        return self.is_member or self.is_admin

    def require_manage(self) -> None:
        if not self.can_manage:
            raise Forbidden("Only the team's teachers or an organization admin can do that.")

    def require_contribute(self) -> None:
        if not self.can_contribute:
            raise Forbidden("Only members of the team can do that.")


def team_access(actor: Actor, team_id: str) -> TeamAccess:
    """The actor's standing in a team; raises NotFound when they may not see it at all."""
    row = db.session.execute(
        select(
            Team,
            select(Membership.role)
            .where(Membership.team_id == Team.id, Membership.user_id == actor.id)
            .scalar_subquery(),
            select(CoachAssignment.id)
            .where(CoachAssignment.team_id == Team.id, CoachAssignment.user_id == actor.id)
            .exists(),
            select(OrgMembership.id)
            .where(
                OrgMembership.organization_id == Team.organization_id,
                OrgMembership.user_id == actor.id,
                OrgMembership.is_admin.is_(True),
            )
            .exists(),
        ).where(Team.id == team_id)
    ).first()
    if row is None:
        raise NotFound(TEAM_NOT_FOUND)
    team, role, is_coach, is_admin = row
    access = TeamAccess(
        team=team, role=Role(role) if role else None, is_coach=is_coach, is_admin=is_admin
    )
    if not (access.is_member or access.is_coach or access.is_admin):
        raise NotFound(TEAM_NOT_FOUND)
    return access


def org_membership(actor: Actor, organization_id: str) -> OrgMembership:
    """The actor's membership of an organization; raises NotFound for outsiders."""
    membership = db.session.scalar(
        select(OrgMembership).where(
            OrgMembership.organization_id == organization_id,
            OrgMembership.user_id == actor.id,
        )
    )
    if membership is None:
        raise NotFound(ORG_NOT_FOUND)
    return membership


def require_org_admin(actor: Actor, organization_id: str) -> Organization:
    membership = org_membership(actor, organization_id)
    if not membership.is_admin:
        raise Forbidden("Only an organization admin can do that.")
    return membership.organization


def is_teacher_in_org(actor: Actor, organization_id: str) -> bool:
    return (
        db.session.scalar(
            select(Membership.id)
            .join(Team, Team.id == Membership.team_id)
            .where(
                Team.organization_id == organization_id,
                Membership.user_id == actor.id,
                Membership.role == Role.teacher,
            )
            .limit(1)
        )
        is not None
    )


def is_team_member(team_id: str, user_id: str) -> bool:
    return (
        db.session.scalar(
            select(Membership.id).where(
                Membership.team_id == team_id, Membership.user_id == user_id
            )
        )
        is not None
    )
