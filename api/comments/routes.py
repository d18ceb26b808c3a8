"""Comments on cycles, from members and coaches."""

from __future__ import annotations

from api.actor import CYCLES_READ, current_actor
from api.blueprint import Blueprint
from api.comments import service
from api.comments.schemas import CommentCreateSchema, CommentSchema
from api.pagination import page_of

blp = Blueprint(
    "comments",
    __name__,
    url_prefix="/api/v1",
    description="Comments on cycles, from members and coaches",
    client_reads=CYCLES_READ,
)


@blp.route("/cycles/<cycle_id>/comments", methods=["GET"])
@blp.response(200, CommentSchema(many=True))
@blp.paginate()
def list_comments(cycle_id, pagination_parameters):
    """List a cycle's comments, oldest first."""
    return page_of(service.cycle_comments(current_actor(), cycle_id), pagination_parameters)


@blp.route("/cycles/<cycle_id>/comments", methods=["POST"])
@blp.arguments(CommentCreateSchema)
@blp.response(201, CommentSchema)
def add_comment(data, cycle_id):
    """Comment on a cycle (members, the team's coaches, admins), also after it has ended."""
    return service.add_comment(current_actor(), cycle_id, **data)


@blp.route("/comments/<comment_id>", methods=["DELETE"])
@blp.response(204)
def delete_comment(comment_id):
    """Delete a comment you wrote."""
    service.delete_comment(current_actor(), comment_id)
