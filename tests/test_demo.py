from sqlalchemy import func, select

from api.demo import DEMO_PASSWORD, seed_demo
from api.extensions import db
from api.teams.models import CoachAssignment, Team
from tests.support.client import ApiClient


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


def test_make_demo_school_has_work_in_every_phase_files_and_a_closed_survey(
    app, database, local_store
):
    from collections import Counter
    from datetime import date

    from api.actions.models import Action, action_is_open
    from api.comments.models import Comment
    from api.cycles.models import Cycle
    from api.evidence.models import Evidence
    from api.teams.models import Membership
    from api.trust.models import TrustSurvey

    seed_demo(with_work=True)
    per_team = Counter(db.session.scalars(select(Membership.team_id)))
    assert len(per_team) == 2 and min(per_team.values()) >= 6
    states = set(db.session.scalars(select(Cycle.state)))
    assert {"closed", "action", "analysis", "evidence"} <= states
    stored = select(Evidence.original_name).where(Evidence.storage_key.is_not(None))
    suffixes = {name.rsplit(".", 1)[-1] for name in db.session.scalars(stored)}
    assert {"png", "pdf", "csv"} <= suffixes
    assert any(path.is_file() for path in local_store.root.rglob("*")), "files are stored"
    today = date.today()
    open_dues = list(db.session.scalars(select(Action.due_on).where(action_is_open())))
    assert any(due < today for due in open_dues), "an overdue action"
    assert any(0 <= (due - today).days <= 2 for due in open_dues), "an action due soon"
    assert db.session.scalar(select(func.count(Comment.id))) >= 2
    closed = db.session.scalars(select(TrustSurvey).where(TrustSurvey.closed_at.is_not(None))).one()
    assert closed.results_released and closed.response_count >= 6


def test_the_readme_lists_every_demo_sign_in():
    from pathlib import Path

    from api.demo import sign_ins

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    missing = [login for login, _, _ in sign_ins() if f"`{login}`" not in readme]
    assert not missing, f"add these demo sign-ins to the README: {missing}"
