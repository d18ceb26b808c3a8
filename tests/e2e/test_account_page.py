"""Your account page: change your password and sign out everywhere, by label and keyboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from api.auth.service import set_password
from api.extensions import db
from api.users.models import User

LOGIN = "morgan@maple.example"
NEW_PASSWORD = "another fine password"


@pytest.fixture
def morgan(e2e_app, demo_password):
    """Morgan signs in in these tests; their password is put back afterwards."""
    yield LOGIN
    with e2e_app.app_context():
        set_password(db.session.scalar(select(User).where(User.email == LOGIN)), demo_password)
        db.session.commit()


def other_device(browser, live_server, password):
    """Morgan signed in on another browser; returns its page."""
    context = browser.new_context(base_url=live_server)
    other = context.new_page()
    other.goto("/sign-in")
    other.get_by_label("Email or username").fill(LOGIN)
    other.get_by_label("Password").fill(password)
    other.get_by_role("button", name="Sign in").click()
    expect(other.get_by_role("heading", level=1)).to_have_text("Your teams")
    return other


def test_changing_the_password_signs_out_other_devices_but_not_this_one(
    browser, live_server, morgan, page, sign_in, demo_password
):
    sign_in(morgan)
    phone = other_device(browser, live_server, demo_password)

    page.get_by_role("link", name="Morgan Reyes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    page.get_by_label("Password you use now").fill("not my password")
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_label("Type it again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change my password").click()
    expect(page.get_by_role("alert")).to_contain_text("That isn't your current password")

    page.get_by_label("Password you use now").fill(demo_password)
    page.get_by_label("Type it again").press("Enter")
    expect(page.locator("#status")).to_contain_text("Your password is changed")

    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    phone.reload()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Welcome back")
    phone.context.close()


def test_sign_out_everywhere_ends_every_session(
    browser, live_server, morgan, page, sign_in, demo_password
):
    sign_in(morgan)
    laptop = other_device(browser, live_server, demo_password)

    page.goto("/account")
    page.get_by_role("button", name="Sign out everywhere").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome back")
    expect(page.locator("#status")).to_contain_text("signed out on every device")
    laptop.reload()
    expect(laptop.get_by_role("heading", level=1)).to_have_text("Welcome back")
    laptop.context.close()
