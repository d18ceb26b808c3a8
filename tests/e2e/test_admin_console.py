"""The demo admin runs the school from the console alone: adds a teacher and a student, makes a
team of them with a coach, imports a OneRoster roster after checking it, creates an integration
client and a webhook, and pings a receiver on this machine."""

from __future__ import annotations

import json
import os
import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from playwright.sync_api import expect

from api.extensions import db
from tests.roster.test_roster_oneroster import CLASS_COLUMNS, ENROLLMENT_COLUMNS, USER_COLUMNS

SHOTS = os.environ.get("E2E_SHOTS")

USERS = (
    USER_COLUMNS
    + """
t-9,active,,true,org-1,teacher,,,Dana,Okafor,,,dana.okafor@maple.example,,,,,
s-9,active,,true,org-1,student,zara.q,,Zara,Quinn,,,,,,,06,
"""
)
CLASSES = (
    CLASS_COLUMNS
    + """
c-9,active,,Art 6A,06,course-9,ART6A,scheduled,Room 9,org-1,term-1,Art,,2
"""
)
ENROLLMENTS = (
    ENROLLMENT_COLUMNS
    + """
e-91,active,,c-9,org-1,t-9,teacher,true,,
e-92,active,,c-9,org-1,s-9,student,false,,
"""
)


class Receiver(BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self):  # noqa: N802 (the http.server name)
        length = int(self.headers.get("Content-Length", 0))
        Receiver.received.append(
            {"headers": dict(self.headers), "body": json.loads(self.rfile.read(length))}
        )
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver(e2e_app):
    """A webhook receiver on 127.0.0.1, and the app allowed to send to it for this test."""
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    Receiver.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    saved = e2e_app.config["WEBHOOKS_ALLOW_PRIVATE"]
    e2e_app.config["WEBHOOKS_ALLOW_PRIVATE"] = True
    yield f"http://127.0.0.1:{server.server_port}/hooks"
    e2e_app.config["WEBHOOKS_ALLOW_PRIVATE"] = saved
    server.shutdown()


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/console-{name}.png", full_page=True)


def open_section(page, name: str) -> None:
    page.get_by_role("navigation", name="Admin sections").get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=2).first).to_be_visible()


def add_person(page, name: str, *, email: str = "", username: str = "", password: str) -> None:
    page.get_by_text("Add a person").click()
    form = page.locator("#add-person")
    form.get_by_label("Name", exact=True).fill(name)
    if email:
        form.get_by_label("Email", exact=True).fill(email)
    if username:
        form.get_by_label("Username (optional)").fill(username)
    form.get_by_label("Password (optional)").fill(password)
    form.get_by_label("Email them an invitation").uncheck()
    form.get_by_role("button", name="Add person").click()
    expect(page.locator("#status")).to_contain_text(f"{name} was added.")
    expect(page.get_by_role("rowheader", name=re.compile(name))).to_be_visible()


def test_admin_runs_the_school_from_the_console(e2e_app, page, sign_in, receiver, tmp_path):
    sign_in("admin@maple.example")
    page.get_by_role("link", name=re.compile("Admin console for")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Admin console")

    # People: a teacher with an email, a student with a username only.
    add_person(page, "Rita Rivera", email="rita@maple.example", password="rita-password-1")
    add_person(page, "Kai Morgan", username="kai.m", password="kai-password-1")
    shot(page, "people")

    # A team with both, and the coach.
    open_section(page, "Teams")
    page.get_by_text("Create a team").click()
    page.get_by_label("Team name").fill("Grade 6 Maths")
    page.get_by_role("button", name="Create team").click()
    expect(page.locator("#status")).to_contain_text("Grade 6 Maths is created")
    card = page.locator(".admin-team", has_text="Grade 6 Maths")
    card.get_by_text("Manage Grade 6 Maths").click()
    card.get_by_label("Add a person").select_option(label="Rita Rivera (rita@maple.example)")
    card.get_by_label("as", exact=True).select_option("teacher")
    card.get_by_role("button", name="Add to team").click()
    expect(page.locator("#status")).to_contain_text("Rita Rivera joined Grade 6 Maths as teacher")
    # The team's part of the page is drawn again after each change: wait for it.
    expect(card.locator(".people").first).to_contain_text("Rita Rivera")
    card.get_by_label("Add a person").select_option(label="Kai Morgan (kai.m)")
    card.get_by_label("as", exact=True).select_option("student")
    card.get_by_role("button", name="Add to team").click()
    expect(page.locator("#status")).to_contain_text("Kai Morgan joined Grade 6 Maths as student")
    expect(card.locator(".people").first).to_contain_text("Kai Morgan")
    card.get_by_label("Assign a coach").select_option(label="Casey Coach (coach@maple.example)")
    card.get_by_role("button", name="Assign coach").click()
    expect(page.locator("#status")).to_contain_text("Casey Coach now coaches Grade 6 Maths")
    expect(card.locator(".people").first).to_contain_text("Rita Rivera")
    expect(card.locator(".people").first).to_contain_text("Kai Morgan")
    shot(page, "teams")

    # A OneRoster roster: checked first (nothing written), then imported.
    open_section(page, "Roster import")
    for name, text in (("users", USERS), ("classes", CLASSES), ("enrollments", ENROLLMENTS)):
        path = tmp_path / f"{name}.csv"
        path.write_text(text)
        page.locator(f'input[name="{name}.csv"]').set_input_files(str(path))
    import_button = page.get_by_role("button", name="Import")
    expect(import_button).to_be_disabled()
    import_button.focus()  # reachable by keyboard while not ready, and it says why
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Check the files first")
    page.get_by_role("button", name="Check the files").click()
    report = page.locator(".roster-report")
    expect(report.get_by_role("heading")).to_have_text("What the import would do")
    expect(report).to_contain_text("e-92")
    expect(report).to_contain_text("Will be added")
    shot(page, "roster-dry-run")
    expect(import_button).to_be_enabled()
    import_button.click()
    expect(report.get_by_role("heading")).to_have_text("Imported")
    open_section(page, "Teams")
    expect(page.locator(".admin-team", has_text="Art 6A")).to_contain_text("2 members")

    # An integration client: its secret shown once.
    open_section(page, "Integrations")
    page.get_by_text("Create a client").click()
    page.get_by_label("Name", exact=True).fill("Canvas")
    page.get_by_label(re.compile("roster:write")).check()
    page.get_by_role("button", name="Create client").click()
    secret = page.locator("[data-secret]")
    expect(secret).to_contain_text("eaacs_")
    shot(page, "client-secret")
    page.get_by_role("button", name="I've saved it").click()
    expect(page.get_by_role("rowheader", name="Canvas")).to_be_visible()
    expect(page.locator("[data-secret]")).to_have_count(0)

    # A webhook to a receiver on this machine, and a test ping that reaches it.
    open_section(page, "Webhooks")
    page.get_by_text("Add a webhook").click()
    page.get_by_label("Receiver URL").fill(receiver)
    page.get_by_label(re.compile("Test pings")).check()
    page.get_by_label(re.compile("A cycle moves")).check()
    page.get_by_role("button", name="Add webhook").click()
    expect(page.locator("[data-secret]")).to_contain_text("whsec_")
    page.get_by_role("button", name="I've saved it").click()
    page.get_by_role("button", name="Send a test ping").click()
    expect(page.locator("#status")).to_contain_text("A test ping is on its way")
    from api.webhooks.delivery import deliver_due

    with e2e_app.app_context():
        assert deliver_due() >= 1  # what the worker does every few seconds
        db.session.remove()
    assert [r["body"]["type"] for r in Receiver.received] == ["ping"]
    assert "webhook-signature" in {name.lower() for name in Receiver.received[0]["headers"]}
    page.get_by_role("button", name="Refresh the log").click()
    expect(page.locator(".admin-webhook table")).to_contain_text("Delivered")
    shot(page, "webhooks")

    # Everything above is in the audit log.
    open_section(page, "Audit log")
    page.get_by_label("What").select_option(label="Teams")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("table")).not_to_contain_text("webhook.created")
    open_section(page, "Audit log")
    for action in (
        "person.provisioned",
        "coach.assigned",
        "integration_client.created",
        "webhook.created",
    ):
        expect(page.locator("table")).to_contain_text(action)
    shot(page, "audit")


HOLIDAYS = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Maple Grove//EN\r
BEGIN:VEVENT\r
UID:winter-break@maple.example\r
SUMMARY:Winter break\r
DTSTART;VALUE=DATE:20261221\r
DTEND;VALUE=DATE:20270104\r
END:VEVENT\r
END:VCALENDAR\r
"""


@pytest.fixture
def no_breaks_left_behind(e2e_app):
    """The shared demo school keeps no holiday from this test: other tests count school days."""
    yield
    from api.calendar.models import NonSchoolDay, Term

    with e2e_app.app_context():
        db.session.execute(db.delete(NonSchoolDay))
        db.session.execute(db.delete(Term))
        db.session.commit()
        db.session.remove()


def test_admin_imports_the_school_calendar_and_a_wrong_file_imports_nothing(
    page, sign_in, tmp_path, no_breaks_left_behind
):
    sign_in("admin@maple.example")
    page.get_by_role("link", name=re.compile("Admin console for")).click()
    open_section(page, "Calendar")
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose an .ics file.")
    expect(page.get_by_label("Calendar file (.ics)")).to_have_attribute("aria-invalid", "true")
    # An event without a start: the problem names the event, by the file, and nothing comes in.
    broken = tmp_path / "broken.ics"
    no_start = "END:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Spring break\r\nEND:VEVENT"
    broken.write_text(HOLIDAYS.replace("END:VEVENT", no_start))
    page.get_by_label("Calendar file (.ics)").set_input_files(str(broken))
    page.get_by_role("button", name="Import").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("nothing was imported")
    problem = re.compile(r"event 2 \(Spring break\): It has no start date")
    expect(summary.get_by_role("link", name=problem)).to_be_visible()
    expect(page.locator("#ical-form .field-error")).to_contain_text("event 2 (Spring break)")
    expect(page.get_by_role("button", name="Import")).to_be_enabled()
    shot(page, "calendar-event-problems")
    expect(page.get_by_text("No holidays or breaks yet.")).to_be_visible()
    wrong = tmp_path / "holidays.csv"
    wrong.write_text("name,date\nWinter break,2026-12-21\n")
    page.get_by_label("Calendar file (.ics)").set_input_files(str(wrong))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("alert")).to_contain_text("isn't an iCalendar file")
    expect(page.get_by_text("No holidays or breaks yet.")).to_be_visible()
    good = tmp_path / "holidays.ics"
    good.write_text(HOLIDAYS)
    page.get_by_label("Calendar file (.ics)").set_input_files(str(good))
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#status")).to_contain_text("Imported: 1 added")
    expect(page.locator(".calendar-entry", has_text="Winter break")).to_contain_text("imported")
    shot(page, "calendar")


def test_admin_checks_and_imports_a_oneroster_bundle(
    page, sign_in, tmp_path, no_breaks_left_behind
):
    from tests.roster.test_roster_oneroster_bundle import ORGS, bundle

    path = tmp_path / "oneroster.zip"
    orgs = ORGS.replace(",Maple Grove,", ",Maple Grove School,")
    path.write_bytes(bundle(**{"orgs.csv": orgs}).getvalue())
    sign_in("admin@maple.example")
    page.get_by_role("link", name=re.compile("Admin console for")).click()
    open_section(page, "Roster import")
    page.get_by_role("button", name="Check the files").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Choose the bundle, or at least one CSV file."
    )
    page.locator('input[name="oneroster.zip"]').set_input_files(str(path))
    page.get_by_role("button", name="Check the files").click()
    report = page.locator(".roster-report")
    expect(report.get_by_role("heading")).to_have_text("What the import would do")
    expect(report).to_contain_text("Will be added")
    page.get_by_role("button", name="Import").click()
    expect(report.get_by_role("heading")).to_have_text("Imported")
