"""Signing in through the real page, in Chromium, against the demo school."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def test_teacher_signs_in_and_sees_both_teams_then_a_teams_members(page, demo_password):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome back")

    page.get_by_label("Email or username").fill("teacher@maple.example")
    page.get_by_label("Password").fill(demo_password)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"/teams$"))
    expect(page).to_have_title("Your teams · Inquiry cycles")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your teams")
    expect(page.get_by_role("banner")).to_contain_text("Taylor Teacher")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    teams = page.get_by_role("main").get_by_role("listitem")
    expect(teams).to_have_count(2)
    expect(teams.nth(0)).to_contain_text("Grade 7 Science")
    expect(teams.nth(0)).to_contain_text("You: Teacher")
    expect(teams.nth(0)).to_contain_text("8 members")
    expect(teams.nth(1)).to_contain_text("Grade 8 Writing")

    page.get_by_role("link", name="Grade 7 Science").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Grade 7 Science")
    expect(page).to_have_title("Grade 7 Science · Inquiry cycles")
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    teachers = page.get_by_role("region", name=re.compile("^Teachers"))
    students = page.get_by_role("region", name=re.compile("^Students"))
    coaches = page.get_by_role("region", name=re.compile("^Coaches"))
    expect(teachers.get_by_role("listitem")).to_have_count(2)
    expect(teachers).to_contain_text("Taylor Teacher (you)")
    expect(teachers).to_contain_text("Morgan Reyes")
    expect(students.get_by_role("listitem")).to_have_count(6)
    for name in ("Sam Student", "Priya Shah", "Leo Martin"):
        expect(students).to_contain_text(name)
    expect(coaches).to_contain_text("Casey Coach")
    expect(page.get_by_role("heading", name="Add a member")).to_be_visible()


def test_student_sees_only_their_team_and_no_add_member_form(sign_in):
    page = sign_in("sam")

    expect(page.get_by_role("banner")).to_contain_text("Sam Student")
    # A student's home shows what waits for them first, then the list of their teams.
    teams = page.get_by_role("list", name="Your teams").get_by_role("listitem")
    expect(teams).to_have_count(1)
    expect(teams.first).to_contain_text("Grade 7 Science")
    expect(teams.first).to_contain_text("You: Student")
    expect(page.get_by_text("Grade 8 Writing")).to_have_count(0)

    teams.get_by_role("link", name="Grade 7 Science").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Grade 7 Science")
    expect(page.get_by_role("region", name=re.compile("^Students"))).to_contain_text(
        "Sam Student (you)"
    )
    expect(page.get_by_role("heading", name="Add a member")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^Remove"))).to_have_count(0)


def test_wrong_password_shows_a_friendly_error_and_stays_on_sign_in(page):
    page.goto("/sign-in")
    page.get_by_label("Email or username").fill("teacher@maple.example")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text(
        "That didn't work. Check your email or username and your password."
    )
    expect(summary).to_be_focused()
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome back")
    expect(page.get_by_role("button", name="Sign out")).to_be_hidden()


def test_empty_fields_are_explained_next_to_each_field(page):
    page.goto("/sign-in")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("alert")).to_be_focused()
    expect(page.get_by_role("alert")).to_contain_text("Enter your email or username.")
    expect(page.get_by_label("Email or username")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Password")).to_have_accessible_description(
        "Error: Enter your password."
    )


def test_sign_in_works_with_the_keyboard_alone(page, demo_password):
    page.goto("/sign-in")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome back")

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Inquiry cycles")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Email or username")).to_be_focused()
    page.keyboard.type("sam")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(demo_password)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Your teams")
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    expect(page.get_by_role("main")).to_contain_text("Grade 7 Science")

    # On to the team page with the keyboard too: Tab (past what waits for Sam) to its link.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Grade 7 Science":
            break
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Grade 7 Science")


def test_signing_out_returns_to_the_sign_in_page(sign_in):
    page = sign_in("teacher@maple.example")

    page.get_by_role("button", name="Sign out").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome back")
    expect(page.get_by_role("status")).to_contain_text("You're signed out")
    page.goto("/teams")
    expect(page).to_have_url(re.compile(r"/sign-in$"))


def test_a_signed_out_visitor_returns_to_the_page_they_asked_for(page, demo_password, sign_in):
    sign_in("teacher@maple.example")
    page.get_by_role("link", name="Grade 8 Writing").click()
    team_url = page.url
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome back")

    page.goto(team_url)
    expect(page).to_have_url(re.compile(r"/sign-in\?next="))
    page.get_by_label("Email or username").fill("teacher@maple.example")
    page.get_by_label("Password").fill(demo_password)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Grade 8 Writing")
    expect(page).to_have_url(team_url)


def test_unknown_page_and_unknown_team_are_friendly(sign_in):
    page = sign_in("sam")

    page.goto("/no/such/page")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page).to_have_title("Page not found · Inquiry cycles")
    page.get_by_role("link", name="Go to your teams").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your teams")

    page.goto("/teams/not-a-team")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_role("main")).to_contain_text("We couldn't find that team.")


def test_the_signed_in_message_moves_nothing_on_the_page(sign_in, phone, demo_password):
    """A message that pushed the page down would move a link away from a tap already on its
    way (an end-to-end test once clicked beside "Grade 8 Writing" that way)."""
    for screen in (sign_in("teacher@maple.example"), phone):
        if screen is phone:
            phone.goto("/sign-in")
            phone.get_by_label("Email or username").fill("teacher@maple.example")
            phone.get_by_label("Password").fill(demo_password)
            phone.get_by_role("button", name="Sign in").click()
            phone.get_by_role("heading", level=1, name="Your teams").wait_for()
        link = screen.get_by_role("link", name="Grade 8 Writing")
        before = link.bounding_box()
        expect(screen.get_by_role("status")).to_have_text("Signed in as Taylor Teacher.")
        assert link.bounding_box() == before
        # The message floats over the page's foot and lets taps through to what is beneath.
        box = screen.get_by_role("status").bounding_box()
        viewport = screen.viewport_size
        assert box["y"] + box["height"] <= viewport["height"]
        assert box["y"] > viewport["height"] / 2
        assert (
            screen.locator(".status-wrap").evaluate("wrap => getComputedStyle(wrap).pointerEvents")
            == "none"
        )
