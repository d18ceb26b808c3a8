"""A teacher manages a team's people on the team page."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.through_api import api_as

PASSWORD = "demo-password"
SHOTS = "/work/notes/shots/daily2"


def open_team(sign_in, name: str):
    page = sign_in("teacher@maple.example")
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    return page


def test_teacher_adds_changes_and_removes_a_member(sign_in):
    page = open_team(sign_in, "Grade 7 Science")
    form = page.get_by_role("region", name="Add a member")
    students = page.get_by_role("region", name=re.compile("^Students"))
    teachers = page.get_by_role("region", name=re.compile("^Teachers"))
    people = form.get_by_role("group", name="Choose a person")
    # The page's second request lists the school's people; a click before it lands races the redraw.
    expect(people.get_by_role("radio").first).to_be_visible()

    # Nothing chosen yet: the form says what to do, next to the list and in a summary.
    form.get_by_role("button", name="Add to team").click()
    expect(form.get_by_role("alert")).to_be_focused()
    expect(form.get_by_role("alert")).to_contain_text("Choose the person to add.")

    form.get_by_label("Find a person").fill("ava")
    expect(people.get_by_role("radio")).to_have_count(1)
    form.get_by_role("radio", name=re.compile("Ava Chen")).check()
    form.get_by_role("radio", name="Student").check()
    form.get_by_role("button", name="Add to team").click()

    expect(page.get_by_role("status").first).to_contain_text("Ava Chen added as a student.")
    expect(students).to_contain_text("Ava Chen")
    expect(form.get_by_role("alert")).to_have_count(0)
    expect(form.get_by_role("radio", name=re.compile("Ava Chen"))).to_be_disabled()

    students.get_by_role("button", name="Make teacher (Ava Chen)").click()
    expect(teachers).to_contain_text("Ava Chen")
    expect(students).not_to_contain_text("Ava Chen")
    expect(page.get_by_role("button", name="Make student (Ava Chen)")).to_be_focused()

    # Removing asks first; Cancel keeps the person.
    teachers.get_by_role("button", name="Remove Ava Chen from the team").click()
    dialog = page.get_by_role("dialog", name="Remove Ava Chen?")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Cancel")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(teachers).to_contain_text("Ava Chen")

    teachers.get_by_role("button", name="Remove Ava Chen from the team").click()
    dialog.get_by_role("button", name="Remove", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("Ava Chen was taken off the team.")
    expect(teachers).not_to_contain_text("Ava Chen")
    expect(teachers.get_by_role("listitem")).to_have_count(2)


def test_a_search_that_finds_no_one_says_so(sign_in):
    page = open_team(sign_in, "Grade 8 Writing")
    form = page.get_by_role("region", name="Add a member")

    form.get_by_label("Find a person").fill("zzz-nobody")
    form.get_by_label("Find a person").press("Enter")

    expect(form).to_contain_text("No one in your school matches “zzz-nobody”.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Grade 8 Writing")


def test_text_from_people_is_shown_as_text_never_as_markup(sign_in):
    page = open_team(sign_in, "Grade 8 Writing")
    team_path = page.url.split("/teams/", 1)[1]
    markup = '<img src=x onerror="window.injected=1"><b>Bold?</b>'
    change = """async ([id, description]) => {
        const api = await import('/js/api.js');
        await api.patch('/teams/' + id, { description });
    }"""
    page.evaluate(change, [team_path, markup])
    try:
        page.reload()
        expect(page.get_by_role("heading", level=1)).to_have_text("Grade 8 Writing")
        expect(page.get_by_role("main")).to_contain_text(markup)
        expect(page.locator("main img")).to_have_count(0)
        assert page.evaluate("window.injected") is None
    finally:
        page.evaluate(change, [team_path, "Our inquiry team for this year."])


def test_a_teacher_is_warned_before_stepping_down_and_cannot_leave_a_team_teacherless(
    browser, live_server, sign_in
):
    with api_as(browser, live_server, "admin@maple.example", PASSWORD) as admin:
        science = admin.team_id("Grade 7 Science")
        org_id = admin.get(f"/teams/{science}")["organization_id"]
        team = admin.post(f"/organizations/{org_id}/teams", {"name": "Art club"})
        for name in ("Taylor Teacher", "Morgan Reyes"):
            user_id = admin.user_id(science, name)
            admin.post(f"/teams/{team['id']}/members", {"user_id": user_id, "role": "teacher"})
    page = open_team(sign_in, "Art club")
    teachers = page.get_by_role("region", name=re.compile("^Teachers"))

    # Stepping down asks first and says the way back; Cancel changes nothing.
    teachers.get_by_role("button", name="Make student (Taylor Teacher)").click()
    dialog = page.get_by_role("dialog", name="Stop being a teacher of Art club?")
    expect(dialog).to_contain_text("another teacher or an admin can make you a teacher again")
    page.screenshot(path=f"{SHOTS}/team-step-down-warning.png")
    dialog.get_by_role("button", name="Cancel").click()
    expect(teachers).to_contain_text("Taylor Teacher")

    # Leaving asks too.
    teachers.get_by_role("button", name="Remove Taylor Teacher from the team").click()
    dialog = page.get_by_role("dialog", name="Leave Art club?")
    expect(dialog).to_contain_text("another teacher or an admin can add you again")
    dialog.get_by_role("button", name="Cancel").click()

    # With Morgan gone, Taylor is the last teacher: the page says why nothing changed.
    teachers.get_by_role("button", name="Remove Morgan Reyes from the team").click()
    page.get_by_role("dialog", name="Remove Morgan Reyes?").get_by_role(
        "button", name="Remove", exact=True
    ).click()
    expect(teachers).not_to_contain_text("Morgan Reyes")
    teachers.get_by_role("button", name="Make student (Taylor Teacher)").click()
    page.get_by_role("dialog").get_by_role("button", name="Make me a student").click()
    expect(teachers.get_by_role("alert")).to_contain_text("Make someone else a teacher first")
    expect(teachers).to_contain_text("Taylor Teacher")
    expect(page.get_by_text("You: Teacher")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    teachers.get_by_role("alert").scroll_into_view_if_needed()
    page.screenshot(path=f"{SHOTS}/team-last-teacher-phone.png")
