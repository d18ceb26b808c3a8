from __future__ import annotations

import marshmallow as ma

from api.relationships.models import (
    NoteKind,
    PlanStatus,
    RepairStatus,
    Stage,
)
from api.relationships.tallies import FeedbackKind
from api.schemas import Schema, Words, words
from api.users.schemas import UserSummarySchema


def _enum(kind, **kwargs):
    return ma.fields.Enum(kind, by_value=True, **kwargs)


# ---- The guide ---------------------------------------------------------------------------------


class StageGuideSchema(Schema):
    stage = _enum(Stage, dump_only=True)
    label = ma.fields.String(dump_only=True)
    meaning = ma.fields.String(dump_only=True)
    strategies = ma.fields.List(ma.fields.String(), dump_only=True)


class NoteKindSchema(Schema):
    kind = _enum(NoteKind, dump_only=True)
    label = ma.fields.String(dump_only=True)


class RelationshipGuideSchema(Schema):
    stages = ma.fields.List(ma.fields.Nested(StageGuideSchema), dump_only=True)
    empathy_stems = ma.fields.List(ma.fields.String(), dump_only=True)
    note_kinds = ma.fields.List(ma.fields.Nested(NoteKindSchema), dump_only=True)


# ---- Cards -------------------------------------------------------------------------------------


class StudentCardSchema(Schema):
    interests = words(1000, metadata={"description": "Things I like and do"})
    helps_me_learn = words(1000, metadata={"description": "What helps me learn"})
    want_teacher_to_know = words(1000, metadata={"description": "What I want my teacher to know"})
    updated_at = ma.fields.DateTime(dump_only=True)


class TeacherCardSchema(Schema):
    about_me = words(1000)
    interests = words(1000)
    ask_me_about = words(1000)
    updated_at = ma.fields.DateTime(dump_only=True)


class StudentCardEntrySchema(Schema):
    person = ma.fields.Nested(UserSummarySchema, dump_only=True)
    card = ma.fields.Nested(StudentCardSchema, dump_only=True, allow_none=True)


class TeacherCardEntrySchema(Schema):
    person = ma.fields.Nested(UserSummarySchema, dump_only=True)
    card = ma.fields.Nested(TeacherCardSchema, dump_only=True, allow_none=True)


# ---- Two-by-Ten --------------------------------------------------------------------------------


class TwoByTenDaySchema(Schema):
    day = ma.fields.Date(dump_only=True)
    state = ma.fields.String(
        dump_only=True,
        metadata={
            "enum": ["done", "missed", "missed_waiting", "today", "ahead", "no_school"],
            "description": "missed_waiting: a school day missed, waiting for continue or restart; "
            "no_school: a weekday the calendar has no school (a holiday)",
        },
    )
    note = ma.fields.String(dump_only=True, allow_none=True)


class TwoByTenSchema(Schema):
    id = ma.fields.String(dump_only=True)
    relationship_id = ma.fields.String(dump_only=True)
    team_id = ma.fields.String(dump_only=True)
    student = ma.fields.Nested(UserSummarySchema, dump_only=True)
    status = _enum(PlanStatus, dump_only=True)
    streak_starts_on = ma.fields.Date(dump_only=True)
    reminder_at = ma.fields.Time(dump_only=True)
    restarts = ma.fields.Integer(dump_only=True)
    days_done = ma.fields.Integer(dump_only=True)
    days_in_a_row = ma.fields.Integer(dump_only=True)
    missed_days = ma.fields.List(ma.fields.Date(), dump_only=True)
    needs_choice = ma.fields.Boolean(
        dump_only=True, metadata={"description": "A school day was missed: continue or restart"}
    )
    today = ma.fields.Date(dump_only=True)
    school_day_today = ma.fields.Boolean(dump_only=True)
    done_today = ma.fields.Boolean(dump_only=True)
    ready_to_close = ma.fields.Boolean(dump_only=True)
    timeline = ma.fields.List(ma.fields.Nested(TwoByTenDaySchema), dump_only=True)
    reflection = ma.fields.String(dump_only=True, allow_none=True)
    closed_at = ma.fields.DateTime(dump_only=True, allow_none=True)
    created_at = ma.fields.DateTime(dump_only=True)


class TwoByTenCreateSchema(Schema):
    reminder_at = ma.fields.Time(
        required=True, metadata={"description": "Local time of the daily reminder, e.g. 08:15"}
    )
    starts_on = ma.fields.Date(metadata={"description": "A school day; today by default"})


class TwoByTenUpdateSchema(Schema):
    reminder_at = ma.fields.Time(required=True)


class TwoByTenCheckInSchema(Schema):
    day = ma.fields.Date(metadata={"description": "Today by default"})
    note = words(
        1000, allow_none=True, metadata={"description": "What you learned: an interest, a strength"}
    )


class TwoByTenCloseSchema(Schema):
    reflection = words(4000, required=True)
    stage = _enum(Stage, allow_none=True, metadata={"description": "Move the stage, if you like"})


# ---- Repairs -----------------------------------------------------------------------------------


class RepairSchema(Schema):
    id = ma.fields.String(dump_only=True)
    relationship_id = ma.fields.String(dump_only=True)
    team_id = ma.fields.String(dump_only=True, attribute="relation.team_id")
    student = ma.fields.Nested(UserSummarySchema, dump_only=True, attribute="relation.student")
    what_happened = ma.fields.String(dump_only=True)
    empathy_statement = ma.fields.String(dump_only=True)
    repair_offered = ma.fields.String(dump_only=True)
    student_response = ma.fields.String(dump_only=True)
    follow_up_on = ma.fields.Date(dump_only=True, allow_none=True)
    status = _enum(RepairStatus, dump_only=True)
    done_at = ma.fields.DateTime(dump_only=True, allow_none=True)
    created_at = ma.fields.DateTime(dump_only=True)
    updated_at = ma.fields.DateTime(dump_only=True)


class RepairCreateSchema(Schema):
    what_happened = words(2000, required=True, metadata={"description": "In plain words"})
    empathy_statement = words(1000)
    repair_offered = words(1000)
    student_response = words(1000)
    follow_up_on = ma.fields.Date(allow_none=True)


class RepairUpdateSchema(Schema):
    what_happened = Words(validate=ma.validate.Length(min=1, max=2000))
    empathy_statement = words(1000)
    repair_offered = words(1000)
    student_response = words(1000)
    follow_up_on = ma.fields.Date(allow_none=True)


# ---- Stage and notes ---------------------------------------------------------------------------


class StageChangeSchema(Schema):
    from_stage = _enum(Stage, dump_only=True, allow_none=True)
    to_stage = _enum(Stage, dump_only=True)
    source = ma.fields.String(
        dump_only=True,
        metadata={"enum": ["started", "teacher", "repair_opened", "repair_done", "two_by_ten"]},
    )
    changed_at = ma.fields.DateTime(dump_only=True)


class RelationshipNoteSchema(Schema):
    id = ma.fields.String(dump_only=True)
    kind = _enum(NoteKind, dump_only=True)
    body = ma.fields.String(dump_only=True)
    created_at = ma.fields.DateTime(dump_only=True)
    updated_at = ma.fields.DateTime(dump_only=True)


class RelationshipNoteCreateSchema(Schema):
    kind = _enum(NoteKind, required=True)
    body = words(1000, required=True)


class RelationshipNoteUpdateSchema(Schema):
    kind = _enum(NoteKind)
    body = Words(validate=ma.validate.Length(min=1, max=1000))


class StageUpdateSchema(Schema):
    stage = _enum(Stage, required=True)


class TwoByTenBriefSchema(Schema):
    id = ma.fields.String(dump_only=True)
    status = _enum(PlanStatus, dump_only=True)
    days_done = ma.fields.Integer(dump_only=True)
    needs_choice = ma.fields.Boolean(dump_only=True)
    done_today = ma.fields.Boolean(dump_only=True)


class MyStudentSchema(Schema):
    student = ma.fields.Nested(UserSummarySchema, dump_only=True)
    relationship_id = ma.fields.String(dump_only=True, allow_none=True)
    stage = _enum(Stage, dump_only=True, allow_none=True)
    stage_label = ma.fields.String(dump_only=True)
    two_by_ten = ma.fields.Nested(TwoByTenBriefSchema, dump_only=True, allow_none=True)
    open_repair = ma.fields.Boolean(dump_only=True)
    note_count = ma.fields.Integer(dump_only=True)
    has_card = ma.fields.Boolean(dump_only=True)


class MyStudentDetailSchema(Schema):
    team_id = ma.fields.String(dump_only=True)
    student = ma.fields.Nested(UserSummarySchema, dump_only=True)
    relationship_id = ma.fields.String(dump_only=True, allow_none=True)
    stage = _enum(Stage, dump_only=True, allow_none=True)
    strategies = ma.fields.List(ma.fields.String(), dump_only=True)
    history = ma.fields.List(ma.fields.Nested(StageChangeSchema), dump_only=True)
    notes = ma.fields.List(ma.fields.Nested(RelationshipNoteSchema), dump_only=True)
    two_by_tens = ma.fields.List(ma.fields.Nested(TwoByTenSchema), dump_only=True)
    repairs = ma.fields.List(ma.fields.Nested(RepairSchema), dump_only=True)
    card = ma.fields.Nested(StudentCardSchema, dump_only=True, allow_none=True)


# ---- 5:1 ---------------------------------------------------------------------------------------


class FeedbackTallySchema(Schema):
    id = ma.fields.String(dump_only=True)
    team_id = ma.fields.String(dump_only=True)
    teacher_id = ma.fields.String(dump_only=True)
    observer_id = ma.fields.String(
        dump_only=True,
        allow_none=True,
        metadata={"description": "The coach who observed and counted; null for your own tally"},
    )
    observer_name = ma.fields.String(dump_only=True, allow_none=True)
    focus_student_id = ma.fields.String(dump_only=True, allow_none=True)
    focus_student_name = ma.fields.String(dump_only=True, allow_none=True)
    lesson_on = ma.fields.Date(dump_only=True)
    label = ma.fields.String(dump_only=True)
    positive = ma.fields.Integer(dump_only=True)
    corrective = ma.fields.Integer(dump_only=True)
    ratio = ma.fields.Float(
        dump_only=True,
        allow_none=True,
        metadata={"description": "Positives per corrective; null before anything corrective"},
    )
    created_at = ma.fields.DateTime(dump_only=True)


class FeedbackTallyCreateSchema(Schema):
    lesson_on = ma.fields.Date(metadata={"description": "Today by default"})
    label = words(60, metadata={"description": "e.g. Period 3"})
    focus_student_id = ma.fields.String(
        allow_none=True,
        metadata={"description": "Count for one student of the class instead of the whole period"},
    )
    teacher_id = ma.fields.String(
        allow_none=True, metadata={"description": "Coaches: the teacher whose lesson you observe"}
    )


class FeedbackTapSchema(Schema):
    kind = _enum(FeedbackKind, required=True)
    undo = ma.fields.Boolean(load_default=False, metadata={"description": "Take one back"})


class FeedbackTallyQueryArgsSchema(Schema):
    focus_student_id = ma.fields.String()


class RatioPointSchema(Schema):
    day = ma.fields.Date(dump_only=True)
    positive = ma.fields.Integer(dump_only=True)
    corrective = ma.fields.Integer(dump_only=True)
    ratio = ma.fields.Float(dump_only=True, allow_none=True)


class FeedbackRatioSchema(Schema):
    target_ratio = ma.fields.Integer(dump_only=True)
    own = ma.fields.List(ma.fields.Nested(RatioPointSchema), dump_only=True)
    observed = ma.fields.List(ma.fields.Nested(RatioPointSchema), dump_only=True)


# ---- Counts for coaches and leaders ------------------------------------------------------------


class RelationshipCountsSchema(Schema):
    team_id = ma.fields.String(dump_only=True)
    students = ma.fields.Integer(dump_only=True)
    students_with_two_by_ten_this_term = ma.fields.Integer(dump_only=True)
    two_by_tens_completed_this_term = ma.fields.Integer(dump_only=True)
    has_respect_agreement = ma.fields.Boolean(dump_only=True)
    respect_agreement_endorsements = ma.fields.Integer(dump_only=True)
    pulses_closed_this_term = ma.fields.Integer(dump_only=True)
    pulse_response_rate = ma.fields.Float(
        dump_only=True,
        allow_none=True,
        metadata={"description": "Answers per student asked, over the term's closed pulses (0–1)"},
    )
    term_starts_on = ma.fields.Date(dump_only=True)


class OrganizationRelationshipCountsSchema(Schema):
    organization_id = ma.fields.String(dump_only=True)
    classes = ma.fields.Integer(dump_only=True)
    classes_with_respect_agreement = ma.fields.Integer(dump_only=True)
    share_with_respect_agreement = ma.fields.Float(dump_only=True, allow_none=True)
    students_with_two_by_ten_this_term = ma.fields.Integer(dump_only=True)
    pulses_closed_this_term = ma.fields.Integer(dump_only=True)
    pulse_response_rate = ma.fields.Float(dump_only=True, allow_none=True)
    term_starts_on = ma.fields.Date(dump_only=True)
