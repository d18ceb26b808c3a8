from __future__ import annotations

from datetime import date, timedelta

import marshmallow as ma
from flask_smorest.fields import Upload

from api.schemas import Schema, Text

KINDS = ("non_school_day", "term")


class CalendarEntrySchema(Schema):
    id = ma.fields.String(dump_only=True)
    name = ma.fields.String(dump_only=True)
    starts_on = ma.fields.Date(dump_only=True, metadata={"description": "First day (included)"})
    ends_on = ma.fields.Date(dump_only=True, metadata={"description": "Last day (included)"})
    external_source = ma.fields.String(dump_only=True, allow_none=True)
    external_id = ma.fields.String(dump_only=True, allow_none=True)


class TermSchema(CalendarEntrySchema):
    pass


class NonSchoolDaySchema(CalendarEntrySchema):
    pass


class CalendarEntryCreateSchema(Schema):
    name = Text(200, required=True)
    starts_on = ma.fields.Date(required=True)
    ends_on = ma.fields.Date(required=True)


class CalendarEntryUpdateSchema(Schema):
    name = Text(200)
    starts_on = ma.fields.Date()
    ends_on = ma.fields.Date()


class CalendarImportFilesSchema(Schema):
    # Not required here: who may import is checked first, then a missing file is a 422.
    file = Upload(metadata={"description": "An iCalendar (.ics) file"})


class CalendarImportArgsSchema(Schema):
    kind = ma.fields.String(
        load_default="non_school_day",
        validate=ma.validate.OneOf(KINDS),
        metadata={"description": "What each event becomes: non_school_day (default) or term"},
    )


class CalendarImportResultSchema(Schema):
    kind = ma.fields.String(dump_only=True)
    counts = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Integer(),
        dump_only=True,
        metadata={"description": "created, updated, unchanged → how many"},
    )
    entries = ma.fields.List(ma.fields.Nested(CalendarEntrySchema), dump_only=True)


class SchoolDaysArgsSchema(Schema):
    start = ma.fields.Date(metadata={"description": "First day asked about; today by default"})
    end = ma.fields.Date(metadata={"description": "Last day; four weeks after start by default"})

    @ma.post_load
    def _defaults(self, data, **kwargs):
        data.setdefault("start", date.today())
        data.setdefault("end", data["start"] + timedelta(days=27))
        return data

    @ma.validates_schema
    def _short_enough(self, data, **kwargs):
        if "start" not in data or "end" not in data:
            return
        if data["end"] < data["start"]:
            raise ma.ValidationError("Pick an end on or after the start.", field_name="end")
        if (data["end"] - data["start"]).days > 366:
            raise ma.ValidationError("Ask for a year at most.", field_name="end")


class SchoolDaysSchema(Schema):
    start = ma.fields.Date(dump_only=True)
    end = ma.fields.Date(dump_only=True)
    count = ma.fields.Integer(dump_only=True)
    days = ma.fields.List(ma.fields.Date(), dump_only=True)
