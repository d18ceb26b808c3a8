"""An integration client lists its organization's teams (and only those)."""

from tests.integrations.client_helpers import make_client, token_for
from tests.support.client import ApiClient


def test_a_client_lists_every_team_of_its_organization_and_no_other(
    app, client_for, school, make_team
):
    make_team(school.org, name="Grade 8 Writing")
    make_team(school.outsider_org, name="Elsewhere team")
    client = make_client(client_for(school.admin), school.org.id, ["teams:read"])
    machine = ApiClient(app, token=token_for(app, client))

    response = machine.get("/api/v1/teams")

    assert response.status_code == 200
    teams = response.get_json()
    assert [team["name"] for team in teams] == ["Grade 7 Science", "Grade 8 Writing"]
    assert {team["my_role"] for team in teams} == {None}
    assert teams[0]["member_count"] == 5
    other_org = machine.get(f"/api/v1/teams?organization_id={school.outsider_org.id}")
    assert other_org.get_json() == []


def test_a_client_without_a_read_scope_cannot_list_teams(app, client_for, school):
    client = make_client(client_for(school.admin), school.org.id, ["roster:write"])
    machine = ApiClient(app, token=token_for(app, client))
    response = machine.get("/api/v1/teams")
    assert response.status_code == 403
