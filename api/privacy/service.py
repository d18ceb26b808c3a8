"""Privacy requests an organization admin makes for one person: export all they hold about
them, or delete it. Both are audited; neither touches the anonymous trust survey answers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import String, delete, func, literal, select, update

from api.access import require_org_admin
from api.actions.models import Action
from api.activity.models import ActivityEntry
from api.actor import Actor
from api.audit import service as audit
from api.cycles.service import clear_recorder_and_timekeeper
from api.db import Base, rows_changed
from api.errors import Conflict, NotFound
from api.evidence.models import Evidence
from api.extensions import db
from api.organizations.models import Organization, OrgMembership
from api.privacy.export import person_document, zip_stream
from api.privacy.files import finish_file_deletions, queue_file_deletions
from api.storage import Storage
from api.teams.models import Membership, Role, Team
from api.transactions import transaction, transactional
from api.users.models import User

PERSON_NOT_FOUND = "We couldn't find that person in this organization."
FORMER_STUDENT = "A former student"
FORMER_MEMBER = "A former member"


@dataclass(frozen=True)
class PersonExport:
    file_name: str
    chunks: Iterator[bytes]


def _person(actor: Actor, organization_id: str, user_id: str) -> tuple[Organization, User]:
    organization = require_org_admin(actor, organization_id)
    user = db.session.scalar(
        select(User)
        .join(OrgMembership, OrgMembership.user_id == User.id)
        .where(OrgMembership.organization_id == organization_id, User.id == user_id)
    )
    if user is None:
        raise NotFound(PERSON_NOT_FOUND)
    return organization, user


def _yourself(actor: Actor, organization_id: str) -> tuple[Organization, User]:
    """Anyone may export their own data from an organization they belong to."""
    organization = db.session.get(Organization, organization_id)
    membership = db.session.scalar(
        select(OrgMembership.id).where(
            OrgMembership.organization_id == organization_id, OrgMembership.user_id == actor.id
        )
    )
    if organization is None or membership is None:
        raise NotFound(PERSON_NOT_FOUND)
    return organization, db.session.get_one(User, actor.id)


@transactional
def export_person(
    actor: Actor, organization_id: str, user_id: str, *, storage: Storage
) -> PersonExport:
    """Everything the organization holds about a person, as a ZIP streamed from ``chunks``:
    person.json (profile, memberships, cycles, evidence, notes, actions, comments, reflections,
    notifications, commitments …) and the evidence files they added. Org admins, or the person
    themselves (their own export alone holds their trust receipts and relationship records).

    The export is audited and committed before the first byte is sent.
    Raises NotFound (not a person of the organization), Forbidden (not an admin).
    """
    for_themselves = actor.id == user_id
    organization, user = (
        _yourself(actor, organization_id)
        if for_themselves
        else _person(actor, organization_id, user_id)
    )
    document, files = person_document(organization, user, for_themselves=for_themselves)
    audit.record(
        actor,
        organization_id,
        "privacy.exported",
        subject_type="user",
        subject_id=user.id,
        details={"evidence_files": len(files)},
    )
    return PersonExport(
        file_name=f"privacy-export-{user.id}.zip", chunks=zip_stream(document, files, storage)
    )


def _rows_that_belong_to(user_id: str) -> None:
    """Delete every row whose link to the person cascades on delete: their memberships,
    tokens, notifications, preferences, LMS ids, survey receipts, commitments and facilitator
    places — including tables added later, which follow the same rule. Rows linked with
    SET NULL are shared work and stay, credited to the anonymized account."""
    users = Base.metadata.tables["users"]
    for table in reversed(Base.metadata.sorted_tables):
        for foreign_key in table.foreign_keys:
            if foreign_key.column is users.c.id and foreign_key.ondelete == "CASCADE":
                db.session.execute(delete(table).where(foreign_key.parent == user_id))


def _scrub_activity(teams, name: str, label: str) -> None:
    """Put the label where the feed names the person: "Sam joined the team …" (roster sync)
    and "planned “…” for Sam" (actions). Only those places, so a short name inside other
    words is never touched."""
    summary = ActivityEntry.summary
    in_teams = ActivityEntry.team_id.in_(teams)
    db.session.execute(
        update(ActivityEntry)
        .where(in_teams, summary.startswith(f"{name} ", autoescape=True))
        .values(summary=literal(label, String).concat(func.substr(summary, len(name) + 1)))
    )
    db.session.execute(
        update(ActivityEntry)
        .where(in_teams, summary.endswith(f" for {name}", autoescape=True))
        .values(
            summary=func.substr(summary, 1, func.length(summary) - len(name), type_=String).concat(
                label
            )
        )
    )


def _delete_their_evidence(user: User, teams) -> tuple[int, list[str]]:
    """Delete the evidence they added in the organization, and the feed's lines about it (they
    repeat its title, which may name the student); queue its files. Returns (count, keys)."""
    evidence = db.session.execute(
        select(Evidence.id, Evidence.storage_key).where(
            Evidence.added_by_id == user.id, Evidence.team_id.in_(teams)
        )
    ).all()
    keys = queue_file_deletions(key for _, key in evidence)
    evidence_ids = [evidence_id for evidence_id, _ in evidence]
    db.session.execute(delete(Evidence).where(Evidence.id.in_(evidence_ids)))
    db.session.execute(delete(ActivityEntry).where(ActivityEntry.subject_id.in_(evidence_ids)))
    return len(evidence_ids), keys


def _release_their_roles(user: User) -> int:
    """Actions they own lose their owner; cycles lose them as recorder or timekeeper.
    Returns how many actions were left without an owner."""
    unassigned = rows_changed(
        db.session.execute(update(Action).where(Action.owner_id == user.id).values(owner_id=None))
    )
    clear_recorder_and_timekeeper(user.id)
    return unassigned


def _anonymize(user: User, label: str) -> None:
    """The account stays, so shared work keeps an author, but says nothing about the person
    and can never sign in again."""
    user.display_name = label
    user.email = None
    user.username = f"former-{user.id}"
    user.password_hash = None
    user.is_active = False
    user.last_sign_in_at = None


def delete_person(actor: Actor, organization_id: str, user_id: str, *, storage: Storage) -> dict:
    """Erase a person from the organization at their (or their family's) request.

    Removed: their name, email, username and password (the account is anonymized as
    "A former student" or "A former member" and can never sign in); every row that belongs to
    them (see ``_rows_that_belong_to``); the evidence they added, with its files; their
    ownership of actions and their recorder and timekeeper places; their name in the feed.
    Kept: the notes, comments, reflections, cycle moves and actions they wrote for their team,
    shown as by "A former student": teammates rely on them, and deleting a note would change
    what the team's analysis rests on. Anonymous trust survey answers stay too: they were never
    linked to the person, so every result and count is the same before and after.

    All database changes and the audit event commit together; only then are the files deleted
    (each queued first, so one the store refuses is retried by the worker). A failed commit
    therefore deletes no file, and a failed file deletion never leaves a row behind.
    Raises NotFound, Forbidden (not an admin), Conflict (yourself; a person who also belongs
    to another organization).
    """
    with transaction():
        _, user = _person(actor, organization_id, user_id)
        if user.id == actor.id:
            raise Conflict("You can't delete your own account here. Ask another admin.")
        elsewhere = db.session.scalar(
            select(func.count(OrgMembership.id)).where(
                OrgMembership.user_id == user.id, OrgMembership.organization_id != organization_id
            )
        )
        if elsewhere:
            raise Conflict(
                "This person also belongs to another school or district. An admin there needs to "
                "remove them first."
            )
        teams = select(Team.id).where(Team.organization_id == organization_id)
        was_student = db.session.scalar(
            select(func.count(Membership.id)).where(
                Membership.user_id == user.id, Membership.role == Role.student
            )
        )
        label = FORMER_STUDENT if was_student else FORMER_MEMBER
        evidence_deleted, keys = _delete_their_evidence(user, teams)
        actions_unassigned = _release_their_roles(user)
        _scrub_activity(teams, user.display_name, label)
        _rows_that_belong_to(user.id)
        _anonymize(user, label)
        counts = {"evidence_deleted": evidence_deleted, "actions_unassigned": actions_unassigned}
        audit.record(
            actor,
            organization_id,
            "privacy.deleted",
            subject_type="user",
            subject_id=user.id,
            details=counts,
        )
    cleanup = finish_file_deletions(storage, keys)
    return {
        "user_id": user.id,
        "display_name": label,
        **counts,
        "files_deleted": cleanup.deleted,
        "files_pending": cleanup.pending,
    }
