"""Comments on cycles, from members and coaches."""

from __future__ import annotations

from flask import request

from api.actor import CYCLES_READ, current_actor
from api.blueprint import Blueprint
from api.comments import service
from api.comments.schemas import CommentCreateSchema, CommentSchema, CommentUpdateSchema
from api.cycles.access import item_etag
from api.openapi import IF_MATCH
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
    """Comment on a cycle (members, the team's coaches, admins), also after it has ended; a
    reply names the comment it answers, and a comment may be about one evidence or note."""
    return service.add_comment(current_actor(), cycle_id, **data)


@blp.route("/comments/<comment_id>", methods=["PATCH"])
@blp.doc(parameters=[IF_MATCH])
@blp.arguments(CommentUpdateSchema)
@blp.response(200, CommentSchema)
def update_comment(data, comment_id):
    """Change the words of a comment you wrote; 412 when If-Match is older than the comment."""
    comment = service.update_comment(
        current_actor(), comment_id, body=data["body"], if_match=request.headers.get("If-Match")
    )
    return comment, {"ETag": item_etag(comment)}


@blp.route("/comments/<comment_id>", methods=["DELETE"])
@blp.response(204)
def delete_comment(comment_id):
    """Delete a comment you wrote."""
    service.delete_comment(current_actor(), comment_id)
