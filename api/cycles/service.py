"""Cycles: starting them, changing who runs them, moving them through their workflow."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Select, delete, func, or_, select, update
from sqlalchemy.orm import joinedload

from api.access import TeamAccess, is_team_member, team_access
from api.actions.models import Action, action_is_open
from api.activity.service import record
from api.actor import Actor
from api.cycles import describe
from api.cycles.access import CycleAccess, cycle_access
from api.cycles.facts import board_columns, count_columns, cycle_facts
from api.cycles.models import Cycle, CycleEvent, CycleFacilitator, PhaseDueDate
from api.db import rows_changed, utcnow
from api.errors import (
    Conflict,
    Forbidden,
    GuardFailed,
    NotFound,
    PreconditionRequired,
    StaleVersion,
    Unprocessable,
)
from api.extensions import db
from api.notices import tell
from api.puzzles.models import Puzzle, PuzzleStatus
from api.teams.models import Team
from api.transactions import transactional
from api.users.models import User
from api.webhooks.models import EventType
from api.webhooks.outbox import emit
from workflows import (
    Decision,
    RoleNotAllowed,
    UnknownTransition,
    UnknownWorkflow,
    decide,
    get_definition,
    open_state_names,
)
from workflows import GuardFailed as WorkflowGuardFailed

DEFAULT_WORKFLOW = "eaa"
MOVED_MEANWHILE = "Someone else just moved this cycle. Reload it and try again."


def _puzzle_in_reach(actor: Actor, puzzle_id: str) -> tuple[Puzzle, TeamAccess]:
    puzzle = db.session.get(Puzzle, puzzle_id)
    if puzzle is None:
        raise NotFound("We couldn't find that puzzle.")
    try:
        return puzzle, team_access(actor, puzzle.team_id)
    except NotFound:
        raise NotFound("We couldn't find that puzzle.") from None


def _require_members(team_id: str, people: dict[str, list[str]]) -> None:
    """Facilitators, recorder and timekeeper must be on the team (students welcome)."""
    errors = {
        field: ["Choose people who are on the team."]
        for field, user_ids in people.items()
        if any(not is_team_member(team_id, user_id) for user_id in user_ids)
    }
    if errors:
        raise Unprocessable("Some people are not on this team.", errors=errors)


def _apply_people_and_dates(cycle: Cycle, data: dict) -> None:
    people = {
        field: ids
        for field, ids in (
            ("facilitator_ids", data.get("facilitator_ids") or []),
            ("recorder_id", [data["recorder_id"]] if data.get("recorder_id") else []),
            ("timekeeper_id", [data["timekeeper_id"]] if data.get("timekeeper_id") else []),
        )
    }
    _require_members(cycle.team_id, people)
    if "facilitator_ids" in data:
        wanted = list(dict.fromkeys(data["facilitator_ids"]))
        cycle.facilitators = [f for f in cycle.facilitators if f.user_id in wanted]
        present = {f.user_id for f in cycle.facilitators}
        cycle.facilitators.extend(
            CycleFacilitator(user_id=user_id) for user_id in wanted if user_id not in present
        )
    for field in ("recorder_id", "timekeeper_id", "title"):
        if field in data:
            setattr(cycle, field, data[field])
    if "due_dates" in data:
        _set_due_dates(cycle, data["due_dates"])


ROLE_WORDS = {
    "facilitator": "a facilitator",
    "recorder": "the recorder",
    "timekeeper": "the timekeeper",
}


def _people(cycle: Cycle) -> dict[str, set[str]]:
    return {
        "facilitator": {f.user_id for f in cycle.facilitators},
        "recorder": {cycle.recorder_id} if cycle.recorder_id else set(),
        "timekeeper": {cycle.timekeeper_id} if cycle.timekeeper_id else set(),
    }


def _tell_new_roles(actor: Actor, cycle: Cycle, before: dict[str, set[str]]) -> None:
    """Whoever was just made facilitator, recorder or timekeeper hears it at once, and the
    cycle's history says so."""
    team = db.session.get_one(Team, cycle.team_id)
    question = db.session.get_one(Puzzle, cycle.puzzle_id).question
    for role, now in _people(cycle).items():
        for user_id in now - before.get(role, set()):
            person = db.session.get(User, user_id)
            name = person.display_name if person else "someone"
            record(
                cycle.team_id,
                actor,
                f"cycle.{role}",
                f"made {name} {ROLE_WORDS[role]} of cycle {cycle.number}",
                cycle_id=cycle.id,
                subject_id=cycle.id,
            )
            tell(
                [user_id],
                actor=actor,
                organization_id=team.organization_id,
                kind=f"cycle.{role}",
                title=f"You are {ROLE_WORDS[role]} of cycle {cycle.number}",
                body=f"“{question}”",
                link=f"/cycles/{cycle.id}",
                subject_type="cycle",
                subject_id=cycle.id,
            )


def _tell_facilitators_of_move(actor: Actor, access: CycleAccess, label: str) -> None:
    cycle = access.cycle
    tell(
        [f.user_id for f in cycle.facilitators],
        actor=actor,
        organization_id=access.team.team.organization_id,
        kind="cycle.moved",
        title=f"Cycle {cycle.number}, which you facilitate, moved to {label.lower()}",
        body=f"{actor.user.display_name if actor.user else 'Someone'} moved it.",
        link=f"/cycles/{cycle.id}",
        subject_type="cycle",
        subject_id=cycle.id,
    )


def _set_due_dates(cycle: Cycle, due_dates: dict[str, date | None]) -> None:
    """Set or clear due dates of the states the cycle's workflow dates (its definition says)."""
    definition = get_definition(cycle.workflow)
    dated = {state.name for state in definition.due_date_states}
    undated = sorted(set(due_dates) - dated)
    if undated:
        phases = ", ".join(state.label for state in definition.due_date_states)
        raise Unprocessable(
            "Some due dates are not for this cycle's phases.",
            errors={
                "due_dates": {
                    name: [f"A {definition.title} cycle has due dates for: {phases}."]
                    for name in undated
                }
            },
        )
    existing = {row.phase: row for row in cycle.phase_due_dates}
    for phase, due_on in due_dates.items():
        if due_on is None:
            if phase in existing:
                cycle.phase_due_dates.remove(existing[phase])
        elif phase in existing:
            existing[phase].due_on = due_on
        else:
            cycle.phase_due_dates.append(PhaseDueDate(phase=phase, due_on=due_on))


@transactional
def start_cycle(actor: Actor, puzzle_id: str, data: dict) -> Cycle:
    """Open the next cycle of a puzzle (teachers and admins); raises Conflict if one is open."""
    puzzle, access = _puzzle_in_reach(actor, puzzle_id)
    access.require_manage()
    if puzzle.status is not PuzzleStatus.active:
        raise Conflict("This puzzle is not active. Reopen it to start a cycle.")
    workflow = data.get("workflow") or DEFAULT_WORKFLOW
    try:
        get_definition(workflow)
    except UnknownWorkflow as error:
        raise Unprocessable(str(error), errors={"workflow": [str(error)]}) from None
    return _new_cycle(actor, puzzle, data, workflow=workflow)


def _new_cycle(
    actor: Actor, puzzle: Puzzle, data: dict, *, workflow: str = DEFAULT_WORKFLOW
) -> Cycle:
    # Whatever the workflow of the puzzle's earlier cycles, none of them may still be open.
    open_cycle = db.session.scalar(
        select(Cycle.number).where(
            Cycle.puzzle_id == puzzle.id, Cycle.state.in_(open_state_names())
        )
    )
    if open_cycle is not None:
        raise Conflict(f"Cycle {open_cycle} of this puzzle is still in progress.")
    number = (
        db.session.scalar(select(func.max(Cycle.number)).where(Cycle.puzzle_id == puzzle.id)) or 0
    ) + 1
    definition = get_definition(workflow)
    cycle = Cycle(
        puzzle_id=puzzle.id,
        team_id=puzzle.team_id,
        number=number,
        workflow=workflow,
        state=definition.initial_state,
        title=data.get("title") or "",
        created_by_id=actor.id,
        facilitators=[],
        phase_due_dates=[],
    )
    db.session.add(cycle)
    _apply_people_and_dates(cycle, data)
    db.session.flush()
    _tell_new_roles(actor, cycle, {})
    record(
        puzzle.team_id,
        actor,
        "cycle.started",
        f"started cycle {number} of “{puzzle.question}”",
        cycle_id=cycle.id,
        subject_id=cycle.id,
    )
    return cycle


def parse_if_match(header: str | None) -> int | None:
    """The version a client last saw, from If-Match: "7" (weak or strong); None if absent."""
    if not header:
        return None
    value = header.split(",")[0].strip()
    if value.startswith("W/"):
        value = value[2:]
    value = value.strip('"')
    if value == "*":
        return -1
    try:
        return int(value)
    except ValueError:
        raise StaleVersion("That version tag is not one of ours. Reload the cycle.") from None


def _check_version(cycle: Cycle, if_match: str | None) -> None:
    seen = parse_if_match(if_match)
    if seen is None:
        raise PreconditionRequired(
            "Send the cycle's ETag in an If-Match header, so no one's change is overwritten."
        )
    if seen != -1 and seen != cycle.version:
        raise StaleVersion(MOVED_MEANWHILE, current_version=cycle.version)


def _bump_version(cycle: Cycle, **values) -> int:
    """Compare-and-swap on the version: of two writers that read the same version, one wins."""
    new_version = cycle.version + 1
    result = db.session.execute(
        update(Cycle)
        .where(Cycle.id == cycle.id, Cycle.version == cycle.version)
        .values(version=new_version, last_activity_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    if rows_changed(result) != 1:
        raise Conflict(MOVED_MEANWHILE)
    return new_version


@transactional
def update_cycle(actor: Actor, cycle_id: str, data: dict, *, if_match: str | None) -> Cycle:
    """Change title, facilitators, recorder, timekeeper or due dates (teachers, facilitators)."""
    access = cycle_access(actor, cycle_id, for_update=True)
    if not (access.team.can_manage or access.is_facilitator):
        raise Forbidden("Only the team's teachers or the cycle's facilitators can change this.")
    access.require_open()
    cycle = access.cycle
    _check_version(cycle, if_match)
    before = _people(cycle)
    _apply_people_and_dates(cycle, data)
    db.session.flush()
    _tell_new_roles(actor, cycle, before)
    _bump_version(cycle)
    db.session.refresh(cycle)
    return cycle


def _require_mover(access: CycleAccess) -> None:
    """Refuse people who may make no move at all in this workflow, before anything else."""
    movers = get_definition(access.cycle.workflow).mover_roles
    if not access.workflow_actor().roles & movers:
        raise Forbidden(
            "Only the cycle's facilitators, the team's teachers or organization "
            "admins can move this cycle."
        )


def _decide(access: CycleAccess, move: str) -> Decision:
    cycle = access.cycle
    definition = get_definition(cycle.workflow)
    try:
        return decide(definition, cycle_facts(cycle), access.workflow_actor(), move)
    except RoleNotAllowed as error:
        raise Forbidden(str(error)) from None
    except WorkflowGuardFailed as error:
        raise GuardFailed(str(error), reasons=list(error.reasons)) from None
    except UnknownTransition as error:
        if move in definition.states or definition.transition(move) is not None:
            raise Conflict(str(error)) from None
        raise Unprocessable(str(error), errors={"transition": [str(error)]}) from None


def _apply(actor: Actor, access: CycleAccess, decision: Decision, comment: str) -> None:
    cycle = access.cycle
    version = _bump_version(cycle, state=decision.to_state, state_changed_at=utcnow())
    db.session.add(
        CycleEvent(
            cycle_id=cycle.id,
            version=version,
            transition=decision.transition.name,
            from_state=decision.from_state,
            to_state=decision.to_state,
            actor_id=actor.id,
            comment=comment.strip(),
        )
    )
    # In the transition's own transaction: no webhook for a move that rolls back.
    emit(
        access.team.team.organization_id,
        EventType.cycle_transitioned,
        {
            "cycle_id": cycle.id,
            "team_id": cycle.team_id,
            "puzzle_id": cycle.puzzle_id,
            "number": cycle.number,
            "transition": decision.transition.name,
            "from_state": decision.from_state,
            "to_state": decision.to_state,
            "version": version,
            "actor_id": actor.id,
        },
    )
    if get_definition(cycle.workflow).is_terminal(decision.to_state):
        emit(
            access.team.team.organization_id,
            EventType.cycle_closed,
            {
                "cycle_id": cycle.id,
                "team_id": cycle.team_id,
                "puzzle_id": cycle.puzzle_id,
                "number": cycle.number,
                "state": decision.to_state,
                "actor_id": actor.id,
            },
        )
    label = get_definition(cycle.workflow).state(decision.to_state).label
    record(
        cycle.team_id,
        actor,
        "cycle.transitioned",
        f"moved cycle {cycle.number} to {label.lower()}",
        cycle_id=cycle.id,
        subject_id=cycle.id,
    )
    _tell_facilitators_of_move(actor, access, label)


@transactional
def transition(
    actor: Actor, cycle_id: str, *, move: str, comment: str = "", if_match: str | None
) -> Cycle:
    """Move a cycle: guard check, state change, version bump and event row in one transaction.

    Raises PreconditionRequired (no If-Match), StaleVersion (412), Forbidden (role),
    GuardFailed (409 with reasons), Conflict (out of order, or lost a race), Unprocessable.
    """
    # The row lock makes concurrent movers queue; the loser then sees a new version (412).
    access = cycle_access(actor, cycle_id, for_update=True)
    _require_mover(access)
    _check_version(access.cycle, if_match)
    _apply(actor, access, _decide(access, move), comment)
    db.session.expire(access.cycle)
    return access.cycle


@transactional
def start_next_cycle(actor: Actor, cycle_id: str) -> Cycle:
    """From a state that opens the next cycle (EAA: reflection, closing it on the way; or a
    closed cycle): open cycle n+1 of the puzzle, carrying unfinished actions and the
    facilitators forward: all of it, or nothing."""
    access = cycle_access(actor, cycle_id, for_update=True)
    _require_mover(access)
    cycle = access.cycle
    definition = get_definition(cycle.workflow)
    if not definition.state(cycle.state).opens_next_cycle:
        reflecting = definition.reflecting_state
        if reflecting is None:
            raise Conflict("Finish this cycle before you start the next one.")
        raise Conflict(
            f"Move the cycle to {reflecting.label.lower()} before you start the next one."
        )
    closing = definition.next_cycle_closing(cycle.state)
    if closing is not None:
        _apply(actor, access, _decide(access, closing.name), "Closed to start the next cycle.")
        db.session.flush()
    puzzle = db.session.get_one(Puzzle, cycle.puzzle_id)
    newer = db.session.scalar(
        select(Cycle.id).where(Cycle.puzzle_id == cycle.puzzle_id, Cycle.number > cycle.number)
    )
    if newer:
        raise Conflict("The next cycle of this puzzle has already started.")
    next_cycle = _new_cycle(
        actor,
        puzzle,
        {
            "facilitator_ids": [f.user_id for f in cycle.facilitators],
            "recorder_id": cycle.recorder_id,
            "timekeeper_id": cycle.timekeeper_id,
        },
        workflow=cycle.workflow,
    )
    unfinished = db.session.scalars(
        select(Action)
        .where(Action.cycle_id == cycle.id, action_is_open())
        .order_by(Action.created_at, Action.id)
    ).all()
    for action in unfinished:
        db.session.add(
            Action(
                cycle_id=next_cycle.id,
                team_id=action.team_id,
                title=action.title,
                owner_id=action.owner_id,
                due_on=action.due_on,
                success_criteria=action.success_criteria,
                status=action.status,
                carried_from_id=action.id,
                created_by_id=actor.id,
            )
        )
    return next_cycle


def clear_recorder_and_timekeeper(user_id: str, *, among: Select | None = None) -> None:
    """Take the person off as recorder or timekeeper: of every cycle, or of the cycles whose
    ids `among` selects. Adds to the session; the caller commits."""
    for role in (Cycle.recorder_id, Cycle.timekeeper_id):
        chosen = role == user_id if among is None else (role == user_id) & Cycle.id.in_(among)
        db.session.execute(
            update(Cycle)
            .where(chosen)
            .values({role: None})
            .execution_options(synchronize_session=False)
        )


def release_open_work(team_id: str, user_id: str) -> None:
    """Someone who leaves a team no longer owns its open actions or holds a role in its open
    cycles (no more reminders for work they can't reach); finished work keeps its history."""
    db.session.execute(
        update(Action)
        .where(
            Action.team_id == team_id,
            Action.owner_id == user_id,
            action_is_open(),
        )
        .values(owner_id=None)
    )
    open_cycles = select(Cycle.id).where(
        Cycle.team_id == team_id, Cycle.state.in_(open_state_names())
    )
    db.session.execute(
        delete(CycleFacilitator).where(
            CycleFacilitator.user_id == user_id, CycleFacilitator.cycle_id.in_(open_cycles)
        )
    )
    clear_recorder_and_timekeeper(user_id, among=open_cycles)


def get_cycle(actor: Actor, cycle_id: str) -> CycleAccess:
    """The cycle and what its page shows, in one statement (describe.details serves it)."""
    return cycle_access(actor, cycle_id, page=describe.page_columns(Cycle))


def history(actor: Actor, cycle_id: str) -> Select:
    return history_of(cycle_access(actor, cycle_id))


def history_of(access: CycleAccess) -> Select:
    """The moves of a cycle the caller may see, oldest first (`history` once access is known)."""
    return (
        select(CycleEvent)
        .options(joinedload(CycleEvent.actor))
        .where(CycleEvent.cycle_id == access.cycle.id)
        .order_by(CycleEvent.version)
    )


def _with_details(query: Select) -> Select:
    """Each cycle of a board with its puzzle's question, counts, facilitators and due dates, in
    the same rows (what describe.summaries takes)."""
    return query.join(Puzzle, Puzzle.id == Cycle.puzzle_id).add_columns(
        Puzzle.question, *count_columns(Cycle.id), *board_columns(Cycle.id)
    )


def team_cycles(
    actor: Actor,
    team_id: str,
    *,
    state: str | None = None,
    open: bool | None = None,
    puzzle_id: str | None = None,
    updated_since: datetime | None = None,
) -> Select:
    """The team's cycles for its board, newest activity first; `updated_since` keeps those
    moved or worked on at or after that time (what an LMS that polls has not seen)."""
    return cycles_of(
        team_access(actor, team_id),
        state=state,
        open=open,
        puzzle_id=puzzle_id,
        updated_since=updated_since,
    )


def cycles_of(
    access: TeamAccess,
    *,
    state: str | None = None,
    open: bool | None = None,
    puzzle_id: str | None = None,
    updated_since: datetime | None = None,
) -> Select:
    """A team's cycles as board rows (`team_cycles` once its access is known)."""
    query = _with_details(select(Cycle).where(Cycle.team_id == access.team_id)).order_by(
        Cycle.last_activity_at.desc(), Cycle.id
    )
    if state:
        query = query.where(Cycle.state == state)
    if open is not None:
        open_states = open_state_names()
        query = query.where(
            Cycle.state.in_(open_states) if open else Cycle.state.not_in(open_states)
        )
    if puzzle_id:
        query = query.where(Cycle.puzzle_id == puzzle_id)
    if updated_since is not None:
        query = query.where(
            or_(Cycle.last_activity_at >= updated_since, Cycle.state_changed_at >= updated_since)
        )
    return query


def puzzle_cycles(actor: Actor, puzzle_id: str) -> Select:
    puzzle, _access = _puzzle_in_reach(actor, puzzle_id)
    return cycles_of_puzzle(puzzle)


def cycles_of_puzzle(puzzle: Puzzle) -> Select:
    """The cycles of a puzzle the caller may see, first to latest, as board rows
    (`puzzle_cycles` once its access is known)."""
    return _with_details(select(Cycle).where(Cycle.puzzle_id == puzzle.id)).order_by(Cycle.number)
