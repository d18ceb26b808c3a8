"""Results of closed rounds: per-component means, distributions and counts, the seed's names and
definitions, strengths and areas to grow, students and adults side by side, change, trend, CSV."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from sqlalchemy import select

from api.extensions import db
from api.teams.models import Membership, Role
from api.trust.models import ResultGroup, TrustResultCount
from tests.trust.trust_helpers import TODAY, by_component


def answer_all(answer, people, survey, **component_scores):
    for person in people:
        assert answer(person, survey, by_component(**component_scores)).status_code == 201


def test_results_give_mean_distribution_and_count_per_component(
    answer, client_for, school, make_survey, close
):
    survey = make_survey(school.team, period="Autumn")
    sam, priya, leo = school.students
    answer(sam, survey, by_component(respect=2, personal_regard=3, competence=4, integrity=5))
    answer(priya, survey, by_component(respect=3, personal_regard=3, competence=4, integrity=5))
    answer(leo, survey, by_component(respect=4, personal_regard=3, competence=4, integrity=1))
    close(survey)
    body = client_for(school.coach).get(f"/api/v1/trust-surveys/{survey.id}/results").get_json()

    by_name = {c["component"]: c for c in body["components"]}
    assert [c["label"] for c in body["components"]] == [
        "Mutual respect",
        "Personal regard",
        "Competence in core responsibilities",
        "Integrity",
    ]
    assert by_name["respect"]["definition"].startswith("We recognise the important role")
    assert by_name["respect"]["mean"] == 3.0
    assert by_name["integrity"]["mean"] == 3.67
    assert all(c["count"] == 3 for c in body["components"])
    assert [b["count"] for b in by_name["respect"]["distribution"]] == [0, 3, 3, 3, 0]
    assert by_name["respect"]["distribution"][4]["label"] == "Consistently evident"
    assert [item["mean"] for item in by_name["competence"]["items"]] == [4.0, 4.0, 4.0]
    assert by_name["respect"]["change"] is None and body["previous"] is None
    assert body["eligible_count"] == 5 and body["response_count"] == 3
    # Competence (4.0) is the strength to celebrate; personal regard (3.0) and respect (3.0)
    # are the areas to grow; integrity (3.67) is neither.
    summary = body["summary"]
    assert [c["component"] for c in summary["strengths"]] == ["competence"]
    assert [c["component"] for c in summary["areas_to_grow"]] == ["respect", "personal_regard"]
    assert summary["text"].startswith("Celebrate competence in core responsibilities (4.0).")


def test_change_since_the_previous_period_and_the_trend_over_periods(
    answer, client_for, school, make_survey, close
):
    spring = make_survey(
        school.team,
        period="Spring",
        opens_on=TODAY - timedelta(days=100),
        closes_on=TODAY + timedelta(days=1),
    )
    summer = make_survey(
        school.team,
        period="Summer",
        opens_on=TODAY - timedelta(days=50),
        closes_on=TODAY + timedelta(days=1),
    )
    autumn = make_survey(school.team, period="Autumn")
    answer_all(
        answer, school.students, spring, respect=2, personal_regard=2, competence=2, integrity=2
    )
    answer(school.student, summer)  # one answer only: summer is never released
    answer_all(
        answer, school.students, autumn, respect=4, personal_regard=3, competence=2, integrity=1
    )
    for survey in (spring, summer, autumn):
        close(survey)

    viewer = client_for(school.teacher)
    body = viewer.get(f"/api/v1/trust-surveys/{autumn.id}/results").get_json()
    # Summer has too few answers to compare with, so the change is measured from spring.
    assert body["previous"] == {"survey_id": spring.id, "period": "Spring"}
    assert [c["change"] for c in body["components"]] == [2.0, 1.0, 0.0, -1.0]

    trend = viewer.get(f"/api/v1/teams/{school.team.id}/trust-trend").get_json()
    assert [p["period"] for p in trend["periods"]] == ["Spring", "Summer", "Autumn"]
    assert [p["released"] for p in trend["periods"]] == [True, False, True]
    assert trend["periods"][1]["components"] == []
    assert trend["periods"][1]["response_count"] == 1
    assert trend["periods"][1]["status"] == "closed"
    assert [c["mean"] for c in trend["periods"][2]["components"]] == [4.0, 3.0, 2.0, 1.0]


def test_csv_export_holds_aggregates_only(answer, client_for, school, make_survey, close):
    survey = make_survey(school.team, period='=HYPERLINK("x")')
    for person, comment in zip(school.students, ("alpha", "beta", "gamma"), strict=True):
        answer(
            person,
            survey,
            by_component(respect=5, personal_regard=4, competence=3, integrity=2),
            comment=comment,
        )
    close(survey)
    response = client_for(school.coach).get(f"/api/v1/teams/{school.team.id}/trust-results.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    for comment in ("alpha", "beta", "gamma"):
        assert comment not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["component"] for row in rows] == [
        "respect",
        "personal_regard",
        "competence",
        "integrity",
    ]
    assert {row["group"] for row in rows} == {"all"}
    assert rows[0]["responses"] == "3" and rows[0]["mean"] == "5.0"
    assert rows[0]["eligible"] == "5"
    assert rows[0]["answers_scored_5"] == "9"
    # A period named like a formula is written as text, so a spreadsheet won't run it.
    assert rows[0]["period"].startswith("'=")


def test_people_outside_the_team_see_no_results(answer, client_for, school, make_survey, close):
    survey = make_survey(school.team)
    for person in school.students:
        answer(person, survey)
    close(survey)
    outsider = client_for(school.outsider)
    assert outsider.get(f"/api/v1/trust-surveys/{survey.id}/results").status_code == 404
    assert outsider.get(f"/api/v1/teams/{school.team.id}/trust-trend").status_code == 404
    assert outsider.get(f"/api/v1/teams/{school.team.id}/trust-results.csv").status_code == 404


def test_students_and_adults_side_by_side_only_when_each_has_three(
    answer, client_for, school, make_survey, make_user, close
):
    third_adult = make_user(school.org)
    db.session.add(Membership(team_id=school.team.id, user_id=third_adult.id, role=Role.teacher))
    db.session.commit()
    both = make_survey(school.team, period="Both")
    two_adults = make_survey(school.team, period="Two adults")
    answer_all(
        answer, school.students, both, respect=5, personal_regard=4, competence=4, integrity=3
    )
    answer_all(
        answer,
        [school.teacher, school.teacher2, third_adult],
        both,
        respect=2,
        personal_regard=2,
        competence=3,
        integrity=3,
    )
    answer_all(
        answer, school.students, two_adults, respect=5, personal_regard=4, competence=4, integrity=3
    )
    answer_all(
        answer,
        [school.teacher, school.teacher2],
        two_adults,
        respect=2,
        personal_regard=2,
        competence=3,
        integrity=3,
    )
    close(both)
    close(two_adults)
    viewer = client_for(school.coach)
    body = viewer.get(f"/api/v1/trust-surveys/{both.id}/results").get_json()
    assert [(g["label"], g["count"]) for g in body["groups"]] == [("Students", 3), ("Adults", 3)]
    assert [c["mean"] for c in body["groups"][0]["components"]] == [5.0, 4.0, 4.0, 3.0]
    assert [c["mean"] for c in body["groups"][1]["components"]] == [2.0, 2.0, 3.0, 3.0]
    assert body["groups_message"] is None
    # Two adults: the split would show them, so it was never kept — not even in the database.
    body = viewer.get(f"/api/v1/trust-surveys/{two_adults.id}/results").get_json()
    assert body["released"] is True and body["groups"] == []
    assert "at least 3" in body["groups_message"]
    groups = set(
        db.session.scalars(
            select(TrustResultCount.group).where(TrustResultCount.survey_id == two_adults.id)
        )
    )
    assert groups == {ResultGroup.everyone}
    csv_text = viewer.get(f"/api/v1/teams/{school.team.id}/trust-results.csv").get_data(
        as_text=True
    )
    assert {row["group"] for row in csv.DictReader(io.StringIO(csv_text))} == {
        "all",
        "student",
        "adult",
    }
