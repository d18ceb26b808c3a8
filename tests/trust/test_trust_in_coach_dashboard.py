"""The coach dashboard shows each team's latest released trust results and their change."""

from __future__ import annotations

from datetime import timedelta

from tests.trust.test_trust_results import answer_all
from tests.trust.trust_helpers import TODAY


def test_dashboard_shows_latest_released_results_and_change(
    answer, client_for, make_survey, school, close
):
    autumn = make_survey(
        school.team,
        period="Autumn",
        opens_on=TODAY - timedelta(days=90),
        closes_on=TODAY + timedelta(days=1),
    )
    answer_all(
        answer, school.students, autumn, respect=2, personal_regard=3, competence=4, integrity=4
    )
    spring = make_survey(
        school.team,
        period="Spring",
        opens_on=TODAY - timedelta(days=30),
        closes_on=TODAY + timedelta(days=1),
    )
    answer_all(
        answer, school.students, spring, respect=4, personal_regard=3, competence=3, integrity=4
    )
    # The newest round has too few answers to show: the dashboard keeps showing Spring.
    summer = make_survey(school.team, period="Summer")
    answer(school.students[0], summer)
    close(autumn)
    close(spring)
    # A round still open shows nothing, however many answered.
    open_round = make_survey(school.team, period="Winter", opens_on=TODAY)
    answer_all(
        answer, school.students, open_round, respect=1, personal_regard=1, competence=1, integrity=1
    )

    [team] = client_for(school.coach).get("/api/v1/coach/dashboard").get_json()

    trust = team["trust"]
    assert trust["period"] == "Spring" and trust["previous_period"] == "Autumn"
    assert trust["response_count"] == 3 and trust["eligible_count"] == 5
    by_name = {c["component"]: c for c in trust["components"]}
    assert by_name["respect"] == {
        "component": "respect",
        "label": "Mutual respect",
        "mean": 4.0,
        "change": 2.0,
    }
    assert by_name["competence"]["change"] == -1.0
    assert by_name["personal_regard"]["change"] == 0.0


def test_a_team_without_released_results_shows_none(answer, client_for, make_survey, school):
    survey = make_survey(school.team, period="Autumn")
    answer(school.students[0], survey)
    answer(school.students[1], survey)

    [team] = client_for(school.coach).get("/api/v1/coach/dashboard").get_json()
    assert team["trust"] is None


def test_first_released_round_has_no_change(answer, client_for, make_survey, school, close):
    survey = make_survey(school.team, period="Autumn")
    answer_all(
        answer, school.students, survey, respect=3, personal_regard=3, competence=3, integrity=3
    )
    close(survey)

    [team] = client_for(school.coach).get("/api/v1/coach/dashboard").get_json()
    assert team["trust"]["previous_period"] is None
    assert {c["change"] for c in team["trust"]["components"]} == {None}
    assert {c["mean"] for c in team["trust"]["components"]} == {3.0}
