"""The team's activity feed."""

from __future__ import annotations

from api.activity import service
from api.activity.schemas import ActivityEntrySchema, ActivityQueryArgsSchema
from api.actor import CYCLES_READ, current_actor
from api.blueprint import Blueprint
from api.pagination import page_of

blp = Blueprint(
    "activity",
    __name__,
    url_prefix="/api/v1",
    description="The team's activity feed",
    client_reads=CYCLES_READ,
)


@blp.route("/teams/<team_id>/activity", methods=["GET"])
@blp.arguments(ActivityQueryArgsSchema, location="query")
@blp.response(200, ActivityEntrySchema(many=True))
@blp.paginate()
def team_activity(args, team_id, pagination_parameters):
    """List what happened in a team, newest first: who did what, in which cycle."""
    query = service.team_feed(current_actor(), team_id, cycle_id=args.get("cycle_id"))
    return page_of(query, pagination_parameters)
