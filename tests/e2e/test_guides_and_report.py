"""The role guides' screenshots, taken on the full `make demo` school, and the cycle report a
teacher downloads from the cycle page (its text holds the cycle's evidence and actions).

Screenshots go to docs/images/ when DOCS_SCREENSHOTS=1 (then commit them), and to E2E_SHOTS
when that is set; otherwise they are taken to a temporary folder, so the pages are still walked.
"""

from __future__ import annotations

import io
import os
import re
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select
from werkzeug.serving import make_server

from api.app import create_app
from api.config import TestConfig
from api.demo import DEMO_PASSWORD, seed_demo
from api.extensions import db
from tests.e2e.axe import PHONE, WAIT_MS

DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """A live server of its own on the full demo school (make demo's), so the shared one the
    other browser tests use stays as they expect."""
    folder = tmp_path_factory.mktemp("demo")

    class DemoConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{folder / 'demo.sqlite'}"
        STORAGE_ROOT = folder / "files"
        SIGN_IN_LIMITS = "1000 per minute"
        SIGN_IN_ACCOUNT_LIMITS = "1000 per minute"

    app = create_app(DemoConfig)
    with app.app_context():
        db.create_all()
        seed_demo(with_work=True)
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    folders = [tmp_path_factory.mktemp("shots")]
    if os.environ.get("DOCS_SCREENSHOTS"):
        DOCS_IMAGES.mkdir(parents=True, exist_ok=True)
        folders.append(DOCS_IMAGES)
    if os.environ.get("E2E_SHOTS"):
        folders.append(Path(os.environ["E2E_SHOTS"]))
    return folders


def open_as(browser, base_url: str, login: str, *, phone: bool = False):
    context = browser.new_context(
        base_url=base_url,
        viewport=PHONE if phone else {"width": 1200, "height": 900},
        is_mobile=phone,
        has_touch=phone,
        accept_downloads=True,
    )
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.goto("/sign-in")
    page.get_by_label("Email or username").fill(login)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", level=1, name="Your teams").wait_for()
    return context, page


def save(page, shots, name: str) -> None:
    expect(page.locator("main")).not_to_have_attribute("aria-busy", "true")
    page.wait_for_load_state("networkidle")
    for folder in shots:
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def action_cycle_id(app) -> str:
    from api.cycles.models import Cycle

    with app.app_context():
        cycle_id = db.session.scalar(select(Cycle.id).where(Cycle.state == "action"))
        db.session.remove()
    return cycle_id


def test_teacher_downloads_the_cycle_report_with_its_evidence_and_actions(
    browser, demo_server, shots
):
    app, base_url = demo_server
    context, page = open_as(browser, base_url, "teacher@maple.example")
    try:
        save(page, shots, "teacher-teams")
        page.get_by_role("link", name="Grade 7 Science").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Grade 7 Science")
        save(page, shots, "teacher-team")
        page.goto(f"/cycles/{action_cycle_id(app)}")
        expect(page.get_by_role("heading", level=1)).to_contain_text("exit tickets")
        save(page, shots, "teacher-cycle")
        with page.expect_download() as download:
            page.get_by_role("link", name="Download the cycle report (PDF)").click()
        assert download.value.suggested_filename.endswith(".pdf")
        reader = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
        text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
        for expected in (
            "Exit ticket scores, week 3",
            "Reasoning rubric we use",
            "Model a level-3 answer in class",
            "Sort this week's tickets by rubric level",
            "Few answers reach level 3",
        ):
            assert expected in text, expected
    finally:
        context.close()


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_guide_screenshots_for_students_coaches_and_admins(browser, demo_server, shots, phone):
    app, base_url = demo_server
    size = "phone" if phone else "desktop"
    context, page = open_as(browser, base_url, "sam", phone=phone)
    try:
        save(page, shots, f"student-teams-{size}")
        page.goto(f"/cycles/{action_cycle_id(app)}")
        expect(page.get_by_role("heading", level=1)).to_contain_text("exit tickets")
        save(page, shots, f"student-cycle-{size}")
    finally:
        context.close()
    context, page = open_as(browser, base_url, "coach@maple.example", phone=phone)
    try:
        page.goto("/coach")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        save(page, shots, f"coach-dashboard-{size}")
    finally:
        context.close()
    context, page = open_as(browser, base_url, "admin@maple.example", phone=phone)
    try:
        page.get_by_role("link", name=re.compile("Admin console for")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Admin console")
        save(page, shots, f"admin-people-{size}")
        page.goto(page.url.split("?")[0] + "?section=roster")
        expect(
            page.get_by_role("heading", level=2, name=re.compile("Roster import"))
        ).to_be_visible()
        save(page, shots, f"admin-roster-{size}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"], "nothing scrolls sideways"
    finally:
        context.close()
