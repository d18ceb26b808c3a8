"""Webhook test fixtures: a loopback receiver and a helper to subscribe it."""

from __future__ import annotations

import pytest

from tests.webhooks.receiver import Receiver


@pytest.fixture()
def receiver(app, monkeypatch):
    """A loopback receiver, with private addresses allowed for this test only."""
    monkeypatch.setitem(app.config, "WEBHOOKS_ALLOW_PRIVATE", True)
    server = Receiver()
    yield server
    server.close()


@pytest.fixture()
def subscribe(client_for, school):
    def make(url: str, event_types=("cycle.transitioned",)) -> dict:
        response = client_for(school.admin).post(
            f"/api/v1/organizations/{school.org.id}/webhooks",
            json={"url": url, "event_types": list(event_types)},
        )
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    return make
