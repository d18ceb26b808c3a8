"""Roster sync by the LMS's own ids: people, teams and memberships, one by one or in bulk."""

from __future__ import annotations

from api.actor import ROSTER_READ, ROSTER_WRITE, current_actor
from api.blueprint import Blueprint, clients
from api.idempotency import idempotent
from api.roster import oneroster, service
from api.roster.schemas import (
    OneRosterFilesSchema,
    OneRosterQueryArgsSchema,
    OneRosterRefusalSchema,
    OneRosterReportSchema,
    RosterBatchResultSchema,
    RosterBatchSchema,
    RosterMembershipSchema,
    RosterMembershipUpsertSchema,
    RosterTeamSchema,
    RosterTeamUpsertSchema,
    RosterUserLinkSchema,
    RosterUserSchema,
    RosterUserUpsertSchema,
)

blp = Blueprint(
    "roster",
    __name__,
    url_prefix="/api/v1/organizations/<organization_id>/roster",
    description="Roster sync by your LMS's ids (idempotent upserts, batches, OneRoster CSV)",
)


def _status(outcome) -> int:
    return 201 if outcome.status == service.CREATED else 200


@blp.route("/users/<source>/<external_id>", methods=["PUT"], access=clients(ROSTER_WRITE))
@blp.arguments(RosterUserUpsertSchema)
@blp.response(200, RosterUserSchema)
@blp.alt_response(201, schema=RosterUserSchema, description="Created")
def upsert_user(data, organization_id, source, external_id):
    """Create or update a person by your LMS's id (201 created, 200 updated or unchanged)."""
    outcome, user = service.upsert_user(
        current_actor(), organization_id, source, external_id, **data
    )
    body = service.describe_user(user, organization_id, source.strip().lower(), external_id)
    return body | {"status": outcome.status, "note": outcome.note}, _status(outcome)


@blp.route("/users/<source>/<external_id>/link", methods=["PUT"], access=clients(ROSTER_WRITE))
@blp.arguments(RosterUserLinkSchema)
@blp.response(200, RosterUserSchema)
def link_user(data, organization_id, source, external_id):
    """Link your LMS's id to a person already in the organization (status linked); 409 when
    the id or the person is linked elsewhere. Upserts never do this on their own."""
    outcome, user = service.link_user(
        current_actor(), organization_id, source, external_id, user_id=data["user_id"]
    )
    body = service.describe_user(user, organization_id, source.strip().lower(), external_id)
    return body | {"status": outcome.status}


@blp.route("/users/<source>/<external_id>", methods=["DELETE"], access=clients(ROSTER_WRITE))
@blp.response(204)
def deactivate_user(organization_id, source, external_id):
    """Deactivate a leaver: off the organization and its teams (an upsert brings them back)."""
    service.deactivate_user(current_actor(), organization_id, source, external_id)


@blp.route("/users/<source>/<external_id>", methods=["GET"], access=clients(ROSTER_READ))
@blp.response(200, RosterUserSchema)
def get_user(organization_id, source, external_id):
    """Find a person by your LMS's id."""
    return service.get_user(current_actor(), organization_id, source, external_id)


@blp.route("/teams/<source>/<external_id>", methods=["PUT"], access=clients(ROSTER_WRITE))
@blp.arguments(RosterTeamUpsertSchema)
@blp.response(200, RosterTeamSchema)
@blp.alt_response(201, schema=RosterTeamSchema, description="Created")
def upsert_team(data, organization_id, source, external_id):
    """Create or rename a team (a course section or class) by your LMS's id."""
    outcome, team = service.upsert_team(
        current_actor(), organization_id, source, external_id, **data
    )
    body = service.describe_team(team, source.strip().lower(), external_id)
    return body | {"status": outcome.status}, _status(outcome)


@blp.route("/teams/<source>/<external_id>", methods=["GET"], access=clients(ROSTER_READ))
@blp.response(200, RosterTeamSchema)
def get_team(organization_id, source, external_id):
    """Find a team by your LMS's id."""
    return service.get_team(current_actor(), organization_id, source, external_id)


@blp.route(
    "/teams/<source>/<team_external_id>/members/<user_external_id>",
    methods=["PUT"],
    access=clients(ROSTER_WRITE),
)
@blp.arguments(RosterMembershipUpsertSchema)
@blp.response(200, RosterMembershipSchema)
@blp.alt_response(201, schema=RosterMembershipSchema, description="Created")
def upsert_membership(data, organization_id, source, team_external_id, user_external_id):
    """Put a person on a team as teacher or student, both by your LMS's ids."""
    outcome, membership = service.upsert_membership(
        current_actor(), organization_id, source, team_external_id, user_external_id, **data
    )
    body = {
        "id": membership.id,
        "team_id": membership.team_id,
        "user_id": membership.user_id,
        "role": membership.role,
        "status": outcome.status,
    }
    return body, _status(outcome)


@blp.route(
    "/teams/<source>/<team_external_id>/members/<user_external_id>",
    methods=["DELETE"],
    access=clients(ROSTER_WRITE),
)
@blp.response(204)
def remove_membership(organization_id, source, team_external_id, user_external_id):
    """Take a person off a team (nothing happens if they are not on it)."""
    service.remove_membership(
        current_actor(), organization_id, source, team_external_id, user_external_id
    )


@blp.route("/batch", methods=["POST"], access=clients(ROSTER_WRITE))
@idempotent
@blp.arguments(RosterBatchSchema)
@blp.response(200, RosterBatchResultSchema)
def run_batch(data, organization_id):
    """Apply up to 1000 roster changes in order; each row reports its own result."""
    return service.run_batch(current_actor(), organization_id, data["operations"])


@blp.route("/oneroster", methods=["POST"], access=clients(ROSTER_WRITE))
@idempotent
@blp.arguments(OneRosterQueryArgsSchema, location="query")
@blp.arguments(OneRosterFilesSchema, location="files")
@blp.response(200, OneRosterReportSchema)
@blp.alt_response(
    422,
    schema=OneRosterRefusalSchema,
    content_type="application/problem+json",
    description="Files that can't be read, or rows that fail (nothing was imported)",
)
def import_oneroster(args, files, organization_id):
    """Import a OneRoster 1.1 bundle (zip) or CSV files; dry_run=true only reports."""
    return oneroster.import_oneroster(
        current_actor(),
        organization_id,
        {
            "users.csv": files.get("users"),
            "classes.csv": files.get("classes"),
            "enrollments.csv": files.get("enrollments"),
        },
        source=args["source"],
        dry_run=args["dry_run"],
        mode=args["mode"],
        bundle_upload=files.get("bundle"),
    )
