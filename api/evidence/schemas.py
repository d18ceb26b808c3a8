from __future__ import annotations

import re
from collections.abc import Mapping

import marshmallow as ma
from flask_smorest.fields import Upload
from marshmallow import validate

from api.evidence.models import EVIDENCE_GROUPS, EvidenceKind
from api.schemas import Schema, Text, UpdatedSince
from api.users.schemas import UserSummarySchema

TITLE_MAX = 200
DESCRIPTION_MAX = 5000
TEXT_MAX = 20000
URL_MAX = 2000
TAG_MAX = 50
TAGS_MAX = 20
GROUPS = sorted(set(EVIDENCE_GROUPS.values()))
DATE_HINT = "Use a date like 2026-03-14."


class TagList(ma.fields.List):
    """Tags as a list, a comma-separated string, or repeated form fields; tidied and de-duplicated
    without regard to case ("Period 3" and "period 3" are one tag)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(ma.fields.String(), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> list:
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
            raise ma.ValidationError("Send tags as text, separated by commas.")
        tags: dict[str, str] = {}
        for part in (piece for v in values for piece in v.split(",")):
            tag = re.sub(r"\s+", " ", part).strip()
            if not tag:
                continue
            if len(tag) > TAG_MAX:
                raise ma.ValidationError(f"Keep each tag under {TAG_MAX} characters.")
            tags.setdefault(tag.casefold(), tag)
        if len(tags) > TAGS_MAX:
            raise ma.ValidationError(f"Use at most {TAGS_MAX} tags.")
        return list(tags.values())


def _date(**kwargs) -> ma.fields.Date:
    return ma.fields.Date(
        error_messages={"invalid": DATE_HINT},
        metadata={"description": "The day it was collected (YYYY-MM-DD)"},
        **kwargs,
    )


class EvidenceSchema(Schema):
    id = ma.fields.String(dump_only=True)
    cycle_id = ma.fields.String(dump_only=True)
    kind = ma.fields.Enum(EvidenceKind, by_value=True, dump_only=True)
    group = ma.fields.String(
        dump_only=True,
        validate=validate.OneOf(GROUPS),
        metadata={"description": "The protocol's group for this kind of evidence"},
    )
    title = ma.fields.String(dump_only=True)
    description = ma.fields.String(dump_only=True)
    collected_on = ma.fields.Date(dump_only=True, allow_none=True)
    tags = ma.fields.List(ma.fields.String(), dump_only=True)
    student_voice = ma.fields.Boolean(
        dump_only=True, metadata={"description": "It carries students' own words or views"}
    )
    has_file = ma.fields.Boolean(dump_only=True)
    original_name = ma.fields.String(
        dump_only=True, allow_none=True, metadata={"description": "The uploaded file's name"}
    )
    content_type = ma.fields.String(
        dump_only=True,
        allow_none=True,
        metadata={"description": "What the file is, read from its bytes (not from its name)"},
    )
    size = ma.fields.Integer(dump_only=True, allow_none=True, metadata={"description": "Bytes"})
    sha256 = ma.fields.String(dump_only=True, allow_none=True)
    download_url = ma.fields.String(
        dump_only=True,
        allow_none=True,
        metadata={"description": "Where to download the file (add ?inline=1 for a preview)"},
    )
    text = ma.fields.String(dump_only=True, allow_none=True)
    url = ma.fields.String(dump_only=True, allow_none=True)
    added_by = ma.fields.Nested(UserSummarySchema, dump_only=True, allow_none=True)
    created_at = ma.fields.DateTime(dump_only=True)
    updated_at = ma.fields.DateTime(
        dump_only=True, metadata={"description": "Its last change: send it back in If-Match"}
    )


class EvidenceCreateSchema(Schema):
    """Text or link evidence as JSON, or the fields that go with a file (multipart)."""

    kind = ma.fields.Enum(
        EvidenceKind,
        by_value=True,
        metadata={"description": "Defaults to link, note, photo, audio or student_work"},
    )
    title = Text(
        TITLE_MAX,
        metadata={"description": "Required for texts and links; the file's name if left out"},
    )
    description = Text(DESCRIPTION_MAX, allow_blank=True, load_default="")
    collected_on = _date(allow_none=True)
    tags = TagList(
        load_default=list,
        metadata={"description": 'A list, or one string with commas: "period 3, fractions"'},
    )
    student_voice = ma.fields.Boolean(load_default=False)
    text = Text(TEXT_MAX, metadata={"description": "What was seen, heard or collected"})
    url = Text(URL_MAX, metadata={"description": "A link starting with http:// or https://"})

    @ma.pre_load
    def leave_out_blank_values(self, data, **kwargs):
        # An empty form field means "not given", as in any HTML form.
        if not isinstance(data, Mapping):
            return data
        return {
            key: value
            for key, value in dict(data).items()
            if not (isinstance(value, str) and not value.strip())
        }


class EvidenceUploadSchema(EvidenceCreateSchema):
    """For the docs: a multipart upload is the file plus the fields above."""

    file = Upload(metadata={"description": "The file (photos, PDFs, documents, text, audio)"})


class EvidenceFileSchema(Schema):
    """For the docs: the new file of a piece of evidence."""

    file = Upload(
        required=True, metadata={"description": "The file that takes the old one's place"}
    )


class EvidenceUpdateSchema(Schema):
    kind = ma.fields.Enum(EvidenceKind, by_value=True)
    title = Text(TITLE_MAX)
    description = Text(DESCRIPTION_MAX, allow_blank=True)
    collected_on = _date(allow_none=True)
    tags = TagList(metadata={"description": "Replaces the tags; [] removes them all"})
    student_voice = ma.fields.Boolean()

    @ma.validates("title")
    def not_only_spaces_title(self, value, **kwargs):
        if not value.strip():
            raise ma.ValidationError("Give it a short title.")


class EvidenceQueryArgsSchema(Schema):
    kind = ma.fields.Enum(EvidenceKind, by_value=True)
    group = ma.fields.String(validate=validate.OneOf(GROUPS))
    tag = Text(TAG_MAX, metadata={"description": "Only evidence with this tag (any case)"})
    student_voice = ma.fields.Boolean()
    updated_since = UpdatedSince("evidence added or changed")


class FileQueryArgsSchema(Schema):
    inline = ma.fields.Boolean(
        load_default=False,
        metadata={"description": "Show images, audio and PDFs in the browser instead of saving"},
    )
