"""Relational trust: anonymous surveys and their aggregated results, targets, joint-work
reflection sessions and commitments."""

from __future__ import annotations

from flask import Response

from api.actor import TRUST_READ, current_actor
from api.blueprint import Blueprint, clients
from api.pagination import page_of
from api.trust import answers, export, results, schedules, sessions, surveys, targets
from api.trust.questions import catalogue
from api.trust.schemas import (
    ReflectionSessionCreateSchema,
    ReflectionSessionSchema,
    ReflectionSessionStepSchema,
    ReflectionSessionUpdateSchema,
    SessionNoteCreateSchema,
    SessionNoteQueryArgsSchema,
    SessionNoteSchema,
    TrustCadenceSchema,
    TrustCadenceUpdateSchema,
    TrustCommitmentCreateSchema,
    TrustCommitmentQueryArgsSchema,
    TrustCommitmentSchema,
    TrustCommitmentUpdateSchema,
    TrustQuestionComponentSchema,
    TrustQuestionQueryArgsSchema,
    TrustReceiptSchema,
    TrustResponseCreateSchema,
    TrustSurveyCreateSchema,
    TrustSurveyQueryArgsSchema,
    TrustSurveyResultsSchema,
    TrustSurveySchema,
    TrustSurveyUpdateSchema,
    TrustTargetCreateSchema,
    TrustTargetQueryArgsSchema,
    TrustTargetSchema,
    TrustTargetUpdateSchema,
    TrustTrendSchema,
)

blp = Blueprint(
    "trust",
    __name__,
    url_prefix="/api/v1",
    description="Relational trust: anonymous surveys, results, targets, reflections, commitments",
)


# ---- Surveys and answers ---------------------------------------------------------------------


@blp.route("/trust-questions", methods=["GET"])
@blp.arguments(TrustQuestionQueryArgsSchema, location="query")
@blp.response(200, TrustQuestionComponentSchema(many=True))
def list_questions(args):
    """List the four trust components, their definitions and statements (adult or student
    wording), each scored 1 (not evident) to 5 (consistently evident)."""
    return catalogue(args["version"])


@blp.route("/teams/<team_id>/trust-surveys", methods=["GET"])
@blp.arguments(TrustSurveyQueryArgsSchema, location="query")
@blp.response(200, TrustSurveySchema(many=True))
@blp.paginate()
def list_surveys(args, team_id, pagination_parameters):
    """List a team's trust surveys, latest first; filter by scheduled, open or closed."""
    actor = current_actor()
    query = surveys.team_surveys(actor, team_id, status=args.get("status"))
    return surveys.describe_surveys(actor, page_of(query, pagination_parameters))


@blp.route("/teams/<team_id>/trust-surveys", methods=["POST"])
@blp.arguments(TrustSurveyCreateSchema)
@blp.response(201, TrustSurveySchema)
def open_survey(data, team_id):
    """Open a trust survey round for the team (teachers, admins)."""
    survey = surveys.open_survey(current_actor(), team_id, **data)
    return surveys.get_survey(current_actor(), survey.id)


@blp.route("/trust-surveys/<survey_id>", methods=["GET"])
@blp.response(200, TrustSurveySchema)
def get_survey(survey_id):
    """Get a survey: its dates, status, answer count and whether you have answered."""
    return surveys.get_survey(current_actor(), survey_id)


@blp.route("/trust-surveys/<survey_id>", methods=["PATCH"])
@blp.arguments(TrustSurveyUpdateSchema)
@blp.response(200, TrustSurveySchema)
def update_survey(data, survey_id):
    """Rename a survey, move its dates or raise its answer threshold (teachers, admins)."""
    surveys.update_survey(current_actor(), survey_id, data)
    return surveys.get_survey(current_actor(), survey_id)


@blp.route("/trust-surveys/<survey_id>/close", methods=["POST"])
@blp.response(200, TrustSurveySchema)
def close_survey(survey_id):
    """Close the round now and count its answers (teachers, admins); it never reopens."""
    surveys.close_survey(current_actor(), survey_id)
    return surveys.get_survey(current_actor(), survey_id)


@blp.route("/trust-surveys/<survey_id>/responses", methods=["POST"])
@blp.arguments(TrustResponseCreateSchema)
@blp.response(201, TrustReceiptSchema)
def submit_response(data, survey_id):
    """Answer an open round once (members when it opened, students too); the answer is held
    sealed until the round closes, and nothing returned names you."""
    return answers.submit_response(current_actor(), survey_id, **data)


@blp.route("/trust-surveys/<survey_id>/results", methods=["GET"], access=clients(TRUST_READ))
@blp.response(200, TrustSurveyResultsSchema)
def get_results(survey_id):
    """Get a round's results: only once it has closed with at least its minimum number of
    answers; while open, only how many have answered."""
    return results.survey_results(current_actor(), survey_id)


@blp.route("/teams/<team_id>/trust-trend", methods=["GET"], access=clients(TRUST_READ))
@blp.response(200, TrustTrendSchema)
def get_trend(team_id):
    """Get the team's component means over its latest survey periods, oldest first."""
    return results.team_trend(current_actor(), team_id)


@blp.route("/teams/<team_id>/trust-results.csv", methods=["GET"], access=clients(TRUST_READ))
@blp.response(200, {"type": "string"}, content_type="text/csv")
def export_results(team_id):
    """Download the team's aggregated trust results as CSV (no individual answers)."""
    text = export.team_results_csv(current_actor(), team_id)
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="trust-results.csv"'},
    )


@blp.route("/teams/<team_id>/trust-cadence", methods=["GET"])
@blp.response(200, TrustCadenceSchema)
def get_cadence(team_id):
    """Get how often the team's trust survey rounds open by themselves."""
    return schedules.get_cadence(current_actor(), team_id)


@blp.route("/teams/<team_id>/trust-cadence", methods=["PUT"])
@blp.arguments(TrustCadenceUpdateSchema)
@blp.response(200, TrustCadenceSchema)
def set_cadence(data, team_id):
    """Set how often rounds open by themselves (every 3 months by default) and for how many
    days (teachers, admins)."""
    return schedules.set_cadence(current_actor(), team_id, data)


# ---- Targets ---------------------------------------------------------------------------------


@blp.route("/teams/<team_id>/trust-targets", methods=["GET"])
@blp.arguments(TrustTargetQueryArgsSchema, location="query")
@blp.response(200, TrustTargetSchema(many=True))
@blp.paginate()
def list_targets(args, team_id, pagination_parameters):
    """List the team's trust targets, soonest review first; filter by component or status."""
    return page_of(targets.team_targets(current_actor(), team_id, **args), pagination_parameters)


@blp.route("/teams/<team_id>/trust-targets", methods=["POST"])
@blp.arguments(TrustTargetCreateSchema)
@blp.response(201, TrustTargetSchema)
def create_target(data, team_id):
    """Set a target the team will work on, tied to a component, with a review date (members)."""
    return targets.create_target(current_actor(), team_id, **data)


@blp.route("/trust-targets/<target_id>", methods=["PATCH"])
@blp.arguments(TrustTargetUpdateSchema)
@blp.response(200, TrustTargetSchema)
def update_target(data, target_id):
    """Reword a target, move its review date, or mark it met or dropped (members)."""
    return targets.update_target(current_actor(), target_id, data)


@blp.route("/trust-targets/<target_id>", methods=["DELETE"])
@blp.response(204)
def delete_target(target_id):
    """Remove a target set by mistake (teachers, admins)."""
    targets.delete_target(current_actor(), target_id)


# ---- Joint-work reflection sessions ------------------------------------------------------------


@blp.route("/teams/<team_id>/trust-sessions", methods=["GET"])
@blp.response(200, ReflectionSessionSchema(many=True))
@blp.paginate()
def list_sessions(team_id, pagination_parameters):
    """List the team's joint-work reflection sessions, newest first."""
    actor = current_actor()
    query = sessions.team_sessions(actor, team_id)
    return sessions.describe_sessions(actor, page_of(query, pagination_parameters))


@blp.route("/teams/<team_id>/trust-sessions", methods=["POST"])
@blp.arguments(ReflectionSessionCreateSchema)
@blp.response(201, ReflectionSessionSchema)
def create_session(data, team_id):
    """Plan a joint-work reflection session and choose its facilitator (teachers, admins)."""
    actor = current_actor()
    session = sessions.create_session(actor, team_id, **data)
    return sessions.describe_session(actor, sessions.get_session(actor, session.id))


@blp.route("/trust-sessions/<session_id>", methods=["GET"])
@blp.response(200, ReflectionSessionSchema)
def get_session(session_id):
    """Get a session with its steps, current step and when the step's timer runs out."""
    actor = current_actor()
    return sessions.describe_session(actor, sessions.get_session(actor, session_id))


@blp.route("/trust-sessions/<session_id>", methods=["PATCH"])
@blp.arguments(ReflectionSessionUpdateSchema)
@blp.response(200, ReflectionSessionSchema)
def update_session(data, session_id):
    """Rename a session, change its facilitator or its minutes per step (facilitator, teachers)."""
    actor = current_actor()
    return sessions.describe_session(actor, sessions.update_session(actor, session_id, data))


@blp.route("/trust-sessions/<session_id>/step", methods=["PUT"])
@blp.arguments(ReflectionSessionStepSchema)
@blp.response(200, ReflectionSessionSchema)
def move_to_step(data, session_id):
    """Move the session to a step and start its timer (facilitator, teachers, admins)."""
    actor = current_actor()
    return sessions.describe_session(actor, sessions.move_to_step(actor, session_id, **data))


@blp.route("/trust-sessions/<session_id>/notes", methods=["GET"])
@blp.arguments(SessionNoteQueryArgsSchema, location="query")
@blp.response(200, SessionNoteSchema(many=True))
@blp.paginate()
def list_notes(args, session_id, pagination_parameters):
    """List a session's notes by prompt, sorted by text; silent-reflection notes stay private
    to their writer until the group moves on to sharing."""
    actor = current_actor()
    query = sessions.session_notes(actor, session_id, kind=args.get("kind"))
    return sessions.describe_notes(actor, page_of(query, pagination_parameters))


@blp.route("/trust-sessions/<session_id>/notes", methods=["POST"])
@blp.arguments(SessionNoteCreateSchema)
@blp.response(201, SessionNoteSchema)
def add_note(data, session_id):
    """Add a note to the session (members); an anonymous note keeps no author."""
    actor = current_actor()
    return sessions.describe_notes(actor, [sessions.add_note(actor, session_id, **data)])[0]


@blp.route("/trust-session-notes/<session_note_id>", methods=["DELETE"])
@blp.response(204)
def delete_note(session_note_id):
    """Take a note down (its named writer, the facilitator, teachers, admins)."""
    sessions.delete_note(current_actor(), session_note_id)


@blp.route("/trust-sessions/<session_id>/commitments", methods=["POST"])
@blp.arguments(TrustCommitmentCreateSchema)
@blp.response(201, TrustCommitmentSchema)
def make_commitment(data, session_id):
    """Make your one commitment from the session, with a follow-up date (members)."""
    return sessions.make_commitment(current_actor(), session_id, **data)


@blp.route("/teams/<team_id>/trust-commitments", methods=["GET"])
@blp.arguments(TrustCommitmentQueryArgsSchema, location="query")
@blp.response(200, TrustCommitmentSchema(many=True))
@blp.paginate()
def list_commitments(args, team_id, pagination_parameters):
    """List the team's commitments wall, open ones first; filter by status, session or person."""
    query = sessions.team_commitments(current_actor(), team_id, **args)
    return page_of(query, pagination_parameters)


@blp.route("/trust-commitments/<commitment_id>", methods=["PATCH"])
@blp.arguments(TrustCommitmentUpdateSchema)
@blp.response(200, TrustCommitmentSchema)
def update_commitment(data, commitment_id):
    """Reword your commitment, move its follow-up date, or mark it kept or let go."""
    return sessions.update_commitment(current_actor(), commitment_id, data)
