"""Writing the notifications the domains tell of (api/notices.py says when and to whom)."""

from __future__ import annotations

from api.db import new_id, utcnow
from api.extensions import db
from api.notices import Notice
from api.notifications.models import EmailStatus, Notification


def write(user_ids: list[str], notice: Notice) -> None:
    """Add (not commit) one notification for each person named."""
    now = utcnow()
    for user_id in user_ids:
        db.session.add(
            Notification(
                user_id=user_id,
                organization_id=notice.organization_id,
                kind=notice.kind,
                # Each event is news of its own: the key only keeps one event from landing twice.
                dedupe_key=f"{notice.kind}:{notice.subject_id}:{user_id}:{new_id()}",
                subject_type=notice.subject_type,
                subject_id=notice.subject_id,
                title=notice.title[:200],
                body=notice.body,
                link=notice.link,
                email_status=EmailStatus.pending,
                not_before=now,
            )
        )
