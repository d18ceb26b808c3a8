"""Cycles, transitions and history."""

from __future__ import annotations

from flask import request

from api.actions import service as actions
from api.actions.schemas import ActionSchema
from api.activity import service as activity
from api.activity.schemas import ActivityEntrySchema
from api.actor import CYCLES_READ, current_actor
from api.analysis import service as analysis
from api.analysis.schemas import AnalysisPromptSchema, NoteSchema
from api.blueprint import Blueprint
from api.comments import service as comments
from api.comments.schemas import CommentSchema
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
from api.evidence import service as evidence
from api.evidence.schemas import EvidenceSchema
from api.includes import Includes, Part, page_of_list
from api.pagination import page_of
from api.reflections import service as reflections
from api.reflections.schemas import ReflectionSchema
from api.schemas import POLLED_LIST_ARGUMENTS
from api.teams.parts import team_parts
from api.workflows import service as workflows
from api.workflows.schemas import WorkflowSchema

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


#: what the cycle page shows, in the cycle's answer (`?include=`); each part as its own route
#: makes it, from the access the cycle's read established
CYCLE_PARTS = Includes(
    "cycle",
    [
        *team_parts(),
        Part(
            "workflow",
            WorkflowSchema,
            scope=CYCLES_READ,
            route="GET /workflows/{name}",
            load=lambda access: workflows.workflow(access.cycle.workflow),
        ),
        Part(
            "analysis_prompts",
            AnalysisPromptSchema,
            many=True,
            scope=CYCLES_READ,
            route="GET /analysis-prompts",
            load=lambda access, page: page_of_list(analysis.prompts(), page),
        ),
        Part(
            "evidence",
            EvidenceSchema,
            many=True,
            scope=CYCLES_READ,
            route="GET /cycles/{id}/evidence",
            load=lambda access, page: [
                evidence.describe(item) for item in page_of(evidence.evidence_of(access), page)
            ],
        ),
        Part(
            "notes",
            NoteSchema,
            many=True,
            scope=CYCLES_READ,
            route="GET /cycles/{id}/notes",
            load=lambda access, page: analysis.describe(page_of(analysis.notes_of(access), page)),
        ),
        Part(
            "actions",
            ActionSchema,
            many=True,
            scope=CYCLES_READ,
            route="GET /cycles/{id}/actions",
            load=lambda access, page: page_of(actions.actions_of(access, current_actor()), page),
        ),
        Part(
            "reflection",
            ReflectionSchema,
            optional=True,
            scope=CYCLES_READ,
            route="GET /cycles/{id}/reflection; null until written",
            load=reflections.reflection_of,
        ),
        Part(
            "comments",
            CommentSchema,
            many=True,
            scope=CYCLES_READ,
            route="GET /cycles/{id}/comments",
            load=lambda access, page: page_of(comments.comments_of(access), page),
        ),
        Part(
            "history",
            CycleEventSchema,
            many=True,
            scope=CYCLES_READ,
            route="GET /cycles/{id}/history",
            load=lambda access, page: page_of(service.history_of(access), page),
        ),
        Part(
            "activity",
            ActivityEntrySchema,
            many=True,
            scope=CYCLES_READ,
            route="GET /teams/{id}/activity?cycle_id={id}",
            # the page shows the latest few, as the activity route's default page does
            page_size=blp.DEFAULT_PAGINATION_PARAMETERS["page_size"],
            load=lambda access, page: page_of(
                activity.feed_of(access.team, cycle_id=access.cycle.id), page
            ),
        ),
        Part(
            "puzzle_cycles",
            CycleSummarySchema,
            many=True,
            scope=CYCLES_READ,
            route="GET /puzzles/{id}/cycles",
            load=lambda access, page: describe.summaries(
                page_of(service.cycles_of_puzzle(access.cycle.puzzle), page)
            ),
        ),
    ],
)


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
@blp.response(200, CYCLE_PARTS.schema(CycleSchema), headers=VERSION_HEADER)
@CYCLE_PARTS.parameter
def get_cycle(include, cycle_id):
    """Get a cycle with the moves you can make now (and why others are blocked); sets ETag.

    `include` adds what a cycle page shows (its team, evidence, notes, actions, reflection,
    comments, history…) to the same answer."""
    access = service.get_cycle(current_actor(), cycle_id)
    if not include:
        return _cycle_response(access)
    # The ETag is then the whole answer's (api.http_conventions): the parts change apart.
    return CYCLE_PARTS.answer(describe.details(access), include, access)


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
