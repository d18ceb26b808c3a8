"""The coach's dashboard: every team they follow, where its cycles stand and what is stuck.

A fixed number of queries whatever the number of teams: each step fetches for all teams at
once and the pieces are put together in Python.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Select, func, select

from api.actions.models import Action, action_is_open
from api.auth.actor import Actor
from api.cycles.facts import counts_for
from api.cycles.models import Cycle, CycleFacilitator, PhaseDueDate
from api.db import utcnow
from api.extensions import db
from api.puzzles.models import Puzzle
from api.teams.models import CoachAssignment, Membership, Role, Team
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


#: Other domains add a team-level summary here (e.g. the latest trust results); each takes the
#: team ids and returns {team_id: summary} in a fixed number of queries.
TEAM_SUMMARIES: dict[str, Callable[[list[str]], dict[str, dict]]] = {}


def _student_shares(team_ids: list[str] | Select) -> dict[str, float]:
    totals = dict(
        db.session.execute(
            select(Cycle.team_id, func.count(Cycle.id))
            .where(Cycle.team_id.in_(team_ids))
            .group_by(Cycle.team_id)
        ).all()
    )
    with_student = dict(
        db.session.execute(
            select(Cycle.team_id, func.count(func.distinct(Cycle.id)))
            .join(CycleFacilitator, CycleFacilitator.cycle_id == Cycle.id)
            .join(
                Membership,
                (Membership.user_id == CycleFacilitator.user_id)
                & (Membership.team_id == Cycle.team_id),
            )
            .where(Cycle.team_id.in_(team_ids), Membership.role == Role.student)
            .group_by(Cycle.team_id)
        ).all()
    )
    return {team_id: with_student.get(team_id, 0) / total for team_id, total in totals.items()}


def dashboard(
    actor: Actor, *, today: date | None = None, now: datetime | None = None
) -> list[TeamBoard]:
    """The teams the actor coaches, with their active cycles and what needs attention."""
    now = now or utcnow()
    today = today or now.date()
    teams = list(
        db.session.scalars(
            select(Team)
            .join(CoachAssignment, CoachAssignment.team_id == Team.id)
            .where(CoachAssignment.user_id == actor.id)
            .order_by(Team.name, Team.id)
        )
    )
    boards = {team.id: TeamBoard(team=team) for team in teams}
    if not boards:
        return []
    team_ids = list(boards)
    # Subqueries rather than lists of ids: a hundred ids make a long statement that is
    # rendered, sent and parsed again on every request.
    coached = select(CoachAssignment.team_id).where(CoachAssignment.user_id == actor.id)
    open_cycles = select(Cycle.id).where(
        Cycle.team_id.in_(coached), Cycle.state.in_(open_state_names())
    )
    cycles = list(
        db.session.execute(
            # Columns, not Cycle objects: the board needs a few, and objects cost CPU to build.
            select(
                Cycle.id,
                Cycle.team_id,
                Cycle.number,
                Cycle.workflow,
                Cycle.state,
                Cycle.state_changed_at,
                Cycle.last_activity_at,
                Puzzle.question,
            )
            .join(Puzzle, Puzzle.id == Cycle.puzzle_id)
            .where(Cycle.team_id.in_(coached), Cycle.state.in_(open_state_names()))
            .order_by(Cycle.state_changed_at, Cycle.id)
        )
    )
    cycle_ids = [cycle.id for cycle in cycles]
    counts = counts_for(open_cycles) if cycle_ids else {}
    due = (
        {
            (cycle_id, phase): due_on
            for cycle_id, phase, due_on in db.session.execute(
                select(PhaseDueDate.cycle_id, PhaseDueDate.phase, PhaseDueDate.due_on).where(
                    PhaseDueDate.cycle_id.in_(open_cycles)
                )
            )
        }
        if cycle_ids
        else {}
    )
    overdue_actions = (
        dict(
            db.session.execute(
                # count(*): the partial index of open actions answers it without the table
                select(Action.cycle_id, func.count())
                .where(Action.cycle_id.in_(open_cycles), action_is_open(), Action.due_on < today)
                .group_by(Action.cycle_id)
            ).all()
        )
        if cycle_ids
        else {}
    )
    student_led = (
        set(
            db.session.scalars(
                select(CycleFacilitator.cycle_id)
                .join(Cycle, Cycle.id == CycleFacilitator.cycle_id)
                .join(
                    Membership,
                    (Membership.user_id == CycleFacilitator.user_id)
                    & (Membership.team_id == Cycle.team_id),
                )
                .where(CycleFacilitator.cycle_id.in_(open_cycles), Membership.role == Role.student)
            )
        )
        if cycle_ids
        else set()
    )
    for cycle in cycles:
        board = boards[cycle.team_id]
        phase_due = due.get((cycle.id, cycle.state))
        board.cycles.append(
            {
                "id": cycle.id,
                "number": cycle.number,
                "puzzle_question": cycle.question,
                "state": cycle.state,
                "state_label": get_definition(cycle.workflow).state(cycle.state).label,
                "days_in_phase": (now - cycle.state_changed_at).days,
                "phase_due_on": phase_due,
                "phase_overdue": bool(phase_due and phase_due < today),
                "overdue_actions": overdue_actions.get(cycle.id, 0),
                "stalled": cycle.last_activity_at < now - timedelta(days=board.team.stall_days),
                "facilitated_by_student": cycle.id in student_led,
                "counts": counts[cycle.id],
            }
        )
    for team_id, share in _student_shares(coached).items():
        boards[team_id].student_facilitated_share = share
    for name, summarize in TEAM_SUMMARIES.items():
        for team_id, summary in summarize(team_ids).items():
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
