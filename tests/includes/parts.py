"""What the include tests share: a part read on its own, shaped as `included` carries it, and
the demo school's people signed in (plus machine clients with and without a scope).

    separate = separate_read(client, "/api/v1/cycles/abc/evidence", many=True)
    assert composite["included"]["evidence"] == separate
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select

from api.cycles.models import Cycle
from api.demo import ADMIN, COACH, DEMO_PASSWORD, seed_demo
from api.extensions import db
from api.organizations.models import Organization
from api.puzzles.models import Puzzle
from tests.integrations.client_helpers import machine_for
from tests.support.client import ApiClient
from tests.support.statements import counting_statements

#: who reads: the demo's people by login, and two integration clients by their scopes
PEOPLE = {
    "teacher": "teacher@maple.example",
    "student": "sam",
    "coach": COACH.login,
    "admin": ADMIN.login,
}
CLIENT_SCOPES = {
    "client": ("cycles:read", "teams:read"),
    "client_without_teams_read": ("cycles:read",),
}


@dataclass(frozen=True)
class Part:
    """A part as the tests read it on its own: its route and whether it is a list."""

    name: str
    path: str
    many: bool = False
    optional: bool = False
    #: a list its route answers whole (no X-Pagination): one page of everything
    whole: bool = False


def separate_read(client: ApiClient, part: Part):
    """The part read from its own route, as the composite answer carries it."""
    response = client.get(part.path)
    if part.optional and response.status_code == 404:
        return None
    assert response.status_code == 200, (part.path, response.get_json())
    body = response.get_json()
    if not part.many:
        return body
    if part.whole:
        count = len(body)
        pagination = {"total": count, "total_pages": 1 if count else 0}
        if count:
            pagination.update(first_page=1, last_page=1, page=1)
        return {"items": body, "pagination": pagination}
    return {"items": body, "pagination": json.loads(response.headers["X-Pagination"])}


def demo_readers(app) -> dict[str, ApiClient]:
    """The demo school (with its work) and every kind of reader, signed in."""
    seed_demo(with_work=True)
    readers = {role: ApiClient(app).sign_in(login, DEMO_PASSWORD) for role, login in PEOPLE.items()}
    organization_id = db.session.scalar(select(Organization.id))
    for name, scopes in CLIENT_SCOPES.items():
        readers[name] = machine_for(app, readers["admin"], organization_id, scopes)
    return readers


# ---- The pages' parts and the routes they replace ----------------------------------------

CYCLE_PARTS = (
    "team",
    "members",
    "workflow",
    "analysis_prompts",
    "evidence",
    "notes",
    "actions",
    "reflection",
    "comments",
    "history",
    "activity",
    "puzzle_cycles",
)


def cycle_parts(cycle: dict) -> dict[str, Part]:
    """Each part of a cycle and the route it replaces."""
    here, team = f"/api/v1/cycles/{cycle['id']}", f"/api/v1/teams/{cycle['team_id']}"
    parts = [
        Part("team", team),
        Part("members", f"{team}/members", many=True),
        Part("workflow", f"/api/v1/workflows/{cycle['workflow']}"),
        Part("analysis_prompts", "/api/v1/analysis-prompts", many=True, whole=True),
        Part("evidence", f"{here}/evidence", many=True),
        Part("notes", f"{here}/notes", many=True),
        Part("actions", f"{here}/actions", many=True),
        Part("reflection", f"{here}/reflection", optional=True),
        Part("comments", f"{here}/comments", many=True),
        Part("history", f"{here}/history", many=True),
        Part("activity", f"{team}/activity?cycle_id={cycle['id']}", many=True),
        Part("puzzle_cycles", f"/api/v1/puzzles/{cycle['puzzle_id']}/cycles", many=True),
    ]
    return {part.name: part for part in parts}


def demo_cycle_ids() -> list[str]:
    return list(db.session.scalars(select(Cycle.id).order_by(Cycle.team_id, Cycle.number)))


PUZZLE_PARTS = ("team", "members", "cycles")


def puzzle_parts(puzzle: dict) -> dict[str, Part]:
    team = f"/api/v1/teams/{puzzle['team_id']}"
    parts = [
        Part("team", team),
        Part("members", f"{team}/members", many=True),
        Part("cycles", f"/api/v1/puzzles/{puzzle['id']}/cycles", many=True),
    ]
    return {part.name: part for part in parts}


def demo_puzzle_ids() -> list[str]:
    return list(db.session.scalars(select(Puzzle.id).order_by(Puzzle.team_id, Puzzle.id)))


def include(path: str, *names: str) -> str:
    return f"{path}?include={','.join(names)}"


def statements_of(client: ApiClient, path: str) -> int:
    """How many statements one read takes, nothing loaded before it."""
    db.session.expire_all()
    with counting_statements() as seen:
        response = client.get(path)
    assert response.status_code in (200, 404), (path, response.get_json())
    return len(seen)
