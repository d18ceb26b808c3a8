from __future__ import annotations

import marshmallow as ma

from api.schemas import Schema, Text
from api.trust.models import (
    MIN_RESPONSES,
    CommitmentStatus,
    NoteKind,
    ResultGroup,
    SessionStep,
    TargetStatus,
)
from api.trust.questions import HIGHEST_SCORE, ITEMS, LOWEST_SCORE, Component, Version
from api.users.schemas import UserSummarySchema

SURVEY_STATUSES = ["scheduled", "open", "closed"]


def _min_responses(**kwargs) -> ma.fields.Integer:
    # The floor of 3 is checked by the service, after it knows the caller may see the team.
    return ma.fields.Integer(
        validate=ma.validate.Range(max=500), metadata={"minimum": MIN_RESPONSES}, **kwargs
    )


def _enum(kind, **kwargs):
    return ma.fields.Enum(kind, by_value=True, **kwargs)


# ---- Questions --------------------------------------------------------------------------------


class TrustQuestionItemSchema(Schema):
    key = ma.fields.String(dump_only=True)
    prompt = ma.fields.String(dump_only=True)


class TrustQuestionComponentSchema(Schema):
    component = _enum(Component, dump_only=True)
    label = ma.fields.String(dump_only=True, metadata={"description": "The seed's name"})
    definition = ma.fields.String(dump_only=True, metadata={"description": "One line"})
    student_definition = ma.fields.String(dump_only=True)
    items = ma.fields.List(ma.fields.Nested(TrustQuestionItemSchema), dump_only=True)


class TrustQuestionQueryArgsSchema(Schema):
    version = _enum(
        Version,
        load_default=Version.adult,
        metadata={"description": "adult (the seed's statements) or student"},
    )


# ---- Surveys ----------------------------------------------------------------------------------


class TrustSurveySchema(Schema):
    id = ma.fields.String(dump_only=True)
    team_id = ma.fields.String(dump_only=True)
    period = ma.fields.String(dump_only=True)
    opens_on = ma.fields.Date(dump_only=True)
    closes_on = ma.fields.Date(dump_only=True)
    closed_at = ma.fields.DateTime(
        dump_only=True, allow_none=True, metadata={"description": "When it closed and was counted"}
    )
    counted = ma.fields.Boolean(
        dump_only=True, metadata={"description": "Closed and its answers counted"}
    )
    min_responses = ma.fields.Integer(dump_only=True)
    status = ma.fields.String(dump_only=True, metadata={"enum": SURVEY_STATUSES})
    eligible_count = ma.fields.Integer(
        dump_only=True,
        allow_none=True,
        metadata={"description": "Members when the round opened: only they can answer"},
    )
    response_count = ma.fields.Integer(
        dump_only=True, metadata={"description": "How many have answered"}
    )
    results_released = ma.fields.Boolean(
        dump_only=True,
        metadata={"description": "Closed with at least min_responses answers: results exist"},
    )
    i_have_answered = ma.fields.Boolean(dump_only=True)
    i_am_eligible = ma.fields.Boolean(dump_only=True)
    my_version = _enum(
        Version,
        dump_only=True,
        allow_none=True,
        metadata={"description": "The statements you answer: adult or student"},
    )
    can_answer = ma.fields.Boolean(dump_only=True)
    can_manage = ma.fields.Boolean(dump_only=True)
    created_at = ma.fields.DateTime(dump_only=True)


class TrustSurveyCreateSchema(Schema):
    period = Text(
        60,
        required=True,
        single_line=True,
        metadata={"description": "The round's name, e.g. 2026 Q4 (one line)"},
    )
    opens_on = ma.fields.Date(metadata={"description": "Defaults to today (school's time zone)"})
    closes_on = ma.fields.Date(required=True)
    min_responses = _min_responses(load_default=MIN_RESPONSES)


class TrustSurveyUpdateSchema(Schema):
    period = Text(60, single_line=True)
    opens_on = ma.fields.Date()
    closes_on = ma.fields.Date()
    min_responses = _min_responses()


class TrustSurveyQueryArgsSchema(Schema):
    status = ma.fields.String(validate=ma.validate.OneOf(SURVEY_STATUSES))


def _score_field(prompt: str) -> ma.fields.Integer:
    return ma.fields.Integer(
        required=True,
        strict=True,
        validate=ma.validate.Range(
            min=LOWEST_SCORE,
            max=HIGHEST_SCORE,
            error="Scores go from 1 (not evident) to 5 (consistently evident).",
        ),
        error_messages={"required": "Choose a score from 1 to 5 for this statement."},
        metadata={"description": prompt},
    )


TrustAnswersSchema = Schema.from_dict(
    {item.key: _score_field(item.prompt) for item in ITEMS}, name="TrustAnswersSchema"
)


class TrustResponseCreateSchema(Schema):
    answers = ma.fields.Nested(
        TrustAnswersSchema,
        required=True,
        metadata={
            "description": "A score from 1 (not evident) to 5 (consistently evident) "
            "for every statement; see GET /trust-questions"
        },
    )
    comment = Text(2000, allow_blank=True, allow_none=True)


class TrustReceiptSchema(Schema):
    survey_id = ma.fields.String(dump_only=True)
    answered = ma.fields.Boolean(dump_only=True)


# ---- Results ----------------------------------------------------------------------------------


class TrustScoreCountSchema(Schema):
    score = ma.fields.Integer(dump_only=True)
    label = ma.fields.String(dump_only=True)
    count = ma.fields.Integer(dump_only=True, metadata={"description": "Answers with this score"})


class TrustItemMeanSchema(Schema):
    key = ma.fields.String(dump_only=True)
    prompt = ma.fields.String(dump_only=True)
    student_prompt = ma.fields.String(dump_only=True)
    mean = ma.fields.Float(dump_only=True, allow_none=True)


class TrustComponentResultSchema(Schema):
    component = _enum(Component, dump_only=True)
    label = ma.fields.String(dump_only=True)
    definition = ma.fields.String(dump_only=True)
    student_definition = ma.fields.String(dump_only=True)
    mean = ma.fields.Float(dump_only=True, allow_none=True)
    count = ma.fields.Integer(dump_only=True, metadata={"description": "Responses"})
    distribution = ma.fields.List(
        ma.fields.Nested(TrustScoreCountSchema),
        dump_only=True,
        metadata={"description": "Answers to the component's three statements, by score"},
    )
    change = ma.fields.Float(
        dump_only=True,
        allow_none=True,
        metadata={"description": "Mean minus the previous period's mean"},
    )
    items = ma.fields.List(ma.fields.Nested(TrustItemMeanSchema), dump_only=True)


class TrustComponentMeanSchema(Schema):
    component = _enum(Component, dump_only=True)
    label = ma.fields.String(dump_only=True)
    mean = ma.fields.Float(dump_only=True, allow_none=True)


class TrustGroupResultSchema(Schema):
    group = _enum(ResultGroup, dump_only=True)
    label = ma.fields.String(dump_only=True)
    count = ma.fields.Integer(dump_only=True)
    components = ma.fields.List(ma.fields.Nested(TrustComponentMeanSchema), dump_only=True)


class TrustPeriodRefSchema(Schema):
    survey_id = ma.fields.String(dump_only=True)
    period = ma.fields.String(dump_only=True)


class TrustSummarySchema(Schema):
    strengths = ma.fields.List(
        ma.fields.Nested(TrustComponentMeanSchema),
        dump_only=True,
        metadata={"description": "Strengths to celebrate"},
    )
    areas_to_grow = ma.fields.List(ma.fields.Nested(TrustComponentMeanSchema), dump_only=True)
    text = ma.fields.String(dump_only=True)


class TrustSurveyResultsSchema(Schema):
    survey_id = ma.fields.String(dump_only=True)
    team_id = ma.fields.String(dump_only=True)
    period = ma.fields.String(dump_only=True)
    opens_on = ma.fields.Date(dump_only=True)
    closes_on = ma.fields.Date(dump_only=True)
    status = ma.fields.String(dump_only=True, metadata={"enum": SURVEY_STATUSES})
    eligible_count = ma.fields.Integer(dump_only=True, allow_none=True)
    response_count = ma.fields.Integer(dump_only=True)
    min_responses = ma.fields.Integer(dump_only=True)
    released = ma.fields.Boolean(
        dump_only=True, metadata={"description": "Closed with at least min_responses answers"}
    )
    message = ma.fields.String(dump_only=True, allow_none=True)
    components = ma.fields.List(ma.fields.Nested(TrustComponentResultSchema), dump_only=True)
    previous = ma.fields.Nested(TrustPeriodRefSchema, dump_only=True, allow_none=True)
    groups = ma.fields.List(
        ma.fields.Nested(TrustGroupResultSchema),
        dump_only=True,
        metadata={
            "description": "Students and adults apart, only when each group has at least "
            "min_responses answers"
        },
    )
    groups_message = ma.fields.String(dump_only=True, allow_none=True)
    summary = ma.fields.Nested(TrustSummarySchema, dump_only=True, allow_none=True)
    comments = ma.fields.List(
        ma.fields.String(), dump_only=True, metadata={"description": "Sorted by their text"}
    )


class TrustTrendPeriodSchema(Schema):
    survey_id = ma.fields.String(dump_only=True)
    period = ma.fields.String(dump_only=True)
    opens_on = ma.fields.Date(dump_only=True)
    closes_on = ma.fields.Date(dump_only=True)
    status = ma.fields.String(dump_only=True, metadata={"enum": SURVEY_STATUSES})
    eligible_count = ma.fields.Integer(dump_only=True, allow_none=True)
    response_count = ma.fields.Integer(
        dump_only=True, allow_none=True, metadata={"description": "Counted at closing"}
    )
    released = ma.fields.Boolean(dump_only=True)
    components = ma.fields.List(ma.fields.Nested(TrustComponentMeanSchema), dump_only=True)


class TrustTrendSchema(Schema):
    team_id = ma.fields.String(dump_only=True)
    periods = ma.fields.List(ma.fields.Nested(TrustTrendPeriodSchema), dump_only=True)


# ---- Cadence ----------------------------------------------------------------------------------


class TrustCadenceSchema(Schema):
    team_id = ma.fields.String(dump_only=True)
    active = ma.fields.Boolean(dump_only=True)
    every_months = ma.fields.Integer(dump_only=True)
    open_days = ma.fields.Integer(dump_only=True)
    next_opens_on = ma.fields.Date(dump_only=True, allow_none=True)


class TrustCadenceUpdateSchema(Schema):
    active = ma.fields.Boolean()
    every_months = ma.fields.Integer(
        validate=ma.validate.Range(min=1, max=12),
        metadata={"description": "3: every quarter (the default)"},
    )
    open_days = ma.fields.Integer(
        validate=ma.validate.Range(min=1, max=60),
        metadata={"description": "How many days each round is open"},
    )
    next_opens_on = ma.fields.Date()


# ---- Targets ----------------------------------------------------------------------------------


class TrustTargetSchema(Schema):
    id = ma.fields.String(dump_only=True)
    team_id = ma.fields.String(dump_only=True)
    component = _enum(Component, dump_only=True)
    description = ma.fields.String(dump_only=True)
    review_on = ma.fields.Date(dump_only=True)
    status = _enum(TargetStatus, dump_only=True)
    survey_id = ma.fields.String(dump_only=True, allow_none=True)
    created_by = ma.fields.Nested(UserSummarySchema, dump_only=True, allow_none=True)
    created_at = ma.fields.DateTime(dump_only=True)
    updated_at = ma.fields.DateTime(dump_only=True)


class TrustTargetCreateSchema(Schema):
    component = _enum(Component, required=True)
    description = Text(
        500, required=True, metadata={"description": "e.g. how we handle disagreements"}
    )
    review_on = ma.fields.Date(required=True)
    survey_id = Text(64, allow_none=True)


class TrustTargetUpdateSchema(Schema):
    component = _enum(Component)
    description = Text(500)
    review_on = ma.fields.Date()
    status = _enum(TargetStatus)
    survey_id = Text(64, allow_none=True)


class TrustTargetQueryArgsSchema(Schema):
    component = _enum(Component)
    status = _enum(TargetStatus)


# ---- Reflection sessions ----------------------------------------------------------------------

MINUTES = ma.validate.Range(min=1, max=120)


class ReflectionPromptSchema(Schema):
    kind = _enum(NoteKind, dump_only=True)
    prompt = ma.fields.String(dump_only=True)


class ReflectionStepSchema(Schema):
    step = _enum(SessionStep, dump_only=True)
    label = ma.fields.String(dump_only=True)
    grouping = ma.fields.String(dump_only=True, metadata={"description": "Who works together"})
    guidance = ma.fields.String(dump_only=True)
    minutes = ma.fields.Integer(dump_only=True)
    prompts = ma.fields.List(ma.fields.Nested(ReflectionPromptSchema), dump_only=True)
    questions = ma.fields.List(
        ma.fields.String(), dump_only=True, metadata={"description": "Questions to talk through"}
    )


class ReflectionCycleSchema(Schema):
    id = ma.fields.String(dump_only=True)
    number = ma.fields.Integer(dump_only=True)
    title = ma.fields.String(dump_only=True)
    puzzle = ma.fields.String(dump_only=True)


class ReflectionSessionSchema(Schema):
    id = ma.fields.String(dump_only=True)
    team_id = ma.fields.String(dump_only=True)
    title = ma.fields.String(dump_only=True)
    cycle = ma.fields.Nested(
        ReflectionCycleSchema,
        dump_only=True,
        allow_none=True,
        metadata={"description": "The shared task it reflects on"},
    )
    step = _enum(SessionStep, dump_only=True)
    step_label = ma.fields.String(dump_only=True)
    step_started_at = ma.fields.DateTime(dump_only=True, allow_none=True)
    step_ends_at = ma.fields.DateTime(
        dump_only=True, allow_none=True, metadata={"description": "When the step's timer runs out"}
    )
    steps = ma.fields.List(ma.fields.Nested(ReflectionStepSchema), dump_only=True)
    facilitator = ma.fields.Nested(UserSummarySchema, dump_only=True, allow_none=True)
    can_facilitate = ma.fields.Boolean(dump_only=True)
    commitment_count = ma.fields.Integer(dump_only=True)
    i_have_committed = ma.fields.Boolean(dump_only=True)
    created_at = ma.fields.DateTime(dump_only=True)


class ReflectionSessionCreateSchema(Schema):
    title = Text(200, required=True)
    facilitator_id = Text(64, metadata={"description": "Any member; defaults to you"})
    cycle_id = Text(
        64, allow_none=True, metadata={"description": "The cycle of this team it reflects on"}
    )
    individual_minutes = ma.fields.Integer(validate=MINUTES)
    small_group_minutes = ma.fields.Integer(validate=MINUTES)
    whole_team_minutes = ma.fields.Integer(validate=MINUTES)
    commitment_minutes = ma.fields.Integer(validate=MINUTES)


class ReflectionSessionUpdateSchema(Schema):
    title = Text(200)
    facilitator_id = Text(64)
    cycle_id = Text(64, allow_none=True)
    individual_minutes = ma.fields.Integer(validate=MINUTES)
    small_group_minutes = ma.fields.Integer(validate=MINUTES)
    whole_team_minutes = ma.fields.Integer(validate=MINUTES)
    commitment_minutes = ma.fields.Integer(validate=MINUTES)


class ReflectionSessionStepSchema(Schema):
    step = _enum(SessionStep, required=True)
    restart_timer = ma.fields.Boolean(
        load_default=False, metadata={"description": "Start the current step's timer again"}
    )


class SessionNoteSchema(Schema):
    id = ma.fields.String(dump_only=True)
    kind = _enum(NoteKind, dump_only=True)
    body = ma.fields.String(dump_only=True)
    anonymous = ma.fields.Boolean(dump_only=True)
    author = ma.fields.Nested(UserSummarySchema, dump_only=True, allow_none=True)
    is_mine = ma.fields.Boolean(dump_only=True)


class SessionNoteCreateSchema(Schema):
    kind = _enum(NoteKind, required=True)
    body = Text(2000, required=True)
    anonymous = ma.fields.Boolean(load_default=False)


class SessionNoteQueryArgsSchema(Schema):
    kind = _enum(NoteKind)


class TrustCommitmentSessionSchema(Schema):
    id = ma.fields.String(dump_only=True)
    title = ma.fields.String(dump_only=True)


class TrustCommitmentSchema(Schema):
    id = ma.fields.String(dump_only=True)
    team_id = ma.fields.String(dump_only=True)
    session = ma.fields.Nested(TrustCommitmentSessionSchema, dump_only=True)
    user = ma.fields.Nested(UserSummarySchema, dump_only=True)
    body = ma.fields.String(dump_only=True)
    follow_up_on = ma.fields.Date(dump_only=True)
    status = _enum(CommitmentStatus, dump_only=True)
    created_at = ma.fields.DateTime(dump_only=True)
    updated_at = ma.fields.DateTime(dump_only=True)


class TrustCommitmentCreateSchema(Schema):
    body = Text(1000, required=True)
    follow_up_on = ma.fields.Date(required=True)


class TrustCommitmentUpdateSchema(Schema):
    body = Text(1000)
    follow_up_on = ma.fields.Date()
    status = _enum(CommitmentStatus)


class TrustCommitmentQueryArgsSchema(Schema):
    status = _enum(CommitmentStatus)
    session_id = ma.fields.String()
    user_id = ma.fields.String()
