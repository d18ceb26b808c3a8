"""The response check every test client runs (tests/openapi_responses.py) can fail."""

from __future__ import annotations

import json

import pytest

from tests.openapi_responses import check


@pytest.fixture()
def health(app, database):
    response = app.test_client().get("/api/v1/health")
    assert response.status_code == 200
    return response


def test_a_declared_answer_passes(app, health):
    check(app, health)


def test_an_undeclared_status_fails(app, health):
    health.status_code = 418
    with pytest.raises(AssertionError, match="status not declared"):
        check(app, health)


def test_an_undeclared_header_fails(app, health):
    health.headers["X-Debug-Token"] = "abc"
    with pytest.raises(AssertionError, match="x-debug-token"):
        check(app, health)


def test_an_undeclared_field_fails(app, health):
    body = health.get_json() | {"secret_field": 1}
    health.set_data(json.dumps(body))
    with pytest.raises(AssertionError, match="secret_field"):
        check(app, health)


def test_a_field_of_the_wrong_type_fails(app, health):
    health.set_data(json.dumps(health.get_json() | {"status": 7}))
    with pytest.raises(AssertionError, match="status"):
        check(app, health)
