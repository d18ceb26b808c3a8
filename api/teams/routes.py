"""Teams, memberships and coach assignments."""

from __future__ import annotations

from api.actor import CYCLES_READ, TEAMS_READ, TRUST_READ, current_actor
from api.blueprint import Blueprint
from api.cycles import describe as cycle_rows
from api.cycles import service as cycles
from api.cycles.schemas import CycleSummarySchema
from api.includes import Includes, Part, page_of_list
from api.pagination import page_of
from api.puzzles import service as puzzles
from api.puzzles.schemas import PuzzleSchema, StarterSchema
from api.puzzles.starters import STARTERS
from api.relationships import counts as relationship_counts
from api.relationships.schemas import RelationshipCountsSchema
from api.schemas import POLLED_LIST_ARGUMENTS
from api.teams import service
from api.teams.parts import members_part
from api.teams.schemas import (
    ROSTER_PAGE_SIZE,
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
from api.trust import results as trust_results
from api.trust import schedules as trust_schedules
from api.trust import sessions as trust_sessions
from api.trust import surveys as trust_surveys
from api.trust import targets as trust_targets
from api.trust.schemas import (
    ReflectionSessionSchema,
    TrustCadenceSchema,
    TrustSurveySchema,
    TrustTargetSchema,
    TrustTrendSchema,
)
from api.workflows import service as workflows
from api.workflows.schemas import WorkflowSchema

blp = Blueprint(
    "teams",
    __name__,
    url_prefix="/api/v1",
    description="Teams and their people",
    client_reads=TEAMS_READ,
)


#: what the team page and the trust page show, in the team's answer (`?include=`); each part as
#: its own route makes it, from the access the team's read established. A part with no scope
#: is for people only: its route refuses integration clients.
TEAM_PARTS = Includes(
    "team",
    [
        members_part(lambda access: access),
        Part(
            "coaches",
            CoachAssignmentSchema,
            many=True,
            scope=TEAMS_READ,
            route="GET /teams/{id}/coaches",
            load=lambda access, page: page_of(service.coaches_of(access), page),
        ),
        Part(
            "puzzles",
            PuzzleSchema,
            many=True,
            scope=CYCLES_READ,
            route="GET /teams/{id}/puzzles",
            load=lambda access, page: puzzles.describe(page_of(puzzles.puzzles_of(access), page)),
        ),
        Part(
            "cycles",
            CycleSummarySchema,
            many=True,
            scope=CYCLES_READ,
            route="GET /teams/{id}/cycles",
            load=lambda access, page: cycle_rows.summaries(page_of(cycles.cycles_of(access), page)),
        ),
        Part(
            "workflows",
            WorkflowSchema,
            many=True,
            scope=CYCLES_READ,
            route="GET /workflows",
            load=lambda access, page: page_of_list(workflows.workflows(), page),
        ),
        Part(
            "puzzle_starters",
            StarterSchema,
            many=True,
            scope=CYCLES_READ,
            route="GET /puzzle-starters",
            load=lambda access, page: page_of_list(STARTERS, page),
        ),
        Part(
            "relationship_counts",
            RelationshipCountsSchema,
            people_only=True,
            route="GET /teams/{id}/relationship-counts",
            load=relationship_counts.team_counts_of,
        ),
        Part(
            "trust_surveys",
            TrustSurveySchema,
            many=True,
            people_only=True,
            route="GET /teams/{id}/trust-surveys",
            load=lambda access, page: trust_surveys.describe_surveys(
                current_actor(), page_of(trust_surveys.surveys_of(access), page)
            ),
        ),
        Part(
            "trust_trend",
            TrustTrendSchema,
            scope=TRUST_READ,
            route="GET /teams/{id}/trust-trend",
            load=trust_results.trend_of,
        ),
        Part(
            "trust_targets",
            TrustTargetSchema,
            many=True,
            people_only=True,
            route="GET /teams/{id}/trust-targets",
            load=lambda access, page: page_of(trust_targets.targets_of(access), page),
        ),
        Part(
            "trust_sessions",
            ReflectionSessionSchema,
            many=True,
            people_only=True,
            route="GET /teams/{id}/trust-sessions",
            load=lambda access, page: trust_sessions.describe_sessions(
                current_actor(), page_of(trust_sessions.sessions_of(access), page), access
            ),
        ),
        Part(
            "trust_cadence",
            TrustCadenceSchema,
            people_only=True,
            route="GET /teams/{id}/trust-cadence",
            load=trust_schedules.cadence_of,
        ),
    ],
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
@blp.response(200, TEAM_PARTS.schema(TeamSchema))
@TEAM_PARTS.parameter
def get_team(include, team_id):
    """Get a team you belong to, coach, or administer; `include` adds its people, its work and
    its relational trust (the team page and the trust page in one request)."""
    access = service.get_team(current_actor(), team_id)
    return TEAM_PARTS.answer(service.details_of(access), include, access)


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
@blp.paginate(page_size=ROSTER_PAGE_SIZE)
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
