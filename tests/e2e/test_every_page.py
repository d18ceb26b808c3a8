"""Every page of the app, as each kind of person sees it, on a desktop and on a phone: axe finds
0 violations, nothing scrolls sideways, and the console stays free of errors.

PAGES lists an example of every route in frontend/js/app.js (a test below fails when a new
route has none), so a new page is checked as soon as it exists.
"""

from __future__ import annotations

import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import DESKTOP, PHONE, WAIT_MS, assert_accessible
from tests.e2e.through_api import api_as, in_days

APP_JS = Path(__file__).resolve().parents[2] / "frontend" / "js" / "app.js"
#: where screenshots go when set (developers look at them; CI does not need them)
SHOTS = os.environ.get("E2E_SHOTS")

TEACHER, STUDENT, COACH, ADMIN = "teacher", "student", "coach", "admin"
LOGINS = {
    TEACHER: "teacher@maple.example",
    STUDENT: "sam",
    COACH: "coach@maple.example",
    ADMIN: "admin@maple.example",
}
SIGNED_OUT = "signed out"

#: route → (an example path with {placeholders}, who opens it)
PAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "/": ("/", (SIGNED_OUT,)),
    "/sign-in": ("/sign-in", (SIGNED_OUT,)),
    "/forgot-password": ("/forgot-password", (SIGNED_OUT,)),
    "/reset-password": ("/reset-password?token=not-a-real-token", (SIGNED_OUT,)),
    "/confirm-change": ("/confirm-change?token=not-a-real-token", (SIGNED_OUT,)),
    "/teams": ("/teams", (TEACHER, STUDENT, COACH, ADMIN)),
    "/my-work": ("/my-work", (TEACHER, STUDENT)),
    "/teams/:teamId": ("/teams/{team}", (TEACHER, STUDENT, COACH)),
    "/teams/:teamId/puzzles/:puzzleId": ("/teams/{team}/puzzles/{puzzle}", (TEACHER, STUDENT)),
    "/cycles/:cycleId": ("/cycles/{cycle}", (TEACHER, STUDENT, COACH)),
    "/cycles/:cycleId/meeting": ("/cycles/{cycle}/meeting", (TEACHER, STUDENT)),
    "/account": ("/account", (TEACHER, STUDENT)),
    "/notifications": ("/notifications", (TEACHER, STUDENT)),
    "/coach": ("/coach", (COACH,)),
    "/organizations/:organizationId/privacy": ("/organizations/{organization}/privacy", (ADMIN,)),
    "/organizations/:organizationId/admin": ("/organizations/{organization}/admin", (ADMIN,)),
    "/teams/:teamId/trust": ("/teams/{team}/trust", (TEACHER, STUDENT, COACH)),
    "/teams/:teamId/trust/commitments": ("/teams/{team}/trust/commitments", (TEACHER, STUDENT)),
    "/teams/:teamId/trust/discuss": ("/teams/{team}/trust/discuss", (TEACHER, STUDENT)),
    "/trust-surveys/:surveyId": ("/trust-surveys/{survey}", (TEACHER, STUDENT)),
    "/trust-surveys/:surveyId/results": ("/trust-surveys/{survey}/results", (TEACHER,)),
    "/trust-sessions/:sessionId": ("/trust-sessions/{session}", (TEACHER, STUDENT)),
    "/teams/:teamId/my-students": ("/teams/{team}/my-students", (TEACHER,)),
    "/teams/:teamId/my-students/:studentId": ("/teams/{team}/my-students/{student}", (TEACHER,)),
    "/two-by-tens/:planId": ("/two-by-tens/{plan}", (TEACHER,)),
    "/repairs/:repairId": ("/repairs/{repair}", (TEACHER,)),
    "/teams/:teamId/feedback": ("/teams/{team}/feedback", (TEACHER, COACH)),
    "/teams/:teamId/cards": ("/teams/{team}/cards", (TEACHER, STUDENT)),
    "/me/get-to-know-me": ("/me/get-to-know-me", (STUDENT,)),
    "/me/about-me": ("/me/about-me", (TEACHER,)),
    "/teams/:teamId/class-pulse": ("/teams/{team}/class-pulse", (TEACHER, STUDENT)),
    "/class-pulses/:pulseId": ("/class-pulses/{pulse}", (STUDENT,)),
    "/class-pulses/:pulseId/results": ("/class-pulses/{pulse}/results", (TEACHER,)),
    "/teams/:teamId/respect-agreement": (
        "/teams/{team}/respect-agreement",
        (TEACHER, STUDENT, COACH),
    ),
    "/teams/:teamId/course": ("/teams/{team}/course", (TEACHER,)),
}
#: more states of one page worth their own look
EXTRA_PAGES: list[tuple[str, tuple[str, ...]]] = [
    ("/cycles/{draft_cycle}", (TEACHER, STUDENT)),
    ("/cycles/{closed_cycle}", (TEACHER,)),
    ("/no-such-page", (TEACHER, SIGNED_OUT)),
    *(
        (f"/organizations/{{organization}}/admin?section={section}", (ADMIN,))
        for section in ("teams", "roster", "integrations", "webhooks", "calendar", "audit")
    ),
]


def app_routes() -> list[str]:
    return re.findall(r'\{ path: "([^"]+)"', APP_JS.read_text(encoding="utf-8"))


def test_every_route_of_the_app_is_in_the_walk():
    missing = [route for route in app_routes() if route not in PAGES]
    assert app_routes(), "no routes found in app.js"
    assert not missing, f"add an example of these routes to PAGES: {missing}"


@pytest.fixture(scope="module")
def places(browser, live_server):
    """A team with something on every page: a cycle in reflection with evidence, a note, an
    action, a reflection and a comment; a draft cycle; a closed one; a survey; a session."""
    password = "demo-password"
    with api_as(browser, live_server, LOGINS[TEACHER], password) as teacher:
        team = teacher.team_id("Grade 7 Science")
        sam = teacher.user_id(team, "Sam Student")
        me = teacher.get("/me")
        organization = me["organizations"][0]["id"]

        def cycle_in(question: str, *, to: list[str]) -> str:
            puzzle = teacher.post(f"/teams/{team}/puzzles", {"question": question})["id"]
            cycle = teacher.post(f"/puzzles/{puzzle}/cycles", {"facilitator_ids": [sam]})["id"]
            for transition in to:
                if transition == "start_analysis":
                    evidence = teacher.post(
                        f"/cycles/{cycle}/evidence",
                        {
                            "kind": "exit_ticket",
                            "title": "Exit tickets, week 1",
                            "text": "Most students named one strategy.",
                            "tags": ["week 1"],
                        },
                    )
                if transition == "plan_action":
                    teacher.post(
                        f"/cycles/{cycle}/notes",
                        {
                            "kind": "pattern",
                            "body": "Students copy the model answer.",
                            "evidence_ids": [evidence["id"]],
                        },
                    )
                if transition == "reflect":
                    teacher.post(
                        f"/cycles/{cycle}/actions",
                        {
                            "title": "Try two exit tickets a week",
                            "owner_id": sam,
                            "due_on": in_days(7),
                            "success_criteria": "Every student answers.",
                        },
                    )
                if transition == "close":
                    teacher.send(
                        "PUT",
                        f"/cycles/{cycle}/reflection",
                        {"what_happened": "Answers got longer.", "decision": "next_cycle"},
                    )
                teacher.move(cycle, transition)
            return puzzle, cycle

        full = ["start_evidence", "start_analysis", "plan_action", "reflect"]
        puzzle, cycle = cycle_in("How might exit tickets show thinking?", to=full)
        teacher.post(f"/cycles/{cycle}/comments", {"body": "Lovely evidence — keep going."})
        _, draft_cycle = cycle_in("How might students set goals?", to=[])
        _, closed_cycle = cycle_in("How might feedback build agency?", to=[*full, "close"])
        survey = teacher.post(
            f"/teams/{team}/trust-surveys", {"period": "Walk round", "closes_on": in_days(14)}
        )["id"]
        session = teacher.post(f"/teams/{team}/trust-sessions", {"title": "Walk session"})["id"]
        relationship = relationship_places(teacher, team, sam)
    return {
        **relationship,
        "team": team,
        "puzzle": puzzle,
        "cycle": cycle,
        "draft_cycle": draft_cycle,
        "closed_cycle": closed_cycle,
        "survey": survey,
        "session": session,
        "organization": organization,
    }


def relationship_places(teacher, team: str, sam: str) -> dict:
    """The teacher's relationship with Sam: a note, a Two-by-Ten from the next weekday, a
    repair, a tally; and the team's respect agreement."""
    student = f"/teams/{team}/my-students/{sam}"
    teacher.post(f"{student}/notes", {"kind": "interest", "body": "Loves chess"})
    start = date.today() + timedelta(days=1)
    while start.weekday() >= 5:
        start += timedelta(days=1)
    plan = teacher.post(
        f"{student}/two-by-ten", {"reminder_at": "08:15", "starts_on": start.isoformat()}
    )["id"]
    repair = teacher.post(f"{student}/repairs", {"what_happened": "I raised my voice."})["id"]
    teacher.post(f"/teams/{team}/feedback-tallies", {"label": "Period 3"})
    teacher.send("PUT", f"/teams/{team}/respect-agreement", {"body": "We listen to each other."})
    pulse = teacher.post(f"/teams/{team}/class-pulses", {})["id"]
    teacher.post(f"/class-pulses/{pulse}/close")  # so later tests can open one of their own
    return {"student": sam, "plan": plan, "repair": repair, "pulse": pulse}


def walk(role: str) -> list[str]:
    paths = [path for path, roles in PAGES.values() if role in roles]
    return paths + [path for path, roles in EXTRA_PAGES if role in roles]


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("role", [SIGNED_OUT, TEACHER, STUDENT, COACH, ADMIN])
def test_every_page_is_accessible_and_fits(browser, live_server, places, role, size):
    viewport = DESKTOP if size == "desktop" else PHONE
    context = browser.new_context(
        base_url=live_server,
        viewport=viewport,
        is_mobile=size == "phone",
        has_touch=size == "phone",
    )
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: console_errors.append(str(error)))
    try:
        if role != SIGNED_OUT:
            page.goto("/sign-in")
            page.get_by_label("Email or username").fill(LOGINS[role])
            page.get_by_label("Password").fill("demo-password")
            page.get_by_role("button", name="Sign in").click()
            page.get_by_role("heading", level=1, name="Your teams").wait_for()
        problems: list[str] = []
        for template in walk(role):
            path = template.format(**places)
            page.goto(path)
            expect(page.locator("main")).not_to_have_attribute("aria-busy", "true")
            expect(page.locator("main h1")).to_be_visible()
            page.wait_for_load_state("networkidle")
            where = f"{path} as {role} on a {size}"
            if SHOTS:
                name = re.sub(r"[^a-z0-9]+", "-", f"{role}-{size}-{template}".lower()).strip("-")
                page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)
            # Every page is checked before the test fails, so one run lists every problem.
            try:
                assert_accessible(page, where=where)
            except AssertionError as error:
                problems.append(str(error))
            header = page.locator(".site-header__inner").bounding_box()
            if size == "phone" and role != SIGNED_OUT and header and header["height"] > 64:
                problems.append(f"the header wraps onto a second row on {where}")
            if console_errors:
                problems.append(f"console errors on {where}: {console_errors}")
                console_errors.clear()
        assert not problems, "\n\n".join(problems)
    finally:
        context.close()


def test_the_check_finds_what_it_is_for(page):
    """The walk above proves something only if the check can fail: white on near-white text and
    a page wider than a phone are both caught."""
    page.set_viewport_size(PHONE)
    page.set_content(
        '<html lang="en"><head><title>Bad page</title></head><body><main><h1>Bad</h1>'
        '<button style="color:#fff;background:#f4f6f8">Show</button>'
        '<div style="width:800px">wide</div></main></body></html>'
    )
    with pytest.raises(AssertionError, match="color-contrast"):
        assert_accessible(page)
    page.set_content(
        '<html lang="en"><head><title>Wide page</title></head><body><main><h1>Wide</h1>'
        '<div style="width:800px">wide</div></main></body></html>'
    )
    with pytest.raises(AssertionError, match="scrolls sideways"):
        assert_accessible(page)
