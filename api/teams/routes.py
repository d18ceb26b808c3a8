"""Teams, memberships and coach assignments."""

from __future__ import annotations

from api.actor import TEAMS_READ, current_actor
from api.blueprint import Blueprint
from api.pagination import page_of
from api.schemas import POLLED_LIST_ARGUMENTS
from api.teams import service
from api.teams.schemas import (
    CoachAssignmentCreateSchema,
    CoachAssignmentSchema,
    MembershipCreateSchema,
    MembershipQueryArgsSchema,
    MembershipSchema,
    MembershipUpdateSchema,
    TeamCreateSchema,
    TeamQueryArgsSchema,
    TeamSchema,
    TeamUpdateSchema,
)

blp = Blueprint(
    "teams",
    __name__,
    url_prefix="/api/v1",
    description="Teams and their people",
    client_reads=TEAMS_READ,
)


@blp.route("/teams", methods=["GET"])
@blp.arguments(TeamQueryArgsSchema, **POLLED_LIST_ARGUMENTS)
@blp.response(200, TeamSchema(many=True))
@blp.paginate()
def list_teams(args, pagination_parameters):
    """List the teams you belong to, coach, or administer."""
    query = service.my_teams(current_actor(), **args)
    return service.describe_rows(page_of(query, pagination_parameters))


@blp.route("/organizations/<organization_id>/teams", methods=["POST"])
@blp.arguments(TeamCreateSchema)
@blp.response(201, TeamSchema)
def create_team(data, organization_id):
    """Create a team in an organization (admins)."""
    team = service.create_team(current_actor(), organization_id, **data)
    return service.team_details(current_actor(), team.id)


@blp.route("/teams/<team_id>", methods=["GET"])
@blp.response(200, TeamSchema)
def get_team(team_id):
    """Get a team you belong to, coach, or administer."""
    return service.team_details(current_actor(), team_id)


@blp.route("/teams/<team_id>", methods=["PATCH"])
@blp.arguments(TeamUpdateSchema)
@blp.response(200, TeamSchema)
def update_team(data, team_id):
    """Rename a team or change its settings (teachers, admins); archive it (org admins)."""
    service.update_team(current_actor(), team_id, **data)
    return service.team_details(current_actor(), team_id)


@blp.route("/teams/<team_id>/members", methods=["GET"])
@blp.arguments(MembershipQueryArgsSchema, **POLLED_LIST_ARGUMENTS)
@blp.response(200, MembershipSchema(many=True))
@blp.paginate()
def list_members(args, team_id, pagination_parameters):
    """List a team's teachers and students; filter by role."""
    query = service.members(current_actor(), team_id, **args)
    return page_of(query, pagination_parameters)


@blp.route("/teams/<team_id>/members", methods=["POST"])
@blp.arguments(MembershipCreateSchema)
@blp.response(201, MembershipSchema)
def add_member(data, team_id):
    """Add a person of the organization to the team as teacher or student (teachers, admins)."""
    return service.add_member(current_actor(), team_id, **data)


@blp.route("/teams/<team_id>/members/<membership_id>", methods=["PATCH"])
@blp.arguments(MembershipUpdateSchema)
@blp.response(200, MembershipSchema)
def change_member_role(data, team_id, membership_id):
    """Change a member's role (teachers, admins)."""
    return service.change_member_role(current_actor(), team_id, membership_id, **data)


@blp.route("/teams/<team_id>/members/<membership_id>", methods=["DELETE"])
@blp.response(204)
def remove_member(team_id, membership_id):
    """Take someone off the team (teachers, admins)."""
    service.remove_member(current_actor(), team_id, membership_id)


@blp.route("/teams/<team_id>/coaches", methods=["GET"])
@blp.response(200, CoachAssignmentSchema(many=True))
@blp.paginate()
def list_coaches(team_id, pagination_parameters):
    """List the coaches who follow a team."""
    return page_of(service.coaches(current_actor(), team_id), pagination_parameters)


@blp.route("/teams/<team_id>/coaches", methods=["POST"])
@blp.arguments(CoachAssignmentCreateSchema)
@blp.response(201, CoachAssignmentSchema)
def assign_coach(data, team_id):
    """Have a person of the organization coach this team (admins)."""
    return service.assign_coach(current_actor(), team_id, **data)


@blp.route("/teams/<team_id>/coaches/<assignment_id>", methods=["DELETE"])
@blp.response(204)
def unassign_coach(team_id, assignment_id):
    """Stop a coach following this team (admins)."""
    service.unassign_coach(current_actor(), team_id, assignment_id)
