"""A live server on the demo school and a headless Chromium, shared by the e2e tests.

Self-contained on purpose: nothing here depends on tests/conftest.py.
"""

from __future__ import annotations

import threading

import pytest
from playwright.sync_api import expect, sync_playwright
from sqlalchemy import select
from werkzeug.serving import make_server

from api.app import create_app
from api.config import TestConfig
from api.demo import DEMO_PASSWORD, seed_demo
from api.extensions import db
from api.teams.models import Team
from api.users.models import User
from tests.e2e.axe import PHONE, WAIT_MS

CHROMIUM = "/usr/bin/chromium"
expect.set_options(timeout=WAIT_MS)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def e2e_app(tmp_path_factory):
    """The app behind the live server, on a file database seeded with the demo school."""
    folder = tmp_path_factory.mktemp("e2e")

    class LiveConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{folder / 'e2e.sqlite'}"
        STORAGE_ROOT = folder / "files"
        # Every test signs in several times from one address; the limits have their own tests.
        SIGN_IN_LIMITS = "1000 per minute"
        SIGN_IN_ACCOUNT_LIMITS = "1000 per minute"

    app = create_app(LiveConfig)
    with app.app_context():
        db.create_all()
        seed_demo()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(e2e_app):
    """The whole app over HTTP on 127.0.0.1 with a free port; yields its base URL."""
    app = e2e_app
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (no cookies) per test, with the live server as base URL."""
    context = browser.new_context(base_url=live_server, viewport={"width": 1200, "height": 900})
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def phone(browser, live_server):
    """A 390 px touch browser (no cookies) per test, failing the test on any JavaScript error."""
    context = browser.new_context(
        base_url=live_server, viewport=PHONE, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the phone: {errors}"


@pytest.fixture
def demo_password() -> str:
    return DEMO_PASSWORD


@pytest.fixture
def sign_in(page, demo_password):
    """Sign in through the real page; returns the page on the teams screen."""

    def sign_in_as(login: str, password: str | None = None):
        page.goto("/sign-in")
        page.get_by_label("Email or username").fill(login)
        page.get_by_label("Password").fill(password or demo_password)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("heading", level=1, name="Your teams").wait_for()
        return page

    return sign_in_as


@pytest.fixture
def seed_cycle(e2e_app):
    """Make a puzzle with a fresh draft cycle through the services, as a teacher would;
    returns the cycle's id. Facilitators are logins (usernames or emails)."""

    def make(question: str, *, team: str = "Grade 7 Science", facilitators=("sam",)) -> str:
        from api.actor import Actor
        from api.cycles.service import start_cycle
        from api.puzzles.service import create_puzzle

        with e2e_app.app_context():

            def user(login: str) -> User:
                column = User.email if "@" in login else User.username
                return db.session.scalar(select(User).where(column == login))

            teacher = Actor(user("teacher@maple.example"))
            team_id = db.session.scalar(select(Team.id).where(Team.name == team))
            puzzle = create_puzzle(teacher, team_id, {"question": question})
            cycle = start_cycle(
                teacher, puzzle.id, {"facilitator_ids": [user(login).id for login in facilitators]}
            )
            return cycle.id

    return make
