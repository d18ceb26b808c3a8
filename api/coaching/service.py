"""The coach's dashboard: every team they follow, where its cycles stand and what is stuck.

A fixed number of queries whatever the number of teams: each step fetches for all teams at
once and the pieces are put together in Python.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Exists, Row, Select, func, select

from api.actions.models import Action, action_is_open
from api.actor import Actor
from api.calendar.service import SchoolCalendar, calendar_columns, calendar_of
from api.cycles.facts import Counts, count_columns
from api.cycles.models import Cycle, CycleFacilitator, PhaseDueDate
from api.db import utcnow
from api.extensions import db
from api.puzzles.models import Puzzle
from api.teams.models import CoachAssignment, Membership, Role, Team
from api.trust.results import latest_released_by_team
from workflows import get_definition, open_state_names


@dataclass
class TeamBoard:
    team: Team
    cycles: list[dict] = field(default_factory=list)
    #: share of the team's cycles (all time) with a student among the facilitators
    student_facilitated_share: float | None = None
    trust: dict | None = None

    @property
    def stalled_count(self) -> int:
        return sum(1 for cycle in self.cycles if cycle["stalled"])

    @property
    def overdue_count(self) -> int:
        return sum(cycle["overdue_actions"] + int(cycle["phase_overdue"]) for cycle in self.cycles)


#: Team-level summaries from the domains coaching reads (the latest trust results); each takes
#: the team ids and returns {team_id: summary} in a fixed number of queries.
TEAM_SUMMARIES: dict[str, Callable[[list[str]], dict[str, dict]]] = {
    "trust": latest_released_by_team,
}


def _student_facilitated(cycle_id, team_id) -> Exists:
    """A student of the cycle's team is among its facilitators (for a correlated query)."""
    return (
        select(CycleFacilitator.id)
        .join(Membership, Membership.user_id == CycleFacilitator.user_id)
        .where(
            CycleFacilitator.cycle_id == cycle_id,
            Membership.team_id == team_id,
            Membership.role == Role.student,
        )
        .exists()
    )


def _student_share_columns() -> tuple:
    """A team's cycles (all time), and those with a student among the facilitators, as two
    columns beside the team (the share the dashboard shows)."""
    cycles = select(func.count(Cycle.id)).where(Cycle.team_id == Team.id)
    return (
        cycles.scalar_subquery(),
        cycles.where(_student_facilitated(Cycle.id, Cycle.team_id)).scalar_subquery(),
    )


def _open_cycles(coached: Select, today: date) -> Select:
    """Every open cycle of the coached teams with all the board shows of it, in one statement:
    columns, not Cycle objects (objects cost CPU to build), and what is counted per cycle as
    subqueries."""
    evidence, notes, actions = count_columns(Cycle.id)
    return (
        select(
            Cycle.id,
            Cycle.team_id,
            Cycle.number,
            Cycle.workflow,
            Cycle.state,
            Cycle.state_changed_at,
            Cycle.last_activity_at,
            Puzzle.question,
            evidence.label("evidence"),
            notes.label("notes"),
            actions.label("actions"),
            select(PhaseDueDate.due_on)
            .where(PhaseDueDate.cycle_id == Cycle.id, PhaseDueDate.phase == Cycle.state)
            .scalar_subquery()
            .label("phase_due_on"),
            # count(*) from the partial index of open actions: no table read
            select(func.count())
            .where(Action.cycle_id == Cycle.id, action_is_open(), Action.due_on < today)
            .scalar_subquery()
            .label("overdue_actions"),
            _student_facilitated(Cycle.id, Cycle.team_id).label("student_led"),
        )
        .join(Puzzle, Puzzle.id == Cycle.puzzle_id)
        .where(Cycle.team_id.in_(coached), Cycle.state.in_(open_state_names()))
        .order_by(Cycle.state_changed_at, Cycle.id)
    )


def _board_cycle(
    row: Row, team: Team, now: datetime, today: date, calendar: SchoolCalendar
) -> dict:
    """One row of _open_cycles as the dashboard shows it, with what depends on the clock."""
    return {
        "id": row.id,
        "number": row.number,
        "puzzle_question": row.question,
        "state": row.state,
        "state_label": get_definition(row.workflow).state(row.state).label,
        "days_in_phase": (now - row.state_changed_at).days,
        "phase_due_on": row.phase_due_on,
        "phase_overdue": bool(row.phase_due_on and row.phase_due_on < today),
        "overdue_actions": row.overdue_actions,
        # quiet for the team's stall days counted in school days: a break stalls nothing
        "stalled": calendar.has_been_quiet(row.last_activity_at.date(), today, team.stall_days),
        "facilitated_by_student": bool(row.student_led),
        "counts": Counts(row.evidence, row.notes, row.actions),
    }


def _followed_teams(actor: Actor) -> Select:
    """The ids of the teams on the actor's dashboard (not archived)."""
    if actor.is_client:
        return select(Team.id).where(
            Team.organization_id == actor.organization_id, Team.archived_at.is_(None)
        )
    return (
        select(CoachAssignment.team_id)
        .join(Team, Team.id == CoachAssignment.team_id)
        .where(CoachAssignment.user_id == actor.id, Team.archived_at.is_(None))
    )


def dashboard(
    actor: Actor, *, today: date | None = None, now: datetime | None = None
) -> list[TeamBoard]:
    """The teams the actor coaches, with their active cycles and what needs attention; for an
    integration client with coaching:read, every team of its organization."""
    now = now or utcnow()
    today = today or now.date()
    # A subquery rather than a list of ids: a hundred ids make a long statement that is
    # rendered, sent and parsed again on every request.
    coached = _followed_teams(actor)
    # Each team with its student share and its school calendar, in one statement.
    rows = db.session.execute(
        select(Team, *_student_share_columns(), *calendar_columns(Team.organization_id))
        .where(Team.id.in_(coached))
        .order_by(Team.name, Team.id)
    ).all()
    boards = {
        team.id: TeamBoard(
            team=team, student_facilitated_share=with_student / total if total else None
        )
        for team, total, with_student, _, _ in rows
    }
    if not boards:
        return []
    calendars = {team.id: calendar_of(terms, breaks) for team, _, _, terms, breaks in rows}
    for row in db.session.execute(_open_cycles(coached, today)):
        board = boards[row.team_id]
        calendar = calendars[row.team_id]
        board.cycles.append(_board_cycle(row, board.team, now, today, calendar))
    for name, summarize in TEAM_SUMMARIES.items():
        for team_id, summary in summarize(list(boards)).items():
            setattr(boards[team_id], name, summary)
    return list(boards.values())


SORTS: dict[str, Callable[[TeamBoard], tuple]] = {
    "name": lambda board: (board.team.name.lower(),),
    "stalled": lambda board: (-board.stalled_count, board.team.name.lower()),
    "overdue": lambda board: (-board.overdue_count, board.team.name.lower()),
}


def sorted_and_filtered(
    boards: list[TeamBoard],
    *,
    sort: str = "name",
    stalled: bool | None = None,
    overdue: bool | None = None,
) -> list[TeamBoard]:
    if stalled is not None:
        boards = [b for b in boards if (b.stalled_count > 0) == stalled]
    if overdue is not None:
        boards = [b for b in boards if (b.overdue_count > 0) == overdue]
    return sorted(boards, key=SORTS[sort])
