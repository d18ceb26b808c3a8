"""The action plan."""

from __future__ import annotations

from flask import request

from api.actions import service
from api.actions.schemas import (
    ActionCreateSchema,
    ActionQueryArgsSchema,
    ActionSchema,
    ActionUpdateSchema,
    TeamActionQueryArgsSchema,
)
from api.actor import CYCLES_READ, current_actor
from api.blueprint import Blueprint
from api.cycles.access import item_etag
from api.openapi import IF_MATCH
from api.pagination import page_of
from api.schemas import POLLED_LIST_ARGUMENTS

blp = Blueprint(
    "actions",
    __name__,
    url_prefix="/api/v1",
    description="The action plan",
    client_reads=CYCLES_READ,
)


@blp.route("/cycles/<cycle_id>/actions", methods=["GET"])
@blp.arguments(ActionQueryArgsSchema, **POLLED_LIST_ARGUMENTS)
@blp.response(200, ActionSchema(many=True))
@blp.paginate()
def list_actions(args, cycle_id, pagination_parameters):
    """List a cycle's action plan in the order it was written; filter by status or owner."""
    query = service.cycle_actions(current_actor(), cycle_id, **args)
    return page_of(query, pagination_parameters)


@blp.route("/cycles/<cycle_id>/actions", methods=["POST"])
@blp.arguments(ActionCreateSchema)
@blp.response(201, ActionSchema)
def add_action(data, cycle_id):
    """Plan an action with an owner on the team and a due date (members, open cycles)."""
    return service.add_action(current_actor(), cycle_id, data)


@blp.route("/teams/<team_id>/actions", methods=["GET"])
@blp.arguments(TeamActionQueryArgsSchema, **POLLED_LIST_ARGUMENTS)
@blp.response(200, ActionSchema(many=True))
@blp.paginate()
def list_team_actions(args, team_id, pagination_parameters):
    """List a team's actions across cycles, soonest due first; `owner_id=me` for your own."""
    query = service.team_actions(current_actor(), team_id, **args)
    return page_of(query, pagination_parameters)


@blp.route("/actions/<action_id>", methods=["GET"])
@blp.response(200, ActionSchema)
def get_action(action_id):
    """Get one action; its ETag goes back in If-Match to change it."""
    action = service.get_action(current_actor(), action_id)
    return action, {"ETag": item_etag(action)}


@blp.route("/actions/<action_id>", methods=["PATCH"])
@blp.doc(parameters=[IF_MATCH])
@blp.arguments(ActionUpdateSchema)
@blp.response(200, ActionSchema)
def update_action(data, action_id):
    """Change an action or its status (its owner, whoever planned it, teachers, admins);
    412 when If-Match is older than the action."""
    action = service.update_action(
        current_actor(), action_id, data, if_match=request.headers.get("If-Match")
    )
    return action, {"ETag": item_etag(action)}


@blp.route("/actions/<action_id>", methods=["DELETE"])
@blp.response(204)
def delete_action(action_id):
    """Remove an action from an open cycle (whoever planned it, teachers, admins)."""
    service.delete_action(current_actor(), action_id)
