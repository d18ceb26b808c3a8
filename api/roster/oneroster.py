"""OneRoster 1.1 CSV import: users.csv → people, classes.csv → teams, enrollments.csv → roles.

A dry run does all the work inside a savepoint and rolls it back, so its report says exactly
what a real run would change, and writes nothing.
"""

from __future__ import annotations

import contextlib
import csv
import io
from typing import Any

from sqlalchemy import and_, select

from api.actor import Actor
from api.errors import Unprocessable
from api.extensions import db
from api.roster import service
from api.roster.models import TeamExternalId
from api.roster.service import ERROR, REMOVED, SKIPPED, UNCHANGED, Outcome
from api.teams.models import Membership
from api.transactions import transactional
from api.users import identity
from api.users.models import ExternalIdentity

FILES = ("users.csv", "classes.csv", "enrollments.csv")
#: the OneRoster 1.1 columns this import reads; the others may be there and are ignored
NEEDED_COLUMNS = {
    "users.csv": ("sourcedId", "role", "givenName", "familyName"),
    "classes.csv": ("sourcedId", "title"),
    "enrollments.csv": ("sourcedId", "classSourcedId", "userSourcedId", "role"),
}
#: OneRoster roles that are not part of an inquiry team
NOT_PEOPLE_OF_TEAMS = {"guardian", "parent", "relative"}
TEAM_ROLES = {"teacher", "student"}
TO_BE_DELETED = "tobedeleted"
BULK, DELTA = "bulk", "delta"


def _read(name: str, upload) -> tuple[list[dict[str, str]], list[str]]:
    """The file's rows and, when it can't be used, why."""
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], ["Save the file as UTF-8 CSV."]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [column.strip() for column in reader.fieldnames or []]
    missing = [column for column in NEEDED_COLUMNS[name] if column not in columns]
    if missing:
        return [], [f"Missing columns: {', '.join(missing)}."]
    reader.fieldnames = columns
    try:
        rows = [{key: (value or "").strip() for key, value in row.items() if key} for row in reader]
    except csv.Error as error:
        return [], [f"This CSV can't be read: {error}."]
    return rows, []


def _user(actor: Actor, organization_id: str, source: str, row: dict[str, str]) -> Outcome:
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


def _class(actor: Actor, organization_id: str, source: str, row: dict[str, str]) -> Outcome:
    if row.get("status", "").lower() == TO_BE_DELETED:
        return Outcome(SKIPPED, note="Marked tobedeleted: the team was left as it is.")
    return service.attempt(
        service.apply_team, organization_id, source, row["sourcedId"], name=row["title"]
    )


def _enrollment(actor: Actor, organization_id: str, source: str, row: dict[str, str]) -> Outcome:
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


HANDLERS = {"users.csv": _user, "classes.csv": _class, "enrollments.csv": _enrollment}
KINDS = {"users.csv": "users", "classes.csv": "teams", "enrollments.csv": "memberships"}


@transactional
def import_oneroster(
    actor: Actor,
    organization_id: str,
    files: dict[str, Any],
    *,
    source: str,
    dry_run: bool,
    mode: str = DELTA,
) -> dict:
    """Import the OneRoster files sent; with dry_run, report what would change and write nothing.

    In `bulk` mode the enrollments file is the whole roster: memberships of this source's
    teams and people that it no longer lists are removed. In `delta` mode only the rows sent
    change.

    All or nothing: a real run with any row that can't be applied writes nothing and raises
    Unprocessable carrying the same row-by-row report a dry run gives (`rows`, `counts`), so
    the dry run and the real run agree. Also Unprocessable when no file is sent or a file
    lacks the columns it needs.
    """
    service.require_org_manager(actor, organization_id, service.ROSTER_WRITE)
    source = service.check_source(source)
    sent = {name: upload for name, upload in files.items() if upload is not None}
    if not sent:
        raise Unprocessable(
            "Send at least one OneRoster file.",
            errors={"file": [f"Send any of {', '.join(FILES)} as multipart form files."]},
        )
    tables: dict[str, list[dict[str, str]]] = {}
    problems: dict[str, list[str]] = {}
    for name in FILES:
        if name in sent:
            rows, errors = _read(name, sent[name])
            if errors:
                problems[name] = errors
            tables[name] = rows
    if problems:
        raise Unprocessable("Some files can't be imported.", errors=problems)

    counts: dict[str, dict[str, int]] = {}
    report: list[dict[str, Any]] = []
    savepoint = db.session.begin_nested()
    with identity.emails_held() if dry_run else contextlib.nullcontext():
        _apply_files(actor, organization_id, source, tables, dry_run, mode, counts, report)
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
    return {"dry_run": dry_run, "source": source, "counts": counts, "rows": report}


def _apply_files(
    actor: Actor,
    organization_id: str,
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
        kind = KINDS[name]
        counts[kind] = {}
        for line, row in enumerate(tables.get(name, []), start=2):
            outcome = HANDLERS[name](actor, organization_id, source, row)
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
        removed = _remove_unlisted(actor, organization_id, source, tables["enrollments.csv"])
        counts["memberships"][REMOVED] = counts["memberships"].get(REMOVED, 0) + len(removed)
        report += removed


def _remove_unlisted(
    actor: Actor, organization_id: str, source: str, enrollments: list[dict[str, str]]
) -> list[dict[str, Any]]:
    """A bulk import's enrollments are the whole roster: take people off this source's teams
    where it no longer lists them. Only memberships between a team and a person both known by
    this source's ids are touched; people added in the app by hand stay."""
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
        .where(TeamExternalId.organization_id == organization_id, TeamExternalId.source == source)
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
