from __future__ import annotations

import enum

import marshmallow as ma
from flask_smorest.fields import Upload

from api.extensions import ProblemSchema
from api.roster.service import MAX_BATCH, REQUIRED
from api.schemas import Schema, Text
from api.teams.models import Role

STATUS_HELP = "created, updated, unchanged, removed, linked, deactivated or error"

RosterOp = enum.StrEnum("RosterOp", {op: op for op in REQUIRED})


class RosterUserSchema(Schema):
    id = ma.fields.String(dump_only=True)
    source = ma.fields.String(dump_only=True)
    external_id = ma.fields.String(dump_only=True)
    display_name = ma.fields.String(dump_only=True)
    email = ma.fields.String(dump_only=True, allow_none=True)
    username = ma.fields.String(dump_only=True, allow_none=True)
    active = ma.fields.Boolean(
        dump_only=True, metadata={"description": "false once deactivated (a leaver)"}
    )
    pending_changes = ma.fields.List(
        ma.fields.String(),
        dump_only=True,
        metadata={"description": "Fields waiting for the person to open an emailed link"},
    )
    status = ma.fields.String(dump_only=True, metadata={"description": STATUS_HELP})
    note = ma.fields.String(
        dump_only=True,
        allow_none=True,
        metadata={"description": "What was not changed (yet), and why; null when all was"},
    )


class RosterUserLinkSchema(Schema):
    user_id = Text(24, required=True, metadata={"description": "The person's id in this app"})


class RosterUserUpsertSchema(Schema):
    display_name = Text(120, required=True)
    email = Text(254, allow_none=True, metadata={"description": "Optional: students may have none"})
    username = Text(
        64,
        allow_none=True,
        metadata={"description": "Optional; with neither email nor username one is made up"},
    )


class RosterTeamSchema(Schema):
    id = ma.fields.String(dump_only=True)
    source = ma.fields.String(dump_only=True)
    external_id = ma.fields.String(dump_only=True)
    name = ma.fields.String(dump_only=True)
    description = ma.fields.String(dump_only=True)
    member_count = ma.fields.Integer(dump_only=True)
    status = ma.fields.String(dump_only=True, metadata={"description": STATUS_HELP})


class RosterTeamUpsertSchema(Schema):
    name = Text(200, required=True)
    description = Text(2000, allow_blank=True)


class RosterMembershipSchema(Schema):
    id = ma.fields.String(dump_only=True)
    team_id = ma.fields.String(dump_only=True)
    user_id = ma.fields.String(dump_only=True)
    role = ma.fields.Enum(Role, by_value=True, dump_only=True)
    status = ma.fields.String(dump_only=True, metadata={"description": STATUS_HELP})


class RosterMembershipUpsertSchema(Schema):
    role = ma.fields.Enum(Role, by_value=True, required=True)


class RosterOperationSchema(Schema):
    """One row of a batch; which fields it needs depends on `op`."""

    op = ma.fields.Enum(
        RosterOp,
        by_value=True,
        required=True,
        metadata={
            "description": "; ".join(
                f"{op} needs {', '.join(fields)}" for op, fields in REQUIRED.items()
            )
        },
    )
    source = Text(40, required=True, metadata={"description": "e.g. canvas"})
    external_id = Text(200)
    display_name = Text(120)
    email = Text(254, allow_none=True)
    username = Text(64, allow_none=True)
    name = Text(200)
    description = Text(2000, allow_blank=True)
    team_external_id = Text(200)
    user_external_id = Text(200)
    # Checked row by row: one unknown role is that row's error, not the whole batch's.
    role = Text(20, metadata={"description": "teacher or student"})
    user_id = Text(24, metadata={"description": "link_user: the person's id in this app"})


class RosterBatchSchema(Schema):
    operations = ma.fields.List(
        ma.fields.Nested(RosterOperationSchema),
        required=True,
        validate=ma.validate.Length(min=1, max=MAX_BATCH),
    )


class RosterBatchRowSchema(Schema):
    index = ma.fields.Integer(dump_only=True)
    op = ma.fields.String(dump_only=True)
    status = ma.fields.String(dump_only=True, metadata={"description": STATUS_HELP})
    id = ma.fields.String(dump_only=True, metadata={"description": "What the row made or changed"})
    detail = ma.fields.String(dump_only=True)
    errors = ma.fields.Dict(dump_only=True, metadata={"description": "Field → messages"})
    http_status = ma.fields.Integer(
        dump_only=True,
        allow_none=True,
        metadata={"description": "For an error: the status the row would get alone (409 …)"},
    )


class RosterBatchResultSchema(Schema):
    counts = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer(), dump_only=True)
    results = ma.fields.List(ma.fields.Nested(RosterBatchRowSchema), dump_only=True)


class OneRosterFilesSchema(Schema):
    bundle = Upload(
        data_key="oneroster.zip",
        metadata={
            "description": "A OneRoster 1.1 CSV bundle: a zip with manifest.csv, orgs.csv, "
            "academicSessions.csv, courses.csv, classes.csv, users.csv, enrollments.csv (the "
            "manifest says bulk or delta for each). Or send the single files below."
        },
    )
    users = Upload(data_key="users.csv", metadata={"description": "OneRoster 1.1 users.csv"})
    classes = Upload(data_key="classes.csv", metadata={"description": "OneRoster 1.1 classes.csv"})
    enrollments = Upload(
        data_key="enrollments.csv", metadata={"description": "OneRoster 1.1 enrollments.csv"}
    )


class OneRosterQueryArgsSchema(Schema):
    dry_run = ma.fields.Boolean(
        load_default=False,
        metadata={"description": "true: report what would change, write nothing"},
    )
    source = Text(
        40, load_default="oneroster", metadata={"description": "Whose sourcedIds these are"}
    )
    mode = ma.fields.String(
        load_default="delta",
        validate=ma.validate.OneOf(("bulk", "delta")),
        metadata={
            "description": "bulk: the files are the whole roster, so enrollments not listed "
            "are removed; delta (default): only the rows sent change"
        },
    )


class OneRosterRowSchema(Schema):
    file = ma.fields.String(dump_only=True)
    line = ma.fields.Integer(dump_only=True, allow_none=True)
    sourced_id = ma.fields.String(dump_only=True)
    status = ma.fields.String(dump_only=True, metadata={"description": STATUS_HELP + ", skipped"})
    id = ma.fields.String(dump_only=True)
    note = ma.fields.String(dump_only=True)
    errors = ma.fields.Dict(dump_only=True)
    http_status = ma.fields.Integer(
        dump_only=True,
        allow_none=True,
        metadata={"description": "For an error: the status the row would get alone (409 …)"},
    )


class NotUsedFileSchema(Schema):
    file = ma.fields.String(dump_only=True)
    reason = ma.fields.String(dump_only=True)


class NotUsedSchema(Schema):
    files = ma.fields.List(
        ma.fields.Nested(NotUsedFileSchema),
        dump_only=True,
        metadata={"description": "Files of the bundle this import does not read, and why"},
    )
    columns = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.List(ma.fields.String()),
        dump_only=True,
        metadata={"description": "File → the columns it has that this import does not read"},
    )


class OneRosterReportSchema(Schema):
    dry_run = ma.fields.Boolean(dump_only=True)
    source = ma.fields.String(dump_only=True)
    mode = ma.fields.String(
        dump_only=True, metadata={"description": "bulk or delta (a bundle's manifest decides)"}
    )
    manifest = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.String(),
        dump_only=True,
        allow_none=True,
        metadata={"description": "The bundle's manifest.csv, as read; null for single files"},
    )
    not_used = ma.fields.Nested(NotUsedSchema, dump_only=True)
    counts = ma.fields.Dict(
        dump_only=True,
        metadata={"description": "users, teams, memberships → status → how many"},
    )
    rows = ma.fields.List(
        ma.fields.Nested(OneRosterRowSchema),
        dump_only=True,
        metadata={"description": "Every row that changes, was left out, or has errors"},
    )


class OneRosterRefusalSchema(ProblemSchema):
    """A real run refused because rows failed: the problem, and the report of what it found."""

    counts = OneRosterReportSchema().fields["counts"]
    rows = OneRosterReportSchema().fields["rows"]
