"""GET /teams/{id}?include=…: the team page and the trust page in one request.

On the demo school (with its work and a closed trust round) plus a little more trust (an open
round, a round closed below its threshold, a target, a session), each part of the composite
answer equals the separate read it replaces, for a teacher, a student, a coach, an admin and an
LMS client; bad includes are refused whole, and nothing of the team is served with the refusal.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from api.demo import DEMO_PASSWORD, seed_demo
from api.extensions import db
from api.teams.models import Membership, Role, Team
from api.teams.schemas import TeamSchema
from api.users.models import User
from tests.includes.parts import PEOPLE, Part, include, separate_read
from tests.integrations.client_helpers import machine_for
from tests.support.client import ApiClient
from tests.trust.trust_helpers import TODAY, scores

#: part → the separate read it replaces ({team}: the team's id), as tests/includes/parts.py reads
PARTS = {
    "members": Part("members", "/api/v1/teams/{team}/members", many=True),
    "coaches": Part("coaches", "/api/v1/teams/{team}/coaches", many=True),
    "puzzles": Part("puzzles", "/api/v1/teams/{team}/puzzles", many=True),
    "cycles": Part("cycles", "/api/v1/teams/{team}/cycles", many=True),
    "workflows": Part("workflows", "/api/v1/workflows", many=True, whole=True),
    "puzzle_starters": Part("puzzle_starters", "/api/v1/puzzle-starters", many=True, whole=True),
    "relationship_counts": Part("relationship_counts", "/api/v1/teams/{team}/relationship-counts"),
    "trust_surveys": Part("trust_surveys", "/api/v1/teams/{team}/trust-surveys", many=True),
    "trust_trend": Part("trust_trend", "/api/v1/teams/{team}/trust-trend"),
    "trust_targets": Part("trust_targets", "/api/v1/teams/{team}/trust-targets", many=True),
    "trust_sessions": Part("trust_sessions", "/api/v1/teams/{team}/trust-sessions", many=True),
    "trust_cadence": Part("trust_cadence", "/api/v1/teams/{team}/trust-cadence"),
}
#: what the SPA asks for
TEAM_PAGE = ["members", "coaches", "puzzles", "cycles", "puzzle_starters", "workflows"]
TRUST_PAGE = [
    "trust_surveys",
    "trust_trend",
    "trust_targets",
    "trust_sessions",
    "trust_cadence",
    "members",
    "cycles",
]
#: what an LMS client may read, with the scopes the standalone routes ask of it
CLIENT_PARTS = {
    "members": "teams:read",
    "coaches": "teams:read",
    "puzzles": "cycles:read",
    "cycles": "cycles:read",
    "workflows": "cycles:read",
    "puzzle_starters": "cycles:read",
    "trust_trend": "trust:read",
}


class Story:
    """The demo school, seen by each of its roles."""

    def __init__(self, app) -> None:
        self.app = app
        self.team = db.session.scalar(select(Team).where(Team.name == "Grade 7 Science"))
        self.org_id = self.team.organization_id
        self._clients: dict[str, ApiClient] = {}

    def client(self, login: str) -> ApiClient:
        if login not in self._clients:
            self._clients[login] = ApiClient(self.app).sign_in(login, DEMO_PASSWORD)
        return self._clients[login]

    def user(self, login: str) -> User:
        column = User.email if "@" in login else User.username
        return db.session.scalar(select(User).where(column == login))

    def machine(self, *scopes: str) -> ApiClient:
        return machine_for(self.app, self.client(ADMIN), self.org_id, scopes=scopes)


TEACHER, STUDENT, COACH, ADMIN = (PEOPLE[role] for role in ("teacher", "student", "coach", "admin"))


@pytest.fixture()
def story(app, database, local_store):
    """The demo school with its work, and more trust for Grade 7 Science: a target, a session,
    a round still open with two answers, and a round closed with two (below its threshold)."""
    seed_demo(with_work=True)
    story = Story(app)
    teacher = story.client(TEACHER)
    team = f"/api/v1/teams/{story.team.id}"
    made = [
        teacher.post(
            f"{team}/trust-targets",
            json={
                "component": "respect",
                "description": "How we handle disagreements",
                "review_on": (TODAY + timedelta(days=90)).isoformat(),
            },
        ),
        teacher.post(f"{team}/trust-sessions", json={"title": "After the fair test"}),
    ]
    for period in ("Open now", "Too few answers"):
        opened = teacher.post(
            f"{team}/trust-surveys",
            json={"period": period, "closes_on": (TODAY + timedelta(days=7)).isoformat()},
        )
        made.append(opened)
        for login in ("priya", "leo"):
            made.append(
                story.client(login).post(
                    f"/api/v1/trust-surveys/{opened.get_json()['id']}/responses",
                    json={"answers": scores()},
                )
            )
        if period == "Too few answers":
            made.append(teacher.post(f"/api/v1/trust-surveys/{opened.get_json()['id']}/close"))
    assert all(response.status_code in (200, 201) for response in made), [
        response.get_json() for response in made if response.status_code not in (200, 201)
    ]
    return story


def composite(client: ApiClient, team_id: str, parts: list[str]):
    return client.get(include(f"/api/v1/teams/{team_id}", *parts))


def separate(client: ApiClient, team_id: str, name: str):
    """What the part's own route answers, in the shape the part carries it."""
    part = PARTS[name]
    return separate_read(client, replace(part, path=part.path.format(team=team_id)))


def assert_parts_equal_separate_reads(client: ApiClient, team_id: str, parts: list[str]) -> dict:
    response = composite(client, team_id, parts)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert set(body["included"]) == set(parts)
    for part in parts:
        assert body["included"][part] == separate(client, team_id, part), part
    team = client.get(f"/api/v1/teams/{team_id}").get_json()
    assert {key: value for key, value in body.items() if key != "included"} == team
    return body["included"]


def assert_refused(response, *names: str) -> None:
    assert response.status_code == 400, response.get_json()
    assert response.headers["Content-Type"].startswith("application/problem+json")
    body = response.get_json()
    assert "included" not in body and "name" not in body, "nothing of the team is served"
    messages = " ".join(body["errors"]["include"])
    for name in names:
        assert name in messages, (name, messages)


# ---- Same content as the separate reads, for each role ---------------------------------------


def test_without_include_the_team_reads_as_it_always_has(story):
    response = story.client(TEACHER).get(f"/api/v1/teams/{story.team.id}")
    assert response.status_code == 200
    assert set(response.get_json()) == set(TeamSchema().fields)  # no `included`
    assert story.client(TEACHER).get(f"/api/v1/teams/{story.team.id}?include=").get_json() == (
        response.get_json()
    )


@pytest.mark.parametrize("role", sorted(PEOPLE))
def test_every_part_equals_its_separate_read(story, role):
    client = story.client(PEOPLE[role])
    included = assert_parts_equal_separate_reads(client, story.team.id, sorted(PARTS))
    assert included["members"]["pagination"]["total"] == 8
    assert included["cycles"]["items"], "the demo's cycles are on the board"


@pytest.mark.parametrize("role", sorted(PEOPLE))
def test_the_team_page_and_the_trust_page_each_come_in_one_read(story, role):
    client = story.client(PEOPLE[role])
    assert_parts_equal_separate_reads(client, story.team.id, TEAM_PAGE)
    assert_parts_equal_separate_reads(client, story.team.id, TRUST_PAGE)


def test_a_student_sees_in_the_trust_parts_what_the_trust_routes_show_a_student(story):
    included = assert_parts_equal_separate_reads(story.client(STUDENT), story.team.id, TRUST_PAGE)
    surveys = {survey["period"]: survey for survey in included["trust_surveys"]["items"]}
    assert surveys["Open now"]["status"] == "open" and not surveys["Open now"]["i_have_answered"]
    answered = assert_parts_equal_separate_reads(
        story.client("priya"), story.team.id, ["trust_surveys"]
    )["trust_surveys"]["items"]
    assert {survey["period"]: survey for survey in answered}["Open now"]["i_have_answered"]


def test_aggregates_under_the_threshold_stay_hidden_in_the_trend_part(story):
    for login in (TEACHER, STUDENT, COACH, ADMIN):
        trend = assert_parts_equal_separate_reads(
            story.client(login), story.team.id, ["trust_trend"]
        )["trust_trend"]
        periods = {period["period"]: period for period in trend["periods"]}
        assert periods["Autumn check-in"]["released"] is True
        assert periods["Autumn check-in"]["components"]
        for hidden in ("Too few answers", "Open now"):
            assert periods[hidden]["released"] is False
            assert periods[hidden]["components"] == []


def test_a_client_reads_the_parts_its_scopes_open(story):
    lms = story.machine("teams:read", "cycles:read", "trust:read")
    assert_parts_equal_separate_reads(lms, story.team.id, sorted(CLIENT_PARTS))


def test_a_whole_class_comes_in_the_members_part_as_on_its_own_route(story, make_user):
    for n in range(25):
        student = make_user(name=f"Student {n:02}")
        db.session.add(Membership(team_id=story.team.id, user_id=student.id, role=Role.student))
    db.session.commit()
    included = assert_parts_equal_separate_reads(
        story.client(TEACHER), story.team.id, ["members", "cycles"]
    )
    members = included["members"]
    assert len(members["items"]) == members["pagination"]["total"] == 33
    assert "next_page" not in members["pagination"]


# ---- Bad includes: refused whole -------------------------------------------------------------


@pytest.mark.parametrize(
    "include, named",
    [
        ("members,secrets", "secrets"),
        ("members,coaches,members", "members"),
        ("trust_answers", "trust_answers"),
    ],
)
def test_an_unknown_or_repeated_part_is_refused_whole(story, include, named):
    response = story.client(TEACHER).get(f"/api/v1/teams/{story.team.id}?include={include}")
    assert_refused(response, named)


def test_more_parts_than_the_team_offers_are_refused(story):
    too_many = sorted(PARTS) * 2
    response = composite(story.client(TEACHER), story.team.id, too_many)
    assert_refused(response)


def test_a_client_without_a_parts_scope_is_refused_whole(story):
    teams_only = story.machine("teams:read")
    assert teams_only.get(f"/api/v1/teams/{story.team.id}/trust-trend").status_code == 403
    assert_refused(composite(teams_only, story.team.id, ["members", "trust_trend"]), "trust_trend")
    assert_refused(composite(teams_only, story.team.id, ["members", "cycles"]), "cycles")
    assert composite(teams_only, story.team.id, ["members", "coaches"]).status_code == 200


@pytest.mark.parametrize(
    "part",
    ["trust_surveys", "trust_targets", "trust_sessions", "trust_cadence", "relationship_counts"],
)
def test_a_client_asking_for_a_part_only_people_read_is_refused_whole(story, part):
    lms = story.machine("teams:read", "cycles:read", "trust:read")
    assert lms.get(PARTS[part].path.format(team=story.team.id)).status_code in (403, 404)
    assert_refused(composite(lms, story.team.id, ["members", part]), part)


def test_someone_outside_the_team_learns_nothing_from_an_include(story, make_org, make_user):
    elsewhere = make_user(make_org("Elsewhere"), name="Olive Outsider", is_admin=True)
    outsider = ApiClient(story.app).sign_in(elsewhere.login)
    response = composite(outsider, story.team.id, ["members", "trust_trend"])
    assert response.status_code == 404
    assert "included" not in response.get_json()
