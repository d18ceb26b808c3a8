"""Writing and reading the audit log.

`record` adds an event to the session without committing, so it lands in the same transaction
as the change it describes: both are kept, or neither. Details are small and say what changed
by ids, flags and counts; names, emails and anything from a trust survey are refused, so a
privacy deletion never has to reach into the log.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from api.access import require_org_admin
from api.actor import Actor
from api.audit.models import AuditEvent
from api.extensions import db

#: The log is for admin actions; nothing about a survey answer may ever be written to it.
REFUSED_SUBJECT_TYPES = frozenset({"trust_response", "trust_answer", "trust_receipt"})
#: Keys that would carry personal data or answers; details hold ids, flags and counts.
REFUSED_DETAIL_KEYS = frozenset(
    {"email", "username", "display_name", "name", "password", "answers", "score", "comment"}
)
MAX_DETAILS_CHARS = 2000

#: Every action the log records, for the list filter and for readers of the API document.
ACTIONS = (
    "organization.created",
    "organization.updated",
    "person.provisioned",
    "person.updated",
    "person.removed",
    "person.deactivated",
    "identity.name_changed",
    "identity.change_requested",
    "identity.change_agreed",
    "identity.email_changed",
    "identity.password_changed",
    "identity.password_reset",
    "identity.linked",
    "person.invited",
    "person.password_reset_sent",
    "person.password_set",
    "person.reactivated",
    "team.archived",
    "team.restored",
    "team_member.added",
    "team_member.role_changed",
    "team_member.removed",
    "coach.assigned",
    "coach.unassigned",
    "integration_client.created",
    "integration_client.revoked",
    "integration_client.secret_rotated",
    "webhook.created",
    "webhook.updated",
    "webhook.deleted",
    "webhook.secret_rotated",
    "lti_platform.registered",
    "lti_course.linked",
    "lti_course.provisioned",
    "lti_course.unlinked",
    "lti_platform.updated",
    "lti_platform.deleted",
    "privacy.exported",
    "privacy.deleted",
    "retention.cycles_deleted",
    "calendar.term_created",
    "calendar.term_updated",
    "calendar.term_deleted",
    "calendar.non_school_day_created",
    "calendar.non_school_day_updated",
    "calendar.non_school_day_deleted",
    "calendar.imported",
)


def _checked_details(details: dict[str, Any] | None) -> dict[str, Any]:
    details = dict(details or {})
    refused = sorted(set(details) & REFUSED_DETAIL_KEYS)
    if refused:
        raise ValueError(f"audit details may not hold personal data or answers: {refused}")
    if len(json.dumps(details, default=str)) > MAX_DETAILS_CHARS:
        raise ValueError("audit details must stay small: ids, flags and counts")
    return details


def record(
    actor: Actor | None,
    organization_id: str,
    action: str,
    *,
    subject_type: str | None = None,
    subject_id: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add (not commit) an audit event; `actor` None means the system itself (retention).

    Raises ValueError for an unknown action, a trust-survey subject, or details that hold
    personal data or are too big: a programming mistake, never a user's.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}; add it to ACTIONS")
    if subject_type in REFUSED_SUBJECT_TYPES:
        raise ValueError("trust survey answers are anonymous and never audited")
    event = AuditEvent(
        organization_id=organization_id,
        actor_user_id=actor.id if actor else None,
        actor_client_id=actor.client_id if actor else None,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        details=_checked_details(details),
    )
    db.session.add(event)
    return event


def organization_events(
    actor: Actor,
    organization_id: str,
    *,
    action: str | None = None,
    actor_id: str | None = None,
    subject_id: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> Select:
    """The organization's audit events, newest first (org admins).

    `action` keeps one action, or a family when it ends with a dot ("privacy."); `actor_id`
    what one person did; `subject_id` what was done to one person or thing; `since` and
    `until` are days (UTC), both included.
    Raises NotFound outside the organization, Forbidden for its other members.
    """
    require_org_admin(actor, organization_id)
    query = (
        select(AuditEvent)
        .options(joinedload(AuditEvent.actor_user), joinedload(AuditEvent.actor_client))
        .where(AuditEvent.organization_id == organization_id)
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    )
    if actor_id:
        query = query.where(AuditEvent.actor_user_id == actor_id)
    if subject_id:
        query = query.where(AuditEvent.subject_id == subject_id)
    if since:
        query = query.where(AuditEvent.created_at >= datetime.combine(since, time.min, UTC))
    if until:
        next_day = datetime.combine(until + timedelta(days=1), time.min, UTC)
        query = query.where(AuditEvent.created_at < next_day)
    if action:
        if action.endswith("."):
            query = query.where(AuditEvent.action.startswith(action, autoescape=True))
        else:
            query = query.where(AuditEvent.action == action)
    return query


def describe_event(event: AuditEvent) -> dict[str, Any]:
    """An event as the API shows it."""
    return {
        "id": event.id,
        "action": event.action,
        "actor": _describe_actor(event),
        "subject_type": event.subject_type,
        "subject_id": event.subject_id,
        "details": event.details,
        "created_at": event.created_at,
    }


def _describe_actor(event: AuditEvent) -> dict[str, Any]:
    """Who did it, as the log shows it: a person, an integration client, or the system."""
    if event.actor_user is not None:
        return {
            "kind": "person",
            "id": event.actor_user.id,
            "display_name": event.actor_user.display_name,
        }
    if event.actor_client is not None:
        client = event.actor_client
        return {"kind": "client", "id": client.client_id, "display_name": client.name}
    return {"kind": "system", "id": None, "display_name": "Scheduled housekeeping"}
