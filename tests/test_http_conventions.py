"""HTTP as clients expect it: 404/405 whoever asks, RFC 6749 token errors, RFC 6750 challenges,
RateLimit-* headers, conditional reads (If-None-Match → 304)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from api.extensions import db
from api.integrations.models import IntegrationToken
from tests.integrations.client_helpers import basic, machine_for, make_client
from tests.support.client import ApiClient

TOKEN_URL = "/api/v1/oauth/token"


@pytest.fixture()
def callers(app, anonymous, client_for, school):
    admin = client_for(school.admin)
    return {
        "anonymous": anonymous,
        "person": client_for(school.teacher),
        "client": machine_for(app, admin, school.org.id, scopes=("teams:read", "roster:read")),
    }


@pytest.mark.parametrize("who", ["anonymous", "person", "client"])
def test_an_unknown_route_is_404_and_an_unknown_method_405_whoever_asks(callers, school, who):
    caller = callers[who]
    unknown = caller.get("/api/v1/no-such-thing")
    assert unknown.status_code == 404
    assert unknown.mimetype == "application/problem+json"
    assert caller.post("/api/v1/no/such/thing", json={}).status_code == 404
    wrong_method = caller.request("PATCH", "/api/v1/health", json={})
    assert wrong_method.status_code == 405
    assert wrong_method.mimetype == "application/problem+json"


def test_a_json_token_request_is_invalid_request_not_invalid_client(app, client_for, school):
    client = make_client(client_for(school.admin), school.org.id)
    http = app.test_client()
    sent_as_json = http.post(
        TOKEN_URL,
        json={"grant_type": "client_credentials"},
        headers=basic(client["client_id"], client["client_secret"]),
    )
    assert sent_as_json.status_code == 400
    assert sent_as_json.get_json()["error"] == "invalid_request"
    assert "x-www-form-urlencoded" in sent_as_json.get_json()["error_description"]
    no_grant = http.post(
        TOKEN_URL, data={}, headers=basic(client["client_id"], client["client_secret"])
    )
    assert no_grant.status_code == 400
    assert no_grant.get_json()["error"] == "invalid_request"
    assert "grant_type" in no_grant.get_json()["error_description"]
    assert db.session.scalar(select(IntegrationToken)) is None


def test_401_carries_a_bearer_challenge_and_a_bad_token_says_invalid_token(anonymous, app):
    unsigned = anonymous.get("/api/v1/me")
    assert unsigned.status_code == 401
    assert unsigned.headers["WWW-Authenticate"].startswith('Bearer realm="eaa"')
    forged = ApiClient(app, token="eaac_not-a-real-token").get("/api/v1/teams")
    assert forged.status_code == 401
    challenge = forged.headers["WWW-Authenticate"]
    assert challenge.startswith("Bearer ")
    assert 'error="invalid_token"' in challenge
    malformed = app.test_client().get("/api/v1/teams", headers={"Authorization": "Token abc"})
    assert malformed.status_code == 401
    assert 'error="invalid_request"' in malformed.headers["WWW-Authenticate"]


def test_403_for_a_missing_scope_names_it_in_the_challenge(callers, school):
    response = callers["client"].put(
        f"/api/v1/organizations/{school.org.id}/roster/users/canvas/1",
        json={"display_name": "Ada"},
    )
    assert response.status_code == 403
    challenge = response.headers["WWW-Authenticate"]
    assert 'error="insufficient_scope"' in challenge
    assert 'scope="roster:write"' in challenge


def test_a_client_is_told_its_rate_limit_on_every_answer(app, callers, school):
    limit = app.config["INTEGRATION_CLIENT_RATE_LIMIT"]
    app.config["INTEGRATION_CLIENT_RATE_LIMIT"] = "3 per minute"
    try:
        url = f"/api/v1/teams/{school.team.id}"
        answers = [callers["client"].get(url) for _ in range(4)]
    finally:
        app.config["INTEGRATION_CLIENT_RATE_LIMIT"] = limit
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert [answer.headers["RateLimit-Limit"] for answer in answers] == ["3"] * 4
    assert [answer.headers["RateLimit-Remaining"] for answer in answers] == ["2", "1", "0", "0"]
    assert all(0 <= int(answer.headers["RateLimit-Reset"]) <= 60 for answer in answers)
    assert int(answers[-1].headers["Retry-After"]) >= 1
    # People are not counted against a client's limit.
    assert "RateLimit-Limit" not in callers["person"].get(url).headers


@pytest.mark.parametrize("who", ["person", "client"])
def test_if_none_match_answers_304_until_the_thing_changes(callers, client_for, school, who):
    caller = callers[who]
    url = f"/api/v1/teams/{school.team.id}"
    first = caller.get(url)
    etag = first.headers["ETag"]
    again = caller.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == etag
    renamed = client_for(school.teacher).patch(url, json={"name": "Grade 7 Science Lab"})
    assert renamed.status_code == 200
    changed = caller.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert changed.get_json()["name"] == "Grade 7 Science Lab"


def test_a_cycle_read_keeps_its_version_etag_and_answers_304(client_for, school, make_cycle):
    cycle = make_cycle(school.team)
    teacher = client_for(school.teacher)
    first = teacher.get(f"/api/v1/cycles/{cycle.id}")
    assert first.headers["ETag"] == f'"{cycle.version}"'
    again = teacher.get(
        f"/api/v1/cycles/{cycle.id}", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304


def test_updated_since_lists_only_the_cycles_moved_or_worked_on_since(
    callers, client_for, school, make_cycle
):
    from datetime import timedelta

    from api.db import utcnow
    from tests.cycles.helpers import move

    quiet = make_cycle(school.team, state="draft", facilitators=[school.teacher])
    moved = make_cycle(school.team, state="draft", facilitators=[school.teacher], number=2)
    for cycle in (quiet, moved):
        cycle.last_activity_at = cycle.state_changed_at = utcnow() - timedelta(days=3)
    db.session.commit()
    since = (utcnow() - timedelta(days=1)).isoformat()
    assert move(client_for(school.teacher), moved.id, "start_evidence").status_code == 200
    client = machine_for(
        callers["client"].client.application,
        client_for(school.admin),
        school.org.id,
        scopes=("cycles:read",),
    )
    url = f"/api/v1/teams/{school.team.id}/cycles"
    listed = client.get(url, query_string={"updated_since": since}).get_json()
    assert [cycle["id"] for cycle in listed] == [moved.id]
    assert len(client.get(url).get_json()) == 2
    bad = client.get(url, query_string={"updated_since": "last tuesday"})
    assert bad.status_code == 400
    assert bad.mimetype == "application/problem+json"
    assert "updated_since" in bad.get_json()["errors"]
