"""Teacher–student relationships on a 390 px phone: a teacher runs a Two-by-Ten over ten
simulated school days with a holiday in the middle, tallies a lesson and records a repair; a
student fills their card; the coach sees counts only.

The school's "today" is moved by the test (api.calendar.days.school_today, read by the live
server in this process); screenshots go to E2E_SHOTS when it is set.
"""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, select

from api.calendar import days
from api.calendar.models import NonSchoolDay
from api.extensions import db
from api.organizations.models import Organization
from api.pulse.questions import ITEM_KEYS
from tests.e2e.axe import PHONE, assert_accessible
from tests.e2e.through_api import api_as

SHOTS = os.environ.get("E2E_SHOTS")
MONDAY = dt.date(2026, 11, 2)
HOLIDAY = dt.date(2026, 11, 11)


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.fixture
def school_days(e2e_app, monkeypatch):
    """Today at the school, moved by the test; a holiday on Wednesday 11 November."""
    today = {"day": MONDAY}
    monkeypatch.setattr(days, "school_today", lambda organization: today["day"])
    with e2e_app.app_context():
        organization = db.session.scalar(select(Organization).order_by(Organization.created_at))
        db.session.add(
            NonSchoolDay(
                organization_id=organization.id,
                name="Remembrance Day",
                starts_on=HOLIDAY,
                ends_on=HOLIDAY,
            )
        )
        db.session.commit()
    yield today
    with e2e_app.app_context():
        db.session.execute(delete(NonSchoolDay).where(NonSchoolDay.name == "Remembrance Day"))
        db.session.commit()


def sign_in(page, login: str, password: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email or username").fill(login)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", level=1, name="Your teams").wait_for()


def open_class(page, name: str = "Grade 7 Science") -> None:
    page.get_by_role("link", name=name).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def next_school_day(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while day.weekday() >= 5 or day == HOLIDAY:
        day += dt.timedelta(days=1)
    return day


def test_a_teacher_runs_a_two_by_ten_over_ten_school_days_with_a_holiday(
    phone, school_days, demo_password
):
    sign_in(phone, "teacher@maple.example", demo_password)
    open_class(phone)
    phone.get_by_role("link", name="My students").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("My students")
    expect(phone.get_by_text("Only you see this")).to_be_visible()
    shot(phone, "phone-teacher-my-students")
    assert_accessible(phone, where="My students")

    phone.get_by_role("link", name="Priya Shah").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Priya Shah")
    phone.get_by_role("radio", name=re.compile("^Establish")).check()
    phone.get_by_role("button", name="Save the stage").click()
    expect(phone.get_by_role("heading", name=re.compile("Stage: Establish"))).to_be_visible()
    phone.get_by_label("Kind of note").select_option("interest")
    phone.get_by_label("Note", exact=True).fill("Builds Lego robots with her sister")
    phone.get_by_role("button", name="Add the note").click()
    expect(phone.locator(".note-item", has_text="Lego robots")).to_be_visible()
    phone.get_by_label("Remind me each school day at").fill("08:15")
    phone.get_by_role("button", name="Start a Two-by-Ten").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Two-by-Ten with Priya Shah")
    expect(phone.locator(".day:not(.day--no_school)")).to_have_count(10)
    expect(phone.locator(".day--no_school")).to_contain_text("No school")  # the holiday
    shot(phone, "phone-teacher-two-by-ten-start")
    assert_accessible(phone, where="Two-by-Ten, day 1")

    day, done = MONDAY, 0
    while done < 10:
        if day == dt.date(2026, 11, 4) and done == 2:
            # Wednesday the 4th goes by without a tap: Thursday shows it and asks.
            day = school_days["day"] = next_school_day(day)
            phone.reload()
            expect(phone.get_by_role("heading", name="A school day was missed")).to_be_visible()
            shot(phone, "phone-teacher-two-by-ten-missed")
            phone.get_by_role("button", name="Carry on").click()
            expect(phone.get_by_role("heading", name="A school day was missed")).to_have_count(0)
        if done == 0:
            phone.get_by_label("What did you learn? (optional)").fill("Loves robots and chess")
        phone.get_by_role("button", name="Done for today").click()
        done += 1
        expect(phone.locator(".streak")).to_contain_text(f"{done} of 10")
        if done < 10:
            day = school_days["day"] = next_school_day(day)
            phone.reload()
            expect(phone.locator(".streak")).to_contain_text(f"{done} of 10")
        if day == dt.date(2026, 11, 12):
            # The holiday went by: it is not a missed day.
            expect(phone.get_by_role("heading", name="A school day was missed")).to_have_count(0)
            shot(phone, "phone-teacher-two-by-ten-after-holiday")
    expect(phone.get_by_role("heading", name="Ten days done: reflect")).to_be_visible()
    shot(phone, "phone-teacher-two-by-ten-ten-done")
    phone.get_by_label(re.compile("What did these days teach you")).fill(
        "She lights up about robots; she asks for help more now."
    )
    phone.get_by_label("Move the relationship to (optional)").select_option("maintain")
    phone.get_by_role("button", name="Finish the Two-by-Ten").click()
    expect(phone.get_by_role("heading", name="Completed")).to_be_visible()
    # The page is drawn again once the finish is saved: follow the link after that, not during.
    expect(phone.get_by_role("status")).to_contain_text("Two-by-Ten finished")
    breadcrumb = phone.get_by_role("navigation", name="Breadcrumb")
    breadcrumb.get_by_role("link", name="Priya Shah").click()
    expect(phone).to_have_url(re.compile(r"/my-students/[^/]+$"))
    expect(phone.get_by_role("heading", name=re.compile("Stage: Maintain"))).to_be_visible()
    shot(phone, "phone-teacher-my-student")
    assert_accessible(phone, where="a student's page")


def test_a_teacher_tallies_a_lesson_and_records_a_repair(phone, school_days, demo_password):
    sign_in(phone, "teacher@maple.example", demo_password)
    open_class(phone)
    phone.get_by_role("link", name="5:1 feedback tally").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("5:1 feedback")
    phone.get_by_role("textbox", name="Lesson").fill("Period 3")
    phone.get_by_role("button", name="Start counting").click()
    positive = phone.get_by_role("button", name=re.compile("Positive$"))
    for _ in range(6):
        positive.click()
    phone.get_by_role("button", name=re.compile("Corrective$")).click()
    phone.get_by_role("button", name="Take back a positive").click()
    expect(phone.locator(".tally__ratio")).to_have_text("5 : 1")
    shot(phone, "phone-teacher-tally")
    assert_accessible(phone, where="5:1 tally")
    phone.get_by_role("link", name="Done: see the chart").click()
    expect(phone.locator(".ratio-chart")).to_be_visible()
    expect(phone.locator(".ratio-table")).to_contain_text("5 : 1")
    shot(phone, "phone-teacher-ratio-chart")

    phone.get_by_role("link", name="My students").click()
    phone.get_by_role("link", name="Leo Martin").click()
    phone.get_by_label("What happened, in plain words").fill(
        "I told Leo off in front of the class for being late."
    )
    phone.get_by_role("button", name="Start a repair").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Repair with Leo Martin")
    phone.get_by_role("button", name="I'm sorry that I …").click()
    phone.get_by_label("Empathy statement").press_sequentially("spoke to you like that.")
    phone.get_by_label("The chance to repair you offered").fill("Talk at break, just us")
    phone.get_by_label("How Leo Martin responded").fill("Said the bus was late; we agreed a signal")
    phone.get_by_role("button", name="Save").click()
    expect(phone.get_by_role("status").first).to_contain_text("Repair saved.")
    shot(phone, "phone-teacher-repair")
    assert_accessible(phone, where="a repair")
    phone.get_by_role("button", name="Mark the repair done").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Leo Martin")
    expect(phone.get_by_role("heading", name=re.compile("Stage: Maintain"))).to_be_visible()
    expect(phone.locator(".history")).to_contain_text("a repair was done")


def test_a_student_fills_their_card_and_their_teacher_reads_it(
    phone, browser, live_server, demo_password
):
    sign_in(phone, "sam", demo_password)
    open_class(phone)
    phone.get_by_role("link", name="My get-to-know-me card").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("My get-to-know-me card")
    phone.get_by_label("Things I like and do").fill("Robots, chess, my dog Biscuit")
    phone.get_by_label("What helps me learn").fill("Seeing an example first")
    phone.get_by_label("What I want my teacher to know").fill("I get nervous reading aloud")
    phone.get_by_role("button", name="Save my card").click()
    expect(phone.get_by_role("status").first).to_contain_text("Your card is saved.")
    shot(phone, "phone-student-card")
    assert_accessible(phone, where="a student's card")
    phone.go_back()
    phone.get_by_role("link", name="Our teachers").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Get to know your teachers")
    shot(phone, "phone-student-our-teachers")
    # Sam's class page offers no teacher's view of anyone.
    phone.goto(phone.url.replace("/cards", "/my-students"))
    expect(phone.get_by_role("heading", level=1)).not_to_have_text("My students")

    teacher = browser.new_context(base_url=live_server, viewport=PHONE, is_mobile=True)
    page = teacher.new_page()
    try:
        sign_in(page, "teacher@maple.example", demo_password)
        open_class(page)
        page.get_by_role("link", name="Students' cards").click()
        expect(page.locator(".person-card", has_text="Sam Student")).to_contain_text(
            "nervous reading aloud"
        )
        shot(page, "phone-teacher-students-cards")
    finally:
        teacher.close()


def test_the_coach_sees_counts_and_no_names_with_stages(phone, demo_password):
    sign_in(phone, "coach@maple.example", demo_password)
    open_class(phone)
    counts = phone.locator("[data-relationship-counts]")
    expect(counts).to_contain_text("students have a Two-by-Ten")
    text = counts.inner_text()
    assert "Sam" not in text and "Maintain" not in text
    shot(phone, "phone-coach-team-counts")
    assert_accessible(phone, where="team page as coach")
    phone.goto(phone.url + "/my-students")
    expect(phone.get_by_role("heading", level=1)).not_to_have_text("My students")
    expect(phone.locator("main")).not_to_contain_text("Sam Student")
    shot(phone, "phone-coach-my-students-refused")


def test_a_student_answers_a_pulse_and_only_the_teacher_sees_the_results(
    phone, browser, live_server, demo_password
):
    sign_in(phone, "teacher@maple.example", demo_password)
    open_class(phone, "Grade 8 Writing")
    phone.get_by_role("link", name="Class pulse").first.click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Class pulse")
    phone.get_by_role("button", name="Open the pulse").click()
    expect(phone.get_by_role("status").first).to_contain_text("The pulse is open.")
    pulse_page = phone.url
    shot(phone, "phone-teacher-class-pulse")

    student = browser.new_context(
        base_url=live_server, viewport=PHONE, is_mobile=True, has_touch=True
    )
    kid = student.new_page()
    try:
        sign_in(kid, "ava", demo_password)
        open_class(kid, "Grade 8 Writing")
        kid.get_by_role("link", name="Class pulse").first.click()
        kid.get_by_role("link", name="Answer Taylor Teacher's pulse").click()
        expect(kid.get_by_role("heading", level=1)).to_have_text("How is this class for you?")
        kid.get_by_role("button", name="Send my answers").click()
        expect(kid.locator(".error-summary")).to_be_visible()  # nothing chosen yet
        for index, fieldset in enumerate(kid.locator("fieldset.pulse-item").all()):
            fieldset.get_by_label("Mostly true" if index % 2 else "Very true").check()
        shot(kid, "phone-student-pulse")
        assert_accessible(kid, where="answering a pulse")
        kid.get_by_role("button", name="Send my answers").click()
        expect(kid.get_by_role("heading", name="Thank you! Your answers are in.")).to_be_visible()
        shot(kid, "phone-student-pulse-thanks")
    finally:
        student.close()

    pulse_id = None
    for login in ("noah", "mia", "ethan", "sofia"):
        with api_as(browser, live_server, login, demo_password) as other:
            team = other.team_id("Grade 8 Writing")
            pulse = next(p for p in other.get(f"/teams/{team}/class-pulses") if p["can_answer"])
            pulse_id = pulse["id"]
            other.post(
                f"/class-pulses/{pulse_id}/responses", {"answers": {key: 3 for key in ITEM_KEYS}}
            )
    phone.goto(pulse_page)
    phone.get_by_role("button", name="Close it now").first.click()
    phone.get_by_role("link", name="See the results").first.click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Class pulse results")
    expect(phone.locator(".pulse-results")).to_contain_text("I belong in this class.")
    shot(phone, "phone-teacher-pulse-results")
    assert_accessible(phone, where="pulse results")
    with api_as(browser, live_server, "coach@maple.example", demo_password) as coach:
        refused = coach.request.get(f"/api/v1/class-pulses/{pulse_id}/results")
        assert refused.status == 404
