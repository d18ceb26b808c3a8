"""A read checks who may see a team from the standing read with the caller's token or session
(api.access.team_access); it must decide exactly as the per-team query it replaces."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from api.access import person_standing_columns, standing_of, team_access
from api.actor import Actor
from api.auth import sessions
from api.auth.service import create_token
from api.errors import NotFound
from api.extensions import db
from api.organizations.models import OrgMembership
from api.teams.models import CoachAssignment
from api.users.models import User
from tests.support.client import ApiClient
from tests.test_authorization import api_routes, fill, path_ids


def _standing(user):
    row = db.session.execute(select(*person_standing_columns(User.id)).where(User.id == user.id))
    return standing_of(*row.one())


def _decision(actor: Actor, team_id: str):
    try:
        access = team_access(actor, team_id)
    except NotFound:
        return "not found"
    return access.team.id, access.role, access.is_coach, access.is_admin


def test_the_standing_decides_every_team_as_the_query_does(school, make_org, make_user, make_team):
    other_team = make_team(school.org, name="Grade 8 Maths", teachers=[school.teacher2])
    elsewhere = make_team(school.outsider_org, name="Elsewhere Team", students=[school.student])
    # A teacher who is also an admin here; a coach who admins the other school.
    db.session.execute(
        update(OrgMembership)
        .where(OrgMembership.user_id == school.teacher.id)
        .values(is_admin=True)
    )
    db.session.add(
        OrgMembership(
            organization_id=school.outsider_org.id, user_id=school.coach.id, is_admin=True
        )
    )
    db.session.add(CoachAssignment(team_id=other_team.id, user_id=school.admin.id))
    nobody = make_user(school.org, name="New Person")
    db.session.commit()
    people = [
        school.teacher, school.teacher2, school.student, school.students[1], school.coach,
        school.admin, school.outsider, nobody,
    ]  # fmt: skip
    teams = [school.team.id, other_team.id, elsewhere.id, "0" * 24]
    compared = 0
    for person in people:
        standing = _standing(person)
        for team_id in teams:
            db.session.expire_all()
            expected = _decision(Actor(user=person), team_id)
            assert _decision(Actor(user=person, standing=standing), team_id) == expected, (
                person.display_name,
                team_id,
            )
            compared += expected != "not found"
    assert compared >= 10


@pytest.mark.parametrize("who", ["student", "teacher", "coach", "admin", "outsider"])
def test_every_read_answers_the_same_as_without_the_standing(
    app, client_for, school, who, monkeypatch
):
    ids = path_ids(school)
    client = client_for(getattr(school, who))
    reads = [fill(rule, ids) for rule, method in api_routes(app) if method == "GET"]

    def answers():
        return {url: (r.status_code, r.get_data()) for url in reads if (r := client.get(url))}

    with_standing = answers()
    user_for = sessions.user_for
    monkeypatch.setattr(
        sessions,
        "user_for",
        lambda secret, user_id, **_: user_for(secret, user_id, with_standing=False),
    )
    without = answers()
    differ = [url for url in reads if with_standing[url] != without[url]]
    assert differ == []
    assert sum(status == 200 for status, _ in with_standing.values()) >= 5


def test_a_token_read_carries_the_standing_and_decides_as_the_team_query(app, school):
    team = f"/api/v1/teams/{school.team.id}"
    for person, status in [(school.coach, 200), (school.student, 200), (school.outsider, 404)]:
        _, secret = create_token(Actor(user=person), name="reads", scopes=["read"], days=30)
        machine = ApiClient(app, token=secret)
        for url in (team, f"{team}/cycles", f"{team}/members"):
            assert machine.get(url).status_code == status, (person.display_name, url)
