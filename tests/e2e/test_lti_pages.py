"""The LTI pages a teacher meets, in Chromium, with this test playing the learning platform on
127.0.0.1 (its own keys, its OIDC authorization page, its token and member-list endpoints):

- the deep-link picker the tool serves inside the course's content picker: a teacher picks a
  cycle by keyboard alone, and the platform receives the signed choice;
- the SPA's Course link page: the team's courses, filling the team from one, unlinking.

Both pass axe, on a desktop and on a 390 px phone. Everything lives in a school of its own, so
the demo school the other browser tests read is left as it was.
"""

from __future__ import annotations

import html
import itertools
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
from playwright.sync_api import expect

from api.cycles.models import Cycle
from api.extensions import db
from api.lti.models import LtiContext, LtiPlatform
from api.organizations.models import Organization, OrgMembership
from api.passwords import hash_password
from api.puzzles.models import Puzzle
from api.teams.models import Membership, Role, Team
from api.users.models import User
from tests.e2e.axe import assert_accessible
from tests.lti.test_lti_launch import CLAIM, INSTRUCTOR, LEARNER, PLATFORM_KEY, PLATFORM_PUBLIC_KEY

pytestmark = pytest.mark.browser
#: where screenshots go when set (developers look at them; CI does not need them)
SHOTS = os.environ.get("E2E_SHOTS")

_serial = itertools.count(1)
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
PASSWORD = "a long e2e password"


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


class FakeLms:
    """The platform's side: /auth answers the tool's OIDC redirect with a signed launch that the
    browser posts back; /return takes the deep-linking answer; /token and /memberships serve
    Names and Role Provisioning."""

    def __init__(self) -> None:
        self.returned: list[str] = []
        self.members: list[dict] = []
        self.launch_claims: dict = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.issuer = f"https://lms{next(_serial)}-{int(time.time())}.e2e.example"
        self.client_id = "e2e-client"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            f"{CLAIM}version": "1.3.0",
            f"{CLAIM}deployment_id": "1",
            **self.launch_claims,
        }
        return jwt.encode(claims, PLATFORM_KEY, algorithm="RS256", headers={"kid": "k1"})

    def _handler(self):
        lms = self

        class Handler(BaseHTTPRequestHandler):
            def _send(self, status: int, body: str, kind: str = "text/html") -> None:
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _form(self) -> dict:
                length = int(self.headers.get("Content-Length") or 0)
                return parse_qs(self.rfile.read(length).decode())

            def do_GET(self):  # noqa: N802
                url = urlsplit(self.path)
                if url.path == "/auth":
                    query = {key: values[0] for key, values in parse_qs(url.query).items()}
                    token = lms.id_token(query["nonce"])
                    page = (
                        '<!doctype html><html lang="en"><title>LMS</title><body>'
                        f'<form method="post" action="{html.escape(query["redirect_uri"])}">'
                        f'<input type="hidden" name="id_token" value="{token}">'
                        f'<input type="hidden" name="state" value="{html.escape(query["state"])}">'
                        "</form><script>document.forms[0].submit()</script></body></html>"
                    )
                    return self._send(200, page)
                if url.path == "/memberships":
                    body = json.dumps({"id": "m", "members": lms.members})
                    return self._send(200, body, "application/json")
                self._send(404, "")

            def do_POST(self):  # noqa: N802
                form = self._form()
                if self.path == "/return":
                    lms.returned.append(form["JWT"][0])
                    return self._send(
                        200, "<!doctype html><title>Back</title><h1>Back in your course</h1>"
                    )
                if self.path == "/token":
                    body = json.dumps({"access_token": "e2e-token", "token_type": "Bearer"})
                    return self._send(200, body, "application/json")
                self._send(404, "")

            def log_message(self, *args):
                pass

        return Handler

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def school_with_course(e2e_app):
    """A school of its own with a platform of the fake LMS, a team with a puzzle and a cycle,
    its teacher (who signs in with a password) and a course linked to the team."""
    lms = FakeLms()
    e2e_app.config["LTI_ALLOW_PRIVATE"] = True  # the fake LMS listens on 127.0.0.1
    n = next(_serial)
    with e2e_app.app_context():
        org = Organization(name=f"LTI School {n}", time_zone="UTC")
        db.session.add(org)
        db.session.flush()
        teacher = User(
            email=f"lti.teacher{n}@lti.example",
            display_name="Lee Teacher",
            password_hash=hash_password(PASSWORD),
        )
        db.session.add(teacher)
        db.session.flush()
        db.session.add(OrgMembership(organization_id=org.id, user_id=teacher.id))
        team = Team(organization_id=org.id, name="Science 7 inquiry", description="")
        other = Team(organization_id=org.id, name="Science 8 inquiry", description="")
        db.session.add_all([team, other])
        db.session.flush()
        db.session.add_all(
            [
                Membership(team_id=team.id, user_id=teacher.id, role=Role.teacher),
                Membership(team_id=other.id, user_id=teacher.id, role=Role.teacher),
            ]
        )
        platform = LtiPlatform(
            organization_id=org.id,
            name="Canvas",
            issuer=lms.issuer,
            client_id=lms.client_id,
            deployment_ids=["1"],
            auth_login_url=f"{lms.base}/auth",
            auth_token_url=f"{lms.base}/token",
            public_key=PLATFORM_PUBLIC_KEY,
        )
        db.session.add(platform)
        db.session.flush()
        db.session.add_all(
            [
                LtiContext(
                    platform_id=platform.id,
                    context_id="course-7",
                    team_id=team.id,
                    title="Science 7 (period 2)",
                    memberships_url=f"{lms.base}/memberships",
                ),
                LtiContext(
                    platform_id=platform.id,
                    context_id="course-8",
                    team_id=other.id,
                    title="Science 8 (period 4)",
                ),
            ]
        )
        puzzle = Puzzle(team_id=team.id, question="How might we get every student talking?")
        db.session.add(puzzle)
        db.session.flush()
        cycle = Cycle(team_id=team.id, puzzle_id=puzzle.id, number=1, workflow="eaa", state="draft")
        db.session.add(cycle)
        db.session.commit()
        ids = {"team": team.id, "teacher": teacher.email, "puzzle": puzzle.id, "cycle": cycle.id}
    try:
        yield lms, ids
    finally:
        e2e_app.config["LTI_ALLOW_PRIVATE"] = False
        lms.close()


def open_picker(page, live_server, lms: FakeLms, *, sub: str) -> None:
    """The platform starts a deep-linking launch of course-7 as a teacher; the picker shows."""
    lms.launch_claims = {
        "sub": sub,
        "name": "Lee Teacher",
        f"{CLAIM}message_type": "LtiDeepLinkingRequest",
        f"{CLAIM}roles": [INSTRUCTOR],
        f"{CLAIM}context": {"id": "course-7", "title": "Science 7 (period 2)"},
        f"{DL}deep_linking_settings": {
            "deep_link_return_url": f"{lms.base}/return",
            "accept_types": ["ltiResourceLink"],
            "accept_presentation_document_targets": ["iframe", "window"],
            "data": "platform-data",
        },
    }
    query = urlencode(
        {
            "iss": lms.issuer,
            "client_id": lms.client_id,
            "login_hint": sub,
            "target_link_uri": f"{live_server}/lti/launch",
            "lti_deployment_id": "1",
        }
    )
    page.goto(f"/lti/login?{query}")
    page.get_by_role("heading", level=1, name="Add a page of Science 7 inquiry").wait_for()


def test_a_teacher_picks_a_page_for_the_course_by_keyboard(page, live_server, school_with_course):
    lms, ids = school_with_course
    open_picker(page, live_server, lms, sub="lti-lee-1")
    shot(page, "deep-link-picker")
    assert_accessible(page, where="the deep-link picker")

    # Keyboard only: Tab into the choices (the first is chosen), an arrow picks the cycle, Tab
    # on to the button, Enter.
    puzzle = page.get_by_role("radio", name="Puzzle: How might we get every student talking?")
    cycle = page.get_by_role("radio", name="Cycle: Cycle 1")
    expect(puzzle).to_be_checked()
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.type") == "radio":
            break
    expect(puzzle).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(cycle).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Add to course")).to_be_focused()
    page.keyboard.press("Enter")

    page.get_by_role("heading", name="Back in your course").wait_for()
    [signed] = lms.returned
    claims = jwt.decode(signed, options={"verify_signature": False})
    [item] = claims[f"{DL}content_items"]
    assert item["type"] == "ltiResourceLink"
    assert item["url"].endswith(f"/cycles/{ids['cycle']}")
    assert claims[f"{DL}data"] == "platform-data"


def test_the_deep_link_picker_fits_a_phone(phone, live_server, school_with_course):
    lms, _ = school_with_course
    open_picker(phone, live_server, lms, sub="lti-lee-2")
    shot(phone, "deep-link-picker-phone")
    assert_accessible(phone, where="the deep-link picker on a phone")
    expect(phone.get_by_role("button", name="Add to course")).to_be_visible()


def sign_in_as_teacher(page, ids) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email or username").fill(ids["teacher"])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", level=1, name="Your teams").wait_for()


def test_a_teacher_fills_the_team_from_the_course_and_unlinks_another(page, school_with_course):
    lms, ids = school_with_course
    lms.members = [
        {"user_id": "lti-ada", "roles": [LEARNER], "name": "Ada Pupil"},
        {"user_id": "lti-ben", "roles": [LEARNER], "name": "Ben Pupil"},
        {"user_id": "lti-cy", "roles": [LEARNER], "name": "Cy Gone", "status": "Inactive"},
    ]
    sign_in_as_teacher(page, ids)
    page.goto(f"/teams/{ids['team']}")
    page.get_by_role("link", name="Course link: open this team from your learning platform").click()
    page.get_by_role("heading", level=1, name="Course link").wait_for()
    expect(page.get_by_role("heading", name="Science 7 (period 2)")).to_be_visible()
    expect(page.get_by_text("Opens Science 8 inquiry now.")).to_be_visible()
    assert_accessible(page, where="the Course link page")

    # By keyboard: focus the button, press Enter; the result is said in plain words.
    fill = page.get_by_role("button", name="Fill the team from this course")
    fill.focus()
    page.keyboard.press("Enter")
    result = page.get_by_role("status").filter(has_text="joined the team")
    expect(result).to_contain_text("2 people joined the team.")
    expect(result).to_contain_text("1 person was left out")
    shot(page, "course-link-filled")
    assert_accessible(page, where="the Course link page after filling")

    # Link the other course here, then unlink it again after saying so.
    page.get_by_role("button", name="Link to Science 7 inquiry (Science 8 (period 4))").click()
    expect(page.get_by_role("heading", name="Science 8 (period 4)")).to_be_visible()
    expect(page.get_by_text("No other courses yet.")).to_be_visible()
    page.get_by_role("button", name="Unlink Science 8 (period 4) from Science 7 inquiry").click()
    dialog = page.get_by_role("dialog", name="Unlink Science 8 (period 4)?")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Unlink").click()
    expect(page.get_by_role("heading", name="Science 8 (period 4)")).to_have_count(0)
    expect(page.get_by_role("heading", name="Science 7 (period 2)")).to_be_visible()


def test_the_course_link_page_fits_a_phone(phone, school_with_course):
    _, ids = school_with_course
    sign_in_as_teacher(phone, ids)
    phone.goto(f"/teams/{ids['team']}/course")
    phone.get_by_role("heading", level=1, name="Course link").wait_for()
    expect(phone.get_by_role("button", name="Fill the team from this course")).to_be_visible()
    shot(phone, "course-link-phone")
    assert_accessible(phone, where="the Course link page on a phone")
