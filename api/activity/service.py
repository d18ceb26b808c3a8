"""Recording and reading the team's activity feed."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from api.access import TeamAccess, team_access
from api.activity.models import ActivityEntry
from api.actor import Actor
from api.extensions import db


def record(
    team_id: str,
    actor: Actor | None,
    verb: str,
    summary: str,
    *,
    cycle_id: str | None = None,
    subject_id: str | None = None,
) -> None:
    """Add (not commit) an entry: it lands in the same transaction as the change it tells of."""
    db.session.add(
        ActivityEntry(
            team_id=team_id,
            actor_id=actor.id if actor else None,
            verb=verb,
            summary=summary[:500],
            cycle_id=cycle_id,
            subject_id=subject_id,
        )
    )


def team_feed(actor: Actor, team_id: str, *, cycle_id: str | None = None) -> Select:
    """The team's entries, newest first, with their actors loaded in one extra query."""
    return feed_of(team_access(actor, team_id), cycle_id=cycle_id)


def feed_of(access: TeamAccess, *, cycle_id: str | None = None) -> Select:
    """The feed of a team the caller may see (`team_feed` once its access is known)."""
    query = (
        select(ActivityEntry)
        .options(joinedload(ActivityEntry.actor))
        .where(ActivityEntry.team_id == access.team_id)
        .order_by(ActivityEntry.created_at.desc(), ActivityEntry.id.desc())
    )
    if cycle_id:
        query = query.where(ActivityEntry.cycle_id == cycle_id)
    return query
