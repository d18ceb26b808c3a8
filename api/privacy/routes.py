"""Privacy requests for one person: an export of all the organization holds, or deletion."""

from __future__ import annotations

from flask import Response

from api.actor import current_actor
from api.blueprint import Blueprint
from api.evidence.storage import current_storage
from api.privacy import service
from api.privacy.schemas import PersonDeletionSchema

blp = Blueprint(
    "privacy",
    __name__,
    url_prefix="/api/v1/organizations",
    description="Privacy requests: export or delete everything held about a person",
)


@blp.route("/<organization_id>/people/<user_id>/privacy-export", methods=["POST"])
@blp.response(
    200,
    {"type": "string", "format": "binary"},
    content_type="application/zip",
    description="A ZIP: person.json and the evidence files the person added",
)
def export_person(organization_id, user_id):
    """Download all the organization holds about a person as a ZIP (admins or the person)."""
    export = service.export_person(
        current_actor(), organization_id, user_id, storage=current_storage()
    )
    response = Response(export.chunks, mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{export.file_name}"'
    response.cache_control.no_store = True
    return response


@blp.route("/<organization_id>/people/<user_id>/privacy-deletion", methods=["POST"])
@blp.response(200, PersonDeletionSchema)
def delete_person(organization_id, user_id):
    """Erase a person: account, personal data, evidence files; team work stays, unnamed (admins)."""
    return service.delete_person(
        current_actor(), organization_id, user_id, storage=current_storage()
    )
