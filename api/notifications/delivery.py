"""Emailing notifications: at most once each, never in quiet hours, retried with backoff.

A notification is emailed by whoever locks its row first (the immediate task or the periodic
sweep); the other sees it is no longer pending. Failures back off and, after the last attempt,
stay recorded with their reason for admins.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import select

from api.actions.models import Action
from api.clock import end_of_quiet_hours, in_quiet_hours, zone
from api.cycles.models import Cycle
from api.db import utcnow
from api.extensions import db
from api.mail import TRANSIENT_MAIL_ERRORS, UnsendableMessage, send_email
from api.notifications.models import EmailMode, EmailStatus, Notification, NotificationPreference
from api.organizations.models import Organization
from api.public_url import public_url
from api.transactions import transaction, transactional

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
SWEEP_BATCH = 200
DIGEST_HOUR = 7

#: subjects whose disappearance makes a reminder pointless
SUBJECT_MODELS = {"action": Action, "cycle": Cycle}


def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=2 ** min(attempts, 8))


def _lock_pending(query):
    # SKIP LOCKED: two sweepers share the work instead of queueing on the same rows.
    return query.with_for_update(skip_locked=True)


def _preference(user_id: str) -> NotificationPreference:
    return db.session.get(NotificationPreference, user_id) or NotificationPreference(
        user_id=user_id, email_enabled=True, email_mode=EmailMode.immediate
    )


def _skip(notification: Notification, reason: str) -> EmailStatus:
    notification.email_status = EmailStatus.skipped
    notification.email_reason = reason
    return notification.email_status


def _email(
    notification: Notification, now: datetime, organization: Organization | None
) -> EmailStatus:
    """Decide and, when it is time, send; the caller commits."""
    user = notification.user
    if not user.email:
        return _skip(notification, "No email address: shown in the app only.")
    if not user.is_active:
        return _skip(notification, "The account is turned off: no email.")
    preference = _preference(user.id)
    if not preference.email_enabled:
        return _skip(notification, "Email is turned off in this person's settings.")
    model = SUBJECT_MODELS.get(notification.subject_type or "")
    if model is not None and db.session.get(model, notification.subject_id) is None:
        return _skip(
            notification, f"The {notification.subject_type} was deleted before the email went out."
        )
    if preference.email_mode is EmailMode.daily:
        notification.email_status = EmailStatus.digest
        return notification.email_status
    if organization is not None and in_quiet_hours(
        now, organization.time_zone, organization.quiet_hours_start, organization.quiet_hours_end
    ):
        notification.not_before = end_of_quiet_hours(
            now, organization.time_zone, organization.quiet_hours_end
        )
        return notification.email_status
    try:
        send_email(
            user.email, notification.title, _email_body(notification), message_id=notification.id
        )
    except UnsendableMessage as error:
        # Its own content is at fault: trying again would fail the same way and hold up the
        # queue, so it is recorded for admins and skipped.
        notification.email_attempts += 1
        notification.email_status = EmailStatus.failed
        notification.email_reason = f"This email can't be sent as written: {error}"[:500]
        log.warning("notification %s can't be emailed: %s", notification.id, error)
        return notification.email_status
    except TRANSIENT_MAIL_ERRORS as error:
        notification.email_attempts += 1
        notification.email_reason = f"Mail server problem: {error}"[:500]
        if notification.email_attempts >= MAX_ATTEMPTS:
            notification.email_status = EmailStatus.failed
            log.warning("giving up emailing notification %s: %s", notification.id, error)
        else:
            notification.not_before = now + _backoff(notification.email_attempts)
        return notification.email_status
    notification.email_status = EmailStatus.sent
    notification.emailed_at = now
    notification.email_reason = ""
    return notification.email_status


def _email_body(notification: Notification) -> str:
    base = public_url()
    link = f"\n\nOpen it: {base}{notification.link}" if notification.link else ""
    return f"{notification.body}{link}\n\nYou can change how we email you in your settings."


@transactional
def deliver(notification_id: str, now: datetime | None = None) -> EmailStatus | None:
    """Email one notification if it is still pending and due; returns its status."""
    now = now or utcnow()
    notification = db.session.scalar(
        _lock_pending(
            select(Notification).where(
                Notification.id == notification_id, Notification.email_status == EmailStatus.pending
            )
        )
    )
    if notification is None or (notification.not_before and notification.not_before > now):
        return None
    organization = (
        db.session.get(Organization, notification.organization_id)
        if notification.organization_id
        else None
    )
    return _email(notification, now, organization)


def deliver_due(now: datetime | None = None) -> int:
    """The periodic sweep: email pending notifications whose time has come; returns how many
    were looked at. Each is an operation of its own that locks it and looks again (deliver):
    two sweepers share the work, and a crash later in the batch never re-sends what went out."""
    now = now or utcnow()
    with transaction():
        due = db.session.scalars(
            select(Notification.id)
            .where(Notification.email_status == EmailStatus.pending, Notification.not_before <= now)
            .order_by(Notification.not_before, Notification.id)
            .limit(SWEEP_BATCH)
        ).all()
    for notification_id in due:
        deliver(notification_id, now)
    return len(due)


def send_daily_digests(now: datetime | None = None) -> int:
    """At 7:00 local time, one email per person with everything waiting for their digest.
    Reads who is due, then sends each person's digest as an operation of its own that locks
    their rows and looks again (send_digest): two sweepers never email the same digest twice."""
    now = now or utcnow()
    with transaction():
        due = digests_due(now)
    return sum(send_digest(user_id, ids, now) for user_id, ids in due.items())


def digests_due(now: datetime) -> dict[str, list[str]]:
    """The ids waiting for a digest, by person, for people whose local time is 7 o'clock."""
    waiting = db.session.execute(
        select(Notification.id, Notification.user_id, Notification.organization_id)
        .where(Notification.email_status == EmailStatus.digest)
        .order_by(Notification.user_id, Notification.created_at)
    ).all()
    organizations = {o.id: o for o in db.session.scalars(select(Organization))} if waiting else {}
    by_user: dict[str, list[str]] = defaultdict(list)
    for notification_id, user_id, organization_id in waiting:
        organization = organizations.get(organization_id or "")
        local = now.astimezone(zone(organization.time_zone if organization else None))
        if local.hour == DIGEST_HOUR:
            by_user[user_id].append(notification_id)
    return by_user


@transactional
def send_digest(user_id: str, notification_ids: list[str], now: datetime | None = None) -> int:
    """Email one person the digest of those notifications still waiting for it; 1 when it
    went out. Rows another sweeper holds or has already sent are left out, so nothing is
    emailed twice."""
    now = now or utcnow()
    items = db.session.scalars(
        _lock_pending(
            select(Notification)
            .where(
                Notification.id.in_(notification_ids),
                Notification.user_id == user_id,
                Notification.email_status == EmailStatus.digest,
            )
            .order_by(Notification.created_at, Notification.id)
        )
    ).all()
    if not items:
        return 0
    return _send_digest(list(items), now)


def _send_digest(items: list[Notification], now: datetime) -> int:
    """Email one person their digest and mark its notifications; 1 when it went out."""
    user = items[0].user
    if not user.email or not user.is_active:
        # The address or the account went away after the notifications were queued.
        reason = (
            "No email address: shown in the app only."
            if user.is_active
            else ("The account is turned off: no email.")
        )
        for notification in items:
            _skip(notification, reason)
        return 0
    body = "\n\n".join(f"• {n.title}\n  {n.body}" for n in items)
    try:
        send_email(user.email, f"Your day in inquiry cycles ({len(items)})", body)
    except UnsendableMessage as error:
        log.warning("digest for %s can't be sent: %s", user.id, error)
        for notification in items:
            notification.email_status = EmailStatus.failed
            notification.email_reason = f"This email can't be sent as written: {error}"[:500]
        return 0
    except TRANSIENT_MAIL_ERRORS as error:
        log.warning("digest for %s not sent: %s", user.id, error)
        return 0  # stays waiting; tomorrow's digest, or an admin, will see it
    for notification in items:
        notification.email_status = EmailStatus.sent
        notification.emailed_at = now
    return 1
