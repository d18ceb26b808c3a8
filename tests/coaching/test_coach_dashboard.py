from datetime import timedelta

from api.cycles.models import PhaseDueDate
from api.db import utcnow
from api.extensions import db
from api.trust.models import ResultGroup, TrustResultCount, TrustSurvey
from api.trust.questions import ITEM_KEYS
from tests.cycles.helpers import add_action, add_evidence
from tests.support.statements import counting_statements


def add_released_survey(team, period, opens_on, score):
    """A round closed with three answers, its counts written directly, so it is released."""
    survey = TrustSurvey(
        team_id=team.id,
        period=period,
        opens_on=opens_on,
        closes_on=opens_on,
        closed_at=utcnow(),
        response_count=3,
        eligible_count=3,
        results_released=True,
    )
    db.session.add(survey)
    db.session.flush()
    db.session.add_all(
        TrustResultCount(
            survey_id=survey.id, group=ResultGroup.everyone, item=key, score=score, count=3
        )
        for key in ITEM_KEYS
    )
    db.session.flush()


def test_coach_sees_active_cycles_with_days_in_phase_overdue_and_stalled(
    client_for, make_cycle, make_team, school
):
    cycle = make_cycle(school.team, state="analysis", facilitators=[school.student])
    cycle.state_changed_at = utcnow() - timedelta(days=4)
    # 20 days hold at least 14 school days, more than the team's 10
    cycle.last_activity_at = utcnow() - timedelta(days=20)
    db.session.add(
        PhaseDueDate(
            cycle_id=cycle.id, phase="analysis", due_on=utcnow().date() - timedelta(days=1)
        )
    )
    late = add_action(cycle, owner=school.student)
    late.due_on = utcnow().date() - timedelta(days=2)
    add_evidence(cycle)
    make_cycle(school.team, state="closed", number=2, puzzle=cycle.puzzle)
    db.session.commit()

    body = client_for(school.coach).get("/api/v1/coach/dashboard").get_json()
    assert [team["name"] for team in body] == ["Grade 7 Science"]
    team = body[0]
    assert team["stalled_count"] == 1
    assert team["overdue_count"] == 2
    assert team["student_facilitated_share"] == 0.5
    [active] = team["cycles"]
    assert active["days_in_phase"] == 4
    assert active["phase_overdue"] is True
    assert active["overdue_actions"] == 1
    assert active["stalled"] is True
    assert active["facilitated_by_student"] is True
    assert active["counts"] == {"evidence": 1, "notes": 0, "actions": 1}


def test_dashboard_sorts_and_filters(client_for, make_cycle, make_team, school):
    quiet = make_team(school.org, name="A quiet team", coaches=[school.coach])
    cycle = make_cycle(school.team, state="evidence")
    cycle.last_activity_at = utcnow() - timedelta(days=30)
    make_cycle(quiet, state="evidence")
    db.session.commit()
    coach = client_for(school.coach)
    by_name = coach.get("/api/v1/coach/dashboard").get_json()
    assert [t["name"] for t in by_name] == ["A quiet team", "Grade 7 Science"]
    stalled_first = coach.get("/api/v1/coach/dashboard?sort=stalled").get_json()
    assert [t["name"] for t in stalled_first] == ["Grade 7 Science", "A quiet team"]
    only_stalled = coach.get("/api/v1/coach/dashboard?stalled=true").get_json()
    assert [t["name"] for t in only_stalled] == ["Grade 7 Science"]
    assert coach.get("/api/v1/coach/dashboard?sort=age").status_code == 422


def test_teachers_who_coach_nobody_see_an_empty_dashboard(client_for, school):
    assert client_for(school.teacher).get("/api/v1/coach/dashboard").get_json() == []


def test_statement_count_does_not_grow_with_the_number_of_teams(
    client_for, make_cycle, make_team, make_user, school
):
    coach = make_user(school.org, name="Busy Coach")

    def follow(count):
        for _ in range(count):
            team = make_team(school.org, students=[school.student], coaches=[coach])
            cycle = make_cycle(team, state="action", facilitators=[school.student])
            add_evidence(cycle)
            add_action(cycle, owner=school.student)
            today = utcnow().date()
            add_released_survey(team, "Autumn", today - timedelta(days=60), score=3)
            add_released_survey(team, "Spring", today - timedelta(days=10), score=4)
        db.session.commit()

    client = client_for(coach)
    follow(5)
    with counting_statements() as five:
        assert len(client.get("/api/v1/coach/dashboard?page_size=100").get_json()) == 5
    follow(45)
    with counting_statements() as fifty:
        teams = client.get("/api/v1/coach/dashboard?page_size=100").get_json()
    assert len(teams) == 50
    assert {team["trust"]["period"] for team in teams} == {"Spring"}
    assert {c["change"] for team in teams for c in team["trust"]["components"]} == {1.0}
    assert len(fifty) == len(five)


def test_a_cycle_quiet_over_a_break_is_not_stalled(client_for, make_cycle, school):
    from api.calendar.models import NonSchoolDay

    today = utcnow().date()
    cycle = make_cycle(school.team, state="evidence")
    cycle.last_activity_at = utcnow() - timedelta(days=20)
    db.session.add(
        NonSchoolDay(
            organization_id=school.org.id,
            name="Long break",
            starts_on=today - timedelta(days=19),
            ends_on=today - timedelta(days=1),
        )
    )
    db.session.commit()
    [team] = client_for(school.coach).get("/api/v1/coach/dashboard").get_json()
    assert team["cycles"][0]["stalled"] is False
