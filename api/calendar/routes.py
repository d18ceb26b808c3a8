"""The school calendar: terms, holidays and breaks, and the school days they leave."""

from __future__ import annotations

from api.access import org_membership
from api.actor import current_actor
from api.blueprint import Blueprint
from api.calendar import ical, service
from api.calendar.schemas import (
    CalendarEntryCreateSchema,
    CalendarEntryUpdateSchema,
    CalendarImportArgsSchema,
    CalendarImportFilesSchema,
    CalendarImportResultSchema,
    NonSchoolDaySchema,
    SchoolDaysArgsSchema,
    SchoolDaysSchema,
    TermSchema,
)
from api.pagination import page_of

blp = Blueprint(
    "calendar",
    __name__,
    url_prefix="/api/v1/organizations/<organization_id>",
    description="The school calendar: terms, holidays and breaks, school days",
)


def _collection(segment: str, kind: str, schema, noun: str) -> None:
    # Terms and non-school days have the same five operations; written once, routed twice.
    def list_entries(organization_id, pagination_parameters):
        query = service.list_entries(current_actor(), organization_id, kind)
        return page_of(query, pagination_parameters)

    def create_entry(data, organization_id):
        return service.create_entry(current_actor(), organization_id, kind, **data)

    def update_entry(data, organization_id, entry_id):
        return service.update_entry(current_actor(), organization_id, kind, entry_id, **data)

    def delete_entry(organization_id, entry_id):
        service.delete_entry(current_actor(), organization_id, kind, entry_id)

    list_entries.__doc__ = f"List the organization's {noun}s, earliest first."
    create_entry.__doc__ = f"Add a {noun} (organization admins)."
    update_entry.__doc__ = f"Rename a {noun} or change its dates (organization admins)."
    delete_entry.__doc__ = f"Delete a {noun} (organization admins)."
    for view in (list_entries, create_entry, update_entry, delete_entry):
        view.__name__ = f"{view.__name__}_{kind}"

    blp.route(f"/{segment}", methods=["GET"])(
        blp.response(200, schema(many=True))(blp.paginate()(list_entries))
    )
    blp.route(f"/{segment}", methods=["POST"])(
        blp.arguments(CalendarEntryCreateSchema)(blp.response(201, schema)(create_entry))
    )
    blp.route(f"/{segment}/<entry_id>", methods=["PATCH"])(
        blp.arguments(CalendarEntryUpdateSchema)(blp.response(200, schema)(update_entry))
    )
    blp.route(f"/{segment}/<entry_id>", methods=["DELETE"])(blp.response(204)(delete_entry))


_collection("terms", "term", TermSchema, "term")
_collection("non-school-days", "non_school_day", NonSchoolDaySchema, "holiday or break")


@blp.route("/calendar/import", methods=["POST"])
@blp.arguments(CalendarImportArgsSchema, location="query")
@blp.arguments(CalendarImportFilesSchema, location="files")
@blp.response(200, CalendarImportResultSchema)
def import_calendar(args, files, organization_id):
    """Import an iCalendar (.ics) file: each event becomes a holiday or break (or a term);
    a file with any unreadable event imports nothing (organization admins)."""
    upload = files.get("file")
    return ical.import_calendar(
        current_actor(), organization_id, upload.read() if upload else None, kind=args["kind"]
    )


@blp.route("/calendar/school-days", methods=["GET"])
@blp.arguments(SchoolDaysArgsSchema, location="query")
@blp.response(200, SchoolDaysSchema)
def list_school_days(args, organization_id):
    """The school days from start to end (both included), after terms, holidays and breaks."""
    org_membership(current_actor(), organization_id)
    days = service.school_days(organization_id, args["start"], args["end"])
    return {"start": args["start"], "end": args["end"], "count": len(days), "days": days}
