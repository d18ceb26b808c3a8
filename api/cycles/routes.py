"""Cycles, transitions and history."""

from __future__ import annotations

from flask import request

from api.actor import CYCLES_READ, current_actor
from api.blueprint import Blueprint
from api.cycles import describe, service
from api.cycles.access import CycleAccess, cycle_access
from api.cycles.schemas import (
    CycleCreateSchema,
    CycleEventSchema,
    CycleQueryArgsSchema,
    CycleSchema,
    CycleSummarySchema,
    CycleUpdateSchema,
    TransitionRequestSchema,
)
from api.pagination import page_of
from api.schemas import POLLED_LIST_ARGUMENTS

blp = Blueprint(
    "cycles",
    __name__,
    url_prefix="/api/v1",
    description="Cycles, transitions and history",
    client_reads=CYCLES_READ,
)

IF_MATCH_DOC = {
    "parameters": [
        {
            "in": "header",
            "name": "If-Match",
            "required": True,
            "schema": {"type": "string"},
            "description": "The cycle's ETag, as last read",
        }
    ]
}


#: the cycle's version, sent back in If-Match to change or move it
VERSION_HEADER = {"ETag": "ETag"}


def _cycle_response(access: CycleAccess, status: int = 200):
    # The version is the ETag: clients send it back in If-Match to move or edit the cycle.
    return describe.details(access), status, {"ETag": f'"{access.cycle.version}"'}


@blp.route("/puzzles/<puzzle_id>/cycles", methods=["GET"])
@blp.response(200, CycleSummarySchema(many=True))
@blp.paginate()
def list_puzzle_cycles(puzzle_id, pagination_parameters):
    """List a puzzle's cycles, first to latest."""
    query = service.puzzle_cycles(current_actor(), puzzle_id)
    return describe.summaries(page_of(query, pagination_parameters))


@blp.route("/puzzles/<puzzle_id>/cycles", methods=["POST"])
@blp.arguments(CycleCreateSchema)
@blp.response(201, CycleSchema, headers=VERSION_HEADER)
def start_cycle(data, puzzle_id):
    """Start the next cycle of a puzzle, with facilitators (students too) and due dates."""
    cycle = service.start_cycle(current_actor(), puzzle_id, data)
    return _cycle_response(cycle_access(current_actor(), cycle.id, with_people=True), 201)


@blp.route("/teams/<team_id>/cycles", methods=["GET"])
@blp.arguments(CycleQueryArgsSchema, **POLLED_LIST_ARGUMENTS)
@blp.response(200, CycleSummarySchema(many=True))
@blp.paginate()
def list_team_cycles(args, team_id, pagination_parameters):
    """List a team's cycles for its board; filter by state, open or puzzle."""
    query = service.team_cycles(current_actor(), team_id, **args)
    return describe.summaries(page_of(query, pagination_parameters))


@blp.route("/cycles/<cycle_id>", methods=["GET"])
@blp.response(200, CycleSchema, headers=VERSION_HEADER)
def get_cycle(cycle_id):
    """Get a cycle with the moves you can make now (and why others are blocked); sets ETag."""
    return _cycle_response(service.get_cycle(current_actor(), cycle_id))


@blp.route("/cycles/<cycle_id>", methods=["PATCH"])
@blp.arguments(CycleUpdateSchema)
@blp.response(200, CycleSchema, headers=VERSION_HEADER)
@blp.doc(**IF_MATCH_DOC)
def update_cycle(data, cycle_id):
    """Change a cycle's title, facilitators, recorder, timekeeper or due dates (If-Match)."""
    service.update_cycle(current_actor(), cycle_id, data, if_match=request.headers.get("If-Match"))
    return _cycle_response(cycle_access(current_actor(), cycle_id, with_people=True))


@blp.route("/cycles/<cycle_id>/transitions", methods=["POST"])
@blp.arguments(TransitionRequestSchema)
@blp.response(200, CycleSchema, headers=VERSION_HEADER)
@blp.doc(**IF_MATCH_DOC)
def move_cycle(data, cycle_id):
    """Move a cycle to its next phase (or back); 409 lists what is missing, 412 if stale."""
    service.transition(
        current_actor(),
        cycle_id,
        move=data["transition"],
        comment=data["comment"],
        if_match=request.headers.get("If-Match"),
    )
    return _cycle_response(cycle_access(current_actor(), cycle_id, with_people=True))


@blp.route("/cycles/<cycle_id>/history", methods=["GET"])
@blp.response(200, CycleEventSchema(many=True))
@blp.paginate()
def cycle_history(cycle_id, pagination_parameters):
    """List every move of a cycle, oldest first: who, when, from where to where, and why."""
    return page_of(service.history(current_actor(), cycle_id), pagination_parameters)


@blp.route("/cycles/<cycle_id>/next", methods=["POST"])
@blp.response(201, CycleSchema, headers=VERSION_HEADER)
def start_next_cycle(cycle_id):
    """From reflection or a closed cycle, open the puzzle's next cycle; open actions carry over."""
    cycle = service.start_next_cycle(current_actor(), cycle_id)
    return _cycle_response(cycle_access(current_actor(), cycle.id, with_people=True), 201)
