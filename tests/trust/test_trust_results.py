"""Results: per-component means, distributions and counts, change, trend and the CSV export."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from tests.trust.trust_helpers import TODAY, by_component


def answer_all(answer, people, survey, **component_scores):
    for person in people:
        assert answer(person, survey, by_component(**component_scores)).status_code == 201


def test_results_give_mean_distribution_and_count_per_component(
    answer, client_for, school, make_survey
):
    survey = make_survey(school.team, period="Autumn")
    sam, priya, leo = school.students
    answer(sam, survey, by_component(respect=2, personal_regard=3, competence=4, integrity=5))
    answer(priya, survey, by_component(respect=3, personal_regard=3, competence=4, integrity=5))
    answer(leo, survey, by_component(respect=4, personal_regard=3, competence=4, integrity=1))
    body = client_for(school.coach).get(f"/api/v1/trust-surveys/{survey.id}/results").get_json()

    by_name = {c["component"]: c for c in body["components"]}
    assert [c["label"] for c in body["components"]] == [
        "Respect", "Personal regard", "Competence", "Integrity"]
    assert by_name["respect"]["mean"] == 3.0
    assert by_name["integrity"]["mean"] == 3.67
    assert all(c["count"] == 3 for c in body["components"])
    assert [b["count"] for b in by_name["respect"]["distribution"]] == [0, 3, 3, 3, 0]
    assert by_name["respect"]["distribution"][4]["label"] == "Consistently evident"
    assert [item["mean"] for item in by_name["competence"]["items"]] == [4.0, 4.0, 4.0]
    assert by_name["respect"]["change"] is None and body["previous"] is None


def test_change_since_the_previous_period_and_the_trend_over_periods(
    answer, client_for, school, make_survey
):
    spring = make_survey(school.team, period="Spring", opens_on=TODAY - timedelta(days=100),
                         closes_on=TODAY + timedelta(days=1))
    summer = make_survey(school.team, period="Summer", opens_on=TODAY - timedelta(days=50),
                         closes_on=TODAY + timedelta(days=1))
    autumn = make_survey(school.team, period="Autumn")
    answer_all(answer, school.students, spring, respect=2, personal_regard=2, competence=2,
               integrity=2)
    answer(school.student, summer)  # one answer only: summer is never released
    answer_all(answer, school.students, autumn, respect=4, personal_regard=3, competence=2,
               integrity=1)

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
    assert [c["mean"] for c in trend["periods"][2]["components"]] == [4.0, 3.0, 2.0, 1.0]


def test_csv_export_holds_aggregates_only(answer, client_for, school, make_survey):
    survey = make_survey(school.team, period="=HYPERLINK(\"x\")")
    for person, comment in zip(school.students, ("alpha", "beta", "gamma"), strict=True):
        answer(person, survey, by_component(respect=5, personal_regard=4, competence=3,
                                            integrity=2), comment=comment)
    response = client_for(school.coach).get(f"/api/v1/teams/{school.team.id}/trust-results.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    for comment in ("alpha", "beta", "gamma"):
        assert comment not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["component"] for row in rows] == [
        "respect", "personal_regard", "competence", "integrity"]
    assert {row["group"] for row in rows} == {"all"}
    assert rows[0]["responses"] == "3" and rows[0]["mean"] == "5.0"
    assert rows[0]["answers_scored_5"] == "9"
    # A period named like a formula is written as text, so a spreadsheet won't run it.
    assert rows[0]["period"].startswith("'=")


def test_people_outside_the_team_see_no_results(answer, client_for, school, make_survey):
    survey = make_survey(school.team)
    for person in school.students:
        answer(person, survey)
    outsider = client_for(school.outsider)
    assert outsider.get(f"/api/v1/trust-surveys/{survey.id}/results").status_code == 404
    assert outsider.get(f"/api/v1/teams/{school.team.id}/trust-trend").status_code == 404
    assert outsider.get(
        f"/api/v1/teams/{school.team.id}/trust-results.csv").status_code == 404
