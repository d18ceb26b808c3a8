"""An LMS with trust:read reads released aggregates, through the trust service; with
coaching:read, the coach dashboard of every team of its organization."""

from __future__ import annotations

from tests.conftest import ApiClient
from tests.integrations.client_helpers import machine_for, make_client, token_for
from tests.trust.trust_helpers import by_component


def test_a_trust_read_client_reads_a_closed_rounds_results_and_nothing_below_it(
    app, answer, client_for, school, make_survey, close
):
    lms = machine_for(app, client_for(school.admin), school.org.id, scopes=("trust:read",))
    survey = make_survey(school.team, period="Autumn")
    for student in school.students:
        assert (
            answer(
                student,
                survey,
                by_component(respect=4, personal_regard=4, competence=4, integrity=4),
            ).status_code
            == 201
        )
    open_round = lms.get(f"/api/v1/trust-surveys/{survey.id}/results").get_json()
    assert all(c.get("mean") is None for c in open_round.get("components", []))
    close(survey)
    released = lms.get(f"/api/v1/trust-surveys/{survey.id}/results")
    assert released.status_code == 200
    respect = {c["component"]: c for c in released.get_json()["components"]}["respect"]
    assert respect["mean"] == 4.0 and respect["count"] == 3
    trend = lms.get(f"/api/v1/teams/{school.team.id}/trust-trend")
    assert trend.status_code == 200
    csv = lms.get(f"/api/v1/teams/{school.team.id}/trust-results.csv")
    assert csv.status_code == 200 and "respect" in csv.get_data(as_text=True)


def test_a_round_below_its_threshold_shows_a_client_no_means(
    app, answer, client_for, school, make_survey, close
):
    lms = machine_for(app, client_for(school.admin), school.org.id, scopes=("trust:read",))
    survey = make_survey(school.team, period="Winter")
    for student in school.students[:2]:
        answer(
            student, survey, by_component(respect=1, personal_regard=1, competence=1, integrity=1)
        )
    close(survey)
    body = lms.get(f"/api/v1/trust-surveys/{survey.id}/results").get_json()
    assert all(c.get("mean") is None for c in body.get("components", []))


def test_trust_reads_need_the_scope_and_stay_in_the_organization(
    app, client_for, school, make_survey
):
    survey = make_survey(school.team, period="Autumn")
    teams_only = machine_for(app, client_for(school.admin), school.org.id, scopes=("teams:read",))
    refused = teams_only.get(f"/api/v1/trust-surveys/{survey.id}/results")
    assert refused.status_code == 403
    assert 'scope="trust:read"' in refused.headers["WWW-Authenticate"]
    other = machine_for(
        app, client_for(school.outsider), school.outsider_org.id, scopes=("trust:read",)
    )
    assert other.get(f"/api/v1/trust-surveys/{survey.id}/results").status_code == 404


def test_a_coaching_read_client_sees_every_team_of_its_organization(
    app, client_for, school, make_team, make_cycle
):
    second = make_team(school.org, name="Grade 8 Maths")
    make_cycle(second, state="evidence")
    admin = client_for(school.admin)
    lms = ApiClient(app, token=token_for(app, make_client(admin, school.org.id, ["coaching:read"])))
    board = lms.get("/api/v1/coach/dashboard")
    assert board.status_code == 200, board.get_json()
    assert {team["name"] for team in board.get_json()} == {"Grade 7 Science", "Grade 8 Maths"}
    outsider_lms = machine_for(
        app, client_for(school.outsider), school.outsider_org.id, scopes=("coaching:read",)
    )
    assert outsider_lms.get("/api/v1/coach/dashboard").get_json() == []
    no_scope = machine_for(app, admin, school.org.id, scopes=("teams:read",))
    assert no_scope.get("/api/v1/coach/dashboard").status_code == 403
