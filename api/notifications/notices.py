"""Telling people at once what concerns them: an in-app notification now, in the transaction of
the change, and an email when the person's settings and the school's quiet hours allow (the
delivery scan decides that, as for reminders).

Nobody is told of their own doing.
"""

from __future__ import annotations

from collections.abc import Iterable

from api.actor import Actor
from api.db import new_id, utcnow
from api.extensions import db
from api.notifications.models import EmailStatus, Notification


def tell(
    user_ids: Iterable[str | None],
    *,
    actor: Actor,
    organization_id: str,
    kind: str,
    title: str,
    body: str = "",
    link: str = "",
    subject_type: str | None = None,
    subject_id: str | None = None,
) -> None:
    """Add (not commit) one notification for each person named, other than the actor."""
    now = utcnow()
    for user_id in dict.fromkeys(user_ids):
        if not user_id or user_id == actor.id:
            continue
        db.session.add(
            Notification(
                user_id=user_id,
                organization_id=organization_id,
                kind=kind,
                # Each event is news of its own: the key only keeps one event from landing twice.
                dedupe_key=f"{kind}:{subject_id}:{user_id}:{new_id()}",
                subject_type=subject_type,
                subject_id=subject_id,
                title=title[:200],
                body=body,
                link=link,
                email_status=EmailStatus.pending,
                not_before=now,
            )
        )
