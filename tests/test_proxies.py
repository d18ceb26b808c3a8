"""X-Forwarded-For counts only from TRUSTED_PROXIES: a client can't rotate its address to escape
sign-in limits, nor send a victim's address to lock the victim out."""

from __future__ import annotations

import pytest

from api.config import TestConfig
from tests.auth.test_sign_in_limits import scripted_attempt
from tests.support.client import PASSWORD

PROXY = "10.0.0.2"


def test_rotating_x_forwarded_for_does_not_escape_the_limit(app, school):
    login = school.teacher.email
    answers = [
        scripted_attempt(app, login, f"guess {n}", "203.0.113.5", f"198.51.100.{n}")
        for n in range(11)
    ]
    assert answers == [401] * 10 + [429]


def test_sending_a_victims_address_does_not_lock_the_victim_out(app, school):
    login = school.teacher.email
    victim = "192.0.2.44"
    for n in range(12):
        scripted_attempt(app, login, f"guess {n}", "203.0.113.5", victim)
    assert scripted_attempt(app, login, PASSWORD, victim) == 200


def test_behind_a_trusted_proxy_each_client_is_counted_by_its_own_address(app, school, monkeypatch):
    monkeypatch.setitem(app.config, "TRUSTED_PROXIES", f"{PROXY}, 10.1.0.0/16")
    login = school.teacher.email
    # The client put a made-up address first; the proxy appended the one it saw.
    for n in range(10):
        scripted_attempt(app, login, f"guess {n}", PROXY, "1.2.3.4, 198.51.100.9")
    assert scripted_attempt(app, login, PASSWORD, PROXY, "1.2.3.4, 198.51.100.9") == 429
    assert scripted_attempt(app, login, PASSWORD, PROXY, "198.51.100.10") == 200
    # Through two trusted proxies, the client is still the one before them.
    assert scripted_attempt(app, login, PASSWORD, PROXY, "198.51.100.9, 10.1.2.3") == 429


def test_a_malformed_trusted_proxies_setting_stops_the_app_at_start():
    class Broken(TestConfig):
        TRUSTED_PROXIES = "the proxy"

    with pytest.raises(RuntimeError, match="TRUSTED_PROXIES"):
        Broken.validate()
