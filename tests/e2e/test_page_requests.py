"""A page reached inside the app is drawn from at most two API requests (issue #16).

Every /api/ request from the click on a link until the page is drawn and the network has been
quiet for a while is counted; the bell's unread count (its own minute timer) is left aside.
PAGES lists the pages: adding a page is one entry (who opens it, where from, where to, and the
heading that says it is drawn).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import pytest

from api.demo import DEMO_PASSWORD
from tests.e2e.through_api import api_as, in_days

#: the most API requests one page may take to draw
BUDGET = 2
#: the bell asks on a timer of its own, whatever page is open
BELL = "/api/v1/me/notifications/unread-count"
#: how long the network stays quiet before the page counts as idle
QUIET_SECONDS = 1.0


@dataclass(frozen=True)
class Visit:
    login: str
    #: a page of the app to start from, and the page its link leads to ({placeholders})
    start: str
    target: str
    #: the h1 that says the page is drawn ({placeholders} too)
    heading: str


#: who opens the team and trust pages
READERS = {
    "teacher": "teacher@maple.example",
    "student": "sam",
    "coach": "coach@maple.example",
    "admin": "admin@maple.example",
}

PAGES: dict[str, Visit] = {
    "cycle (teacher)": Visit("teacher@maple.example", "/teams/{team}", "/cycles/{cycle}", "{q}"),
    "cycle (student)": Visit("sam", "/my-work", "/cycles/{cycle}", "{q}"),
    "cycle (coach)": Visit("coach@maple.example", "/teams", "/cycles/{cycle}", "{q}"),
    "closed cycle": Visit("teacher@maple.example", "/teams", "/cycles/{closed}", "{closed_q}"),
    "puzzle (teacher)": Visit(
        "teacher@maple.example", "/teams/{team}", "/teams/{team}/puzzles/{puzzle}", "{q}"
    ),
    "puzzle (student)": Visit("sam", "/teams", "/teams/{team}/puzzles/{puzzle}", "{q}"),
    # The team page: a teacher's and an admin's second request is the add form's people search,
    # a coach's the relationship counts (an admin's come with the team).
    **{
        f"team ({role})": Visit(login, "/teams", "/teams/{team}", "Grade 7 Science")
        for role, login in READERS.items()
    },
    **{
        f"trust ({role})": Visit(login, "/teams/{team}", "/teams/{team}/trust", "Relational trust")
        for role, login in READERS.items()
    },
}


@pytest.fixture(scope="module")
def world(browser, live_server):
    """A cycle in analysis with work in every section (more evidence and comments than a list
    route's first page), and a closed one with a reflection."""
    question = "How might we make exit tickets count?"
    closed_question = "How might we keep our notebooks tidy?"
    with api_as(browser, live_server, "teacher@maple.example", DEMO_PASSWORD) as teacher:
        team_id = teacher.team_id("Grade 7 Science")
        sam = teacher.user_id(team_id, "Sam Student")
        cycles = []
        for words in (question, closed_question):
            puzzle = teacher.post(f"/teams/{team_id}/puzzles", {"question": words})
            cycle = teacher.post(f"/puzzles/{puzzle['id']}/cycles", {"facilitator_ids": [sam]})
            teacher.move(cycle["id"], "evidence")
            evidence = teacher.post(
                f"/cycles/{cycle['id']}/evidence",
                {"kind": "exit_ticket", "title": "Exit tickets, week 1", "text": "One strategy."},
            )
            teacher.post(f"/cycles/{cycle['id']}/comments", {"body": "Lovely start."})
            if words == question:  # more than a list route's first page of 10, as real cycles
                for week in range(2, 13):
                    item = {"kind": "exit_ticket", "title": f"Exit tickets, week {week}"}
                    teacher.post(f"/cycles/{cycle['id']}/evidence", {**item, "text": "More."})
                    teacher.post(f"/cycles/{cycle['id']}/comments", {"body": f"Week {week}."})
            teacher.move(cycle["id"], "analysis")
            teacher.post(
                f"/cycles/{cycle['id']}/notes",
                {"kind": "pattern", "body": "Most name one.", "evidence_ids": [evidence["id"]]},
            )
            cycles.append(cycle)
        closed = cycles[1]["id"]
        teacher.move(closed, "action")
        teacher.post(
            f"/cycles/{closed}/actions",
            {"title": "Model two strategies", "owner_id": sam, "due_on": in_days(7)},
        )
        teacher.move(closed, "reflection")
        teacher.send(
            "PUT",
            f"/cycles/{closed}/reflection",
            {"what_happened": "Tickets got longer.", "decision": "resolved"},
        )
        teacher.move(closed, "closed")
    return {
        "team": team_id,
        "cycle": cycles[0]["id"],
        "puzzle": cycles[0]["puzzle_id"],
        "q": question,
        "closed": closed,
        "closed_q": closed_question,
    }


class ApiRequests:
    """The page's /api/ requests as they start and end (the bell's aside)."""

    def __init__(self, page) -> None:
        self.seen: list[str] = []
        self.open = 0
        self.last = time.monotonic()
        self.recording = False
        page.on("request", self._started)
        page.on("requestfinished", self._ended)
        page.on("requestfailed", self._ended)

    @staticmethod
    def _counted(request) -> bool:
        path = request.url.split("://", 1)[-1].partition("/")[2]
        return path.startswith("api/") and not f"/{path}".startswith(BELL)

    def _started(self, request) -> None:
        if self._counted(request):
            self.open += 1
            self.last = time.monotonic()
            if self.recording:
                self.seen.append(f"{request.method} {request.url}")

    def _ended(self, request) -> None:
        if self._counted(request):
            self.open -= 1
            self.last = time.monotonic()

    def wait_until_quiet(self, page, limit: float = 20.0) -> None:
        until = time.monotonic() + limit
        while time.monotonic() < until:
            page.wait_for_timeout(100)
            if self.open <= 0 and time.monotonic() - self.last >= QUIET_SECONDS:
                return
        raise AssertionError(f"the page kept asking the API: {self.seen}")


def follow_link(page, href: str) -> None:
    """Move inside the app as a link on the page does (the router takes the click)."""
    page.evaluate(
        """(href) => {
            const link = Object.assign(document.createElement("a"), { href, textContent: "Go" });
            document.querySelector("main").append(link);
            link.click();
        }""",
        href,
    )


@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_page_reached_in_the_app_draws_from_at_most_two_api_requests(page, sign_in, world, name):
    visit = PAGES[name]
    requests = ApiRequests(page)
    sign_in(visit.login)
    page.goto(visit.start.format(**world))
    page.locator("main:not([aria-busy])").wait_for()
    requests.wait_until_quiet(page)
    requests.recording = True
    follow_link(page, visit.target.format(**world))
    heading = page.get_by_role("heading", level=1, name=visit.heading.format(**world))
    heading.wait_for()
    page.locator("main:not([aria-busy])").wait_for()
    requests.wait_until_quiet(page)
    assert page.url.endswith(visit.target.format(**world))
    assert 1 <= len(requests.seen) <= BUDGET, f"{name}: {len(requests.seen)} API requests: " + (
        "; ".join(requests.seen)
    )
