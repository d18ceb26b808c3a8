"""Student voice: a teacher's class pulse, answered anonymously; results to that teacher only."""

from __future__ import annotations

from flask import current_app

from api.actor import current_actor
from api.blueprint import Blueprint
from api.evidence.storage import current_storage
from api.pulse import service
from api.pulse.questions import catalogue
from api.pulse.schemas import (
    ClassPulseCreateSchema,
    ClassPulseResultsSchema,
    ClassPulseSchema,
    PulseAnswerSchema,
    PulseCatalogueSchema,
    PulseEvidenceResultSchema,
    PulseEvidenceSchema,
    PulseReceiptSchema,
)

blp = Blueprint(
    "pulse",
    __name__,
    url_prefix="/api/v1",
    description="Class pulse: a short anonymous student-voice check a teacher opens; results "
    "to that teacher only, at five answers or more",
)


@blp.route("/class-pulse-questions", methods=["GET"])
@blp.response(200, PulseCatalogueSchema)
def list_questions():
    """List the pulse's five statements and its answer scale (1 not true … 5 very true)."""
    return catalogue()


@blp.route("/teams/<team_id>/class-pulses", methods=["GET"])
@blp.response(200, ClassPulseSchema(many=True))
def list_pulses(team_id):
    """List your pulses in a class (teachers), or the ones opened for you (students)."""
    return service.class_pulses(current_actor(), team_id)


@blp.route("/teams/<team_id>/class-pulses", methods=["POST"])
@blp.arguments(ClassPulseCreateSchema)
@blp.response(201, ClassPulseSchema)
def open_pulse(data, team_id):
    """Open a pulse for a class you teach (every two weeks by default)."""
    pulse = service.open_pulse(current_actor(), team_id, **data)
    return service.get_pulse(current_actor(), pulse.id)


@blp.route("/class-pulses/<pulse_id>", methods=["GET"])
@blp.response(200, ClassPulseSchema)
def get_pulse(pulse_id):
    """Get a pulse: its days, status and whether you have answered."""
    return service.get_pulse(current_actor(), pulse_id)


@blp.route("/class-pulses/<pulse_id>/responses", methods=["POST"])
@blp.arguments(PulseAnswerSchema)
@blp.response(201, PulseReceiptSchema)
def answer(data, pulse_id):
    """Answer a pulse anonymously, once (the students it was opened for)."""
    return service.answer(current_actor(), pulse_id, **data)


@blp.route("/class-pulses/<pulse_id>/close", methods=["POST"])
@blp.response(200, ClassPulseSchema)
def close_pulse(pulse_id):
    """Stop taking answers now and count them (its teacher)."""
    return service.close_pulse(current_actor(), pulse_id)


@blp.route("/class-pulses/<pulse_id>/results", methods=["GET"])
@blp.response(200, ClassPulseResultsSchema)
def get_results(pulse_id):
    """Get a closed pulse's results and trend (its teacher); withheld below five answers."""
    return service.results(current_actor(), pulse_id)


@blp.route("/class-pulses/<pulse_id>/evidence", methods=["POST"])
@blp.arguments(PulseEvidenceSchema)
@blp.response(201, PulseEvidenceResultSchema)
def attach_to_cycle(data, pulse_id):
    """Add the pulse's aggregates to a cycle of the class as perception evidence."""
    return service.attach_to_cycle(
        current_actor(),
        pulse_id,
        data["cycle_id"],
        storage=current_storage(),
        max_bytes=current_app.config["MAX_UPLOAD_BYTES"],
    )
