"""Relational trust in the browser: a teacher opens a survey, a student answers it on a phone,
and the results stay hidden until three people have answered."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from api.trust.questions import ITEMS

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    """A phone-sized touch browser, failing the test on any JavaScript error."""
    context = browser.new_context(base_url=live_server, viewport=PHONE, is_mobile=True,
                                  has_touch=True)
    context.set_default_timeout(5000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the phone: {errors}"


def sign_in_on(page, login: str, password: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email or username").fill(login)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", level=1, name="Your teams").wait_for()


def answer_through_the_api(browser, live_server, login, password, survey_id):
    """Another member answers (their own session, the same API the page uses)."""
    context = browser.new_context(base_url=live_server)
    try:
        api = context.request
        token = api.get("/api/v1/auth/csrf").json()["csrf_token"]
        signed_in = api.post("/api/v1/auth/session", data={"login": login, "password": password},
                             headers={"X-CSRF-Token": token})
        assert signed_in.ok, signed_in.text()
        token = signed_in.json()["csrf_token"]
        answered = api.post(f"/api/v1/trust-surveys/{survey_id}/responses",
                            data={"answers": {item.key: 4 for item in ITEMS}},
                            headers={"X-CSRF-Token": token})
        assert answered.status == 201, answered.text()
    finally:
        context.close()


def test_a_student_answers_on_a_phone_and_results_wait_for_three(
    page, phone, browser, live_server, sign_in, demo_password
):
    period = f"Trust check {uuid.uuid4().hex[:6]}"

    # A teacher opens a survey from the team's trust page.
    sign_in("teacher@maple.example")
    page.get_by_role("link", name="Grade 7 Science").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Grade 7 Science")
    trust_path = page.url.split(live_server, 1)[1] + "/trust"
    page.goto(trust_path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Relational trust")
    form = page.get_by_role("region", name="Open a survey")
    form.get_by_label("Name of this round").fill(period)
    form.get_by_role("button", name="Open the survey").click()
    expect(page.get_by_role("status").first).to_contain_text(f"The survey “{period}” is open.")
    surveys = page.get_by_role("region", name="Surveys")
    expect(surveys).to_contain_text(period)

    # Sam answers on a phone.
    sign_in_on(phone, "sam", demo_password)
    phone.goto(trust_path)
    phone.get_by_role("link", name=f"Answer the survey {period}").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(f"Trust survey: {period}")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # Leaving one statement out says which one, and sends nothing.
    for item in ITEMS[:-1]:
        phone.get_by_role("group", name=item.prompt).get_by_role("radio", name="4 Often").check()
    phone.get_by_role("button", name="Send my answers").click()
    summary = phone.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Choose a score from 1 to 5 for this statement.")

    phone.get_by_role("group", name=ITEMS[-1].prompt).get_by_role(
        "radio", name="5 Consistently").check()
    phone.get_by_label("Anything else? (optional)").fill("We disagree kindly.")
    phone.get_by_role("button", name="Send my answers").click()
    expect(phone.get_by_role("heading", name="Thank you — your answers are in.")).to_be_visible()
    survey_id = re.search(r"/trust-surveys/([^/]+)$", phone.url).group(1)

    # One answer: the results wait.
    page.goto(f"/trust-surveys/{survey_id}/results")
    expect(page.get_by_role("heading", level=2, name="Results appear after 3 responses.")
           ).to_be_visible()
    expect(page.get_by_role("img", name="Average score by component", exact=True)
           ).to_have_count(0)

    answer_through_the_api(browser, live_server, "priya", demo_password, survey_id)
    page.reload()
    expect(page.get_by_role("heading", name="Results appear after 3 responses.")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("So far 2 people have answered")

    answer_through_the_api(browser, live_server, "leo", demo_password, survey_id)
    page.reload()
    expect(page.get_by_role("heading", name="Results appear after 3 responses.")).to_have_count(0)
    expect(page.get_by_role("img", name="Average score by component", exact=True)
           ).to_be_visible()
    expect(page.get_by_role("img", name="Average score by component over time")).to_be_visible()
    table = page.get_by_role("table", name="Results by component (scores 1 to 5)")
    expect(table).to_be_visible()
    expect(table.get_by_role("row", name=re.compile("^Respect"))).to_contain_text("4.00")
    expect(table.get_by_role("row", name=re.compile("^Integrity"))).to_contain_text("4.11")
    expect(page.get_by_role("list").filter(has_text="We disagree kindly.")).to_be_visible()

    # Sam, back on the phone, cannot answer twice.
    phone.goto(f"/trust-surveys/{survey_id}")
    expect(phone.get_by_role("heading", name="You have answered this survey. Thank you!")
           ).to_be_visible()
    expect(phone.get_by_role("button", name="Send my answers")).to_have_count(0)
