"""The team's parts that resources inside a team include (`?include=`, api.includes): the team
itself and its members, each as its own route makes it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from api.actor import TEAMS_READ
from api.includes import Part
from api.pagination import page_of
from api.teams import service
from api.teams.schemas import ROSTER_PAGE_SIZE, MembershipSchema, TeamSchema


def members_part(team_of: Callable[[Any], Any]) -> Part:
    """The first page of the members, read with the team access `team_of(access)`."""
    return Part(
        "members",
        MembershipSchema,
        many=True,
        scope=TEAMS_READ,
        route="GET /teams/{id}/members",
        page_size=ROSTER_PAGE_SIZE,
        load=lambda access, page: page_of(service.members_of(team_of(access)), page),
    )


def team_parts() -> list[Part]:
    """`team` and `members`, for a resource whose access holds its team's as `access.team`."""
    return [
        Part(
            "team",
            TeamSchema,
            scope=TEAMS_READ,
            route="GET /teams/{id}",
            load=lambda access: service.details_of(access.team),
        ),
        members_part(lambda access: access.team),
    ]
