from sqlalchemy import func, select

from api.demo import DEMO_PASSWORD, seed_demo
from api.extensions import db
from api.teams.models import CoachAssignment, Team
from tests.conftest import ApiClient


def test_demo_school_has_two_teams_a_coach_and_is_seeded_once(app, database):
    organization, created = seed_demo()
    assert created is True
    _, again = seed_demo()
    assert again is False
    teams = db.session.scalars(select(Team.name).where(Team.organization_id == organization.id))
    assert sorted(teams) == ["Grade 7 Science", "Grade 8 Writing"]
    assert db.session.scalar(select(func.count(CoachAssignment.id))) == 2


def test_demo_teacher_signs_in_and_sees_both_teams(app, database):
    seed_demo()
    client = ApiClient(app).sign_in("teacher@maple.example", DEMO_PASSWORD)
    names = sorted(team["name"] for team in client.get("/api/v1/teams").get_json())
    assert names == ["Grade 7 Science", "Grade 8 Writing"]
    student = ApiClient(app).sign_in("sam", DEMO_PASSWORD)
    assert [t["name"] for t in student.get("/api/v1/teams").get_json()] == ["Grade 7 Science"]
