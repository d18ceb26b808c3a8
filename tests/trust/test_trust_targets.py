"""Targets: what the team will work on, tied to a component, with a review date."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from api.extensions import db
from api.trust.models import TrustTarget
from tests.trust.trust_helpers import TODAY


def target_count() -> int:
    return db.session.scalar(select(func.count(TrustTarget.id)))


def test_a_student_sets_a_target_and_the_team_reviews_it(client_for, school, make_survey):
    survey = make_survey(school.team)
    student = client_for(school.student)
    review_on = (TODAY + timedelta(days=90)).isoformat()
    created = student.post(
        f"/api/v1/teams/{school.team.id}/trust-targets",
        json={
            "component": "respect",
            "description": "How we handle disagreements",
            "review_on": review_on,
            "survey_id": survey.id,
        },
    )
    assert created.status_code == 201, created.get_json()
    target = created.get_json()
    assert target["component"] == "respect" and target["status"] == "active"
    assert target["created_by"]["display_name"] == "Sam Student"

    met = client_for(school.teacher).patch(
        f"/api/v1/trust-targets/{target['id']}", json={"status": "met"}
    )
    assert met.get_json()["status"] == "met"
    coach = client_for(school.coach)
    listed = coach.get(f"/api/v1/teams/{school.team.id}/trust-targets?component=respect")
    assert [t["id"] for t in listed.get_json()] == [target["id"]]
    assert coach.get(f"/api/v1/teams/{school.team.id}/trust-targets?status=active").get_json() == []


def test_targets_need_a_known_component_a_date_and_this_teams_survey(
    client_for, school, make_survey, make_team
):
    other_survey = make_survey(make_team(school.org))
    teacher = client_for(school.teacher)
    url = f"/api/v1/teams/{school.team.id}/trust-targets"
    good = {
        "component": "integrity",
        "description": "Do what we say",
        "review_on": TODAY.isoformat(),
    }
    for bad, field in (
        ({**good, "component": "kindness"}, "component"),
        ({**good, "description": ""}, "description"),
        ({key: value for key, value in good.items() if key != "review_on"}, "review_on"),
        ({**good, "survey_id": other_survey.id}, "survey_id"),
    ):
        refused = teacher.post(url, json=bad)
        assert refused.status_code == 422, bad
        assert field in refused.get_json()["errors"]
    assert target_count() == 0


def test_coaches_read_targets_but_do_not_set_them(client_for, school):
    refused = client_for(school.coach).post(
        f"/api/v1/teams/{school.team.id}/trust-targets",
        json={
            "component": "competence",
            "description": "Share roles fairly",
            "review_on": TODAY.isoformat(),
        },
    )
    assert refused.status_code == 403
    assert target_count() == 0


def test_only_teachers_remove_a_target(client_for, school):
    target = TrustTarget(
        team_id=school.team.id, component="respect", description="Listen first", review_on=TODAY
    )
    db.session.add(target)
    db.session.commit()
    assert (
        client_for(school.student).delete(f"/api/v1/trust-targets/{target.id}").status_code == 403
    )
    assert (
        client_for(school.teacher).delete(f"/api/v1/trust-targets/{target.id}").status_code == 204
    )
    assert target_count() == 0
