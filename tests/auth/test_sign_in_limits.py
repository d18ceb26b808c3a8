"""Sign-in limits stop guessing without letting a stranger lock a teacher out."""

from __future__ import annotations

import time

import pytest
from itsdangerous import URLSafeSerializer

from api.auth.sign_in_limits import KNOWN_BROWSER_COOKIE
from tests.support.client import PASSWORD, ApiClient

SIGN_IN = "/api/v1/auth/session"
SCHOOL_NETWORK = "192.0.2.10"
ELSEWHERE = "198.51.100.7"


def attempt(client: ApiClient, login: str, password: str, address: str) -> int:
    response = client.post(
        SIGN_IN,
        json={"login": login, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )
    return response.status_code


def scripted_attempt(app, login: str, password: str, remote: str, forwarded: str | None = None):
    """A script's sign-in: it takes the security token but keeps no device cookie."""
    script = app.test_client()
    token = script.get("/api/v1/auth/csrf").get_json()["csrf_token"]
    script.delete_cookie(KNOWN_BROWSER_COOKIE, path="/api/v1/auth")
    headers = {"X-CSRF-Token": token}
    if forwarded:
        headers["X-Forwarded-For"] = forwarded
    response = script.post(
        SIGN_IN,
        json={"login": login, "password": password},
        headers=headers,
        environ_base={"REMOTE_ADDR": remote},
    )
    return response.status_code


def fail(client: ApiClient, login: str, times: int, address: str) -> list[int]:
    return [attempt(client, login, f"guess {i}", address) for i in range(times)]


@pytest.fixture()
def limits(app):
    """Set the limits for one test; they are read on every request."""
    saved = app.config["SIGN_IN_LIMITS"], app.config["SIGN_IN_ACCOUNT_LIMITS"]

    def set_limits(per_client: str, per_account: str) -> None:
        app.config["SIGN_IN_LIMITS"], app.config["SIGN_IN_ACCOUNT_LIMITS"] = (
            per_client,
            per_account,
        )

    yield set_limits
    app.config["SIGN_IN_LIMITS"], app.config["SIGN_IN_ACCOUNT_LIMITS"] = saved


def test_failures_from_one_address_refuse_the_account_there_only(app, school):
    login = school.teacher.email
    guesser = ApiClient(app)
    assert fail(guesser, login, 10, ELSEWHERE) == [401] * 10

    assert attempt(guesser, login, PASSWORD, ELSEWHERE) == 429
    assert attempt(ApiClient(app), login, PASSWORD, SCHOOL_NETWORK) == 200


def test_a_new_browser_with_the_right_password_is_not_locked_out_by_others_on_its_network(
    app, school
):
    """The outside test's finding: a whole school shares one address behind NAT."""
    login = school.teacher.email
    # Someone on the same school network guesses at the teacher's password, in their browser
    # and with a script that keeps no cookies.
    assert fail(ApiClient(app), login, 10, SCHOOL_NETWORK) == [401] * 10
    scripted = [scripted_attempt(app, login, f"x{n}", SCHOOL_NETWORK) for n in range(11)]
    assert scripted == [401] * 10 + [429]
    # The teacher, on a browser new to the account, on the same network: in.
    assert attempt(ApiClient(app), login, PASSWORD, SCHOOL_NETWORK) == 200


def test_a_browser_that_signed_in_before_is_not_locked_out_even_by_the_account_limit(
    app, school, limits
):
    limits("10 per 15 minutes", "5 per hour")
    login = school.teacher.email
    teachers_laptop = ApiClient(app)
    assert attempt(teachers_laptop, login, PASSWORD, SCHOOL_NETWORK) == 200
    teachers_laptop.delete(SIGN_IN)
    for _ in range(6):
        fail(ApiClient(app), login, 1, SCHOOL_NETWORK)
    teachers_laptop.csrf = None
    assert attempt(teachers_laptop, login, PASSWORD, SCHOOL_NETWORK) == 200


def test_failures_across_many_accounts_from_one_address_meet_a_broad_ceiling(
    app, school, monkeypatch
):
    monkeypatch.setitem(app.config, "SIGN_IN_ADDRESS_LIMITS", "5 per 15 minutes")
    for person in [*school.students, school.teacher, school.teacher2]:
        fail(ApiClient(app), person.login, 1, ELSEWHERE)
    assert attempt(ApiClient(app), school.coach.email, PASSWORD, ELSEWHERE) == 429
    assert attempt(ApiClient(app), school.coach.email, PASSWORD, SCHOOL_NETWORK) == 200


def test_a_known_browser_still_has_its_own_limit(app, school):
    login = school.teacher.email
    laptop = ApiClient(app)
    assert attempt(laptop, login, PASSWORD, SCHOOL_NETWORK) == 200
    laptop.delete(SIGN_IN)
    laptop.csrf = None
    assert fail(laptop, login, 11, ELSEWHERE) == [401] * 10 + [429]


def test_failures_from_many_addresses_lock_only_browsers_new_to_the_account(app, school, limits):
    limits("10 per 15 minutes", "5 per hour")
    login = school.teacher.email
    laptop = ApiClient(app)
    assert attempt(laptop, login, PASSWORD, SCHOOL_NETWORK) == 200
    laptop.delete(SIGN_IN)
    laptop.csrf = None

    for number in range(5):
        assert fail(ApiClient(app), login, 1, f"203.0.113.{number}") == [401]

    assert attempt(ApiClient(app), login, PASSWORD, "203.0.113.99") == 429
    assert attempt(laptop, login, PASSWORD, SCHOOL_NETWORK) == 200


def test_the_account_wide_limit_lifts_after_its_window(app, school, limits):
    limits("10 per 15 minutes", "3 per 2 seconds")
    login = school.teacher.email
    for number in range(3):
        fail(ApiClient(app), login, 1, f"203.0.113.{number}")
    new_browser = ApiClient(app)
    assert attempt(new_browser, login, PASSWORD, ELSEWHERE) == 429

    time.sleep(2.1)

    assert attempt(new_browser, login, PASSWORD, ELSEWHERE) == 200


def test_a_forged_known_browser_cookie_counts_for_nothing(app, school, limits):
    limits("10 per 15 minutes", "3 per hour")
    login = school.teacher.email
    for _ in range(3):
        fail(ApiClient(app), login, 1, SCHOOL_NETWORK)
    forger = ApiClient(app)
    forger.client.get("/api/v1/auth/csrf")  # a genuine device cookie, new to the account
    forged = "eyJpZCI6IngiLCJhY2NvdW50cyI6W119.forged"  # claims to be a known browser
    forger.client.set_cookie(KNOWN_BROWSER_COOKIE, forged, path="/api/v1/auth")
    assert attempt(forger, login, PASSWORD, SCHOOL_NETWORK) == 429


def test_the_known_browser_cookie_is_httponly_and_names_no_one(app, school):
    response = ApiClient(app).post(SIGN_IN, json={"login": "sam", "password": PASSWORD})
    cookie = next(
        header
        for header in response.headers.getlist("Set-Cookie")
        if header.startswith(KNOWN_BROWSER_COOKIE)
    )
    assert "HttpOnly" in cookie
    assert "Path=/api/v1/auth;" in cookie
    value = cookie.split(";")[0].split("=", 1)[1]
    remembered = URLSafeSerializer(app.secret_key, salt="known-browser").loads(value)
    assert "sam" not in str(remembered)


def test_every_browser_gets_a_device_cookie_from_the_sign_in_page(app):
    response = app.test_client().get("/api/v1/auth/csrf")
    cookie = next(
        header
        for header in response.headers.getlist("Set-Cookie")
        if header.startswith(KNOWN_BROWSER_COOKIE)
    )
    assert "HttpOnly" in cookie and "Path=/api/v1/auth;" in cookie
