"""Organizations (schools, districts) and the people an admin provisions in them."""

from __future__ import annotations

from api.access import my_organizations
from api.actor import current_actor
from api.auth.identity import pending_fields
from api.blueprint import Blueprint
from api.organizations import service
from api.organizations.schemas import (
    OrganizationSchema,
    OrganizationUpdateSchema,
    PeopleQueryArgsSchema,
    PersonCreateSchema,
    PersonSchema,
    PersonUpdateSchema,
)
from api.pagination import page_of
from api.schemas import POLLED_LIST_ARGUMENTS

blp = Blueprint(
    "organizations",
    __name__,
    url_prefix="/api/v1/organizations",
    description="Schools and districts, and their people",
)


def _row(organization, is_admin: bool) -> dict:
    return {"Organization": organization, "is_admin": is_admin}


@blp.route("", methods=["GET"])
@blp.response(200, OrganizationSchema(many=True))
@blp.paginate()
def list_organizations(pagination_parameters):
    """List the organizations you belong to."""
    return page_of(my_organizations(current_actor()), pagination_parameters)


@blp.route("/<organization_id>", methods=["GET"])
@blp.response(200, OrganizationSchema)
def get_organization(organization_id):
    """Get one of your organizations."""
    return _row(*service.get_organization(current_actor(), organization_id))


@blp.route("/<organization_id>", methods=["PATCH"])
@blp.arguments(OrganizationUpdateSchema)
@blp.response(200, OrganizationSchema)
def update_organization(data, organization_id):
    """Rename an organization, set its time zone or how long it keeps ended cycles (admins)."""
    return _row(service.update_organization(current_actor(), organization_id, **data), True)


@blp.route("/<organization_id>/people", methods=["GET"])
@blp.arguments(PeopleQueryArgsSchema, **POLLED_LIST_ARGUMENTS)
@blp.response(200, PersonSchema(many=True))
@blp.paginate()
def list_people(args, organization_id, pagination_parameters):
    """List the organization's people (admins and teachers); filter with q."""
    query = service.organization_people(current_actor(), organization_id, **args)
    return page_of(query, pagination_parameters)


@blp.route("/<organization_id>/people", methods=["POST"])
@blp.arguments(PersonCreateSchema)
@blp.response(201, PersonSchema)
def provision_person(data, organization_id):
    """Create an account for a person in the organization (admins)."""
    user = service.provision_user(current_actor(), organization_id, **data)
    return {"User": user, "is_admin": data["is_admin"]}


@blp.route("/<organization_id>/people/<user_id>", methods=["PATCH"])
@blp.arguments(PersonUpdateSchema)
@blp.response(200, PersonSchema)
def update_person(data, organization_id, user_id):
    """Change a person's name, email or admin flag (admins). A name or email that waits for
    the person to open an emailed link is listed in pending_changes."""
    user, is_admin = service.update_person(current_actor(), organization_id, user_id, **data)
    return {"User": user, "is_admin": is_admin, "pending_changes": pending_fields(user.id)}


@blp.route("/<organization_id>/people/<user_id>", methods=["DELETE"])
@blp.response(204)
def remove_person(organization_id, user_id):
    """Take a person out of the organization and its teams (admins)."""
    service.remove_person(current_actor(), organization_id, user_id)
