"""Analysis notes that cite evidence, and the protocol's guiding questions."""

from __future__ import annotations

from flask import request

from api.actor import CYCLES_READ, current_actor
from api.analysis import service
from api.analysis.schemas import (
    AnalysisPromptSchema,
    NoteCreateSchema,
    NoteQueryArgsSchema,
    NoteSchema,
    NoteUpdateSchema,
)
from api.blueprint import Blueprint
from api.cycles.access import item_etag
from api.pagination import page_of
from api.schemas import POLLED_LIST_ARGUMENTS

blp = Blueprint(
    "analysis",
    __name__,
    url_prefix="/api/v1",
    description="Analysis notes that cite evidence",
    client_reads=CYCLES_READ,
)


@blp.route("/analysis-prompts", methods=["GET"])
@blp.response(200, AnalysisPromptSchema(many=True))
def list_prompts():
    """List the protocol's guiding questions; a note's `prompt` is one of these keys."""
    return service.prompts()


@blp.route("/cycles/<cycle_id>/notes", methods=["GET"])
@blp.arguments(NoteQueryArgsSchema, **POLLED_LIST_ARGUMENTS)
@blp.response(200, NoteSchema(many=True))
@blp.paginate()
def list_notes(args, cycle_id, pagination_parameters):
    """List a cycle's analysis notes, oldest first; filter by kind, prompt or cited evidence."""
    query = service.cycle_notes(current_actor(), cycle_id, **args)
    return service.describe(page_of(query, pagination_parameters))


@blp.route("/cycles/<cycle_id>/notes", methods=["POST"])
@blp.arguments(NoteCreateSchema)
@blp.response(201, NoteSchema)
def add_note(data, cycle_id):
    """Add an analysis note citing evidence of the same cycle (members, while the cycle is open)."""
    note = service.add_note(current_actor(), cycle_id, data)
    return service.describe([note])[0]


@blp.route("/notes/<note_id>", methods=["GET"])
@blp.response(200, NoteSchema)
def get_note(note_id):
    """Get one analysis note with the evidence it cites."""
    return service.describe([service.get_note(current_actor(), note_id)])[0]


@blp.route("/notes/<note_id>", methods=["PATCH"])
@blp.arguments(NoteUpdateSchema)
@blp.response(200, NoteSchema)
def update_note(data, note_id):
    """Edit a note or what it cites (its author, the team's teachers, admins)."""
    note = service.update_note(
        current_actor(), note_id, data, if_match=request.headers.get("If-Match")
    )
    return service.describe([note])[0], {"ETag": item_etag(note)}


@blp.route("/notes/<note_id>", methods=["DELETE"])
@blp.response(204)
def delete_note(note_id):
    """Delete a note (its author, the team's teachers, admins)."""
    service.delete_note(current_actor(), note_id)
