"""A repeat visit downloads nothing but the API's answers; a first visit stays small."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from bench.network import NetworkLog, static_bytes
from tests.e2e.axe import WAIT_MS

FIRST_VISIT_LIMIT = 100_000


@pytest.fixture
def signed_in_page(browser, live_server, demo_password):
    """A new context (empty cache) signed in as the demo teacher through the API, and its page."""
    context = browser.new_context(base_url=live_server)
    context.set_default_timeout(WAIT_MS)
    request = context.request
    token = request.get("/api/v1/auth/csrf").json()["csrf_token"]
    signed_in = request.post(
        "/api/v1/auth/session",
        data={"login": "teacher@maple.example", "password": demo_password},
        headers={"X-CSRF-Token": token},
    )
    assert signed_in.ok, signed_in.text()
    team = next(t for t in request.get("/api/v1/teams").json() if t["name"] == "Grade 7 Science")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page, f"/teams/{team['id']}"
    context.close()
    assert errors == []


def visit(page, path: str) -> None:
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Grade 7 Science")
    page.wait_for_load_state("networkidle")


def test_a_second_visit_fetches_no_static_bytes(signed_in_page):
    page, team_page = signed_in_page
    log = NetworkLog(page)

    visit(page, team_page)
    first = log.take()
    visit(page, team_page)
    second = log.take()

    first_static = [fetch for fetch in first if not fetch.is_api]
    modules = [fetch for fetch in first_static if fetch.resource_type == "Script"]
    assert len(modules) > 5 and all(fetch.body_bytes > 0 for fetch in first_static)
    # Every module came by its hashed URL (the import map at work) and compressed.
    assert all(fetch.path.count(".") == 2 for fetch in modules), [f.path for f in modules]
    assert all(fetch.content_encoding in ("br", "gzip") for fetch in first_static)
    assert sum(fetch.transferred for fetch in first) <= FIRST_VISIT_LIMIT

    again = [fetch for fetch in second if not fetch.is_api]
    assert {fetch.path for fetch in again} == {fetch.path for fetch in first_static}
    document, *files = again
    assert document.resource_type == "Document"
    # The page is revalidated: its 304 (Chromium reports the cached 200) brings no body.
    assert not document.from_cache and document.transferred > 0 and document.body_bytes == 0
    assert all(fetch.from_cache and fetch.transferred == 0 for fetch in files), [
        (fetch.path, fetch.status, fetch.transferred) for fetch in files if not fetch.from_cache
    ]
    assert static_bytes(files) == 0
    assert any(fetch.is_api and fetch.transferred > 0 for fetch in second)
