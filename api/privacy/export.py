"""Everything the organization holds about one person, as a JSON document and a ZIP stream.

The document is built from the database first (it is small: text and metadata); the ZIP is
then streamed, evidence files copied chunk by chunk from the store, so neither the archive nor
a file is ever held whole in memory. Trust survey answers are not in it: they are kept only as
counts with no link to the person (api/trust/models.py), so there is nothing to find.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select

from api.actions.models import Action
from api.activity.models import ActivityEntry
from api.analysis.models import AnalysisNote
from api.auth.models import ApiToken
from api.comments.models import Comment
from api.cycles.models import Cycle, CycleEvent, CycleFacilitator
from api.db import utcnow
from api.evidence.models import Evidence
from api.evidence.service import clean_file_name
from api.extensions import db
from api.notifications.models import Notification, NotificationPreference
from api.organizations.models import Organization, OrgMembership
from api.puzzles.models import Puzzle
from api.reflections.models import Reflection
from api.relationships.export import relationships_section
from api.storage import CHUNK_SIZE, Storage, StorageError
from api.teams.models import CoachAssignment, Membership, Team
from api.trust.models import (
    Commitment,
    ReflectionSession,
    SessionNote,
    TrustReceipt,
    TrustSurvey,
    TrustTarget,
)
from api.users.models import ExternalIdentity, User

FORMAT = "eaa-privacy-export/1"
DOCUMENT_NAME = "person.json"
TRUST_NOTE = (
    "Trust survey answers are anonymous: they are kept only as counts with no link to a person, "
    "so they cannot be found or exported. Which rounds someone answered is shown only to the "
    "person themselves (in an export of their own data); here it is left out otherwise."
)


def _plain(row: Any, *fields: str) -> dict[str, Any]:
    return {field: getattr(row, field) for field in fields}


def _all(query) -> list[Any]:
    return list(db.session.scalars(query))


def person_document(
    organization: Organization, user: User, *, for_themselves: bool = False
) -> tuple[dict, list[dict]]:
    """The person's data within the organization, and the evidence files to add to it. Which
    trust rounds they answered is there only when the person exports their own data.

    Each file is {"path", "storage_key", "evidence": <its entry in the document>}.
    """
    teams = select(Team.id).where(Team.organization_id == organization.id)
    cycles = select(Cycle.id).where(Cycle.team_id.in_(teams))
    membership = db.session.scalar(
        select(OrgMembership).where(
            OrgMembership.organization_id == organization.id, OrgMembership.user_id == user.id
        )
    )
    evidence_rows = _all(
        select(Evidence)
        .where(Evidence.added_by_id == user.id, Evidence.team_id.in_(teams))
        .order_by(Evidence.created_at)
    )
    evidence, files = [], []
    for row in evidence_rows:
        entry = _plain(
            row,
            "id",
            "cycle_id",
            "team_id",
            "kind",
            "title",
            "description",
            "collected_on",
            "student_voice",
            "text",
            "url",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "created_at",
        )
        entry["tags"] = [tag.tag for tag in row.tags]
        entry["file"] = None
        if row.storage_key:
            path = f"files/{row.id}/{clean_file_name(row.original_name)}"
            files.append({"path": path, "storage_key": row.storage_key, "evidence": entry})
        evidence.append(entry)
    document = {
        "format": FORMAT,
        "exported_at": utcnow(),
        "organization": _plain(organization, "id", "name"),
        "person": {
            **_plain(
                user,
                "id",
                "display_name",
                "email",
                "username",
                "is_active",
                "created_at",
                "last_sign_in_at",
            ),
            "is_organization_admin": bool(membership and membership.is_admin),
        },
        "external_ids": [
            _plain(row, "source", "external_id", "created_at")
            for row in _all(
                select(ExternalIdentity).where(
                    ExternalIdentity.user_id == user.id,
                    ExternalIdentity.organization_id == organization.id,
                )
            )
        ],
        "api_tokens": [
            _plain(
                row,
                "name",
                "prefix",
                "scopes",
                "created_at",
                "expires_at",
                "revoked_at",
                "last_used_at",
            )
            for row in _all(select(ApiToken).where(ApiToken.user_id == user.id))
        ],
        "notification_preferences": [
            _plain(row, "email_enabled", "email_mode")
            for row in _all(
                select(NotificationPreference).where(NotificationPreference.user_id == user.id)
            )
        ],
        "team_memberships": [
            {
                "team_id": row.team_id,
                "team": row.team.name,
                "role": row.role,
                "since": row.created_at,
            }
            for row in _all(
                select(Membership).where(
                    Membership.user_id == user.id, Membership.team_id.in_(teams)
                )
            )
        ],
        "coach_assignments": [
            {"team_id": row.team_id, "team": row.team.name, "since": row.created_at}
            for row in _all(
                select(CoachAssignment).where(
                    CoachAssignment.user_id == user.id, CoachAssignment.team_id.in_(teams)
                )
            )
        ],
        "cycles": _cycles(user, teams),
        "puzzles_created": [
            _plain(row, "id", "team_id", "question", "created_at")
            for row in _all(
                select(Puzzle).where(Puzzle.created_by_id == user.id, Puzzle.team_id.in_(teams))
            )
        ],
        "evidence": evidence,
        "analysis_notes": [
            _plain(row, "id", "cycle_id", "kind", "prompt", "body", "created_at", "updated_at")
            for row in _all(
                select(AnalysisNote).where(
                    AnalysisNote.author_id == user.id, AnalysisNote.cycle_id.in_(cycles)
                )
            )
        ],
        "actions": [
            {
                **_plain(
                    row,
                    "id",
                    "cycle_id",
                    "title",
                    "due_on",
                    "success_criteria",
                    "status",
                    "created_at",
                ),
                "you_own_it": row.owner_id == user.id,
                "you_added_it": row.created_by_id == user.id,
            }
            for row in _all(
                select(Action).where(
                    or_(Action.owner_id == user.id, Action.created_by_id == user.id),
                    Action.team_id.in_(teams),
                )
            )
        ],
        "comments": [
            _plain(row, "id", "cycle_id", "body", "created_at")
            for row in _all(
                select(Comment).where(Comment.author_id == user.id, Comment.cycle_id.in_(cycles))
            )
        ],
        "reflections": [
            _plain(
                row,
                "id",
                "cycle_id",
                "what_happened",
                "impact_evidence",
                "decision",
                "created_at",
                "updated_at",
            )
            for row in _all(
                select(Reflection).where(
                    Reflection.author_id == user.id, Reflection.cycle_id.in_(cycles)
                )
            )
        ],
        "cycle_moves": [
            _plain(row, "cycle_id", "transition", "from_state", "to_state", "comment", "created_at")
            for row in _all(
                select(CycleEvent).where(
                    CycleEvent.actor_id == user.id, CycleEvent.cycle_id.in_(cycles)
                )
            )
        ],
        "activity": [
            _plain(row, "team_id", "cycle_id", "verb", "summary", "created_at")
            for row in _all(
                select(ActivityEntry).where(
                    ActivityEntry.actor_id == user.id, ActivityEntry.team_id.in_(teams)
                )
            )
        ],
        "notifications": [
            _plain(
                row,
                "kind",
                "title",
                "body",
                "link",
                "created_at",
                "read_at",
                "email_status",
                "emailed_at",
            )
            for row in _all(
                select(Notification).where(
                    Notification.user_id == user.id,
                    or_(
                        Notification.organization_id == organization.id,
                        Notification.organization_id.is_(None),
                    ),
                )
            )
        ],
        "trust": _trust(user, teams, for_themselves=for_themselves),
        "relationships": relationships_section(user, teams, for_themselves=for_themselves),
    }
    return document, files


def _cycles(user: User, teams) -> list[dict]:
    facilitated = select(CycleFacilitator.cycle_id).where(CycleFacilitator.user_id == user.id)
    rows = _all(
        select(Cycle).where(
            Cycle.team_id.in_(teams),
            or_(
                Cycle.id.in_(facilitated),
                Cycle.recorder_id == user.id,
                Cycle.timekeeper_id == user.id,
                Cycle.created_by_id == user.id,
            ),
        )
    )
    facilitated_ids = set(db.session.scalars(facilitated))
    result = []
    for cycle in rows:
        roles = [
            role
            for role, held in (
                ("facilitator", cycle.id in facilitated_ids),
                ("recorder", cycle.recorder_id == user.id),
                ("timekeeper", cycle.timekeeper_id == user.id),
                ("started it", cycle.created_by_id == user.id),
            )
            if held
        ]
        result.append(
            {
                **_plain(cycle, "id", "team_id", "number", "title", "state", "created_at"),
                "puzzle": cycle.puzzle.question,
                "your_roles": roles,
            }
        )
    return result


def _trust(user: User, teams, *, for_themselves: bool) -> dict:
    sessions = select(ReflectionSession.id).where(ReflectionSession.team_id.in_(teams))
    answered = (
        db.session.execute(
            select(TrustSurvey.id, TrustSurvey.team_id, TrustSurvey.period)
            .join(TrustReceipt, TrustReceipt.survey_id == TrustSurvey.id)
            .where(TrustReceipt.user_id == user.id, TrustSurvey.team_id.in_(teams))
        ).all()
        if for_themselves
        else None
    )
    return {
        "about_survey_answers": TRUST_NOTE,
        # Beside a round's results, whether someone answered narrows down whose answers they
        # are (a round of three); so only the person sees their own list.
        "surveys_answered": [
            {"survey_id": survey_id, "team_id": team_id, "period": period}
            for survey_id, team_id, period in answered
        ]
        if answered is not None
        else None,
        "commitments": [
            _plain(
                row, "id", "team_id", "session_id", "body", "follow_up_on", "status", "created_at"
            )
            for row in _all(
                select(Commitment).where(
                    Commitment.user_id == user.id, Commitment.team_id.in_(teams)
                )
            )
        ],
        # Notes written anonymously carry no author, so only the named ones are found here.
        "session_notes": [
            _plain(row, "id", "session_id", "kind", "body")
            for row in _all(
                select(SessionNote).where(
                    SessionNote.author_id == user.id, SessionNote.session_id.in_(sessions)
                )
            )
        ],
        "sessions_facilitated": [
            _plain(row, "id", "team_id", "title", "created_at")
            for row in _all(
                select(ReflectionSession).where(
                    ReflectionSession.facilitator_id == user.id,
                    ReflectionSession.team_id.in_(teams),
                )
            )
        ],
        "targets_set": [
            _plain(row, "id", "team_id", "component", "description", "review_on", "status")
            for row in _all(
                select(TrustTarget).where(
                    TrustTarget.created_by_id == user.id, TrustTarget.team_id.in_(teams)
                )
            )
        ],
    }


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


class _Chunks:
    """A write-only file for zipfile: collects what it writes until the stream takes it."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


def zip_stream(document: dict, files: list[dict], storage: Storage) -> Iterator[bytes]:
    """The archive, chunk by chunk: the evidence files, then person.json saying which made it.

    A file the store can't give (missing, or the store is down) is left out and marked so in
    the document, rather than breaking the whole download.
    """
    sink = _Chunks()
    # No tell() on the sink: zipfile writes a streamable archive (data descriptors).
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:  # type: ignore[call-overload]
        for file in files:
            try:
                source = storage.open(file["storage_key"])
            except StorageError:
                file["evidence"]["file"] = {"path": None, "included": False}
                continue
            with source, archive.open(file["path"], "w", force_zip64=True) as entry:
                while chunk := source.read(CHUNK_SIZE):
                    entry.write(chunk)
                    yield sink.take()
            file["evidence"]["file"] = {"path": file["path"], "included": True}
            yield sink.take()
        text = json.dumps(document, default=_json_value, ensure_ascii=False, indent=2)
        archive.writestr(DOCUMENT_NAME, text.encode())
    yield sink.take()
