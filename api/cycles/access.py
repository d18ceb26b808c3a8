"""A person's standing towards one cycle: the team's rules plus being its facilitator."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import select

from api.access import TeamAccess, standing_columns, standing_from, team_access
from api.actor import Actor
from api.cycles.models import Cycle, CycleFacilitator
from api.db import utcnow
from api.errors import Conflict, NotFound, StaleVersion
from api.extensions import db
from api.teams.models import Team
from workflows import Actor as WorkflowActor
from workflows import get_definition

CYCLE_NOT_FOUND = "We couldn't find that cycle."
T = TypeVar("T", bound=Any)


@dataclass(frozen=True)
class CycleAccess:
    cycle: Cycle
    team: TeamAccess
    is_facilitator: bool
    #: what the cycle page shows beside the cycle, as describe.page_columns read it
    page: tuple | None = field(default=None, compare=False, repr=False)

    def workflow_actor(self) -> WorkflowActor:
        """The roles the engine weighs when this person asks to move the cycle."""
        roles = set()
        if self.team.role:
            roles.add(self.team.role.value)
        if self.is_facilitator:
            roles.add("facilitator")
        if self.team.is_admin:
            roles.add("admin")
        if self.team.is_coach:
            roles.add("coach")
        return WorkflowActor(roles=frozenset(roles))

    @property
    def is_open(self) -> bool:
        return not get_definition(self.cycle.workflow).is_terminal(self.cycle.state)

    def require_open(self) -> None:
        if not self.is_open:
            raise Conflict("This cycle has ended, so it can't be changed any more.")

    def require_contribute(self) -> None:
        """Members add evidence, notes and actions while the cycle is open."""
        self.team.require_contribute()
        self.require_open()


def cycle_access(
    actor: Actor,
    cycle_id: str,
    *,
    for_update: bool = False,
    with_people: bool = False,
    page: tuple = (),
) -> CycleAccess:
    """The actor's standing towards a cycle; NotFound when they may not see its team.

    for_update locks the cycle's row (PostgreSQL) so concurrent changes queue behind this one;
    page: more columns of the cycle's row, correlated to `Cycle` (describe.page_columns, what
    the cycle page shows beside it), kept as CycleAccess.page; without them describe.details
    reads them in a statement of its own. with_people is kept for callers that show the page.
    """
    is_facilitator = (
        select(CycleFacilitator.id)
        .where(CycleFacilitator.cycle_id == Cycle.id, CycleFacilitator.user_id == actor.id)
        .exists()
    )
    # A person's standing in the cycle's team comes in the same query, unless it came with
    # their token or session (clients ask apart).
    read_apart = actor.is_client or actor.standing is not None
    standing = () if read_apart else (Team, *standing_columns(actor))
    query = select(Cycle, is_facilitator, *standing).where(Cycle.id == cycle_id)
    if standing:
        query = query.join(Team, Team.id == Cycle.team_id)
    if for_update:
        query = query.with_for_update(of=Cycle)
    row = db.session.execute(query.add_columns(*page)).first()
    if row is None:
        raise NotFound(CYCLE_NOT_FOUND)
    cycle, facilitates = row[0], row[1]
    try:
        team = (
            standing_from(*row[2 : 2 + len(standing)])
            if standing
            else team_access(actor, cycle.team_id)
        )
    except NotFound:
        raise NotFound(CYCLE_NOT_FOUND) from None
    return CycleAccess(
        cycle=cycle,
        team=team,
        is_facilitator=bool(facilitates),
        page=tuple(row[2 + len(standing) :]) if page else None,
    )


def cycle_item(
    actor: Actor, model: type[T], item_id: str, not_found: str, *, for_update: bool = False
) -> tuple[T, CycleAccess]:
    """A row that belongs to a cycle (evidence, a note, an action, a comment) and the actor's
    standing towards its cycle; NotFound with the item's own message when out of reach.

    for_update locks the cycle's row, so a move of the cycle cannot interleave with the change.
    """
    item = db.session.get(model, item_id)
    if item is None:
        raise NotFound(not_found)
    try:
        return item, cycle_access(actor, item.cycle_id, for_update=for_update)
    except NotFound:
        raise NotFound(not_found) from None


def note_activity(cycle: Cycle) -> None:
    """Something happened in the cycle: it is not stalled."""
    cycle.last_activity_at = utcnow()


def item_etag(item: Any) -> str:
    """A cycle item's version for ETag / If-Match: when it last changed."""
    return f'"{item.updated_at.isoformat()}"'


def require_unchanged(item: Any, if_match: str | None, what: str) -> None:
    """Refuse a stale edit: the client last saw an older version of the item (If-Match carries
    the ETag, or the `updated_at`, it read). No If-Match: the change applies as sent."""
    if not if_match or if_match.strip() == "*":
        return
    value = if_match.split(",")[0].strip().removeprefix("W/").strip('"')
    try:
        seen = datetime.fromisoformat(value)
    except ValueError:
        seen = None
    if seen is None or seen != item.updated_at:
        raise StaleVersion(
            f"Someone else changed this {what} while you were working on it. "
            "Here is their version: check it and make your change again."
        )


def day_and_month(day: date) -> str:
    """12 March: how a date reads in the history and in notices."""
    return f"{day.day} {day:%B}"
