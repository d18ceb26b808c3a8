"""Who is making this request: a signed-in person, or a machine holding their token."""

from __future__ import annotations

from dataclasses import dataclass

from flask import g

from api.problems import Unauthorized
from api.users.models import User

READ = "read"
WRITE = "write"
ALL_SCOPES = (READ, WRITE)


@dataclass(frozen=True)
class Actor:
    user: User
    #: None for a browser session (full rights of the person); a token's scopes otherwise
    scopes: frozenset[str] | None = None

    @property
    def id(self) -> str:
        return self.user.id

    def has_scope(self, scope: str) -> bool:
        return self.scopes is None or scope in self.scopes


def current_actor() -> Actor:
    actor = g.get("actor")
    if actor is None:
        raise Unauthorized("Please sign in first.")
    return actor


def optional_actor() -> Actor | None:
    return g.get("actor")


def public(view):
    """Mark a view as reachable without signing in."""
    view.is_public = True
    return view
