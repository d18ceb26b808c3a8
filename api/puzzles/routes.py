"""Puzzles of practice and the starter library."""

from __future__ import annotations

from api.actor import CYCLES_READ, current_actor
from api.blueprint import Blueprint
from api.cycles import describe as cycle_describe
from api.cycles import service as cycles
from api.cycles.schemas import CycleSummarySchema
from api.includes import Includes, Part
from api.pagination import page_of
from api.puzzles import service
from api.puzzles.schemas import (
    PuzzleCreateSchema,
    PuzzleQueryArgsSchema,
    PuzzleSchema,
    PuzzleUpdateSchema,
    StarterSchema,
)
from api.puzzles.starters import STARTERS
from api.teams.parts import team_parts

blp = Blueprint(
    "puzzles",
    __name__,
    url_prefix="/api/v1",
    description="Puzzles of practice and the starter library",
    client_reads=CYCLES_READ,
)

#: what the puzzle page shows, in the puzzle's answer (`?include=`); each part as its own
#: route makes it, from the access the puzzle's read established
PUZZLE_PARTS = Includes(
    "puzzle",
    [
        *team_parts(),
        Part(
            "cycles",
            CycleSummarySchema,
            many=True,
            scope=CYCLES_READ,
            route="GET /puzzles/{id}/cycles",
            load=lambda access, page: cycle_describe.summaries(
                page_of(cycles.cycles_of_puzzle(access.puzzle), page)
            ),
        ),
    ],
)


@blp.route("/puzzle-starters", methods=["GET"])
@blp.response(200, StarterSchema(many=True))
def list_starters():
    """List the starter puzzles a team can adopt and then edit as its own."""
    return list(STARTERS)


@blp.route("/teams/<team_id>/puzzles", methods=["GET"])
@blp.arguments(PuzzleQueryArgsSchema, location="query")
@blp.response(200, PuzzleSchema(many=True))
@blp.paginate()
def list_puzzles(args, team_id, pagination_parameters):
    """List a team's puzzles of practice, newest first; filter by status."""
    query = service.team_puzzles(current_actor(), team_id, **args)
    return service.describe(page_of(query, pagination_parameters))


@blp.route("/teams/<team_id>/puzzles", methods=["POST"])
@blp.arguments(PuzzleCreateSchema)
@blp.response(201, PuzzleSchema)
def create_puzzle(data, team_id):
    """Write a puzzle of practice, or adopt a starter (then edit it as your own)."""
    return service.describe([service.create_puzzle(current_actor(), team_id, data)])[0]


@blp.route("/puzzles/<puzzle_id>", methods=["GET"])
@blp.response(200, PUZZLE_PARTS.schema(PuzzleSchema))
@PUZZLE_PARTS.parameter
def get_puzzle(include, puzzle_id):
    """Get a puzzle with its current cycle; `include` adds its team, members and cycles."""
    access = service.puzzle_access(current_actor(), puzzle_id)
    return PUZZLE_PARTS.answer(service.describe([access.puzzle])[0], include, access)


@blp.route("/puzzles/<puzzle_id>", methods=["PATCH"])
@blp.arguments(PuzzleUpdateSchema)
@blp.response(200, PuzzleSchema)
def update_puzzle(data, puzzle_id):
    """Edit a puzzle; teachers can archive or resolve it."""
    return service.describe([service.update_puzzle(current_actor(), puzzle_id, data)])[0]
