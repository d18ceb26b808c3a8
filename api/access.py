"""Who may see and change what: the object-level rules every service asks first.

Things outside what a person may see are reported as not found, so ids of other teams and
organizations reveal nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Select, String, cast, func, select

from api.actor import CYCLES_READ, TEAMS_READ, TRUST_READ, Actor, Standing
from api.errors import Forbidden, NotFound
from api.extensions import db
from api.organizations.models import Organization, OrgMembership
from api.teams.models import CoachAssignment, Membership, Role, Team

TEAM_NOT_FOUND = "We couldn't find that team."
ORG_NOT_FOUND = "We couldn't find that organization."


@dataclass(frozen=True)
class TeamAccess:
    team_id: str
    role: Role | None
    is_coach: bool
    is_admin: bool
    #: an integration client of the team's organization: reads only, never writes or manages
    is_client: bool = False
    #: the team's row, when the check read it; otherwise `team` reads it on first use
    loaded: Team | None = field(default=None, compare=False, repr=False)

    @property
    def team(self) -> Team:
        if self.loaded is None:
            # Checked from the actor's standing without the row; most reads never need it.
            object.__setattr__(self, "loaded", db.session.get(Team, self.team_id))
        assert self.loaded is not None  # a team someone stands in exists (foreign keys)
        return self.loaded

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
        team_id=team.id,
        role=Role(role) if role else None,
        is_coach=is_coach,
        is_admin=is_admin,
        loaded=team,
    )
    if not (access.is_member or access.is_coach or access.is_admin):
        raise NotFound(TEAM_NOT_FOUND)
    return access


def person_standing_columns(user_id) -> tuple:
    """A person's whole `Standing` as three text columns beside their row (`user_id`, the
    query's users.id): "team:role:organization" for each membership, "team:organization"
    for each team coached, and the organizations they administer, comma-separated."""
    memberships = (
        select(
            func.aggregate_strings(
                Membership.team_id
                + ":"
                + cast(Membership.role, String)
                + ":"
                + Team.organization_id,
                ",",
            )
        )
        .join(Team, Team.id == Membership.team_id)
        .where(Membership.user_id == user_id)
        .scalar_subquery()
    )
    coached = (
        select(func.aggregate_strings(CoachAssignment.team_id + ":" + Team.organization_id, ","))
        .join(Team, Team.id == CoachAssignment.team_id)
        .where(CoachAssignment.user_id == user_id)
        .scalar_subquery()
    )
    administered = (
        select(func.aggregate_strings(OrgMembership.organization_id, ","))
        .where(OrgMembership.user_id == user_id, OrgMembership.is_admin.is_(True))
        .scalar_subquery()
    )
    return memberships, coached, administered


def standing_of(memberships: str | None, coached: str | None, administered: str | None) -> Standing:
    """The `Standing` that `person_standing_columns` read (ids are hex: no ':' or ',')."""
    roles: dict[str, str] = {}
    organizations: dict[str, str] = {}
    for entry in memberships.split(",") if memberships else ():
        team_id, role, organization_id = entry.split(":")
        roles[team_id] = role
        organizations[team_id] = organization_id
    coached_ids = set()
    for entry in coached.split(",") if coached else ():
        team_id, organization_id = entry.split(":")
        coached_ids.add(team_id)
        organizations[team_id] = organization_id
    return Standing(
        roles=roles,
        coached=frozenset(coached_ids),
        organizations=organizations,
        admin_of=frozenset(administered.split(",")) if administered else frozenset(),
    )


def _access_from_standing(standing: Standing, team_id: str) -> TeamAccess:
    """The same rules as `standing_columns`, from what the token's statement read: no
    statement unless an admin asks about a team they neither belong to nor coach."""
    organization_id = standing.organizations.get(team_id)
    role = standing.roles.get(team_id)
    if organization_id is not None:
        return TeamAccess(
            team_id=team_id,
            role=Role(role) if role else None,
            is_coach=team_id in standing.coached,
            is_admin=organization_id in standing.admin_of,
        )
    team = db.session.get(Team, team_id) if standing.admin_of else None
    if team is None or team.organization_id not in standing.admin_of:
        raise NotFound(TEAM_NOT_FOUND)
    return TeamAccess(team_id=team_id, role=None, is_coach=False, is_admin=True, loaded=team)


def team_access(actor: Actor, team_id: str) -> TeamAccess:
    """The actor's standing in a team; raises NotFound when they may not see it at all."""
    if actor.is_client:
        return _client_team_access(actor, team_id)
    if actor.standing is not None:
        return _access_from_standing(actor.standing, team_id)
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
    return TeamAccess(
        team_id=team.id, role=None, is_coach=False, is_admin=False, is_client=True, loaded=team
    )


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
