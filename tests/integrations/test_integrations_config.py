"""The integration clients' token lifetime and rate limit are settings, read from the
environment, and the token endpoint and the limiter follow them."""

from __future__ import annotations

import os
import subprocess
import sys

from api.config import ROOT, Config
from tests.integrations.client_helpers import make_client, request_token, token_for
from tests.support.client import ApiClient


def test_defaults_are_an_hour_and_600_requests_a_minute():
    assert Config.INTEGRATION_TOKEN_SECONDS == 3600
    assert Config.INTEGRATION_CLIENT_RATE_LIMIT == "600 per minute"


def test_both_settings_come_from_the_environment():
    environment = dict(
        os.environ, INTEGRATION_TOKEN_SECONDS="900", INTEGRATION_CLIENT_RATE_LIMIT="50 per second"
    )
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "from api.config import Config as C; "
            "print(C.INTEGRATION_TOKEN_SECONDS, C.INTEGRATION_CLIENT_RATE_LIMIT)",
        ],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.split() == ["900", "50", "per", "second"]


def test_tokens_live_as_long_as_the_setting_says(app, client_for, school, monkeypatch):
    monkeypatch.setitem(app.config, "INTEGRATION_TOKEN_SECONDS", 120)
    client = make_client(client_for(school.admin), school.org.id)
    assert request_token(app, client).get_json()["expires_in"] == 120


def test_the_rate_limit_follows_the_setting(app, client_for, school, monkeypatch):
    monkeypatch.setitem(app.config, "INTEGRATION_CLIENT_RATE_LIMIT", "2 per minute")
    client = make_client(client_for(school.admin), school.org.id, ["teams:read"])
    machine = ApiClient(app, token=token_for(app, client))
    url = f"/api/v1/teams/{school.team.id}"
    assert [machine.get(url).status_code for _ in range(3)] == [200, 200, 429]
