"""The router keeps the page the person went to: what a page left behind was still waiting for
(its data, a save) never takes the screen or the address back."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from api.cycles.models import Cycle
from api.extensions import db


def hold(page, pattern: str, method: str = "GET") -> list:
    """Hold back the answers to `method` requests matching `pattern`; returns the held routes."""
    held: list = []

    def keep(route):
        if route.request.method == method:
            held.append(route)
        else:
            route.continue_()

    page.route(pattern, keep)
    return held


def release(page, held: list) -> None:
    """Let the held requests through, wait for their answers to arrive, then a little more: what
    is checked next is that nothing changes."""
    for route in held:
        with page.expect_response(lambda response, url=route.request.url: response.url == url):
            route.continue_()
    # The late answers are read and drawn (or thrown away) within a few tasks of arriving.
    page.evaluate("() => new Promise((done) => setTimeout(() => requestAnimationFrame(done), 200))")


def my_work_stays(page) -> None:
    expect(page).to_have_url(re.compile(r"/my-work$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    expect(page).to_have_title(re.compile(r"^My work · "))
    expect(page.locator("#main")).not_to_have_attribute("aria-busy", "true")


def test_a_page_left_while_its_data_was_on_the_way_does_not_replace_the_next_one(page, sign_in):
    sign_in("coach@maple.example")
    held = hold(page, "**/api/v1/coach/dashboard?*")
    page.get_by_role("link", name="Open the coach dashboard").click()
    page.wait_for_function("() => document.querySelector('#main').getAttribute('aria-busy')")
    assert held, "the dashboard's data is held back"

    page.get_by_role("link", name="My work").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    release(page, held)

    my_work_stays(page)
    expect(page.get_by_role("heading", name="Teams you coach")).to_have_count(0)


def test_a_save_that_lands_after_the_person_left_does_not_take_them_back(
    e2e_app, page, sign_in, seed_cycle
):
    cycle_id = seed_cycle("How might we start lessons calmly?")
    with e2e_app.app_context():
        cycle = db.session.scalar(select(Cycle).where(Cycle.id == cycle_id))
        puzzle_page = f"/teams/{cycle.team_id}/puzzles/{cycle.puzzle_id}"
    sign_in("teacher@maple.example")
    page.goto(puzzle_page)
    expect(page.get_by_role("heading", level=1)).to_have_text("How might we start lessons calmly?")

    held = hold(page, "**/api/v1/puzzles/*", method="PATCH")
    page.get_by_text("Edit this puzzle").click()
    page.get_by_label("Question").fill("How might we start lessons calmly and on time?")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("button", name="Saving…")).to_be_visible()
    assert held, "the save is held back"

    page.get_by_role("link", name="My work").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    release(page, held)

    my_work_stays(page)
    expect(page.locator("#status")).to_have_text("Puzzle saved.")  # it was saved, all the same
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "How might we start lessons calmly and on time?"
    )
