"""A team's action due tomorrow: what the reminder scan picks up, for the tests that need one
(the worker-process tests and the bell in the browser)."""

from __future__ import annotations

from datetime import timedelta

from api.actions.models import Action
from api.cycles.models import Cycle
from api.db import utcnow
from api.extensions import db
from api.puzzles.models import Puzzle
from api.teams.models import Team
from api.users.models import User


def add_action_due_tomorrow(team: Team, owner: User, *, question: str, title: str) -> Action:
    """A new puzzle of `team` with its first cycle in the action phase, and `owner`'s action
    `title` on it, due tomorrow (UTC). Flushes; the caller commits."""
    puzzle = Puzzle(team_id=team.id, question=question)
    db.session.add(puzzle)
    db.session.flush()
    cycle = Cycle(puzzle_id=puzzle.id, team_id=team.id, number=1, state="action")
    db.session.add(cycle)
    db.session.flush()
    action = Action(
        cycle_id=cycle.id,
        team_id=team.id,
        title=title,
        owner_id=owner.id,
        due_on=utcnow().date() + timedelta(days=1),
    )
    db.session.add(action)
    db.session.flush()
    return action
