"""Your account page: your name and email, your password, sign out everywhere; the emailed
link that confirms a change. By label and keyboard, at desktop and phone sizes."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, select

from api.auth.service import set_password
from api.db import utcnow
from api.extensions import db
from api.users.models import IdentityChange, User
from tests.e2e.axe import DESKTOP, PHONE, assert_accessible

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


SHOTS = Path("/work/notes/shots/security")


def shoot(page, name: str) -> None:
    """Desktop and phone screenshots, each checked by axe and for sideways scrolling."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for size, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        assert_accessible(page, where=f"{name} ({size})")
        page.screenshot(path=str(SHOTS / f"{name}-{size}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


@pytest.fixture
def morgan_identity(e2e_app, morgan):
    """Morgan's name and email, put back (and waiting changes dropped) afterwards."""
    yield morgan
    with e2e_app.app_context():
        user = db.session.scalar(select(User).where(User.email.in_([LOGIN, NEW_EMAIL])))
        user.display_name, user.email = "Morgan Reyes", LOGIN
        db.session.execute(delete(IdentityChange).where(IdentityChange.user_id == user.id))
        db.session.commit()


NEW_EMAIL = "morgan.reyes@maple.example"


def test_a_person_changes_their_name_and_asks_for_a_new_email(
    e2e_app, morgan_identity, page, sign_in, demo_password
):
    sign_in(morgan_identity)
    page.goto("/account")
    page.get_by_label("Your name", exact=True).fill("Morgan R.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#status")).to_contain_text("Your name is changed")
    expect(page.get_by_role("link", name="Morgan R.")).to_be_visible()

    page.get_by_label("Email", exact=True).fill(NEW_EMAIL)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter your password")
    page.get_by_label("Your password (to change your email)").fill(demo_password)
    page.get_by_label("Your password (to change your email)").press("Enter")
    expect(page.locator("#status")).to_contain_text(f"We've sent a link to {NEW_EMAIL}")
    expect(page.locator("#identity-pending")).to_contain_text("waiting for you to open the link")
    expect(page.get_by_label("Email", exact=True)).to_have_value(LOGIN)
    shoot(page, "account-identity")
    with e2e_app.app_context():
        user = db.session.scalar(select(User).where(User.email == LOGIN))
        assert user.display_name == "Morgan R."  # the email waits for its link


def test_the_emailed_link_confirms_a_change_only_when_the_person_presses_the_button(
    e2e_app, morgan_identity, page
):
    secret = "e2e-" + "x" * 40
    with e2e_app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.email == LOGIN))
        db.session.add(
            IdentityChange(
                user_id=user_id,
                field="email",
                new_value=NEW_EMAIL,
                step="address",
                token_hash=hashlib.sha256(secret.encode()).hexdigest(),
                expires_at=utcnow() + timedelta(hours=1),
            )
        )
        db.session.commit()
    page.goto(f"/confirm-change#token={secret}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm a change to your account")
    assert "token" not in page.url  # out of the address bar and the history
    shoot(page, "confirm-change")
    with e2e_app.app_context():
        assert db.session.scalar(select(User.email).where(User.id == user_id)) == LOGIN
    page.get_by_role("button", name="Confirm the change").click()
    expect(page.get_by_role("heading", name="Confirmed")).to_be_focused()
    expect(page.get_by_text("Your email address is changed")).to_be_visible()
    shoot(page, "confirm-change-done")
    with e2e_app.app_context():
        assert db.session.scalar(select(User.email).where(User.id == user_id)) == NEW_EMAIL
