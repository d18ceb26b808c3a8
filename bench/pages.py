"""Whole pages: the API requests the web app makes for a page, recorded in Chromium, and the
bytes of a first and a repeat visit.

Headless Chromium (Debian's chromium, driven by Playwright) opens the bench district's pages,
signed in as the team's first teacher (the one whose token wrk sends). For each page:
- requests: every /api/ request of the app's code (fetch) from an in-app navigation to the
  page (a click on a link to it from the teams page) until it is drawn and the network is idle,
  as the browser tests count them (tests/e2e/test_page_requests.py). Recorded, not listed, so
  the bench follows the app as it changes; the recorded team's ids become placeholders, so wrk
  can replay the page for every team and cycle (bench/load.py).
- first visit: a new browser (empty cache) opens the page by its address; every byte received,
  the app's files apart from the API's answers.
- repeat visit: the same browser opens it again.
The cycle page is recorded once for a cycle in each state, since what it reads depends on it.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from pathlib import Path

from bench import district as district_seed
from bench.network import Fetch, NetworkLog

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TIMEOUT_MS = 30_000
AN_ID = re.compile(r"\b[0-9a-f]{24}\b")


@dataclass
class Visit:
    """What one page load received over the network: the app's files (from the network, not
    the cache), the API's answers to the app's code, and evidence previews (<img> of API files,
    which load lazily, so their count depends on the window and on timing)."""

    static_bytes: int
    api_bytes: int
    preview_bytes: int
    static_requests: int
    api_requests: int
    preview_requests: int
    #: the API's answers as compose's proxy sends them (Caddy's `encode gzip`): the app sends
    #: JSON uncompressed, and on loopback nothing is in between
    api_gzipped_bytes: int = 0

    @classmethod
    def of(cls, fetches: list[Fetch], request) -> Visit:
        files = [fetch for fetch in fetches if not fetch.is_api and fetch.transferred]
        answers = [fetch for fetch in fetches if fetch.is_api_call]
        previews = [fetch for fetch in fetches if fetch.is_api and not fetch.is_api_call]
        return cls(
            static_bytes=sum(fetch.transferred for fetch in files),
            api_bytes=sum(fetch.transferred for fetch in answers),
            preview_bytes=sum(fetch.transferred for fetch in previews),
            static_requests=len(files),
            api_requests=len(answers),
            preview_requests=len(previews),
            api_gzipped_bytes=sum(_gzipped(fetch, request) for fetch in answers),
        )

    @property
    def total_bytes(self) -> int:
        """Files and API answers; the evidence previews apart."""
        return self.static_bytes + self.api_bytes


@dataclass
class Recording:
    name: str
    #: the page's address, with placeholders
    address: str
    #: (method, path with placeholders) of each API request of an in-app navigation, in order
    requests: list[tuple[str, str]]
    first_visit: Visit | None = None
    repeat_visit: Visit | None = None
    #: ids of team 0 that no placeholder stands for (the replay sends them as recorded)
    unplaced_ids: list[str] = field(default_factory=list)


#: Caddy leaves answers shorter than this as they are (its `minimum_length`)
GZIP_FROM_BYTES = 512


def _gzipped(fetch: Fetch, request) -> int:
    """Headers plus the answer's body gzipped, read again (a GET reads the same)."""
    body = request.get(fetch.path).body() if fetch.method == "GET" else b""
    if len(body) >= GZIP_FROM_BYTES:
        body = gzip.compress(body)
    return fetch.header_bytes + len(body)


def available() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return CHROMIUM.exists()


def placeholders(seeded: district_seed.District, team: district_seed.TeamSeed, cycle_id: str):
    """{placeholder: id} for one team, one of its cycles and the teacher who holds its token."""
    return {
        "{team}": team.id,
        "{cycle}": cycle_id,
        "{puzzle}": team.puzzle_ids.get(cycle_id, ""),
        "{organization}": seeded.organization_id,
        "{me}": team.teacher_ids[0],
    }


def fill(template: str, values: dict[str, str]) -> str:
    for placeholder, value in values.items():
        template = template.replace(placeholder, value)
    return template


def _template(path: str, values: dict[str, str]) -> str:
    for placeholder, value in values.items():
        if value:
            path = path.replace(value, placeholder)
    return path


def pages_to_record(seeded: district_seed.District):
    """(name, team, cycle id or "", address with placeholders): team 0's team and trust pages,
    and the cycle page of a cycle in each state there is (the first team that has one)."""
    first_team = seeded.teams[0]
    pages = [
        ("team page", first_team, "", "/teams/{team}"),
        ("trust page", first_team, "", "/teams/{team}/trust"),
    ]
    by_state: dict[str, tuple[district_seed.TeamSeed, str]] = {}
    for team in seeded.teams:
        for cycle_id, state in team.cycle_states.items():
            by_state.setdefault(state, (team, cycle_id))
    pages += [
        (f"cycle page ({state})", team, cycle_id, "/cycles/{cycle}")
        for state, (team, cycle_id) in sorted(by_state.items())
    ]
    return pages


def record(base_url: str, seeded: district_seed.District) -> dict[str, Recording]:
    """Every page of `pages_to_record`, by name: its requests, and its first and repeat visit."""
    from playwright.sync_api import sync_playwright

    recordings: dict[str, Recording] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            for name, team, cycle_id, address in pages_to_record(seeded):
                values = placeholders(seeded, team, cycle_id)
                context = _signed_in(browser, base_url, team.login)
                try:
                    recordings[name] = _record_page(context, name, address, values)
                finally:
                    context.close()
        finally:
            browser.close()
    return recordings


def _signed_in(browser, base_url: str, login: str):
    context = browser.new_context(base_url=base_url, viewport={"width": 1200, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    token = context.request.get("/api/v1/auth/csrf").json()["csrf_token"]
    answer = context.request.post(
        "/api/v1/auth/session",
        data={"login": login, "password": district_seed.BROWSER_PASSWORD},
        headers={"X-CSRF-Token": token},
    )
    if not answer.ok:
        raise SystemExit(f"The bench browser could not sign in: {answer.status} {answer.text()}")
    return context


def _drawn(page, log: NetworkLog) -> None:
    """Until the router has drawn the page (main is no longer busy) and the network is idle."""
    page.locator("main:not([aria-busy='true']) h1").first.wait_for()
    log.wait_until_idle()


def _record_page(context, name: str, address: str, values: dict[str, str]) -> Recording:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log = NetworkLog(page)
    target = fill(address, values)

    page.goto(target)  # a new browser: nothing cached
    _drawn(page, log)
    first = Visit.of(log.take(), context.request)
    page.goto(target)  # the same browser, again
    _drawn(page, log)
    repeat = Visit.of(log.take(), context.request)

    page.goto("/teams")
    _drawn(page, log)
    log.take()
    # An in-app navigation, as a click on a link to the page makes it.
    page.evaluate(
        """(path) => {
            const link = Object.assign(document.createElement("a"), { href: path });
            document.body.append(link);
            link.click();
            link.remove();
        }""",
        target,
    )
    page.wait_for_url(f"**{target}")
    _drawn(page, log)
    fetches = [fetch for fetch in log.take() if fetch.is_api_call]
    page.close()
    if errors:
        raise SystemExit(f"The {name} failed in the bench browser: {errors}")
    requests = [(fetch.method, _template(fetch.path, values)) for fetch in fetches]
    unplaced = sorted({found for _, path in requests for found in AN_ID.findall(path)})
    return Recording(name, address, requests, first, repeat, unplaced)
