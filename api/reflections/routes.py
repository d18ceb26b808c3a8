"""A cycle's reflection."""

from __future__ import annotations

from api.actor import CYCLES_READ, current_actor
from api.blueprint import Blueprint
from api.reflections import service
from api.reflections.schemas import ReflectionSchema, ReflectionWriteSchema

blp = Blueprint(
    "reflections",
    __name__,
    url_prefix="/api/v1",
    description="A cycle's reflection",
    client_reads=CYCLES_READ,
)


@blp.route("/cycles/<cycle_id>/reflection", methods=["GET"])
@blp.response(200, ReflectionSchema)
def get_reflection(cycle_id):
    """Get a cycle's reflection; 404 until the team has written one."""
    return service.get_reflection(current_actor(), cycle_id)


@blp.route("/cycles/<cycle_id>/reflection", methods=["PUT"])
@blp.arguments(ReflectionWriteSchema)
@blp.response(200, ReflectionSchema)
def save_reflection(data, cycle_id):
    """Write or replace the reflection while the cycle is in reflection (members, admins)."""
    return service.save_reflection(current_actor(), cycle_id, data)


@blp.route("/cycles/<cycle_id>/reflection", methods=["DELETE"])
@blp.response(204)
def delete_reflection(cycle_id):
    """Delete the reflection while the cycle is in reflection (members, admins)."""
    service.delete_reflection(current_actor(), cycle_id)
