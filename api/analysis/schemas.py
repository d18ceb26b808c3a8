from __future__ import annotations

import enum

import marshmallow as ma

from api.analysis.models import NoteKind
from api.evidence.models import EvidenceKind
from api.schemas import Schema, Text, UpdatedSince
from api.users.schemas import UserSummarySchema

NOTE_BODY_MAX = 5000
#: a note rests on a handful of pieces of evidence, not on a whole archive
CITATIONS_MAX = 50


class AnalysisPrompt(enum.StrEnum):
    """The protocol's guiding questions; a note may say which one it answers."""

    successes = "successes"
    barriers = "barriers"
    missing_skills = "missing_skills"
    student_voice = "student_voice"
    next_wonderings = "next_wonderings"


PROMPT_TEXT = {
    AnalysisPrompt.successes: "What was successful, and what thinking or conditions made it so?",
    AnalysisPrompt.barriers: "What barriers kept it from success, and why do they exist?",
    AnalysisPrompt.missing_skills: "What skills or strategies were missing?",
    AnalysisPrompt.student_voice: "What do students say about it?",
    AnalysisPrompt.next_wonderings: "What surprised us, and what do we still wonder?",
}


class AnalysisPromptSchema(Schema):
    key = ma.fields.Enum(AnalysisPrompt, by_value=True, dump_only=True)
    text = ma.fields.String(dump_only=True)


class CitedEvidenceSchema(Schema):
    id = ma.fields.String(dump_only=True)
    title = ma.fields.String(dump_only=True)
    kind = ma.fields.Enum(EvidenceKind, by_value=True, dump_only=True)


class NoteSchema(Schema):
    id = ma.fields.String(dump_only=True)
    cycle_id = ma.fields.String(dump_only=True)
    kind = ma.fields.Enum(NoteKind, by_value=True, dump_only=True)
    body = ma.fields.String(dump_only=True)
    prompt = ma.fields.Enum(AnalysisPrompt, by_value=True, dump_only=True, allow_none=True)
    evidence = ma.fields.List(
        ma.fields.Nested(CitedEvidenceSchema),
        dump_only=True,
        metadata={"description": "The evidence this note rests on"},
    )
    author = ma.fields.Nested(UserSummarySchema, dump_only=True, allow_none=True)
    created_at = ma.fields.DateTime(dump_only=True)
    updated_at = ma.fields.DateTime(dump_only=True)


class NoteCreateSchema(Schema):
    kind = ma.fields.Enum(NoteKind, by_value=True, required=True)
    body = Text(NOTE_BODY_MAX, required=True)
    prompt = ma.fields.Enum(
        AnalysisPrompt,
        by_value=True,
        allow_none=True,
        metadata={"description": "The guiding question it answers (see /analysis-prompts)"},
    )
    evidence_ids = ma.fields.List(
        Text(64),
        load_default=list,
        validate=ma.validate.Length(max=CITATIONS_MAX),
        metadata={"description": "Ids of evidence of the same cycle that the note cites"},
    )

    @ma.validates("body")
    def not_only_spaces_body(self, value, **kwargs):
        if value is not None and not value.strip():
            raise ma.ValidationError("Write the note first.")


class NoteUpdateSchema(Schema):
    kind = ma.fields.Enum(NoteKind, by_value=True)
    body = Text(NOTE_BODY_MAX)
    prompt = ma.fields.Enum(AnalysisPrompt, by_value=True, allow_none=True)
    evidence_ids = ma.fields.List(
        Text(64),
        validate=ma.validate.Length(max=CITATIONS_MAX),
        metadata={"description": "Replaces the cited evidence; [] cites none"},
    )

    @ma.validates("body")
    def not_only_spaces_body(self, value, **kwargs):
        if value is not None and not value.strip():
            raise ma.ValidationError("Write the note first.")


class NoteQueryArgsSchema(Schema):
    kind = ma.fields.Enum(NoteKind, by_value=True)
    prompt = ma.fields.Enum(AnalysisPrompt, by_value=True)
    evidence_id = Text(64, metadata={"description": "Only notes that cite this evidence"})
    updated_since = UpdatedSince("notes written or changed")
