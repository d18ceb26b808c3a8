"""Puzzles of practice: writing one, adopting a starter, editing, archiving."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, func, select

from api.access import TeamAccess, team_access
from api.activity.service import record
from api.actor import Actor
from api.cycles.models import Cycle
from api.errors import NotFound, Unprocessable
from api.extensions import db
from api.puzzles.models import Puzzle, PuzzleStatus
from api.puzzles.starters import STARTERS_BY_KEY
from api.transactions import transactional
from workflows import get_definition

PUZZLE_NOT_FOUND = "We couldn't find that puzzle."


def team_puzzles(actor: Actor, team_id: str, *, status: PuzzleStatus | None = None) -> Select:
    return puzzles_of(team_access(actor, team_id), status=status)


def puzzles_of(access: TeamAccess, *, status: PuzzleStatus | None = None) -> Select:
    """A team's puzzles, newest first (`team_puzzles` once its access is known)."""
    query = (
        select(Puzzle)
        .where(Puzzle.team_id == access.team_id)
        .order_by(Puzzle.created_at.desc(), Puzzle.id)
    )
    if status:
        query = query.where(Puzzle.status == status)
    return query


@transactional
def create_puzzle(actor: Actor, team_id: str, data: dict) -> Puzzle:
    """Write a puzzle, or adopt a starter and make it the team's own (members)."""
    access = team_access(actor, team_id)
    access.require_contribute()
    fields = {"question": "", "context": "", "focus_area": ""}
    starter_key = data.get("starter_key")
    if starter_key:
        starter = STARTERS_BY_KEY.get(starter_key)
        if starter is None:
            raise Unprocessable(
                "Unknown starter.", errors={"starter_key": ["Choose one of the starter puzzles."]}
            )
        fields.update(
            question=starter.question, context=starter.context, focus_area=starter.focus_area
        )
    fields.update({key: data[key].strip() for key in fields if data.get(key) is not None})
    puzzle = Puzzle(team_id=team_id, starter_key=starter_key, created_by_id=actor.id, **fields)
    db.session.add(puzzle)
    db.session.flush()
    record(
        team_id,
        actor,
        "puzzle.created",
        f"took on the puzzle “{puzzle.question}”",
        subject_id=puzzle.id,
    )
    return puzzle


@dataclass(frozen=True)
class PuzzleAccess:
    puzzle: Puzzle
    team: TeamAccess


def puzzle_access(actor: Actor, puzzle_id: str) -> PuzzleAccess:
    """A puzzle and the actor's standing in its team; NotFound when they may not see it."""
    puzzle = db.session.get(Puzzle, puzzle_id)
    if puzzle is None:
        raise NotFound(PUZZLE_NOT_FOUND)
    try:
        return PuzzleAccess(puzzle=puzzle, team=team_access(actor, puzzle.team_id))
    except NotFound:
        raise NotFound(PUZZLE_NOT_FOUND) from None


def get_puzzle(actor: Actor, puzzle_id: str) -> Puzzle:
    return puzzle_access(actor, puzzle_id).puzzle


@transactional
def update_puzzle(actor: Actor, puzzle_id: str, data: dict) -> Puzzle:
    """Members edit the text; teachers and admins change the status (archive, resolve)."""
    puzzle = get_puzzle(actor, puzzle_id)
    access = team_access(actor, puzzle.team_id)
    access.require_contribute()
    if "status" in data:
        access.require_manage()
        if data["status"] is not puzzle.status:
            record(
                puzzle.team_id,
                actor,
                "puzzle.status",
                f"marked the puzzle “{puzzle.question}” {data['status'].value}",
                subject_id=puzzle.id,
            )
        puzzle.status = data["status"]
    for key in ("question", "context", "focus_area"):
        if key in data:
            setattr(puzzle, key, data[key].strip())
    return puzzle


def describe(puzzles: Sequence[Puzzle]) -> list[dict]:
    """Puzzles with their cycle count and current cycle, in two queries for any number."""
    ids = [puzzle.id for puzzle in puzzles]
    counts = (
        dict(
            db.session.execute(
                select(Cycle.puzzle_id, func.count())
                .where(Cycle.puzzle_id.in_(ids))
                .group_by(Cycle.puzzle_id)
            ).all()
        )
        if ids
        else {}
    )
    latest: dict[str, Cycle] = {}
    if ids:
        newest_first = select(Cycle).where(Cycle.puzzle_id.in_(ids)).order_by(Cycle.number.desc())
        for newer in db.session.scalars(newest_first):
            latest.setdefault(newer.puzzle_id, newer)
    result = []
    for puzzle in puzzles:
        cycle = latest.get(puzzle.id)
        current = None
        if cycle is not None:
            definition = get_definition(cycle.workflow)
            current = {
                "id": cycle.id,
                "number": cycle.number,
                "workflow": cycle.workflow,
                "state": cycle.state,
                "state_label": definition.state(cycle.state).label,
            }
        result.append(
            {
                "id": puzzle.id,
                "team_id": puzzle.team_id,
                "question": puzzle.question,
                "context": puzzle.context,
                "focus_area": puzzle.focus_area,
                "status": puzzle.status,
                "starter_key": puzzle.starter_key,
                "created_at": puzzle.created_at,
                "updated_at": puzzle.updated_at,
                "cycle_count": counts.get(puzzle.id, 0),
                "current_cycle": current,
            }
        )
    return result
