"""The daily path, in the browser, as a teacher on a desktop and a student on a phone: fix a
mistyped action, replace and delete evidence (its file gone from storage), reply to a coach's
comment on one piece of evidence (the coach is told at once), open My work. axe checks each
screen on the way."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import DESKTOP, PHONE, WAIT_MS, assert_accessible
from tests.e2e.through_api import api_as, in_days

PASSWORD = "demo-password"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def signed_in(browser, live_server, login, viewport):
    context = browser.new_context(
        base_url=live_server,
        viewport=viewport,
        is_mobile=viewport == PHONE,
        has_touch=viewport == PHONE,
    )
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.goto("/sign-in")
    page.get_by_label("Email or username").fill(login)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", level=1, name="Your teams").wait_for()
    return context, page


def stored_files(e2e_app) -> set[str]:
    root = Path(e2e_app.config["STORAGE_ROOT"])
    return {str(p) for p in root.rglob("*") if p.is_file() and ".incoming" not in p.parts}


@pytest.fixture()
def cycle(browser, live_server):
    """A cycle in its action phase, Sam facilitating, with an action typed in a hurry."""
    with api_as(browser, live_server, "teacher@maple.example", PASSWORD) as teacher:
        team = teacher.team_id("Grade 7 Science")
        sam = teacher.user_id(team, "Sam Student")
        leo = teacher.user_id(team, "Leo Martin")
        puzzle = teacher.post(f"/teams/{team}/puzzles", {"question": "How might goals stick?"})
        cycle = teacher.post(f"/puzzles/{puzzle['id']}/cycles", {"facilitator_ids": [sam]})["id"]
        teacher.move(cycle, "start_evidence")
        teacher.post(
            f"/cycles/{cycle}/actions",
            {"title": "Chek goals on Fridy", "owner_id": leo, "due_on": in_days(2)},
        )
    return cycle


def test_a_teacher_fixes_a_mistyped_action_on_a_desktop(browser, live_server, cycle):
    context, page = signed_in(browser, live_server, "teacher@maple.example", DESKTOP)
    try:
        page.goto(f"/cycles/{cycle}")
        plan = page.get_by_role("region", name="Action plan")
        plan.get_by_role("button", name="Change “Chek goals on Fridy”").click()
        form = plan.get_by_role("form", name="Change “Chek goals on Fridy”")
        form.get_by_label("What will we try?").fill("Check goals on Friday")
        form.get_by_label("Owner").select_option(label="Priya Shah (Student)")
        due = in_days(9)
        form.get_by_label("Due date").fill(due)
        assert_accessible(page, where="the action's form, desktop")
        form.get_by_role("button", name="Save changes").click()
        card = plan.locator(".action-card").filter(has_text="Check goals on Friday")
        expect(card).to_contain_text("Priya Shah")
        expect(page.locator("#status")).to_contain_text("saved")
        history = page.get_by_role("region", name="History")
        expect(history).to_contain_text("gave “Check goals on Friday” to Priya Shah")
        expect(history).to_contain_text(
            re.compile(r"moved the due date of “Check goals on Friday” to \d+ \w+")
        )
        # A date already past is refused on the page, and nothing changes.
        plan.get_by_role("button", name="Change “Check goals on Friday”").click()
        form = plan.get_by_role("form", name="Change “Check goals on Friday”")
        form.get_by_label("Due date").fill(in_days(-3))
        form.get_by_role("button", name="Save changes").click()
        expect(form.locator(".error-summary")).to_contain_text("already passed")
        page.screenshot(path="/tmp/daily-teacher-action.png", full_page=False)
        assert_accessible(page, where="the refused date, desktop")
    finally:
        context.close()


def test_a_student_replaces_and_deletes_evidence_on_a_phone(browser, live_server, e2e_app, cycle):
    with api_as(browser, live_server, "sam", PASSWORD) as sam:
        response = sam.request.post(
            f"/api/v1/cycles/{cycle}/evidence",
            multipart={
                "file": {"name": "wrong-photo.png", "mimeType": "image/png", "buffer": PNG},
                "title": "Our goal cards",
            },
            headers={"X-CSRF-Token": sam.csrf_token},
        )
        assert response.status == 201, response.text()
    before = stored_files(e2e_app)
    context, page = signed_in(browser, live_server, "sam", PHONE)
    try:
        page.goto(f"/cycles/{cycle}")
        collected = page.get_by_role("region", name="What we collected")
        collected.get_by_role("button", name="Change “Our goal cards”").click()
        form = collected.get_by_role("form", name="Change “Our goal cards”")
        form.get_by_label("Put another file in its place (optional)").set_input_files(
            {"name": "right-cards.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        assert_accessible(page, where="the evidence form, phone")
        form.get_by_role("button", name="Save changes").click()
        expect(collected).to_contain_text("Download right-cards.pdf")
        after_replace = stored_files(e2e_app)
        assert len(after_replace) == len(before)  # the old file's bytes went
        assert after_replace != before
        collected.get_by_role("button", name="Delete “Our goal cards”").click()
        dialog = page.get_by_role("dialog", name="Delete “Our goal cards”?")
        expect(dialog).to_contain_text("file is deleted from storage too")
        assert_accessible(page, where="the delete dialog, phone")
        dialog.get_by_role("button", name="Delete the evidence").click()
        expect(collected).not_to_contain_text("Our goal cards")
        assert len(stored_files(e2e_app)) == len(before) - 1
        assert_accessible(page, where="the cycle after deleting, phone")
    finally:
        context.close()


def test_a_student_replies_to_a_coach_on_one_piece_of_evidence(browser, live_server, cycle):
    with api_as(browser, live_server, "sam", PASSWORD) as sam:
        evidence = sam.post(
            f"/cycles/{cycle}/evidence",
            {"title": "Exit tickets, week 2", "text": "Most wrote a goal."},
        )
    with api_as(browser, live_server, "coach@maple.example", PASSWORD) as coach:
        coach.post(
            f"/cycles/{cycle}/comments",
            {"body": "Which goals were hardest?", "evidence_id": evidence["id"]},
        )
        unread_before = coach.get("/me/notifications/unread-count")["count"]
    context, page = signed_in(browser, live_server, "sam", PHONE)
    try:
        # Sam was told at once; the notice leads to the comment.
        page.goto("/notifications")
        expect(page.get_by_role("main")).to_contain_text(
            "Casey Coach, your coach, commented on “Exit tickets, week 2”"
        )
        page.goto(f"/cycles/{cycle}")
        talk = page.get_by_role("region", name="Talk about it")
        comment = talk.locator(".comment").filter(has_text="Which goals were hardest?")
        expect(comment).to_contain_text("On “Exit tickets, week 2”")
        comment.get_by_role("button", name="Reply to Casey Coach").click()
        comment.get_by_label("Your reply to Casey Coach").fill("Goals about homework.")
        assert_accessible(page, where="the reply form, phone")
        comment.get_by_role("button", name="Post reply").click()
        expect(talk.locator(".comments--replies")).to_contain_text("Goals about homework.")
        page.screenshot(path="/tmp/daily-student-reply.png", full_page=False)
    finally:
        context.close()
    with api_as(browser, live_server, "coach@maple.example", PASSWORD) as coach:
        assert coach.get("/me/notifications/unread-count")["count"] == unread_before + 1
        newest = coach.get("/me/notifications")[0]
        assert newest["title"] == "Sam Student replied to your comment"


@pytest.mark.parametrize(
    ("login", "viewport"), [("sam", PHONE), ("teacher@maple.example", DESKTOP)]
)
def test_my_work_lists_what_waits_for_me(browser, live_server, cycle, login, viewport):
    with api_as(browser, live_server, "teacher@maple.example", PASSWORD) as teacher:
        team = teacher.team_id("Grade 7 Science")
        me = teacher.get("/me")["id"] if login != "sam" else teacher.user_id(team, "Sam Student")
        teacher.post(
            f"/cycles/{cycle}/actions",
            {"title": f"Bring the goal cards ({login})", "owner_id": me, "due_on": in_days(1)},
        )
    context, page = signed_in(browser, live_server, login, viewport)
    try:
        if login == "sam":  # a student's home shows what waits for them first
            expect(page.get_by_role("region", name="Waiting for you")).to_contain_text(
                "Bring the goal cards (sam)"
            )
        page.get_by_role("banner").get_by_role("link", name="My work").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("My work")
        actions = page.get_by_role("region", name="Things I said I'd do")
        expect(actions).to_contain_text(f"Bring the goal cards ({login})")
        if login == "sam":
            expect(page.get_by_role("region", name="Cycles I help run")).to_contain_text(
                "How might goals stick?"
            )
        assert_accessible(page, where=f"My work as {login}")
        actions.get_by_role("link", name=f"Bring the goal cards ({login})").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("How might goals stick?")
    finally:
        context.close()


def test_a_teacher_comments_on_one_analysis_note(browser, live_server, cycle):
    with api_as(browser, live_server, "teacher@maple.example", PASSWORD) as teacher:
        teacher.post(f"/cycles/{cycle}/evidence", {"title": "Goal cards", "text": "Half kept."})
        teacher.move(cycle, "start_analysis")
        note = teacher.post(
            f"/cycles/{cycle}/notes",
            {"kind": "observation", "body": "Goals written on Monday are forgotten by Friday."},
        )
    context, page = signed_in(browser, live_server, "teacher@maple.example", DESKTOP)
    try:
        page.goto(f"/cycles/{cycle}")
        talk = page.get_by_role("region", name="Comments")
        about = talk.get_by_label("About")
        expect(about.locator("option", has_text="Note: Goals written on Monday")).to_have_count(1)
        about.select_option(label="Note: Goals written on Monday are forgotten by Friday.")
        talk.get_by_label("Add a comment").fill("Could we check on Wednesday too?")
        talk.get_by_role("button", name="Post comment").click()
        comment = talk.locator(".comment").filter(has_text="Could we check on Wednesday too?")
        expect(comment).to_contain_text("On the note “Goals written on Monday are forgotten by")
        expect(comment.get_by_role("link", name=re.compile("^On the note"))).to_have_attribute(
            "href", f"#note-{note['id']}"
        )
        assert_accessible(page, where="a comment about a note, desktop")
        comment.screenshot(path="/work/notes/shots/daily2/comment-on-note.png")
    finally:
        context.close()
    with api_as(browser, live_server, "teacher@maple.example", PASSWORD) as teacher:
        comments = teacher.get(f"/cycles/{cycle}/comments")
        posted = next(c for c in comments if c["body"] == "Could we check on Wednesday too?")
        assert posted["note_id"] == note["id"]
        assert posted["evidence_id"] is None


def test_a_change_someone_else_made_first_is_shown_in_the_form_not_overwritten(
    browser, live_server, cycle
):
    context, page = signed_in(browser, live_server, "teacher@maple.example", DESKTOP)
    try:
        page.goto(f"/cycles/{cycle}")
        plan = page.get_by_role("region", name="Action plan")
        plan.get_by_role("button", name="Change “Chek goals on Fridy”").click()
        form = plan.get_by_role("form", name="Change “Chek goals on Fridy”")
        form.get_by_label("What will we try?").fill("Check goals on Friday")
        # The same teacher, in another tab, fixes it first.
        with api_as(browser, live_server, "teacher@maple.example", PASSWORD) as other_tab:
            actions = other_tab.get(f"/cycles/{cycle}/actions")
            action = next(a for a in actions if "Fridy" in a["title"])
            other_tab.send(
                "PATCH",
                f"/actions/{action['id']}",
                {"title": "Check goals every Friday"},
                headers={"If-Match": f'"{action["updated_at"]}"'},
            )
        form.get_by_role("button", name="Save changes").click()
        theirs = plan.get_by_role("form", name="Change “Check goals every Friday”")
        expect(theirs.get_by_role("alert")).to_contain_text("Here is their version")
        expect(theirs.get_by_label("What will we try?")).to_have_value("Check goals every Friday")
        expect(theirs.get_by_role("button", name="Save changes")).to_be_enabled()
        assert_accessible(page, where="a stale change, desktop")
    finally:
        context.close()
