"""Forgot password → email → choose a new one → sign in, in Chromium, by label and keyboard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from api.auth.service import set_password
from api.extensions import db
from api.users.models import User
from tests.support.mail import Inbox, free_port

LOGIN = "jordan@maple.example"
NEW_PASSWORD = "a brand new password"


@pytest.fixture
def inbox(e2e_app, demo_password):
    """The live app's mail goes to a real SMTP server here; Jordan's password is put back."""
    from aiosmtpd.controller import Controller

    received = Inbox()
    controller = Controller(received, hostname="127.0.0.1", port=free_port())
    controller.start()
    saved = e2e_app.config["MAIL_SERVER"], e2e_app.config["MAIL_PORT"]
    e2e_app.config["MAIL_SERVER"], e2e_app.config["MAIL_PORT"] = "127.0.0.1", controller.port
    yield received
    e2e_app.config["MAIL_SERVER"], e2e_app.config["MAIL_PORT"] = saved
    controller.stop()
    with e2e_app.app_context():
        set_password(db.session.scalar(select(User).where(User.email == LOGIN)), demo_password)
        db.session.commit()


def test_a_teacher_resets_a_forgotten_password_from_the_sign_in_page(page, inbox, live_server):
    page.goto("/sign-in")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forgot your password?")
    expect(page).to_have_title("Forgot your password? · Inquiry cycles")

    page.get_by_label("Email or username").fill(LOGIN)
    page.keyboard.press("Enter")

    confirmation = page.get_by_role("heading", name="Check your email")
    expect(confirmation).to_be_focused()
    expect(page.get_by_role("main")).to_contain_text("within 60 minutes")
    for _ in range(50):  # the email goes once the answer has been sent
        if inbox.messages:
            break
        page.wait_for_timeout(100)
    link = re.search(r"https?://\S+/reset-password#token=[\w-]+", inbox.messages[0]["data"])
    path = link.group(0).split("/", 3)[3]

    page.goto(f"{live_server}/{path}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    expect(page).to_have_url(re.compile(r"/reset-password$"))  # the token left the address bar
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_label("Type it again").fill("something else entirely")
    page.get_by_role("button", name="Save my new password").click()
    expect(page.get_by_role("alert")).to_contain_text("The two passwords don't match.")
    expect(page.get_by_label("New password")).to_have_accessible_description(
        "At least 8 characters."
    )

    page.get_by_label("Type it again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save my new password").click()
    expect(page.get_by_role("heading", name="Your new password is set")).to_be_focused()

    page.get_by_role("link", name="Sign in", exact=True).click()
    page.get_by_label("Email or username").fill(LOGIN)
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your teams")


def test_a_used_link_says_so_kindly(page, inbox, e2e_app):
    from api.auth.password_resets import request_reset

    with e2e_app.test_request_context():
        token = request_reset(LOGIN).body.split("#token=")[1].split()[0]
    for attempt in (NEW_PASSWORD, "another new password"):
        page.goto("about:blank")  # a fresh load: only the #fragment would differ otherwise
        page.goto(f"/reset-password#token={token}")
        page.get_by_label("New password").fill(attempt)
        page.get_by_label("Type it again").fill(attempt)
        page.get_by_role("button", name="Save my new password").click()
        if attempt == NEW_PASSWORD:
            # Wait for the first answer: leaving the page sooner would cancel its request.
            expect(page.get_by_role("heading", name="Your new password is set")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("has already been used")
    page.get_by_role("link", name="Ask for a new link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forgot your password?")


def test_the_page_without_a_link_explains_where_to_get_one(page):
    page.goto("/reset-password")
    expect(page.get_by_role("main")).to_contain_text("needs the link from your email")
    expect(page.get_by_role("link", name="ask for a new one")).to_be_visible()
    # The confirm-change page is built on the same emailed-link scaffold.
    page.goto("/confirm-change")
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm a change to your account")
    expect(page.get_by_role("main")).to_contain_text("needs the link from your email")
    expect(page.get_by_role("button", name="Confirm the change")).to_have_count(0)
