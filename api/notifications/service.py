"""A person's notifications and email preferences; delivery problems for admins."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, func, or_, select, update

from api.access import require_org_admin
from api.actions.models import Action
from api.actor import Actor
from api.db import rows_changed, utcnow
from api.errors import NotFound
from api.extensions import db
from api.notifications.models import (
    EmailMode,
    EmailStatus,
    FailedTask,
    Notification,
    NotificationPreference,
)
from api.transactions import transactional


def my_notifications(actor: Actor, *, unread: bool | None = None) -> Select:
    query = (
        select(Notification)
        .where(Notification.user_id == actor.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )
    if unread is True:
        query = query.where(Notification.read_at.is_(None))
    elif unread is False:
        query = query.where(Notification.read_at.is_not(None))
    return query


def _where_actions_are_now(action_ids: set[str]) -> dict[str, str]:
    """Each action's latest continuation (carried into a later cycle, maybe more than once):
    action id → the link to where that continuation is now."""
    now: dict[str, str] = {}
    frontier = {action_id: action_id for action_id in action_ids}  # latest id → first id
    for _ in range(10):  # carried at most once a cycle; ten cycles is plenty
        rows = db.session.execute(
            select(Action.id, Action.cycle_id, Action.carried_from_id).where(
                or_(Action.id.in_(frontier), Action.carried_from_id.in_(frontier))
            )
        ).all()
        moved: dict[str, str] = {}
        for action_id, cycle_id, carried_from_id in rows:
            if action_id in frontier:
                now.setdefault(frontier[action_id], f"/cycles/{cycle_id}#action-{action_id}")
            if carried_from_id in frontier:
                now[frontier[carried_from_id]] = f"/cycles/{cycle_id}#action-{action_id}"
                moved[action_id] = frontier[carried_from_id]
        if not moved:
            break
        frontier = moved
    return now


def with_current_links(notifications: Sequence[Notification]) -> list[dict]:
    """Notifications as the API shows them, each linking to where its work is now: a reminder
    of an action carried into the next cycle leads to that cycle."""
    actions = {n.subject_id for n in notifications if n.subject_type == "action" and n.subject_id}
    links = _where_actions_are_now(actions) if actions else {}
    shown = []
    for notification in notifications:
        link = notification.link
        if notification.subject_type == "action" and notification.subject_id in links:
            link = links[notification.subject_id]
        shown.append(
            {
                "id": notification.id,
                "kind": notification.kind,
                "title": notification.title,
                "body": notification.body,
                "link": link,
                "created_at": notification.created_at,
                "read_at": notification.read_at,
                "email_status": notification.email_status,
            }
        )
    return shown


def unread_count(actor: Actor) -> int:
    return int(
        db.session.scalar(
            select(func.count(Notification.id)).where(
                Notification.user_id == actor.id, Notification.read_at.is_(None)
            )
        )
        or 0
    )


@transactional
def mark_read(actor: Actor, notification_id: str) -> Notification:
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != actor.id:
        raise NotFound("We couldn't find that notification.")
    if notification.read_at is None:
        notification.read_at = utcnow()
    return notification


@transactional
def mark_all_read(actor: Actor) -> int:
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == actor.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return rows_changed(result)


def preferences(actor: Actor) -> NotificationPreference:
    return db.session.get(NotificationPreference, actor.id) or NotificationPreference(
        user_id=actor.id, email_enabled=True, email_mode=EmailMode.immediate
    )


@transactional
def update_preferences(actor: Actor, **changes) -> NotificationPreference:
    preference = db.session.get(NotificationPreference, actor.id)
    if preference is None:
        preference = NotificationPreference(
            user_id=actor.id, email_enabled=True, email_mode=EmailMode.immediate
        )
        db.session.add(preference)
    for field in ("email_enabled", "email_mode"):
        if field in changes:
            setattr(preference, field, changes[field])
    return preference


def delivery_problems(actor: Actor, organization_id: str) -> Select:
    """Emails that failed or were skipped in an organization, newest first (admins)."""
    require_org_admin(actor, organization_id)
    return (
        select(Notification)
        .where(
            Notification.organization_id == organization_id,
            or_(
                Notification.email_status == EmailStatus.failed,
                Notification.email_status == EmailStatus.skipped,
            ),
        )
        .order_by(Notification.created_at.desc(), Notification.id)
    )


def failed_tasks(actor: Actor, organization_id: str) -> Select:
    require_org_admin(actor, organization_id)
    return (
        select(FailedTask)
        .where(
            or_(FailedTask.organization_id == organization_id, FailedTask.organization_id.is_(None))
        )
        .order_by(FailedTask.created_at.desc(), FailedTask.id)
    )
