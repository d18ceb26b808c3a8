"""My work: what waits for the signed-in person across their teams."""

from __future__ import annotations

from api.actor import current_actor
from api.blueprint import Blueprint
from api.work import service
from api.work.schemas import MyWorkSchema

blp = Blueprint("work", __name__, url_prefix="/api/v1", description="What waits for you")


@blp.route("/me/work", methods=["GET"])
@blp.response(200, MyWorkSchema)
def my_work():
    """Your open actions, the cycles you run, surveys to answer and your commitments."""
    return service.my_work(current_actor())
