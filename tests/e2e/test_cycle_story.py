"""A whole inquiry cycle through the pages, led by a student facilitator; the team page's
puzzles and board; the meeting timer; and what a coach sees."""

from __future__ import annotations

import re
import struct
import zlib

from playwright.sync_api import expect


def small_png(size: int = 24) -> bytes:
    """A real PNG (a blue square), built by hand so the test needs no image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + b"\x1f\x5f\xa8" * size
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * size))
        + chunk(b"IEND", b"")
    )


def role_of(page, term: str):
    """The value next to a term in the cycle header ("Facilitators" → "Sam Student")."""
    return (
        page.locator(".cycle-roles div").filter(has=page.locator("dt", has_text=term)).locator("dd")
    )


def status(page):
    return page.locator("#status")


def test_student_facilitator_takes_a_cycle_from_draft_to_the_next_cycle(sign_in, seed_cycle):
    question = "How might we help students give each other useful feedback?"
    cycle_id = seed_cycle(question, facilitators=("sam",))
    page = sign_in("sam")
    page.goto(f"/cycles/{cycle_id}")

    expect(page.get_by_role("heading", level=1)).to_have_text(question)
    expect(role_of(page, "Facilitators")).to_have_text("Sam Student")
    expect(page.get_by_role("heading", name="Now: Draft")).to_be_visible()
    expect(page.locator(".phases [aria-current=step]")).to_contain_text("Draft")
    moves = page.get_by_role("region", name="Move the cycle")

    # Draft → Evidence.
    moves.get_by_role("button", name="Start collecting evidence").click()
    expect(page.get_by_role("heading", name="Now: Evidence")).to_be_focused()
    expect(status(page)).to_have_text("Moved to Evidence.")

    # The next move is blocked, says why in visible text, and stays reachable by keyboard.
    blocked = moves.get_by_role("button", name="Move to analysis")
    expect(blocked).to_have_attribute("aria-disabled", "true")
    expect(blocked).to_have_accessible_description(
        re.compile("Add at least one piece of evidence before you move to analysis")
    )
    expect(moves.locator(".move__why")).to_contain_text("Add at least one piece of evidence")
    blocked.focus()
    expect(blocked).to_be_focused()
    blocked.press("Enter")
    expect(page.get_by_role("heading", name="Now: Evidence")).to_be_visible()

    # Upload a PNG through the file input: a progress bar, then a preview.
    evidence = page.get_by_role("region", name="What we collected")
    evidence.get_by_label("Files to upload").set_input_files(
        files=[{"name": "exit-tickets.png", "mimeType": "image/png", "buffer": small_png()}]
    )
    expect(evidence).to_contain_text("Ready to upload: exit-tickets.png")
    expect(evidence.get_by_label("Kind of evidence")).to_have_value("photo")
    evidence.get_by_label("Title (optional)").fill("Exit tickets, period 3")
    evidence.get_by_label("Tags (optional)").fill("period 3, feedback")
    evidence.get_by_role("button", name="Upload evidence").click()
    upload = evidence.locator(".upload").first
    expect(upload).to_contain_text("Uploaded")
    expect(upload.locator("progress")).to_have_attribute("value", "1")
    expect(status(page)).to_have_text("1 file uploaded.")
    item = evidence.locator(".evidence-item", has_text="Exit tickets, period 3")
    expect(item).to_contain_text("Photo")
    expect(item.get_by_role("list", name="Tags")).to_contain_text("period 3")
    preview = item.get_by_role("img", name="Preview of Exit tickets, period 3")
    expect(preview).to_be_visible()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth === 24", arg=preview.element_handle()
    )

    # A written piece of evidence.
    evidence.get_by_label("Write it down").check()
    evidence.get_by_label("Title", exact=True).fill("Peer feedback, Tuesday")
    evidence.get_by_label("What did you see, hear or collect?").fill(
        "Most comments said “good job” without saying what was good."
    )
    evidence.get_by_role("button", name="Add evidence").click()
    expect(status(page)).to_have_text("Evidence “Peer feedback, Tuesday” added.")
    expect(evidence.locator(".evidence-item")).to_have_count(2)
    expect(evidence).to_contain_text("Most comments said “good job”")

    # Filter by kind.
    evidence.get_by_label("Show").select_option("photo")
    expect(evidence.locator(".evidence-item")).to_have_count(1)
    evidence.get_by_label("Show").select_option("")
    expect(evidence.locator(".evidence-item")).to_have_count(2)

    # Evidence → Analysis: a note citing the photo.
    go = moves.get_by_role("button", name="Move to analysis")
    expect(go).not_to_have_attribute("aria-disabled", "true")
    go.click()
    expect(page.get_by_role("heading", name="Now: Analysis")).to_be_focused()
    analysis = page.get_by_role("region", name="What did we notice?")
    expect(analysis.get_by_role("heading", name="Guiding questions")).to_be_visible()
    analysis.get_by_label("Kind of note").select_option("pattern")
    analysis.get_by_label("Note", exact=True).fill("Feedback names effort, rarely the work.")
    analysis.get_by_role("checkbox", name=re.compile("Exit tickets, period 3")).check()
    analysis.get_by_role("button", name="Add note").click()
    note = analysis.locator(".note").first
    expect(note).to_contain_text("Something that keeps happening")
    expect(note).to_contain_text("Feedback names effort, rarely the work.")
    expect(note).to_contain_text("Rests on:")
    expect(note).to_contain_text("Exit tickets, period 3")

    # Analysis → Action: an action owned by a student, with a due date.
    moves.get_by_role("button", name="Plan action").click()
    expect(page.get_by_role("heading", name="Now: Action")).to_be_focused()
    actions = page.get_by_role("region", name="What we'll try")
    actions.get_by_label("What will we try?", exact=True).fill("Use a feedback sentence starter")
    actions.get_by_label("Who does it").select_option(label="Priya Shah (Student)")
    actions.get_by_label("Do it by").fill("2031-05-01")
    actions.get_by_label("How will we know it worked?").fill("Half the comments name a strength")
    actions.get_by_role("button", name="Add action").click()
    row = actions.locator(".action-card").filter(has_text="Use a feedback sentence starter")
    expect(row).to_contain_text("Priya Shah")
    expect(row).to_contain_text("2031")

    # Action → Reflection → Closed.
    moves.get_by_role("button", name="Reflect on the actions").click()
    expect(page.get_by_role("heading", name="Now: Reflection")).to_be_focused()
    close = moves.get_by_role("button", name="Close the cycle")
    expect(close).to_have_accessible_description(re.compile("Write a reflection"))
    reflection = page.get_by_role("region", name="How did it go?")
    reflection.get_by_label("What happened when we tried our actions?").fill(
        "Students used the starters; comments got more specific."
    )
    reflection.get_by_label("Keep going with another cycle").check()
    reflection.get_by_role("button", name="Save reflection").click()
    expect(status(page)).to_have_text("Reflection saved.")
    expect(reflection).to_contain_text("comments got more specific")
    expect(close).not_to_have_attribute("aria-disabled", "true")

    # Deleting it asks first; then the close is blocked again until it is written again.
    reflection.get_by_role("button", name="Delete the reflection").click()
    dialog = page.get_by_role("dialog", name="Delete the reflection?")
    dialog.get_by_role("button", name="Keep it").click()
    expect(reflection).to_contain_text("comments got more specific")
    reflection.get_by_role("button", name="Delete the reflection").click()
    dialog.get_by_role("button", name="Delete the reflection").click()
    expect(status(page)).to_have_text("Reflection deleted.")
    expect(reflection).to_contain_text("No reflection yet.")
    expect(close).to_have_attribute("aria-disabled", "true")
    expect(page.get_by_role("region", name="What happened so far")).to_contain_text(
        "deleted the reflection on cycle 1"
    )
    reflection.get_by_label("What happened when we tried our actions?").fill(
        "Students used the starters; comments got more specific."
    )
    reflection.get_by_role("button", name="Save reflection").click()
    expect(status(page)).to_have_text("Reflection saved.")
    expect(close).not_to_have_attribute("aria-disabled", "true")
    close.click()
    expect(page.get_by_role("heading", name="Now: Closed")).to_be_focused()
    expect(moves).to_contain_text("This cycle has ended")
    expect(page.get_by_role("heading", name="Add evidence")).to_have_count(0)
    history = page.get_by_role("region", name="What happened so far")
    expect(history).to_contain_text("Sam Student moved it from Reflection to Closed")

    # And on to the next cycle of the same puzzle.
    moves.get_by_role("button", name="Start the next cycle").click()
    expect(page.locator(".eyebrow")).to_have_text("Cycle 2")
    expect(page.get_by_role("heading", level=1)).to_have_text(question)
    expect(page.get_by_role("heading", name="Now: Draft")).to_be_visible()
    expect(page.get_by_role("region", name="What we'll try")).to_contain_text(
        "Use a feedback sentence starter"
    )


def test_teacher_adopts_a_starter_and_starts_a_cycle_a_student_facilitates(sign_in):
    page = sign_in("teacher@maple.example")
    page.get_by_role("link", name="Grade 8 Writing").click()
    expect(page.get_by_role("heading", name="Cycles by phase")).to_be_visible()
    for column in ("Draft", "Evidence", "Analysis", "Action", "Reflection"):
        expect(
            page.get_by_role("region", name=re.compile(f"^{column} \\(\\d+\\)$"))
        ).to_be_visible()

    page.get_by_text("Adopt a starter puzzle", exact=True).click()
    page.get_by_role("button", name=re.compile("^Adopt .*set goals")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("set goals")
    expect(status(page)).to_contain_text("Puzzle adopted")

    start = page.get_by_role("region", name="Start a cycle")
    start.get_by_role("checkbox", name=re.compile("Ava Chen")).check()
    start.get_by_label("Timekeeper (optional)").select_option(label="Noah Brown (Student)")
    start.get_by_label("Evidence collected by").fill("2031-02-01")
    start.get_by_role("button", name="Start the cycle").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("set goals")
    expect(role_of(page, "Facilitators")).to_have_text("Ava Chen")
    expect(role_of(page, "Timekeeper")).to_have_text("Noah Brown")

    # A second student facilitates too (a change to the cycle, sent with If-Match).
    page.get_by_text("Change facilitators, roles and due dates").click()
    setup = page.locator("#cycle-setup-form")
    expect(setup.get_by_role("checkbox", name=re.compile("Ava Chen"))).to_be_checked()
    expect(setup.get_by_label("Evidence collected by")).to_have_value("2031-02-01")
    setup.get_by_role("checkbox", name=re.compile("Mia Garcia")).check()
    setup.get_by_role("button", name="Save roles and dates").click()
    expect(status(page)).to_have_text("Roles and due dates saved.")
    expect(role_of(page, "Facilitators")).to_have_text(
        re.compile("Ava Chen, Mia Garcia|Mia Garcia, Ava Chen")
    )

    # The team's board shows the new cycle in its Draft column, linking to it.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name="Grade 8 Writing"
    ).click()
    draft = page.get_by_role("region", name=re.compile(r"^Draft \(\d+\)$"))
    card = draft.get_by_role("link", name=re.compile("Cycle 1.*set goals"))
    expect(card).to_be_visible()
    expect(draft).to_contain_text("Facilitated by Ava Chen")
    card.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("set goals")


def test_meeting_view_shows_one_step_at_a_time_with_a_countdown(sign_in, seed_cycle):
    cycle_id = seed_cycle("How might we make exit tickets more useful?", facilitators=("sam",))
    page = sign_in("sam")
    page.clock.install()  # runs at normal speed until the test skips ahead
    page.goto(f"/cycles/{cycle_id}")
    page.get_by_role("link", name="Run a meeting for this phase").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Meeting: Get ready")
    step = page.locator(".meeting__step")  # the current step's heading
    page.get_by_label("Steps for").select_option("evidence")
    expect(step).to_have_text("Share the evidence we collected")
    expect(page.locator(".meeting__count")).to_have_text("Step 1 of 3 · 5 min")
    timer = page.get_by_role("timer")
    expect(timer).to_have_text("05:00")

    page.get_by_role("button", name="Start timer").click()
    expect(timer).to_have_text(re.compile(r"^04:5\d$"), timeout=3000)
    page.get_by_role("button", name="Pause timer").click()
    paused = timer.text_content()
    page.wait_for_timeout(1200)
    expect(timer).to_have_text(paused)
    expect(page.locator("[data-live]")).to_contain_text("Paused with 4 minutes")

    page.get_by_role("button", name="Next step →").click()
    expect(step).to_have_text("What do we notice?")
    expect(timer).to_have_text("10:00")
    expect(page.locator("[data-live]")).to_have_text("Step 2 of 3: What do we notice?. 10 minutes.")
    # The keyboard alone: N for the next step, P to go back, R to reset.
    page.keyboard.press("n")
    expect(step).to_have_text("What's missing?")
    expect(page.get_by_role("button", name="Next step →")).to_be_disabled()
    page.keyboard.press("p")
    expect(step).to_have_text("What do we notice?")

    # Space starts the timer; when the time box runs out, the page says so, aloud too.
    step.click()  # focus off the buttons (Space on a button presses that button)
    expect(step).to_be_focused()
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="Pause timer")).to_be_visible()
    page.clock.fast_forward("10:01")
    expect(timer).to_have_text("00:00")
    expect(page.get_by_text("Time's up", exact=True)).to_be_visible()
    expect(page.locator("[data-live]")).to_have_text("Time's up for “What do we notice?”.")


def test_a_coach_reads_and_comments_but_does_not_add_work(sign_in, seed_cycle):
    cycle_id = seed_cycle("How might we help students co-lead our meetings?", facilitators=("sam",))
    page = sign_in("coach@maple.example")
    page.goto(f"/cycles/{cycle_id}")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "How might we help students co-lead our meetings?"
    )
    expect(role_of(page, "You")).to_have_text("Coach")
    moves = page.get_by_role("region", name="Move the cycle")
    expect(moves.get_by_role("button")).to_have_count(0)
    expect(moves).to_contain_text("facilitators and the team's teachers move it")
    for form in ("Add evidence", "Write a note", "Plan an action"):
        expect(page.get_by_role("heading", name=form)).to_have_count(0)

    comments = page.get_by_role("region", name="Comments")
    comments.get_by_label("Add a comment").fill("Lovely question. What will you collect first?")
    comments.get_by_role("button", name="Post comment").click()
    expect(status(page)).to_have_text("Comment posted.")
    expect(comments).to_contain_text("Casey Coach")
    expect(comments).to_contain_text("What will you collect first?")


def test_a_move_on_a_stale_page_reloads_the_cycle_and_says_why(sign_in, seed_cycle):
    cycle_id = seed_cycle("How might we use wait time well?", facilitators=("sam",))
    page = sign_in("teacher@maple.example")
    page.goto(f"/cycles/{cycle_id}")
    expect(page.get_by_role("heading", name="Now: Draft")).to_be_visible()

    # Someone else moves the cycle while this page is open.
    page.evaluate(
        """async (id) => {
            const api = await import('/js/api.js');
            const { etag } = await api.get('/cycles/' + id);
            await api.post('/cycles/' + id + '/transitions', { transition: 'start_evidence' },
                           { headers: { 'If-Match': etag } });
        }""",
        cycle_id,
    )
    page.get_by_role("button", name="Start collecting evidence").click()

    moves = page.get_by_role("region", name="Move the cycle")
    expect(moves.get_by_role("alert")).to_have_text(
        "Someone else just moved this cycle. We've reloaded it."
    )
    expect(page.get_by_role("heading", name="Now: Evidence")).to_be_visible()
    expect(moves.get_by_role("button", name="Move to analysis")).to_have_attribute(
        "aria-disabled", "true"
    )


def test_a_file_that_does_not_upload_is_named_by_the_file_input_and_the_others_still_go(
    sign_in, seed_cycle
):
    cycle_id = seed_cycle("How might we keep exit tickets short?", facilitators=("sam",))
    page = sign_in("teacher@maple.example")

    def refuse_the_big_one(route):
        if route.request.method == "POST" and b'filename="too-big.png"' in (
            route.request.post_data_buffer or b""
        ):
            route.fulfill(
                status=413,
                content_type="application/problem+json",
                body='{"title": "Payload Too Large", "status": 413, '
                '"detail": "That file is too large: 50 MB at most."}',
            )
        else:
            route.continue_()

    page.route("**/api/v1/cycles/*/evidence", refuse_the_big_one)
    page.goto(f"/cycles/{cycle_id}")
    page.get_by_role("button", name="Start collecting evidence").click()
    expect(page.get_by_role("heading", name="Now: Evidence")).to_be_visible()
    evidence = page.get_by_role("region", name="Evidence", exact=True)
    upload = evidence.get_by_role("button", name="Upload evidence")
    upload.click()
    expect(evidence.get_by_role("alert")).to_contain_text("Choose a file to upload")
    expect(evidence.get_by_label("Files to upload")).to_have_attribute("aria-invalid", "true")

    evidence.get_by_label("Files to upload").set_input_files(
        files=[
            {"name": "tickets.png", "mimeType": "image/png", "buffer": small_png()},
            {"name": "too-big.png", "mimeType": "image/png", "buffer": small_png(32)},
        ]
    )
    upload.click()
    expect(status(page)).to_have_text("1 file uploaded. 1 didn't upload.")
    summary = evidence.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("too-big.png: That file is too large: 50 MB at most.")
    expect(evidence.locator(".upload--failed")).to_contain_text("Not uploaded")
    expect(evidence.locator(".evidence-item")).to_have_count(1)
    expect(evidence.locator(".evidence-item")).to_contain_text("tickets")
    expect(upload).to_be_enabled()
    expect(upload).to_have_text("Upload evidence")
