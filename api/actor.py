"""Who is making this request: a signed-in person, a machine holding their token, or an
organization's integration client (an LMS) holding an OAuth access token."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from flask import g

from api.errors import Unauthorized

if TYPE_CHECKING:
    from api.users.models import User

READ = "read"
WRITE = "write"
ALL_SCOPES = (READ, WRITE)

#: What an organization's integration clients may be allowed (OAuth2 client credentials).
ROSTER_WRITE = "roster:write"
ROSTER_READ = "roster:read"
CYCLES_READ = "cycles:read"
TEAMS_READ = "teams:read"
TRUST_READ = "trust:read"
COACHING_READ = "coaching:read"
WEBHOOKS_MANAGE = "webhooks:manage"
#: what each scope lets a client do (the OAuth2 flow in the OpenAPI document lists them)
CLIENT_SCOPE_HELP = {
    ROSTER_WRITE: "Create and change people, teams and memberships by your ids; OneRoster",
    ROSTER_READ: "Look up people and teams by your ids",
    CYCLES_READ: "Read puzzles, cycles and what teams put in them",
    WEBHOOKS_MANAGE: "Subscribe to events, read deliveries, redeliver",
    TEAMS_READ: "Read the organization's teams and their members",
    TRUST_READ: "Read released trust results (closed rounds with enough answers; never answers)",
    COACHING_READ: "Read the coach dashboard of every team of the organization",
}
CLIENT_SCOPES = tuple(CLIENT_SCOPE_HELP)


@dataclass(frozen=True)
class Standing:
    """A person's place in their teams and organizations, read with their token in the same
    statement, so a read needs no statement of its own to check who may see the team."""

    #: team id → "teacher" or "student", for the teams they belong to
    roles: Mapping[str, str]
    #: ids of the teams they coach
    coached: frozenset[str]
    #: team id → organization id, for every team above
    organizations: Mapping[str, str]
    #: ids of the organizations they are an admin of
    admin_of: frozenset[str]


@dataclass(frozen=True)
class Actor:
    #: the person; None when an integration client calls
    user: User | None = None
    #: None for a browser session (full rights of the person); a token's scopes otherwise
    scopes: frozenset[str] | None = None
    #: set when an organization's integration client, not a person, is calling
    client_id: str | None = None
    organization_id: str | None = None
    #: the person's teams, read with their token for a read (GET); None: ask the database
    standing: Standing | None = field(default=None, compare=False, repr=False)

    @property
    def id(self) -> str | None:
        """The person's user id; None for a client, so no check about people ever matches it."""
        return self.user.id if self.user is not None else None

    @property
    def is_client(self) -> bool:
        return self.client_id is not None

    def has_scope(self, scope: str) -> bool:
        return self.scopes is None or scope in self.scopes


def current_actor() -> Actor:
    actor = g.get("actor")
    if actor is None:
        raise Unauthorized("Please sign in first.")
    return actor


def optional_actor() -> Actor | None:
    return g.get("actor")
