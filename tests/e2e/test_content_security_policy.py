"""The strict Content-Security-Policy in a real browser: the app and the API docs still work."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect


@pytest.fixture
def violations(page):
    """What Chromium refused under the policy, as it reports it on the console."""
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def test_the_app_runs_within_its_policy(page, sign_in, violations):
    page.goto("/sign-in")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome back")
    sign_in("teacher@maple.example")
    page.get_by_role("link", name="Grade 7 Science").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Grade 7 Science")
    page.goto("/notifications")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    assert violations == []


def test_the_api_docs_load_within_their_policy(page, violations):
    page.goto("/api/docs")

    expect(page.locator(".swagger-ui .info .title")).to_contain_text("EAA inquiry cycles")
    expect(page.locator(".opblock").first).to_be_visible()
    expect(page.get_by_text(re.compile("/api/v1/auth/session"))).not_to_have_count(0)
    assert violations == []
