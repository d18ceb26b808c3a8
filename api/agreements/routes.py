"""A team's respect agreement: written with its students, endorsed, reviewed each term."""

from __future__ import annotations

from api.actor import current_actor
from api.agreements import service
from api.agreements.schemas import RespectAgreementSaveSchema, RespectAgreementSchema
from api.blueprint import Blueprint

blp = Blueprint(
    "agreements",
    __name__,
    url_prefix="/api/v1",
    description="A team's respect agreement, written with its students and endorsed by members",
)

PATH = "/teams/<team_id>/respect-agreement"


@blp.route(PATH, methods=["GET"])
@blp.response(200, RespectAgreementSchema)
def get_agreement(team_id):
    """Get the team's respect agreement and who endorsed it (404 until it is written)."""
    return service.get_agreement(current_actor(), team_id)


@blp.route(PATH, methods=["PUT"])
@blp.arguments(RespectAgreementSaveSchema)
@blp.response(200, RespectAgreementSchema)
def save_agreement(data, team_id):
    """Write or reword the agreement (members); new words ask everyone to endorse again."""
    return service.save_agreement(current_actor(), team_id, **data)


@blp.route(f"{PATH}/endorsement", methods=["PUT"])
@blp.response(200, RespectAgreementSchema)
def endorse(team_id):
    """Endorse the agreement (members)."""
    return service.endorse(current_actor(), team_id)


@blp.route(f"{PATH}/endorsement", methods=["DELETE"])
@blp.response(200, RespectAgreementSchema)
def withdraw(team_id):
    """Take back your endorsement."""
    return service.withdraw(current_actor(), team_id)


@blp.route(f"{PATH}/review", methods=["POST"])
@blp.response(200, RespectAgreementSchema)
def mark_reviewed(team_id):
    """Record this term's review (teachers, admins); the next review moves to the next term."""
    return service.mark_reviewed(current_actor(), team_id)
