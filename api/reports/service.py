"""What a cycle report holds, gathered through the same services the API uses, so a report
shows exactly what its reader may see."""

from __future__ import annotations

import base64
import io
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from PIL import Image, UnidentifiedImageError

from api.actions import service as actions
from api.actor import Actor
from api.analysis import service as analysis
from api.cycles import service as cycles
from api.cycles.models import Cycle
from api.db import utcnow
from api.errors import NotFound
from api.evidence import service as evidence
from api.extensions import db
from api.puzzles.models import Puzzle
from api.reflections.models import Reflection
from api.storage import Storage, StorageError
from api.teams.models import Membership, Team
from api.users.models import User
from workflows import get_definition

log = logging.getLogger(__name__)

#: thumbnails are this many pixels on their longest side: sharp in print, small in the PDF
THUMBNAIL_PIXELS = 360
#: larger pictures are not opened for a thumbnail (the PDF says so instead)
THUMBNAIL_MAX_BYTES = 15 * 1024 * 1024
ACTION_OUTCOMES = {
    "planned": "Not started",
    "in_progress": "Under way",
    "done": "Done",
    "dropped": "Dropped",
}


@dataclass
class CycleReport:
    cycle: Cycle
    state_label: str
    evidence: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    actions: list[Any] = field(default_factory=list)
    reflection: Reflection | None = None
    history: list[Any] = field(default_factory=list)
    facilitators: list[str] = field(default_factory=list)


@dataclass
class PuzzleReport:
    puzzle: Puzzle
    team: Team
    teachers: list[str]
    students: list[str]
    cycles: list[CycleReport]
    made_at: datetime
    outcomes: dict[str, str] = field(default_factory=lambda: ACTION_OUTCOMES)


def _thumbnail(item: dict[str, Any], storage: Storage, storage_key: str) -> str | None:
    """A small PNG of an image file as a data: URL; None for other files or unreadable ones."""
    if not (item["content_type"] or "").startswith("image/"):
        return None
    if (item["size"] or 0) > THUMBNAIL_MAX_BYTES:
        return None
    try:
        with storage.open(storage_key) as stored:
            picture = Image.open(io.BytesIO(stored.read()))
            picture.thumbnail((THUMBNAIL_PIXELS, THUMBNAIL_PIXELS))
            out = io.BytesIO()
            picture.convert("RGB").save(out, format="PNG", optimize=True)
    except (StorageError, UnidentifiedImageError, OSError, ValueError) as error:
        log.info("no thumbnail for evidence %s: %s", item["id"], error)
        return None
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def _cycle_report(actor: Actor, cycle: Cycle, storage: Storage) -> CycleReport:
    access = cycles.get_cycle(actor, cycle.id)
    definition = get_definition(cycle.workflow)
    report = CycleReport(cycle=cycle, state_label=definition.state(cycle.state).label)
    report.facilitators = sorted(f.user.display_name for f in access.cycle.facilitators)
    for row in db.session.scalars(evidence.cycle_evidence(actor, cycle.id)):
        item = evidence.describe(row)
        item["added_by"] = row.added_by.display_name if row.added_by else "A former member"
        item["thumbnail"] = _thumbnail(item, storage, row.storage_key) if row.storage_key else None
        report.evidence.append(item)
    report.evidence.reverse()  # oldest first: the report reads in the order things happened
    notes = list(db.session.scalars(analysis.cycle_notes(actor, cycle.id)))
    report.notes = analysis.describe(notes)
    report.actions = list(db.session.scalars(actions.cycle_actions(actor, cycle.id)))
    report.reflection = db.session.scalar(
        db.select(Reflection).where(Reflection.cycle_id == cycle.id)
    )
    report.history = list(db.session.scalars(cycles.history(actor, cycle.id)))
    return report


def _team_people(team_id: str) -> tuple[list[str], list[str]]:
    rows = db.session.execute(
        db.select(User.display_name, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.team_id == team_id)
        .order_by(User.display_name)
    ).all()
    teachers = [name for name, role in rows if role == "teacher"]
    students = [name for name, role in rows if role == "student"]
    return teachers, students


def cycle_report(actor: Actor, cycle_id: str, storage: Storage) -> PuzzleReport:
    """One cycle with its puzzle and team. Raises NotFound when the actor may not see it."""
    access = cycles.get_cycle(actor, cycle_id)
    return _puzzle_report(actor, access.cycle.puzzle, [access.cycle], storage)


def puzzle_report(actor: Actor, puzzle_id: str, storage: Storage) -> PuzzleReport:
    """A puzzle with every cycle it has had. Raises NotFound when the actor may not see it."""
    found = list(db.session.scalars(cycles.puzzle_cycles(actor, puzzle_id)))
    puzzle = db.session.get(Puzzle, puzzle_id)
    if puzzle is None:
        raise NotFound("We couldn't find that puzzle.")
    return _puzzle_report(actor, puzzle, found, storage)


def _puzzle_report(actor: Actor, puzzle: Puzzle, found: list[Cycle], storage: Storage):
    team = db.session.get_one(Team, puzzle.team_id)
    teachers, students = _team_people(puzzle.team_id)
    return PuzzleReport(
        puzzle=puzzle,
        team=team,
        teachers=teachers,
        students=students,
        cycles=[_cycle_report(actor, cycle, storage) for cycle in found],
        made_at=utcnow(),
    )
