"""Puzzles of practice and the starter library."""

from __future__ import annotations

from api.actor import CYCLES_READ, current_actor
from api.blueprint import Blueprint
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

blp = Blueprint(
    "puzzles",
    __name__,
    url_prefix="/api/v1",
    description="Puzzles of practice and the starter library",
    client_reads=CYCLES_READ,
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
@blp.response(200, PuzzleSchema)
def get_puzzle(puzzle_id):
    """Get a puzzle with its current cycle."""
    return service.describe([service.get_puzzle(current_actor(), puzzle_id)])[0]


@blp.route("/puzzles/<puzzle_id>", methods=["PATCH"])
@blp.arguments(PuzzleUpdateSchema)
@blp.response(200, PuzzleSchema)
def update_puzzle(data, puzzle_id):
    """Edit a puzzle; teachers can archive or resolve it."""
    return service.describe([service.update_puzzle(current_actor(), puzzle_id, data)])[0]
