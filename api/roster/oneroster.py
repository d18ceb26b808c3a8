"""OneRoster 1.1 CSV import: a bundle (api.roster.bundle) or single files. orgs.csv → this
organization's school, academicSessions.csv → the calendar's terms, courses.csv → the names of
their classes' teams, users.csv → people, classes.csv → teams, enrollments.csv → roles.

A dry run does all the work inside a savepoint and rolls it back, so its report says exactly
what a real run would change, and writes nothing.
"""

from __future__ import annotations

import contextlib
import csv
import io
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, inspect, select

from api.actor import Actor
from api.auth import identity
from api.calendar import service as calendar
from api.errors import Unprocessable
from api.extensions import db
from api.organizations.models import Organization
from api.roster import bundle, service
from api.roster.models import TeamExternalId
from api.roster.service import (
    CREATED,
    ERROR,
    REMOVED,
    SKIPPED,
    UNCHANGED,
    UPDATED,
    Outcome,
    check_external_id,
)
from api.teams.models import Membership
from api.transactions import transactional
from api.users.models import ExternalIdentity

#: in the order they are applied: the school, its terms and courses, then people and classes
FILES = (
    "orgs.csv",
    "academicSessions.csv",
    "courses.csv",
    "users.csv",
    "classes.csv",
    "enrollments.csv",
)
#: files that can be sent one by one, without a bundle
SINGLE_FILES = ("users.csv", "classes.csv", "enrollments.csv")
#: the OneRoster 1.1 columns a file can't be read without (bundle.USED_COLUMNS lists all read)
NEEDED_COLUMNS = {
    "orgs.csv": ("sourcedId", "name", "type"),
    "academicSessions.csv": ("sourcedId", "title", "type", "startDate", "endDate"),
    "courses.csv": ("sourcedId", "title"),
    "users.csv": ("sourcedId", "role", "givenName", "familyName"),
    "classes.csv": ("sourcedId", "title"),
    "enrollments.csv": ("sourcedId", "classSourcedId", "userSourcedId", "role"),
}
#: OneRoster roles that are not part of an inquiry team
NOT_PEOPLE_OF_TEAMS = {"guardian", "parent", "relative"}
TEAM_ROLES = {"teacher", "student"}
TO_BE_DELETED = "tobedeleted"
BULK, DELTA = "bulk", "delta"
#: an orgs.csv school that is this organization
MAPPED = "mapped"


def _read(name: str, raw: bytes) -> tuple[list[dict[str, str]], list[str], list[str]]:
    """The file's rows, its columns and, when it can't be used, why."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [], ["Save the file as UTF-8 CSV."]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [column.strip() for column in reader.fieldnames or []]
    missing = [column for column in NEEDED_COLUMNS[name] if column not in columns]
    if missing:
        return [], columns, [f"Missing columns: {', '.join(missing)}."]
    reader.fieldnames = columns
    try:
        rows = [{key: (value or "").strip() for key, value in row.items() if key} for row in reader]
    except csv.Error as error:
        return [], columns, [f"This CSV can't be read: {error}."]
    return rows, columns, []


@dataclass
class Context:
    """What one import knows beyond the row at hand."""

    organization: Organization
    #: course sourcedId → title, for the teams of its classes
    courses: dict[str, str] = field(default_factory=dict)
    #: orgs.csv schools that are not this organization: their classes are refused too
    other_schools: set[str] = field(default_factory=set)


def _org(actor: Actor, context: Context, source: str, row: dict[str, str]) -> Outcome:
    kind = row["type"].lower()
    if row.get("status", "").lower() == TO_BE_DELETED or kind != "school":
        return Outcome(SKIPPED, note=f"A {kind or 'blank'} org is not imported; schools are.")
    name = context.organization.name
    if row["name"].strip().casefold() == name.strip().casefold():
        return Outcome(MAPPED, context.organization.id, note=f"This school is {name}.")
    context.other_schools.add(row["sourcedId"])
    reason = (
        f"This bundle's school “{row['name']}” is not {name}. Import each school into its own "
        "organization, or rename the organization to match."
    )
    return Outcome(ERROR, errors={"name": [reason]}, note=reason, http_status=422)


def _session(actor: Actor, context: Context, source: str, row: dict[str, str]) -> Outcome:
    kind = row["type"].lower()
    if row.get("status", "").lower() == TO_BE_DELETED:
        return Outcome(SKIPPED, note="Marked tobedeleted: the term was left as it is.")
    if kind not in bundle.TERM_TYPES:
        return Outcome(SKIPPED, note=f"A {kind or 'blank'} session is not a term; its terms are.")
    try:
        starts_on, ends_on = bundle.session_dates(row)
    except ValueError:
        detail = "Give startDate and endDate as YYYY-MM-DD."
        return Outcome(ERROR, errors={"startDate": [detail]}, note=detail, http_status=422)

    def save() -> Outcome:
        term, changed = calendar.save_external_term(
            context.organization.id,
            source=source,
            external_id=check_external_id(row["sourcedId"], "sourcedId"),
            name=(row["title"] or row["sourcedId"])[:200],
            starts_on=starts_on,
            ends_on=ends_on,
        )
        status = CREATED if inspect(term).pending else UPDATED if changed else UNCHANGED
        db.session.flush()
        return Outcome(status, term.id)

    return service.attempt(save)


def _course(actor: Actor, context: Context, source: str, row: dict[str, str]) -> Outcome:
    context.courses[row["sourcedId"]] = row["title"]
    return Outcome(UNCHANGED, note="Names the teams of its classes.")


def _user(actor: Actor, context: Context, source: str, row: dict[str, str]) -> Outcome:
    organization_id = context.organization.id
    role = row["role"].lower()
    if row.get("status", "").lower() == TO_BE_DELETED:
        if service.user_by_external_id(organization_id, source, row["sourcedId"]) is None:
            return Outcome(SKIPPED, note="Marked tobedeleted, and not in the roster.")
        return service.attempt(
            service.apply_deactivation, actor, organization_id, source, row["sourcedId"]
        )
    if role in NOT_PEOPLE_OF_TEAMS:
        return Outcome(SKIPPED, note=f"A {role} is not part of inquiry teams, so was left out.")
    name = f"{row['givenName']} {row['familyName']}".strip()
    return service.attempt(
        service.apply_user,
        actor,
        organization_id,
        source,
        row["sourcedId"],
        display_name=name or row.get("username") or row["sourcedId"],
        email=row.get("email") or None,
        username=row.get("username") or None,
    )


def _class(actor: Actor, context: Context, source: str, row: dict[str, str]) -> Outcome:
    if row.get("status", "").lower() == TO_BE_DELETED:
        return Outcome(SKIPPED, note="Marked tobedeleted: the team was left as it is.")
    if row.get("schoolSourcedId") in context.other_schools:
        detail = "This class belongs to a school that is not this organization (see orgs.csv)."
        return Outcome(ERROR, errors={"schoolSourcedId": [detail]}, note=detail, http_status=422)
    course = context.courses.get(row.get("courseSourcedId", ""))
    return service.attempt(
        service.apply_team,
        context.organization.id,
        source,
        row["sourcedId"],
        name=row["title"],
        description=f"Course: {course}" if course else None,
    )


def _enrollment(actor: Actor, context: Context, source: str, row: dict[str, str]) -> Outcome:
    organization_id = context.organization.id
    ids = (source, row["classSourcedId"], row["userSourcedId"])
    if row.get("status", "").lower() == TO_BE_DELETED:
        return service.attempt(service.apply_removal, actor, organization_id, *ids)
    role = row["role"].lower()
    if role not in TEAM_ROLES:
        return Outcome(
            SKIPPED,
            note=f"Only teachers and students join teams; a {role or 'blank'} role was left out.",
        )
    return service.attempt(service.apply_membership, actor, organization_id, *ids, role=role)


HANDLERS = {
    "orgs.csv": _org,
    "academicSessions.csv": _session,
    "courses.csv": _course,
    "users.csv": _user,
    "classes.csv": _class,
    "enrollments.csv": _enrollment,
}
KINDS = {
    "orgs.csv": "schools",
    "academicSessions.csv": "terms",
    "courses.csv": "courses",
    "users.csv": "users",
    "classes.csv": "teams",
    "enrollments.csv": "memberships",
}


@transactional
def import_oneroster(
    actor: Actor,
    organization_id: str,
    files: dict[str, Any],
    *,
    source: str,
    dry_run: bool,
    mode: str = DELTA,
    bundle_upload=None,
) -> dict:
    """Import the OneRoster files sent; with dry_run, report what would change and write nothing.

    In `bulk` mode the enrollments file is the whole roster: memberships this source's sync
    made that it no longer lists are removed (people added by hand stay). In `delta` mode only
    the rows sent change.

    All or nothing: a real run with any row that can't be applied writes nothing and raises
    Unprocessable carrying the same row-by-row report a dry run gives (`rows`, `counts`), so
    the dry run and the real run agree. Also Unprocessable when no file is sent or a file
    lacks the columns it needs.
    """
    organization = service.require_org_manager(actor, organization_id, service.ROSTER_WRITE)
    source = service.check_source(source)
    sent = {name: upload for name, upload in files.items() if upload is not None}
    manifest: dict[str, str] | None = None
    not_used_files: list[dict[str, str]] = []
    if bundle_upload is not None:
        if sent:
            raise Unprocessable(
                "Send the bundle or single files, not both.",
                errors={"bundle": ["The bundle already holds every file."]},
            )
        opened = bundle.read_bundle(bundle_upload)
        raw, manifest, not_used_files, mode = (
            opened.files,
            opened.manifest,
            opened.not_used_files,
            opened.mode,
        )
    else:
        if not sent:
            raise Unprocessable(
                "Send a OneRoster bundle or at least one OneRoster file.",
                errors={
                    "file": [
                        f"Send oneroster.zip, or any of {', '.join(SINGLE_FILES)}, as "
                        "multipart form files."
                    ]
                },
            )
        raw = {name: upload.read() for name, upload in sent.items()}
    tables: dict[str, list[dict[str, str]]] = {}
    problems: dict[str, list[str]] = {}
    not_used_columns: dict[str, list[str]] = {}
    for name in FILES:
        if name in raw:
            rows, columns, errors = _read(name, raw[name])
            if errors:
                problems[name] = errors
            tables[name] = rows
            if unused := bundle.unused_columns(name, columns):
                not_used_columns[name] = unused
    if problems:
        raise Unprocessable("Some files can't be imported.", errors=problems)
    context = Context(organization=organization)

    counts: dict[str, dict[str, int]] = {}
    report: list[dict[str, Any]] = []
    savepoint = db.session.begin_nested()
    with identity.emails_held() if dry_run else contextlib.nullcontext():
        _apply_files(actor, context, source, tables, dry_run, mode, counts, report)
    failed = [row for row in report if row["status"] == ERROR]
    if dry_run or failed:
        savepoint.rollback()
    else:
        savepoint.commit()
    if failed and not dry_run:
        raise Unprocessable(
            f"{len(failed)} row(s) can't be imported, so nothing was imported. Fix them and "
            "send the files again.",
            errors={f"{row['file']} line {row['line']}": row["errors"] for row in failed},
            counts=counts,
            rows=report,
        )
    return {
        "dry_run": dry_run,
        "source": source,
        "mode": mode,
        "manifest": manifest,
        "counts": counts,
        "rows": report,
        "not_used": {"files": not_used_files, "columns": not_used_columns},
    }


def _apply_files(
    actor: Actor,
    context: Context,
    source: str,
    tables: dict[str, list[dict[str, str]]],
    dry_run: bool,
    mode: str,
    counts: dict[str, dict[str, int]],
    report: list[dict[str, Any]],
) -> None:
    """Apply every row of the files, in order (users, classes, enrollments), into counts and
    report."""
    for name in FILES:
        if name not in tables:
            continue
        kind = KINDS[name]
        counts[kind] = {}
        for line, row in enumerate(tables.get(name, []), start=2):
            outcome = HANDLERS[name](actor, context, source, row)
            counts[kind][outcome.status] = counts[kind].get(outcome.status, 0) + 1
            if outcome.status == UNCHANGED:
                continue
            entry: dict[str, Any] = {
                "file": name,
                "line": line,
                "sourced_id": row.get("sourcedId", ""),
                "status": outcome.status,
            }
            if outcome.id and not dry_run and outcome.status != REMOVED:
                entry["id"] = outcome.id
            if outcome.status == ERROR:
                entry["errors"] = outcome.errors
                entry["http_status"] = outcome.http_status
            if outcome.note:
                entry["note"] = outcome.note
            report.append(entry)
    if mode == BULK and "enrollments.csv" in tables:
        removed = _remove_unlisted(
            actor, context.organization.id, source, tables["enrollments.csv"]
        )
        counts["memberships"][REMOVED] = counts["memberships"].get(REMOVED, 0) + len(removed)
        report += removed


def _remove_unlisted(
    actor: Actor, organization_id: str, source: str, enrollments: list[dict[str, str]]
) -> list[dict[str, Any]]:
    """A bulk import's enrollments are the whole roster: take people off this source's teams
    where it no longer lists them. Only memberships this source's sync made are touched
    (Membership.roster_source); people added in the app by hand, or by an LMS course, stay."""
    listed = {
        (row["classSourcedId"], row["userSourcedId"])
        for row in enrollments
        if row.get("status", "").lower() != TO_BE_DELETED and row["role"].lower() in TEAM_ROLES
    }
    rows = db.session.execute(
        select(TeamExternalId.external_id, ExternalIdentity.external_id)
        .join(Membership, Membership.team_id == TeamExternalId.team_id)
        .join(
            ExternalIdentity,
            and_(
                ExternalIdentity.user_id == Membership.user_id,
                ExternalIdentity.organization_id == organization_id,
                ExternalIdentity.source == source,
            ),
        )
        .where(
            TeamExternalId.organization_id == organization_id,
            TeamExternalId.source == source,
            Membership.roster_source == source,
        )
        .order_by(TeamExternalId.external_id, ExternalIdentity.external_id)
    ).all()
    report = []
    for team_external_id, user_external_id in rows:
        if (team_external_id, user_external_id) in listed:
            continue
        outcome = service.attempt(
            service.apply_removal,
            actor,
            organization_id,
            source,
            team_external_id,
            user_external_id,
        )
        report.append(
            {
                "file": "enrollments.csv",
                "line": None,
                "sourced_id": "",
                "status": outcome.status,
                "note": f"{user_external_id} is no longer listed in class {team_external_id} "
                "(a bulk import): taken off the team.",
            }
        )
    return report
