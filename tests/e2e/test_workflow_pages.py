"""Pages draw a cycle from its workflow's definition: a PDSA cycle gets PDSA's due dates,
board columns and phases."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible

SHOTS = Path("/work/notes/shots/arch")


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, label in ((1200, "desktop"), (390, "phone")):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size({"width": 1200, "height": 900})


def test_a_teacher_starts_a_pdsa_cycle_with_pdsas_due_dates(sign_in):
    page = sign_in("teacher@maple.example")
    page.get_by_role("link", name="Grade 7 Science").click()
    page.get_by_text("Write your own", exact=True).click()
    page.get_by_label("Your puzzle, as a question").fill(
        "How might feedback get used the next day?"
    )
    page.get_by_role("button", name="Add puzzle").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("feedback get used")

    start = page.get_by_role("region", name="Start a cycle")
    expect(start.get_by_label("Evidence collected by")).to_be_visible()
    start.get_by_label("Kind of cycle").select_option(label="Plan → Do → Study → Act")
    # The due dates follow the kind of cycle chosen.
    expect(start.get_by_label("Evidence collected by")).to_have_count(0)
    start.get_by_label("Plan ready by").fill("2031-02-01")
    expect(start.get_by_label("Decision made by")).to_be_visible()
    start.get_by_role("checkbox", name=re.compile("Sam")).check()
    assert_accessible(page, where="start a PDSA cycle")
    shoot(page, "start-pdsa-cycle")
    start.get_by_role("button", name="Start the cycle").click()

    phases = page.get_by_role("list", name="Phases of the cycle")
    expect(phases).to_contain_text("Plan")
    expect(phases).to_contain_text("Act")
    expect(phases).not_to_contain_text("Evidence")
    shoot(page, "pdsa-cycle")

    page.get_by_role("link", name="Grade 7 Science").first.click()
    board = page.get_by_role("region", name="Cycles by phase")
    expect(board.get_by_role("heading", name="Plan → Do → Study → Act")).to_be_visible()
    expect(board.get_by_role("region", name=re.compile(r"^Plan \(1\)$"))).to_be_visible()
    expect(board.get_by_role("region", name=re.compile(r"^Draft \(\d+\)$"))).to_be_visible()
    assert_accessible(page, where="board with EAA and PDSA")
    shoot(page, "board-eaa-and-pdsa")
