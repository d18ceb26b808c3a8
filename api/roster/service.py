"""Roster sync by an LMS's own ids: people, teams and memberships upserted by (source, id).

Every upsert is idempotent: sending the same thing twice changes nothing the second time and
says "unchanged". The `apply_*` functions do the work without committing or checking who asks,
so single requests, batches and the OneRoster import share them.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from api.access import organization_ids_of, require_org_manager
from api.activity.service import record
from api.actor import ROSTER_READ, ROSTER_WRITE, Actor
from api.audit import service as audit
from api.auth import identity
from api.auth.service import end_every_session, revoke_every_token
from api.errors import Conflict, NotFound, ServiceError, Unprocessable
from api.extensions import db
from api.organizations import service as organizations
from api.organizations.models import OrgMembership
from api.roster.models import TeamExternalId
from api.teams.models import Membership, Role, Team
from api.transactions import transactional
from api.users import service as users
from api.users.models import ExternalIdentity, User
from api.webhooks.models import EventType
from api.webhooks.outbox import emit

CREATED, UPDATED, UNCHANGED, REMOVED, SKIPPED, ERROR = (
    "created",
    "updated",
    "unchanged",
    "removed",
    "skipped",
    "error",
)
LINKED, DEACTIVATED = "linked", "deactivated"
SOURCE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.:-]{0,39}$")
MAX_BATCH = 1000


@dataclass
class Outcome:
    """What one upsert did."""

    status: str
    id: str | None = None
    note: str | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    #: for an error: the HTTP status the same change would get on its own (409 a conflict)
    http_status: int | None = None


# --- checks ---------------------------------------------------------------------------------


def check_source(source: str) -> str:
    source = (source or "").strip().lower()
    if not SOURCE_PATTERN.match(source):
        raise Unprocessable(
            "Unknown kind of source.",
            errors={"source": ["Use a short name such as canvas, moodle or oneroster."]},
        )
    return source


def check_external_id(value: str | None, name: str = "external_id") -> str:
    value = (value or "").strip()
    if not value or len(value) > 200 or any(ord(char) < 32 for char in value):
        raise Unprocessable(
            "That id can't be used.", errors={name: ["Give the LMS's id (1 to 200 characters)."]}
        )
    return value


def _check_email(email: str | None) -> str | None:
    return users.check_email(email)


def _check_username(username: str | None) -> str | None:
    username = users.normalise_login(username)
    if username and (len(username) > 64 or "@" in username or " " in username):
        raise Unprocessable(
            "That username can't be used.",
            errors={"username": ["Up to 64 characters, no spaces and no @."]},
        )
    return username


def _require_writer(actor: Actor, organization_id: str) -> None:
    require_org_manager(actor, organization_id, ROSTER_WRITE)


# --- lookups --------------------------------------------------------------------------------


def user_by_external_id(organization_id: str, source: str, external_id: str) -> User | None:
    return db.session.scalar(
        select(User)
        .join(ExternalIdentity, ExternalIdentity.user_id == User.id)
        .where(
            ExternalIdentity.organization_id == organization_id,
            ExternalIdentity.source == source,
            ExternalIdentity.external_id == external_id,
        )
    )


def team_by_external_id(organization_id: str, source: str, external_id: str) -> Team | None:
    return db.session.scalar(
        select(Team)
        .join(TeamExternalId, TeamExternalId.team_id == Team.id)
        .where(
            TeamExternalId.organization_id == organization_id,
            TeamExternalId.source == source,
            TeamExternalId.external_id == external_id,
        )
    )


def _is_org_member(organization_id: str, user_id: str) -> bool:
    return (
        db.session.scalar(
            select(OrgMembership.id).where(
                OrgMembership.organization_id == organization_id, OrgMembership.user_id == user_id
            )
        )
        is not None
    )


def _derived_username(source: str, external_id: str) -> str:
    """A username for someone the LMS gave neither email nor username: canvas-12345."""
    base = re.sub(r"[^a-z0-9._-]+", "-", f"{source}-{external_id}".lower()).strip("-.")[:64]
    candidate = base
    while db.session.scalar(select(User.id).where(User.username == candidate)):
        candidate = f"{base[:57]}-{secrets.token_hex(3)}"
    return candidate


def _refuse_taken_login(column, value: str | None, name: str) -> None:
    """A new LMS id never takes over someone's email or username: that is a conflict for the
    row, never a silent merge (link_user joins an id to a person on purpose)."""
    if value and db.session.scalar(select(User.id).where(column == value)):
        raise Conflict(
            f"Someone already uses that {name}. If this id is that person, link it to them "
            "first (PUT …/roster/users/{source}/{external_id}/link).",
            errors={name: ["Already in use by another person."]},
        )


# --- applying one change (no commit) --------------------------------------------------------


def apply_user(
    actor: Actor,
    organization_id: str,
    source: str,
    external_id: str,
    *,
    display_name: str,
    email: str | None = None,
    username: str | None = None,
) -> Outcome:
    """Create or update the person the LMS knows by this id, and make them one of the org.

    Matched on (source, external id) only. A person already known changes by the identity
    rules (api.auth.identity): what can't change now is reported in the outcome's note.
    """
    source, external_id = check_source(source), check_external_id(external_id)
    display_name = (display_name or "").strip()
    if not display_name or len(display_name) > 120:
        raise Unprocessable(
            "A name is needed.", errors={"display_name": ["Give a name of 1 to 120 characters."]}
        )
    email, username = _check_email(email), _check_username(username)
    user = user_by_external_id(organization_id, source, external_id)
    if user is None:
        _refuse_taken_login(User.email, email, "email")
        _refuse_taken_login(User.username, username, "username")
        if not email and not username:
            username = _derived_username(source, external_id)
        user = users.create_user(display_name=display_name, email=email, username=username)
        db.session.add(
            ExternalIdentity(
                user_id=user.id,
                organization_id=organization_id,
                source=source,
                external_id=external_id,
            )
        )
        db.session.add(OrgMembership(organization_id=organization_id, user_id=user.id))
        audit.record(
            actor,
            organization_id,
            "person.provisioned",
            subject_type="user",
            subject_id=user.id,
            details={"source": source, "is_admin": False},
        )
        db.session.flush()
        return Outcome(CREATED, user.id)
    changed = _rejoin(actor, organization_id, user)
    result = identity.change_identity(
        actor, user, organization_id=organization_id, display_name=display_name, email=email
    )
    kept = dict(result.kept)
    if username is not None and username != user.username:
        reason = _username_kept(actor, user, organization_id)
        if reason:
            kept["username"] = reason
        else:
            _refuse_taken_login(User.username, username, "username")
            user.username = username
            result.changed.append("username")
    db.session.flush()
    notes = [f"{name} not changed: {why}" for name, why in kept.items()]
    if result.pending:
        waiting = ", ".join(result.pending)
        notes.insert(0, f"Waiting for the person to open an emailed link: {waiting}.")
    status = UPDATED if changed or result.changed else UNCHANGED
    return Outcome(status, user.id, note=" ".join(notes) or None)


def _username_kept(actor: Actor, user: User, organization_id: str) -> str | None:
    """Why the roster may not change this person's username (a login), or None when it may."""
    if actor.is_client and user.password_hash is not None:
        return "This person signs in with a password, so only they can change their username."
    if not identity.owned_alone_by(user.id, organization_id):
        return "This person also belongs to another organization; they can change it themselves."
    return None


def _rejoin(actor: Actor, organization_id: str, user: User) -> bool:
    """A person the roster knows, deactivated before, is one of the organization again."""
    if _is_org_member(organization_id, user.id):
        return False
    db.session.add(OrgMembership(organization_id=organization_id, user_id=user.id))
    user.is_active = True
    db.session.flush()
    identity.audit_everywhere(actor, user.id, "person.provisioned", {"source": "rejoined"})
    return True


def apply_link(
    actor: Actor, organization_id: str, source: str, external_id: str, *, user_id: str
) -> Outcome:
    """Link the LMS's id to a person already in the organization (an account made by hand, or
    one the LMS sent under another id): from now on upserts of this id are that person.

    Raises NotFound for someone not in the organization, Conflict when the id is linked to
    someone else or the person already has another id from this source.
    """
    source, external_id = check_source(source), check_external_id(external_id)
    user = db.session.get(User, user_id or "")
    if user is None or not _is_org_member(organization_id, user.id):
        raise NotFound(
            "We couldn't find that person in this organization.",
            errors={"user_id": ["Not a person of this organization."]},
        )
    linked = user_by_external_id(organization_id, source, external_id)
    if linked is not None and linked.id == user.id:
        return Outcome(UNCHANGED, user.id)
    if linked is not None:
        raise Conflict(
            "That id is linked to another person already.",
            errors={"external_id": ["Linked to another person."]},
        )
    other = db.session.scalar(
        select(ExternalIdentity.external_id).where(
            ExternalIdentity.organization_id == organization_id,
            ExternalIdentity.source == source,
            ExternalIdentity.user_id == user.id,
        )
    )
    if other is not None:
        raise Conflict(
            f"This person already has another id from {source}.",
            errors={"user_id": [f"Already linked to {source} id {other}."]},
        )
    db.session.add(
        ExternalIdentity(
            user_id=user.id, organization_id=organization_id, source=source, external_id=external_id
        )
    )
    db.session.flush()
    identity.audit_everywhere(actor, user.id, "identity.linked", {"source": source})
    return Outcome(LINKED, user.id)


def apply_deactivation(actor: Actor, organization_id: str, source: str, external_id: str):
    """A leaver: the person the LMS knows by this id leaves the organization and its teams.
    Someone who belongs to no other organization can no longer sign in (their sessions and
    tokens end). The LMS id stays linked: an upsert of it later brings them back.

    Raises NotFound for an unknown id, Conflict for the organization's last admin.
    """
    source, external_id = check_source(source), check_external_id(external_id)
    user = user_by_external_id(organization_id, source, external_id)
    if user is None:
        raise NotFound(f"No person has that id from {source}.")
    membership = db.session.scalar(
        select(OrgMembership).where(
            OrgMembership.organization_id == organization_id, OrgMembership.user_id == user.id
        )
    )
    if membership is None:
        return Outcome(UNCHANGED, user.id)
    if membership.is_admin and organizations.admin_count(organization_id) <= 1:
        raise Conflict("An organization needs at least one admin.")
    organizations.take_out_of_organization(membership)
    db.session.flush()
    if not organization_ids_of(user.id):
        user.is_active = False
        end_every_session(user)
        revoke_every_token(user)
    audit.record(
        actor,
        organization_id,
        "person.deactivated",
        subject_type="user",
        subject_id=user.id,
        details={"source": source, "signs_in_elsewhere": user.is_active},
    )
    emit(
        organization_id,
        EventType.person_deactivated,
        {
            "user_id": user.id,
            "source": source,
            "external_id": external_id,
            "signs_in_elsewhere": user.is_active,
        },
    )
    return Outcome(DEACTIVATED, user.id)


def apply_team(
    organization_id: str,
    source: str,
    external_id: str,
    *,
    name: str,
    description: str | None = None,
) -> Outcome:
    """Create or rename the team the LMS knows by this id (a course section, a class)."""
    source, external_id = check_source(source), check_external_id(external_id)
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise Unprocessable("A name is needed.", errors={"name": ["Give 1 to 200 characters."]})
    description = description.strip()[:2000] if description is not None else None
    team = team_by_external_id(organization_id, source, external_id)
    if team is None:
        team = Team(organization_id=organization_id, name=name, description=description or "")
        db.session.add(team)
        db.session.flush()
        db.session.add(
            TeamExternalId(
                team_id=team.id,
                organization_id=organization_id,
                source=source,
                external_id=external_id,
            )
        )
        db.session.flush()
        return Outcome(CREATED, team.id)
    changed = team.name != name or (description is not None and team.description != description)
    if changed:
        _refuse_archived(team, "external_id")
    team.name = name
    if description is not None:
        team.description = description
    db.session.flush()
    return Outcome(UPDATED if changed else UNCHANGED, team.id)


def _refuse_archived(team: Team, field: str) -> None:
    if team.archived_at is not None:
        raise Conflict(
            f"The team “{team.name}” is archived, so it takes no changes.",
            errors={field: ["Bring the team back on the admin console first, or leave it out."]},
        )


def _team_and_user(
    organization_id: str, source: str, team_external_id: str, user_external_id: str
) -> tuple[Team, User]:
    source = check_source(source)
    team_external_id = check_external_id(team_external_id, "team_external_id")
    user_external_id = check_external_id(user_external_id, "user_external_id")
    team = team_by_external_id(organization_id, source, team_external_id)
    if team is None:
        raise NotFound(
            f"No team has that id from {source} yet. Add the team first.",
            errors={"team_external_id": [f"Unknown team id from {source}."]},
        )
    user = user_by_external_id(organization_id, source, user_external_id)
    if user is None:
        raise NotFound(
            f"No person has that id from {source} yet. Add the person first.",
            errors={"user_external_id": [f"Unknown person id from {source}."]},
        )
    return team, user


def apply_membership(
    actor: Actor,
    organization_id: str,
    source: str,
    team_external_id: str,
    user_external_id: str,
    *,
    role: Role | str,
) -> Outcome:
    """Put the person on the team as teacher or student (or change their role)."""
    try:
        role = Role(role)
    except ValueError:
        raise Unprocessable("Unknown role.", errors={"role": ["Use teacher or student."]}) from None
    team, user = _team_and_user(organization_id, source, team_external_id, user_external_id)
    membership = db.session.scalar(
        select(Membership).where(Membership.team_id == team.id, Membership.user_id == user.id)
    )
    if membership is not None and membership.role is role:
        return Outcome(UNCHANGED, membership.id)
    _refuse_archived(team, "team_external_id")
    if membership is None:
        membership = Membership(team_id=team.id, user_id=user.id, role=role, roster_source=source)
        db.session.add(membership)
        status = CREATED
        summary = f"{user.display_name} joined the team as {role.value} (roster sync)"
    else:
        membership.role = role
        status = UPDATED
        summary = f"{user.display_name} is now a {role.value} on the team (roster sync)"
    db.session.flush()
    record(team.id, actor, "member.synced", summary, subject_id=membership.id)
    return Outcome(status, membership.id)


def apply_removal(
    actor: Actor, organization_id: str, source: str, team_external_id: str, user_external_id: str
) -> Outcome:
    """Take the person off the team; nothing to do when they are not on it."""
    team, user = _team_and_user(organization_id, source, team_external_id, user_external_id)
    membership = db.session.scalar(
        select(Membership).where(Membership.team_id == team.id, Membership.user_id == user.id)
    )
    if membership is None:
        return Outcome(UNCHANGED)
    db.session.delete(membership)
    db.session.flush()
    record(team.id, actor, "member.synced", f"{user.display_name} left the team (roster sync)")
    return Outcome(REMOVED)


def attempt(change, *args, **kwargs) -> Outcome:
    """Apply one change inside a savepoint: a refused change leaves nothing behind."""
    try:
        with db.session.begin_nested():
            return change(*args, **kwargs)
    except ServiceError as error:
        errors = error.extra.get("errors") or {"_": [error.detail]}
        return Outcome(ERROR, errors=errors, note=error.detail, http_status=error.status)
    except IntegrityError:
        # Another request wrote the same thing at the same moment: this row can simply be resent.
        detail = "That clashes with something written at the same moment. Send this row again."
        return Outcome(ERROR, errors={"_": [detail]}, note=detail, http_status=409)


# --- one at a time --------------------------------------------------------------------------


@transactional
def upsert_user(actor: Actor, organization_id: str, source: str, external_id: str, **fields):
    """PUT a person by the LMS's id; returns the outcome and the person."""
    _require_writer(actor, organization_id)
    outcome = apply_user(actor, organization_id, source, external_id, **fields)
    return outcome, db.session.get(User, outcome.id)


@transactional
def link_user(actor: Actor, organization_id: str, source: str, external_id: str, *, user_id: str):
    """Link the LMS's id to a person of the organization; returns the outcome and the person."""
    _require_writer(actor, organization_id)
    outcome = apply_link(actor, organization_id, source, external_id, user_id=user_id)
    return outcome, db.session.get(User, outcome.id)


@transactional
def deactivate_user(actor: Actor, organization_id: str, source: str, external_id: str) -> None:
    """A leaver: see apply_deactivation."""
    _require_writer(actor, organization_id)
    apply_deactivation(actor, organization_id, source, external_id)


@transactional
def upsert_team(actor: Actor, organization_id: str, source: str, external_id: str, **fields):
    """PUT a team by the LMS's id; returns the outcome and the team."""
    _require_writer(actor, organization_id)
    outcome = apply_team(organization_id, source, external_id, **fields)
    return outcome, db.session.get(Team, outcome.id)


@transactional
def upsert_membership(
    actor: Actor,
    organization_id: str,
    source: str,
    team_external_id: str,
    user_external_id: str,
    *,
    role: Role,
):
    """PUT a person on a team by the LMS's ids; returns the outcome and the membership."""
    _require_writer(actor, organization_id)
    outcome = apply_membership(
        actor, organization_id, source, team_external_id, user_external_id, role=role
    )
    return outcome, db.session.get(Membership, outcome.id)


@transactional
def remove_membership(
    actor: Actor, organization_id: str, source: str, team_external_id: str, user_external_id: str
) -> None:
    _require_writer(actor, organization_id)
    apply_removal(actor, organization_id, source, team_external_id, user_external_id)


def describe_user(user: User, organization_id: str, source: str, external_id: str) -> dict:
    return {
        "id": user.id,
        "source": source,
        "external_id": external_id,
        "display_name": user.display_name,
        "email": user.email,
        "username": user.username,
        "active": user.is_active and _is_org_member(organization_id, user.id),
        "pending_changes": identity.pending_fields(user.id),
    }


def describe_team(team: Team, source: str, external_id: str) -> dict:
    members = select(func.count(Membership.id)).where(Membership.team_id == team.id)
    count = db.session.scalar(members)
    return {
        "id": team.id,
        "source": source,
        "external_id": external_id,
        "name": team.name,
        "description": team.description,
        "member_count": int(count or 0),
    }


def get_user(actor: Actor, organization_id: str, source: str, external_id: str) -> dict:
    """The person the LMS knows by this id."""
    require_org_manager(actor, organization_id, ROSTER_READ)
    source, external_id = check_source(source), check_external_id(external_id)
    user = user_by_external_id(organization_id, source, external_id)
    if user is None:
        raise NotFound(f"No person has that id from {source}.")
    return describe_user(user, organization_id, source, external_id)


def get_team(actor: Actor, organization_id: str, source: str, external_id: str) -> dict:
    """The team the LMS knows by this id."""
    require_org_manager(actor, organization_id, ROSTER_READ)
    source, external_id = check_source(source), check_external_id(external_id)
    team = team_by_external_id(organization_id, source, external_id)
    if team is None:
        raise NotFound(f"No team has that id from {source}.")
    return describe_team(team, source, external_id)


# --- batches --------------------------------------------------------------------------------

#: fields each operation needs, beyond "op" and "source"
REQUIRED = {
    "upsert_user": ("external_id", "display_name"),
    "upsert_team": ("external_id", "name"),
    "upsert_membership": ("team_external_id", "user_external_id", "role"),
    "remove_membership": ("team_external_id", "user_external_id"),
    "link_user": ("external_id", "user_id"),
    "deactivate_user": ("external_id",),
}
ALLOWED = {
    "upsert_user": {"external_id", "display_name", "email", "username"},
    "upsert_team": {"external_id", "name", "description"},
    "upsert_membership": {"team_external_id", "user_external_id", "role"},
    "remove_membership": {"team_external_id", "user_external_id"},
    "link_user": {"external_id", "user_id"},
    "deactivate_user": {"external_id"},
}


def _batch_row(actor: Actor, organization_id: str, row: dict[str, Any]) -> Outcome:
    op = str(row["op"])
    missing = [name for name in REQUIRED[op] if row.get(name) in (None, "")]
    extra = sorted(set(row) - ALLOWED[op] - {"op", "source"})
    if missing or extra:
        errors = {name: [f"Needed for {op}."] for name in missing}
        errors.update({name: [f"Not used by {op}."] for name in extra})
        return Outcome(ERROR, errors=errors, note="Some fields need attention.", http_status=422)
    source = row["source"]
    if op == "upsert_user":
        return attempt(
            apply_user,
            actor,
            organization_id,
            source,
            row["external_id"],
            display_name=row["display_name"],
            email=row.get("email"),
            username=row.get("username"),
        )
    if op == "link_user":
        return attempt(
            apply_link, actor, organization_id, source, row["external_id"], user_id=row["user_id"]
        )
    if op == "deactivate_user":
        return attempt(apply_deactivation, actor, organization_id, source, row["external_id"])
    if op == "upsert_team":
        return attempt(
            apply_team,
            organization_id,
            source,
            row["external_id"],
            name=row["name"],
            description=row.get("description"),
        )
    ids = (source, row["team_external_id"], row["user_external_id"])
    if op == "upsert_membership":
        return attempt(apply_membership, actor, organization_id, *ids, role=row["role"])
    return attempt(apply_removal, actor, organization_id, *ids)


@transactional
def run_batch(actor: Actor, organization_id: str, operations: list[dict[str, Any]]) -> dict:
    """Apply operations in order, each on its own: good rows land, bad rows say why."""
    _require_writer(actor, organization_id)
    results = []
    counts: dict[str, int] = {}
    for index, row in enumerate(operations):
        outcome = _batch_row(actor, organization_id, row)
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
        result: dict[str, Any] = {"index": index, "op": str(row["op"]), "status": outcome.status}
        if outcome.id:
            result["id"] = outcome.id
        if outcome.status == ERROR:
            result["detail"] = outcome.note
            result["errors"] = outcome.errors
            result["http_status"] = outcome.http_status
        elif outcome.note:
            result["detail"] = outcome.note
        results.append(result)
    return {"counts": counts, "results": results}
