"""Who may see and change what: the object-level rules every service asks first.

Things outside what a person may see are reported as not found, so ids of other teams and
organizations reveal nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select

from api.actor import CYCLES_READ, TEAMS_READ, TRUST_READ, Actor
from api.errors import Forbidden, NotFound
from api.extensions import db
from api.organizations.models import Organization, OrgMembership
from api.teams.models import CoachAssignment, Membership, Role, Team

TEAM_NOT_FOUND = "We couldn't find that team."
ORG_NOT_FOUND = "We couldn't find that organization."


@dataclass(frozen=True)
class TeamAccess:
    team: Team
    role: Role | None
    is_coach: bool
    is_admin: bool
    #: an integration client of the team's organization: reads only, never writes or manages
    is_client: bool = False

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


def standing_columns(actor: Actor) -> tuple:
    """The actor's role in, coaching of, and admin rights over the `Team` of a query, as three
    columns to select beside it (see `standing_from`)."""
    return (
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
    )


def standing_from(team: Team, role, is_coach: bool, is_admin: bool) -> TeamAccess:
    """TeamAccess from a team and its `standing_columns`; NotFound when they may not see it."""
    access = TeamAccess(
        team=team, role=Role(role) if role else None, is_coach=is_coach, is_admin=is_admin
    )
    if not (access.is_member or access.is_coach or access.is_admin):
        raise NotFound(TEAM_NOT_FOUND)
    return access


def team_access(actor: Actor, team_id: str) -> TeamAccess:
    """The actor's standing in a team; raises NotFound when they may not see it at all."""
    if actor.is_client:
        return _client_team_access(actor, team_id)
    row = db.session.execute(
        select(Team, *standing_columns(actor)).where(Team.id == team_id)
    ).first()
    if row is None:
        raise NotFound(TEAM_NOT_FOUND)
    return standing_from(*row)


def _client_team_access(actor: Actor, team_id: str) -> TeamAccess:
    """Integration clients read their own organization's teams when their token allows it."""
    team = db.session.get(Team, team_id)
    may_read = any(actor.has_scope(scope) for scope in (TEAMS_READ, CYCLES_READ, TRUST_READ))
    if team is None or team.organization_id != actor.organization_id or not may_read:
        raise NotFound(TEAM_NOT_FOUND)
    return TeamAccess(team=team, role=None, is_coach=False, is_admin=False, is_client=True)


def teaching(actor: Actor, team_id: str) -> TeamAccess:
    """The actor's standing in a class they teach; NotFound outside it, Forbidden for its
    students, coaches and admins (a teacher's relationships are theirs alone)."""
    if actor.is_client:
        raise NotFound(TEAM_NOT_FOUND)
    access = team_access(actor, team_id)
    if not access.is_teacher:
        raise Forbidden("Only a teacher of this class sees their students here.")
    return access


def org_membership(actor: Actor, organization_id: str) -> OrgMembership:
    """The actor's membership of an organization; raises NotFound for outsiders."""
    if actor.user is None:
        raise NotFound(ORG_NOT_FOUND)
    membership = db.session.scalar(
        select(OrgMembership).where(
            OrgMembership.organization_id == organization_id,
            OrgMembership.user_id == actor.id,
        )
    )
    if membership is None:
        raise NotFound(ORG_NOT_FOUND)
    return membership


def organization_ids_of(user_id: str) -> list[str]:
    """The organizations a person belongs to, in id order."""
    return list(
        db.session.scalars(
            select(OrgMembership.organization_id)
            .where(OrgMembership.user_id == user_id)
            .order_by(OrgMembership.organization_id)
        )
    )


def my_organizations(actor: Actor) -> Select:
    """The actor's organizations, each with whether they are its admin, by name."""
    return (
        select(Organization, OrgMembership.is_admin)
        .join(OrgMembership, OrgMembership.organization_id == Organization.id)
        .where(OrgMembership.user_id == actor.id)
        .order_by(Organization.name, Organization.id)
    )


def require_org_admin(actor: Actor, organization_id: str) -> Organization:
    membership = org_membership(actor, organization_id)
    if not membership.is_admin:
        raise Forbidden("Only an organization admin can do that.")
    return membership.organization


def require_org_manager(actor: Actor, organization_id: str, scope: str) -> Organization:
    """Org admins, or the organization's own integration client whose token holds `scope`.

    Raises NotFound outside the organization, Forbidden for members (or clients) short of it.
    """
    if not actor.is_client:
        return require_org_admin(actor, organization_id)
    organization = db.session.get(Organization, organization_id)
    if organization is None or actor.organization_id != organization_id:
        raise NotFound(ORG_NOT_FOUND)
    if not actor.has_scope(scope):
        raise Forbidden(f"This token needs the '{scope}' scope for this request.")
    return organization


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
