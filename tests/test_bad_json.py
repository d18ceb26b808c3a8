"""Bad JSON never gives a 500: too deep, too big, not UTF-8 or a lone surrogate → 4xx problem."""

from __future__ import annotations

import pytest

from api.teams.models import Team


def send(client, path: str, body: bytes, method: str = "PATCH"):
    return client.request(method, path, data=body, headers={"Content-Type": "application/json"})


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_json_nested_deeper_than_the_limit_is_a_400(client_for, school, depth):
    teacher = client_for(school.teacher)
    body = b'{"description": ' + b"[" * depth + b"]" * depth + b"}"
    response = send(teacher, f"/api/v1/teams/{school.team.id}", body)
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert "nested too deeply" in response.get_json()["detail"]


def test_deep_json_to_the_sign_in_door_is_a_400_too(anonymous):
    body = b'{"login": ' + b"[" * 5000 + b"]" * 5000 + b', "password": "x"}'
    response = send(anonymous, "/api/v1/auth/session", body, method="POST")
    assert response.status_code == 400


@pytest.mark.parametrize(
    "body",
    [
        b'{"description": "\\ud800"}',  # a lone high surrogate
        b'{"description": "ok \\udc00 then"}',  # a lone low surrogate
        b'{"\\ud83d": "a key too"}',
    ],
)
def test_a_lone_surrogate_is_a_400_and_changes_nothing(client_for, school, database, body):
    teacher = client_for(school.teacher)
    response = send(teacher, f"/api/v1/teams/{school.team.id}", body)
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert database.session.get(Team, school.team.id).description == ""


def test_a_real_emoji_written_as_a_surrogate_pair_is_fine(client_for, school):
    teacher = client_for(school.teacher)
    response = send(
        teacher, f"/api/v1/teams/{school.team.id}", b'{"description": "\\ud83d\\ude00"}'
    )
    assert response.status_code == 200
    assert response.get_json()["description"] == "\U0001f600"


def test_invalid_utf8_is_a_400(client_for, school):
    teacher = client_for(school.teacher)
    response = send(teacher, f"/api/v1/teams/{school.team.id}", b'{"description": "\xff\xfe"}')
    assert response.status_code == 400
    assert "UTF-8" in response.get_json()["detail"]


def test_a_json_body_over_its_limit_is_a_413(app, client_for, school, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_JSON_BYTES", 1000)
    teacher = client_for(school.teacher)
    body = b'{"description": "' + b"x" * 2000 + b'"}'
    assert send(teacher, f"/api/v1/teams/{school.team.id}", body).status_code == 413


def test_brackets_inside_strings_do_not_count_as_depth(client_for, school):
    teacher = client_for(school.teacher)
    body = b'{"description": "' + b"[[[[" * 100 + b'"}'
    assert send(teacher, f"/api/v1/teams/{school.team.id}", body).status_code == 200
