"""The bell, the notifications page and the coach dashboard, in the browser."""

import re
from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from api.db import utcnow
from api.extensions import db
from api.notifications import reminders
from api.teams.models import Team
from api.users.models import User
from tests.coaching.test_coach_dashboard import add_released_survey
from tests.support.actions import add_action_due_tomorrow


def make_reminder(app):
    with app.app_context():
        sam = db.session.query(User).filter_by(username="sam").one()
        team = db.session.query(Team).filter_by(name="Grade 7 Science").one()
        add_action_due_tomorrow(
            team, sam, question="How might we remind well?", title="Bring the goal cards"
        )
        db.session.commit()
        reminders.scan()
        db.session.remove()


def test_student_sees_the_bell_count_and_reads_a_reminder(e2e_app, page, sign_in):
    make_reminder(e2e_app)
    sign_in("sam")
    bell = page.locator("#bell")
    expect(bell).to_be_visible()
    expect(bell).to_have_attribute("aria-label", re.compile(r"Notifications, \d+ unread"))
    bell.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(page.get_by_text("“Bring the goal cards” is due on")).to_be_visible()
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.locator("#status")).to_contain_text("All marked as read")
    expect(bell).to_have_attribute("aria-label", "Notifications, none unread")
    page.get_by_label("One email a day, at 7 in the morning").check()
    page.get_by_role("button", name="Save email settings").click()
    expect(page.locator("#status")).to_contain_text("Your email settings are saved")


def test_coach_opens_the_dashboard_from_the_teams_page(live_server, page, sign_in):
    sign_in("coach@maple.example")
    page.get_by_role("link", name="Open the coach dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Teams you coach")
    expect(page.get_by_role("heading", name="Grade 7 Science")).to_be_visible()
    expect(page.get_by_role("heading", name="Grade 8 Writing")).to_be_visible()
    # The filter is a form whose choices go into the address: Back undoes it.
    page.get_by_label("Sort by").select_option("overdue")
    page.get_by_label("Only teams with a stalled cycle").check()
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"/coach\?sort=overdue&stalled=true$"))
    expect(page.get_by_label("Only teams with a stalled cycle")).to_be_checked()
    expect(page.get_by_label("Sort by")).to_have_value("overdue")
    page.go_back()
    expect(page.get_by_label("Only teams with a stalled cycle")).not_to_be_checked()


def test_coach_sees_a_teams_latest_trust_results_and_change(e2e_app, page, sign_in):
    with e2e_app.app_context():
        team = db.session.scalar(select(Team).where(Team.name == "Grade 8 Writing"))
        today = utcnow().date()
        add_released_survey(team, "Winter round", today - timedelta(days=200), score=2)
        add_released_survey(team, "Spring round", today - timedelta(days=150), score=4)
        db.session.commit()

    sign_in("coach@maple.example")
    page.goto("/coach")
    writing = page.get_by_role("region", name="Grade 8 Writing")
    expect(writing).to_contain_text("Trust, Spring round (3 of 3 answered; scores out of 5)")
    expect(writing).to_contain_text("Change since Winter round")
    expect(writing.get_by_role("listitem").filter(has_text="Mutual respect")).to_have_text(
        "Mutual respect: 4.0 (up 2.0)"
    )
