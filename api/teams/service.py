"""Teams, their members and the coaches who follow them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, delete, func, literal, or_, select, update
from sqlalchemy.orm import contains_eager

from api.access import TeamAccess, require_org_admin, team_access
from api.actor import CYCLES_READ, TEAMS_READ, Actor
from api.audit import service as audit
from api.db import utcnow
from api.errors import Conflict, NotFound, Unprocessable
from api.extensions import db
from api.hooks import Hook
from api.organizations.models import OrgMembership
from api.teams.models import CoachAssignment, Membership, Role, Team
from api.transactions import transactional
from api.users.models import User


def my_teams(
    actor: Actor,
    *,
    organization_id: str | None = None,
    archived: bool = False,
    updated_since: datetime | None = None,
) -> Select:
    """Teams the actor belongs to, coaches, or administers, with the actor's standing in each;
    for an integration client (teams:read or cycles:read), every team of its organization.
    Archived teams only when `archived` asks for them (and then only those); `updated_since`
    keeps the teams changed since (renamed, archived, someone joined, left or changed role)."""
    role = (
        select(Membership.role)
        .where(Membership.team_id == Team.id, Membership.user_id == actor.id)
        .scalar_subquery()
    )
    coaching = (
        select(CoachAssignment.id)
        .where(CoachAssignment.team_id == Team.id, CoachAssignment.user_id == actor.id)
        .exists()
    )
    admin_orgs = select(OrgMembership.organization_id).where(
        OrgMembership.user_id == actor.id, OrgMembership.is_admin.is_(True)
    )
    member_count = (
        select(func.count(Membership.id)).where(Membership.team_id == Team.id).scalar_subquery()
    )
    if actor.is_client:
        query = _client_teams(actor, member_count, organization_id)
    else:
        query = _member_teams(actor, role, coaching, admin_orgs, member_count, organization_id)
    archived_filter = Team.archived_at.is_not(None) if archived else Team.archived_at.is_(None)
    query = query.where(archived_filter)
    if updated_since is not None:
        query = query.where(Team.updated_at >= updated_since)
    return query


def _member_teams(
    actor: Actor, role, coaching, admin_orgs, member_count, organization_id: str | None
) -> Select:
    query = (
        select(
            Team,
            role.label("my_role"),
            coaching.label("is_coach"),
            Team.organization_id.in_(admin_orgs).label("is_admin"),
            member_count.label("member_count"),
        )
        .where(or_(role.is_not(None), coaching, Team.organization_id.in_(admin_orgs)))
        .order_by(Team.name, Team.id)
    )
    if organization_id:
        query = query.where(Team.organization_id == organization_id)
    return query


def _client_teams(actor: Actor, member_count, organization_id: str | None) -> Select:
    may_read = actor.has_scope(TEAMS_READ) or actor.has_scope(CYCLES_READ)
    mine = organization_id in (None, actor.organization_id) and may_read
    return (
        select(
            Team,
            literal(None).label("my_role"),
            literal(False).label("is_coach"),
            literal(False).label("is_admin"),
            member_count.label("member_count"),
        )
        .where(Team.organization_id == actor.organization_id, literal(mine))
        .order_by(Team.name, Team.id)
    )


def get_team(actor: Actor, team_id: str) -> TeamAccess:
    return team_access(actor, team_id)


@transactional
def create_team(
    actor: Actor, organization_id: str, *, name: str, description: str = "", stall_days: int = 10
) -> Team:
    """Org admins create teams."""
    require_org_admin(actor, organization_id)
    team = Team(
        organization_id=organization_id,
        name=name.strip(),
        description=description.strip(),
        stall_days=stall_days,
    )
    db.session.add(team)
    return team


@transactional
def update_team(actor: Actor, team_id: str, **changes) -> Team:
    """Rename a team or change its settings (teachers, admins); archive it or bring it back
    (org admins: Forbidden for teachers)."""
    access = team_access(actor, team_id)
    access.require_manage()
    team = access.team
    if "archived" in changes and changes["archived"] != (team.archived_at is not None):
        require_org_admin(actor, team.organization_id)
        team.archived_at = utcnow() if changes["archived"] else None
        audit.record(
            actor,
            team.organization_id,
            "team.archived" if changes["archived"] else "team.restored",
            subject_type="team",
            subject_id=team.id,
        )
    for field in ("name", "description"):
        if field in changes:
            setattr(team, field, changes[field].strip())
    if "stall_days" in changes:
        team.stall_days = changes["stall_days"]
    return team


def members(
    actor: Actor, team_id: str, *, role: Role | None = None, updated_since: datetime | None = None
) -> Select:
    """The team's members; `updated_since` keeps those who joined or changed role since, or
    whose name or account changed (who left shows as the team's own updated_at moving)."""
    return members_of(team_access(actor, team_id), role=role, updated_since=updated_since)


def members_of(
    access: TeamAccess, *, role: Role | None = None, updated_since: datetime | None = None
) -> Select:
    """The members of a team the caller may see (`members` once its access is known)."""
    query = (
        select(Membership)
        .join(User, User.id == Membership.user_id)
        .options(contains_eager(Membership.user))  # each member's person, in the same query
        .where(Membership.team_id == access.team_id)
        .order_by(Membership.role, User.display_name, Membership.id)
    )
    if role:
        query = query.where(Membership.role == role)
    if updated_since is not None:
        query = query.where(
            or_(Membership.updated_at >= updated_since, User.updated_at >= updated_since)
        )
    return query


def require_not_archived(team: Team) -> None:
    if team.archived_at is not None:
        raise Conflict("This team is archived. Bring it back before adding people to it.")


def _require_org_person(organization_id: str, user_id: str) -> None:
    known = db.session.scalar(
        select(literal(True)).where(
            OrgMembership.organization_id == organization_id, OrgMembership.user_id == user_id
        )
    )
    if not known:
        raise Unprocessable(
            "That person is not in this school.",
            errors={"user_id": ["Add the person to the organization first."]},
        )


@transactional
def add_member(actor: Actor, team_id: str, *, user_id: str, role: Role) -> Membership:
    access = team_access(actor, team_id)
    access.require_manage()
    require_not_archived(access.team)
    _require_org_person(access.team.organization_id, user_id)
    exists = db.session.scalar(
        select(Membership.id).where(Membership.team_id == team_id, Membership.user_id == user_id)
    )
    if exists:
        raise Conflict("That person is already on the team.")
    membership = Membership(team_id=team_id, user_id=user_id, role=role)
    db.session.add(membership)
    db.session.flush()
    _audit_admin_change(access, actor, "team_member.added", membership)
    return membership


def _audit_admin_change(
    access: TeamAccess, actor: Actor, action: str, membership: Membership
) -> None:
    """Org admins' changes to a team's people go in the audit log (teachers' own don't)."""
    if access.is_admin:
        audit.record(
            actor,
            access.team.organization_id,
            action,
            subject_type="membership",
            subject_id=membership.id,
            details={
                "team_id": membership.team_id,
                "user_id": membership.user_id,
                "role": Role(membership.role).value,
            },
        )


def _membership(team_id: str, membership_id: str) -> Membership:
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.team_id != team_id:
        raise NotFound("We couldn't find that team member.")
    return membership


LAST_TEACHER = (
    "A team needs at least one teacher. Make someone else a teacher first, then try again."
)


def teacher_count(team_id: str) -> int:
    return int(
        db.session.scalar(
            select(func.count(Membership.id)).where(
                Membership.team_id == team_id, Membership.role == Role.teacher
            )
        )
        or 0
    )


@transactional
def change_member_role(actor: Actor, team_id: str, membership_id: str, *, role: Role) -> Membership:
    access = team_access(actor, team_id)
    access.require_manage()
    membership = _membership(team_id, membership_id)
    demoting = membership.role is Role.teacher and role is not Role.teacher
    if demoting and not access.is_admin and teacher_count(team_id) <= 1:
        raise Conflict(LAST_TEACHER)
    membership.role = role
    _audit_admin_change(access, actor, "team_member.role_changed", membership)
    return membership


#: someone leaves a team (team id, user id): the domains above release their open work there
#: (api/cycles/service.py connects it)
member_leaving: Hook[[str, str]] = Hook("someone leaves a team")


@transactional
def remove_member(actor: Actor, team_id: str, membership_id: str) -> None:
    access = team_access(actor, team_id)
    access.require_manage()
    membership = _membership(team_id, membership_id)
    if membership.role is Role.teacher and not access.is_admin and teacher_count(team_id) <= 1:
        raise Conflict(LAST_TEACHER)
    member_leaving(team_id, membership.user_id)
    _audit_admin_change(access, actor, "team_member.removed", membership)
    db.session.delete(membership)


def leave_organization_teams(organization_id: str, user_id: str) -> None:
    """Someone who leaves an organization leaves its teams and their coaching (adds to the
    session; the caller commits)."""
    team_ids = select(Team.id).where(Team.organization_id == organization_id)
    # A bulk delete skips the ORM's bookkeeping: the teams they leave are marked changed here.
    left = select(Membership.team_id).where(
        Membership.user_id == user_id, Membership.team_id.in_(team_ids)
    )
    db.session.execute(update(Team).where(Team.id.in_(left)).values(updated_at=utcnow()))
    db.session.execute(
        delete(Membership).where(Membership.user_id == user_id, Membership.team_id.in_(team_ids))
    )
    db.session.execute(
        delete(CoachAssignment).where(
            CoachAssignment.user_id == user_id, CoachAssignment.team_id.in_(team_ids)
        )
    )


def coaches(actor: Actor, team_id: str) -> Select:
    return coaches_of(team_access(actor, team_id))


def coaches_of(access: TeamAccess) -> Select:
    """The coaches of a team the caller may see (`coaches` once its access is known)."""
    return (
        select(CoachAssignment)
        .join(User, User.id == CoachAssignment.user_id)
        .options(contains_eager(CoachAssignment.user))
        .where(CoachAssignment.team_id == access.team_id)
        .order_by(User.display_name, CoachAssignment.id)
    )


@transactional
def assign_coach(actor: Actor, team_id: str, *, user_id: str) -> CoachAssignment:
    """Org admins choose who coaches a team."""
    access = team_access(actor, team_id)
    require_org_admin(actor, access.team.organization_id)
    require_not_archived(access.team)
    _require_org_person(access.team.organization_id, user_id)
    exists = db.session.scalar(
        select(CoachAssignment.id).where(
            CoachAssignment.team_id == team_id, CoachAssignment.user_id == user_id
        )
    )
    if exists:
        raise Conflict("That person already coaches this team.")
    assignment = CoachAssignment(team_id=team_id, user_id=user_id)
    db.session.add(assignment)
    db.session.flush()
    audit.record(
        actor,
        access.team.organization_id,
        "coach.assigned",
        subject_type="coach_assignment",
        subject_id=assignment.id,
        details={"team_id": team_id, "user_id": user_id},
    )
    return assignment


@transactional
def unassign_coach(actor: Actor, team_id: str, assignment_id: str) -> None:
    access = team_access(actor, team_id)
    require_org_admin(actor, access.team.organization_id)
    assignment = db.session.get(CoachAssignment, assignment_id)
    if assignment is None or assignment.team_id != team_id:
        raise NotFound("We couldn't find that coach on this team.")
    audit.record(
        actor,
        access.team.organization_id,
        "coach.unassigned",
        subject_type="coach_assignment",
        subject_id=assignment.id,
        details={"team_id": team_id, "user_id": assignment.user_id},
    )
    db.session.delete(assignment)


def standing(role: Role | str | None, is_coach: bool, is_admin: bool) -> str | None:
    """How the actor sees a team: their member role first, then coach, then admin."""
    if role:
        return Role(role).value
    if is_coach:
        return "coach"
    return "admin" if is_admin else None


def describe_team(team: Team, *, my_role: str | None, member_count: int) -> dict:
    return {
        "id": team.id,
        "organization_id": team.organization_id,
        "name": team.name,
        "description": team.description,
        "stall_days": team.stall_days,
        "created_at": team.created_at,
        "updated_at": team.updated_at,
        "my_role": my_role,
        "member_count": member_count,
        "archived": team.archived_at is not None,
    }


def describe_rows(rows) -> list[dict]:
    return [
        describe_team(
            row.Team,
            my_role=standing(row.my_role, row.is_coach, row.is_admin),
            member_count=row.member_count,
        )
        for row in rows
    ]


def team_details(actor: Actor, team_id: str) -> dict:
    return details_of(team_access(actor, team_id))


def details_of(access: TeamAccess) -> dict:
    """A team the caller may see, as `GET /teams/{id}` shows it (`team_details` once its
    access is known)."""
    count = db.session.scalar(
        select(func.count(Membership.id)).where(Membership.team_id == access.team_id)
    )
    return describe_team(
        access.team,
        my_role=standing(access.role, access.is_coach, access.is_admin),
        member_count=int(count or 0),
    )
