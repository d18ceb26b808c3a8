"""Organizations and the people in them."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Select, or_, select

from api.access import is_teacher_in_org, org_membership, require_org_admin
from api.actor import Actor
from api.audit import service as audit
from api.auth import identity
from api.errors import Conflict, Forbidden, NotFound, Unprocessable
from api.extensions import db
from api.hooks import Hook
from api.organizations.models import Organization, OrgMembership
from api.transactions import transactional
from api.users import service as users
from api.users.models import User


def check_time_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise Unprocessable(
            "Unknown time zone.",
            errors={
                "time_zone": ["Use a time zone name such as Europe/London or America/Chicago."]
            },
        ) from None
    return name


def get_organization(actor: Actor, organization_id: str) -> tuple[Organization, bool]:
    membership = org_membership(actor, organization_id)
    return membership.organization, membership.is_admin


@transactional
def create_organization(
    *, name: str, admin_email: str, admin_name: str | None = None, time_zone: str = "UTC"
) -> tuple[Organization, User, bool]:
    """A platform operator founds an organization (`flask organizations create`), never a
    signed-in person: no one can found a school to claim someone's address. Its first admin
    is the person with this email, made (without a password) when new; returns the
    organization, the admin and whether the admin's account is new.

    Raises Unprocessable for a blank name, an unknown time zone or a bad email.
    """
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise Unprocessable("Give the organization a name (1 to 200 characters).")
    organization = Organization(name=name, time_zone=check_time_zone(time_zone))
    db.session.add(organization)
    email = users.check_email(admin_email)
    if email is None:
        raise Unprocessable("Give the first admin's email.", errors={"email": ["Needed."]})
    admin = db.session.scalar(select(User).where(User.email == email))
    is_new = admin is None
    if admin is None:
        admin = users.create_user(display_name=(admin_name or email).strip()[:120], email=email)
    db.session.flush()
    db.session.add(OrgMembership(organization_id=organization.id, user_id=admin.id, is_admin=True))
    audit.record(
        None,
        organization.id,
        "organization.created",
        subject_type="organization",
        subject_id=organization.id,
        details={"admin_user_id": admin.id, "admin_is_new": is_new},
    )
    return organization, admin, is_new


@transactional
def update_organization(actor: Actor, organization_id: str, **changes) -> Organization:
    organization = require_org_admin(actor, organization_id)
    if "name" in changes:
        organization.name = changes["name"].strip()
    if "time_zone" in changes:
        organization.time_zone = check_time_zone(changes["time_zone"])
    if "closed_cycle_retention_days" in changes:
        organization.closed_cycle_retention_days = changes["closed_cycle_retention_days"]
    audit.record(
        actor,
        organization_id,
        "organization.updated",
        subject_type="organization",
        subject_id=organization_id,
        details={
            "changed": sorted(changes),
            "closed_cycle_retention_days": organization.closed_cycle_retention_days,
        },
    )
    return organization


def organization_people(
    actor: Actor,
    organization_id: str,
    *,
    q: str | None = None,
    updated_since: datetime | None = None,
) -> Select:
    """People of the organization, for admins and for teachers choosing team members;
    `updated_since` keeps those who joined it since or whose name, email or account changed."""
    membership = org_membership(actor, organization_id)
    if not (membership.is_admin or is_teacher_in_org(actor, organization_id)):
        raise Forbidden("Only teachers and organization admins can see everyone in the school.")
    query = (
        select(User, OrgMembership.is_admin)
        .join(OrgMembership, OrgMembership.user_id == User.id)
        .where(OrgMembership.organization_id == organization_id)
        .order_by(User.display_name, User.id)
    )
    if q:
        pattern = f"%{q.strip().lower()}%"
        query = query.where(
            or_(
                User.display_name.ilike(pattern),
                User.email.ilike(pattern),
                User.username.ilike(pattern),
            )
        )
    if updated_since is not None:
        query = query.where(
            or_(User.updated_at >= updated_since, OrgMembership.created_at >= updated_since)
        )
    return query


@transactional
def provision_user(actor: Actor, organization_id: str, *, is_admin: bool = False, **fields) -> User:
    """An admin adds a person to the organization, creating their account."""
    require_org_admin(actor, organization_id)
    user = users.create_user(**fields)
    db.session.add(
        OrgMembership(organization_id=organization_id, user_id=user.id, is_admin=is_admin)
    )
    audit.record(
        actor,
        organization_id,
        "person.provisioned",
        subject_type="user",
        subject_id=user.id,
        details={"is_admin": is_admin},
    )
    return user


def member_row(organization_id: str, user_id: str) -> OrgMembership:
    membership = db.session.scalar(
        select(OrgMembership).where(
            OrgMembership.organization_id == organization_id, OrgMembership.user_id == user_id
        )
    )
    if membership is None:
        raise NotFound("We couldn't find that person in this organization.")
    return membership


def admin_count(organization_id: str) -> int:
    return len(
        db.session.scalars(
            select(OrgMembership.id).where(
                OrgMembership.organization_id == organization_id,
                OrgMembership.is_admin.is_(True),
            )
        ).all()
    )


@transactional
def update_person(actor: Actor, organization_id: str, user_id: str, **changes) -> tuple[User, bool]:
    require_org_admin(actor, organization_id)
    membership = member_row(organization_id, user_id)
    stepping_down = membership.is_admin and changes.get("is_admin") is False
    if stepping_down and admin_count(organization_id) <= 1:
        raise Conflict("An organization needs at least one admin.")
    if "is_admin" in changes:
        membership.is_admin = changes["is_admin"]
    if "display_name" in changes or "email" in changes:
        identity.change_identity(
            actor,
            membership.user,
            organization_id=organization_id,
            display_name=(changes.get("display_name") or "").strip() or None,
            email=users.normalise_login(changes.get("email")),
        )
    audit.record(
        actor,
        organization_id,
        "person.updated",
        subject_type="user",
        subject_id=user_id,
        details={"changed": sorted(changes), "is_admin": membership.is_admin},
    )
    return membership.user, membership.is_admin


@transactional
def remove_person(actor: Actor, organization_id: str, user_id: str) -> None:
    """Take a person out of the organization and all its teams; their account stays."""
    require_org_admin(actor, organization_id)
    membership = member_row(organization_id, user_id)
    if membership.is_admin and admin_count(organization_id) <= 1:
        raise Conflict("An organization needs at least one admin.")
    take_out_of_organization(membership)
    audit.record(actor, organization_id, "person.removed", subject_type="user", subject_id=user_id)


#: someone leaves an organization (organization id, user id): the teams above take them off
#: its teams and coaching (api/teams/service.py connects it)
leaving_organization: Hook[[str, str]] = Hook("someone leaves an organization")


def take_out_of_organization(membership: OrgMembership) -> None:
    """Take the person off the organization's teams and coaching, and out of it; the caller
    checks who asks, and commits."""
    leaving_organization(membership.organization_id, membership.user_id)
    db.session.delete(membership)
