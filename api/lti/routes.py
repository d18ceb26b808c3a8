"""LTI 1.3: the platforms (LMS registrations) an organization's admins manage."""

from __future__ import annotations

from api.actor import current_actor
from api.blueprint import Blueprint
from api.lti import provisioning, service
from api.lti.schemas import (
    LtiCourseLinkSchema,
    LtiCourseSchema,
    LtiPlatformCreateSchema,
    LtiPlatformSchema,
    LtiPlatformUpdateSchema,
    LtiProvisionedSchema,
    LtiTeamCourseSchema,
    LtiTeamCoursesQueryArgsSchema,
)
from api.pagination import page_of

blp = Blueprint(
    "lti_platforms",
    __name__,
    url_prefix="/api/v1",
    description="LTI 1.3 platforms (Canvas, Moodle, …) registered by an organization",
)

BASE = "/organizations/<organization_id>/lti/platforms"


def _with_tool_urls(platform):
    platform.tool = service.tool_urls()
    return platform


@blp.route(BASE, methods=["GET"])
@blp.response(200, LtiPlatformSchema(many=True))
@blp.paginate()
def list_platforms(organization_id, pagination_parameters):
    """List the LMS platforms registered for LTI launches (org admins)."""
    rows = page_of(service.platforms(current_actor(), organization_id), pagination_parameters)
    return [_with_tool_urls(platform) for platform in rows]


@blp.route(BASE, methods=["POST"])
@blp.arguments(LtiPlatformCreateSchema)
@blp.response(201, LtiPlatformSchema)
def create_platform(data, organization_id):
    """Register an LMS for LTI 1.3 launches; the response has the tool URLs to give it."""
    return _with_tool_urls(service.create_platform(current_actor(), organization_id, **data))


@blp.route(f"{BASE}/<platform_id>", methods=["GET"])
@blp.response(200, LtiPlatformSchema)
def get_platform(organization_id, platform_id):
    """Get one registered LMS platform, with the tool URLs to give it."""
    return _with_tool_urls(service.get_platform(current_actor(), organization_id, platform_id))


@blp.route(f"{BASE}/<platform_id>", methods=["PATCH"])
@blp.arguments(LtiPlatformUpdateSchema)
@blp.response(200, LtiPlatformSchema)
def update_platform(data, organization_id, platform_id):
    """Change a platform's deployments, URLs or keys."""
    platform = service.update_platform(current_actor(), organization_id, platform_id, **data)
    return _with_tool_urls(platform)


@blp.route(f"{BASE}/<platform_id>", methods=["DELETE"])
@blp.response(204)
def delete_platform(organization_id, platform_id):
    """Remove a platform: launches from it stop; its courses' teams stay."""
    service.delete_platform(current_actor(), organization_id, platform_id)


@blp.route(f"{BASE}/<platform_id>/courses/<context_id>", methods=["PUT"])
@blp.arguments(LtiCourseLinkSchema)
@blp.response(200, LtiCourseSchema)
def link_course(data, organization_id, platform_id, context_id):
    """Link an LMS course (its LTI context id) to a team you teach, once: its launches then land
    there (teachers of the team, org admins)."""
    return service.link_course(
        current_actor(), organization_id, platform_id, context_id, team_id=data["team_id"]
    )


@blp.route(f"{BASE}/<platform_id>/courses/<context_id>/provision", methods=["POST"])
@blp.response(200, LtiProvisionedSchema)
def provision_course(organization_id, platform_id, context_id):
    """Fill the course's team from the LMS's member list (LTI Names and Role Provisioning):
    Instructor → teacher, Learner → student; people the course brought who are no longer in
    it leave the team, people added by hand stay (teachers of the team, admins)."""
    return provisioning.provision(current_actor(), organization_id, platform_id, context_id)


@blp.route(f"{BASE}/<platform_id>/courses/<context_id>", methods=["DELETE"])
@blp.response(204)
def unlink_course(organization_id, platform_id, context_id):
    """Unlink an LMS course from its team: its next launch finds a team as a first launch does;
    the team and its people stay (teachers of the team, org admins)."""
    service.unlink_course(current_actor(), organization_id, platform_id, context_id)


@blp.route("/teams/<team_id>/lti/courses", methods=["GET"])
@blp.arguments(LtiTeamCoursesQueryArgsSchema, location="query")
@blp.response(200, LtiTeamCourseSchema(many=True))
@blp.paginate()
def list_team_courses(args, team_id, pagination_parameters):
    """List the LMS courses that open a team, or (others=true) those you could link to it
    (teachers of the team, org admins)."""
    query = service.team_courses(current_actor(), team_id, **args)
    return [service.describe_course(course) for course in page_of(query, pagination_parameters)]
