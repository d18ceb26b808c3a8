"""Telling people at once what concerns them: an in-app notification now, in the transaction of
the change, and an email when the person's settings and the school's quiet hours allow (the
delivery scan decides that, as for reminders).

The domains that tell (cycles, actions, comments) sit below notifications, which reads across
them for reminders; so they tell through this hook and api/notifications/notices.py, connected
when the app is built, writes the rows. Nobody is told of their own doing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from api.actor import Actor
from api.hooks import Hook


@dataclass(frozen=True)
class Notice:
    organization_id: str
    kind: str
    title: str
    body: str = ""
    link: str = ""
    subject_type: str | None = None
    subject_id: str | None = None


#: writes one notification for each person named (adds to the session, never commits)
write_notices: Hook[[list[str], Notice]] = Hook("people are told of a change")


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
    told = [user_id for user_id in dict.fromkeys(user_ids) if user_id and user_id != actor.id]
    if told:
        write_notices(
            told,
            Notice(organization_id, kind, title, body, link, subject_type, subject_id),
        )
