# ruff: noqa: F811 (the imported fixtures are pytest parameters below)
"""LTI Names and Role Provisioning: the test plays the platform's token and memberships
endpoints on 127.0.0.1, and checks the tool's signed client assertion with the tool's JWKS."""

from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import jwt
import pytest
from jwt import PyJWKSet
from sqlalchemy import func, select

from api.extensions import db
from api.lti.models import LtiContext
from api.passwords import hash_password
from api.teams.models import Membership, Role
from api.users.models import ExternalIdentity, User
from tests.lti.test_lti_launch import CLAIM, CLIENT_ID, INSTRUCTOR, LEARNER
from tests.lti.test_lti_roster import (  # noqa: F401
    LIS,
    jwks_url,
    launch_as,
    platform_for,
    rostered,
)
from tests.support.client import PASSWORD

NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
TA = "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant"
COURSE = {"id": "canvas-course-12", "title": "Science 7B (Canvas)"}


@contextmanager
def lms_endpoints(tool_keys: dict, pages: list[list[dict]], *, token_status: int = 200):
    """The platform's token endpoint and a paged memberships endpoint; yields (base, seen).
    `pages` is read at each request, so a test changes the course by changing it; a page that
    is None answers 500."""
    seen: dict[str, list] = {"assertions": [], "tokens": []}

    class Handler(BaseHTTPRequestHandler):
        def _json(self, status: int, body: dict, link: str | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            if link:
                self.send_header("Link", f'<{link}>; rel="next"')
            self.end_headers()
            self.wfile.write(json.dumps(body).encode())

        def do_POST(self):  # noqa: N802
            form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
            assertion = form["client_assertion"][0]
            kid = jwt.get_unverified_header(assertion)["kid"]
            [key] = [k for k in PyJWKSet.from_dict(tool_keys).keys if k.key_id == kid]
            seen["assertions"].append(
                jwt.decode(assertion, key.key, algorithms=["RS256"], audience=f"{base}/token")
            )
            assert form["grant_type"] == ["client_credentials"]
            assert form["scope"] == [SCOPE]
            assert form["client_assertion_type"] == [
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
            ]
            self._json(token_status, {"access_token": "nrps-token", "token_type": "Bearer"})

        def do_GET(self):  # noqa: N802
            seen["tokens"].append(self.headers.get("Authorization"))
            if self.headers.get("Authorization") != "Bearer nrps-token":
                return self._json(401, {})
            number = int(self.path.rsplit("=", 1)[1]) if "page=" in self.path else 0
            following = f"{base}/memberships?page={number + 1}" if number + 1 < len(pages) else None
            if pages[number] is None:
                return self._json(500, {})
            self._json(200, {"id": "m", "members": pages[number]}, following)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield base, seen
    finally:
        server.shutdown()
        server.server_close()


MEMBERS = [
    [
        {"user_id": "lti-rosa", "roles": [INSTRUCTOR], "name": "Rosa Teacher"},
        {
            "user_id": "lti-sam",
            "roles": [LEARNER],
            "name": "Sam Pupil",
            "lis_person_sourcedid": "u-student",
        },
        {"user_id": "lti-new", "roles": ["Learner"], "name": "Noor", "email": "SHARED"},
    ],
    [
        {"user_id": "lti-ta", "roles": [TA], "name": "Tam Assistant"},
        {"user_id": "lti-gone", "roles": [LEARNER], "status": "Inactive"},
        {
            "user_id": "lti-mentor",
            "roles": ["http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor"],
        },
    ],
]


@pytest.fixture()
def launched(app, client_for, school, jwks_url, rostered, anonymous):  # noqa: F811
    """A rostered course launched by its teacher, whose launch carries the NRPS claim; the
    platform is in seen["platform"], for more launches."""

    @contextmanager
    def start(pages=MEMBERS, **endpoint_options):
        tool_keys = anonymous.get("/lti/jwks").get_json()
        with lms_endpoints(tool_keys, pages, **endpoint_options) as (base, seen):
            platform = platform_for(
                app,
                client_for,
                school,
                jwks_url,
                roster_source="canvas",
                auth_token_url=f"{base}/token",
            )
            _, response = launch_as(
                platform,
                app,
                sub="lti-rosa",
                **{
                    LIS: {"person_sourcedid": "u-teacher", "course_section_sourcedid": "sec-7b"},
                    f"{CLAIM}context": COURSE,
                    NRPS: {
                        "context_memberships_url": f"{base}/memberships",
                        "service_versions": ["2.0"],
                    },
                },
            )
            assert response.status_code == 303
            seen["platform"] = platform
            url = (
                f"/api/v1/organizations/{school.org.id}/lti/platforms/"
                f"{platform.registration['id']}/courses/{COURSE['id']}/provision"
            )
            yield url, seen

    return start


def signed_in(client_for, user_id: str):
    """The rostered person signs in with a password too (rostered people have none at first)."""
    user = db.session.get(User, user_id)
    user.password_hash = hash_password(PASSWORD)
    db.session.commit()
    return client_for(user)


def team_roles(team_id: str) -> dict[str, Role]:
    rows = db.session.execute(
        select(User.display_name, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.team_id == team_id)
    ).all()
    return dict(rows)


def test_a_teacher_fills_the_team_from_the_course(client_for, school, rostered, launched):
    for member in MEMBERS[0]:
        if member.get("email") == "SHARED":
            member["email"] = school.student.email
    with launched() as (url, seen):
        teacher = signed_in(client_for, rostered["teacher"]["id"])
        response = teacher.post(url)
        assert response.status_code == 200, response.get_json()
        assert response.get_json() == {
            "joined": 2,
            "already": 2,
            "skipped": 2,
            "left": 0,
            "stayed": 0,
            "whole_list": True,
        }
        [assertion] = seen["assertions"]
        assert assertion["iss"] == assertion["sub"] == CLIENT_ID and assertion["jti"]
        assert seen["tokens"] == ["Bearer nrps-token", "Bearer nrps-token"]  # both pages

        assert team_roles(rostered["team"]["id"]) == {
            "Rosa Teacher": Role.teacher,
            "Sam Pupil": Role.student,
            "Noor": Role.student,
            "Tam Assistant": Role.teacher,
        }
        # The rostered student was found by their sourcedId and linked; Noor is someone new,
        # not the school's student who has the same email.
        linked = dict(
            db.session.execute(
                select(ExternalIdentity.external_id, ExternalIdentity.user_id).where(
                    ExternalIdentity.source.like("lti:%")
                )
            ).all()
        )
        assert linked["lti-sam"] == rostered["student"]["id"]
        assert linked["lti-new"] != school.student.id
        assert "lti-gone" not in linked and "lti-mentor" not in linked

        # Again: nothing new.
        again = teacher.post(url)
        assert again.get_json() == {
            "joined": 0,
            "already": 4,
            "skipped": 2,
            "left": 0,
            "stayed": 0,
            "whole_list": True,
        }


def test_only_teachers_of_the_team_or_admins_may_provision(client_for, school, rostered, launched):
    with launched() as (url, seen):
        assert signed_in(client_for, rostered["student"]["id"]).post(url).status_code == 403
        assert client_for(school.outsider).post(url).status_code in (403, 404)
        assert seen["assertions"] == []
        assert client_for(school.admin).post(url).status_code == 200


def test_a_platform_that_refuses_the_token_changes_nothing(client_for, school, rostered, launched):
    with launched(token_status=400) as (url, _):
        before = db.session.scalar(select(func.count()).select_from(Membership))
        teacher = signed_in(client_for, rostered["teacher"]["id"])
        response = teacher.post(url)
        assert response.status_code == 502
        assert response.mimetype == "application/problem+json"
        assert db.session.scalar(select(func.count()).select_from(Membership)) == before


def test_a_course_without_a_memberships_url_is_told_how_to_get_one(
    client_for, school, rostered, launched
):
    with launched() as (url, seen):
        db.session.execute(LtiContext.__table__.update().values(memberships_url=None))
        db.session.commit()
        teacher = signed_in(client_for, rostered["teacher"]["id"])
        response = teacher.post(url)
        assert response.status_code == 422
        assert "Names and Role Provisioning" in response.get_json()["detail"]
        missing = teacher.post(url.replace(COURSE["id"], "no-such-course"))
        assert missing.status_code == 404
        assert seen["assertions"] == []


ROSA = {"user_id": "lti-rosa", "roles": [INSTRUCTOR], "name": "Rosa Teacher"}
SAM = {
    "user_id": "lti-sam",
    "roles": [LEARNER],
    "name": "Sam Pupil",
    "lis_person_sourcedid": "u-student",
}
NOOR = {"user_id": "lti-noor", "roles": [LEARNER], "name": "Noor Said"}
TAM = {"user_id": "lti-ta", "roles": [TA], "name": "Tam Assistant"}
OMAR = {"user_id": "lti-omar", "roles": [LEARNER], "name": "Omar Learner"}
MENTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor"


def counts(response) -> dict:
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    return {key: body[key] for key in ("joined", "already", "skipped", "left", "stayed")}


def test_people_the_course_brought_leave_when_they_left_the_course_and_only_they(
    app, client_for, school, rostered, launched
):
    team_id = rostered["team"]["id"]
    pages: list = [[ROSA, SAM, NOOR], [TAM, OMAR]]
    with launched(pages) as (url, seen):
        teacher = signed_in(client_for, rostered["teacher"]["id"])
        assert counts(teacher.post(url)) == {
            "joined": 3,
            "already": 2,
            "skipped": 0,
            "left": 0,
            "stayed": 0,
        }
        # Ivy joins by launching the tool from the course; Priya is added by hand.
        _, launched_in = launch_as(
            seen["platform"],
            app,
            sub="lti-ivy",
            name="Ivy Launcher",
            roles=(LEARNER,),
            **{f"{CLAIM}context": COURSE},
        )
        assert launched_in.status_code == 303
        priya = school.students[1]
        added = teacher.post(
            f"/api/v1/teams/{team_id}/members", json={"user_id": priya.id, "role": "student"}
        )
        assert added.status_code == 201

        # The course now: Noor and Sam are gone, Tam was deleted, Ivy is inactive, Omar is only
        # a mentor; one entry has no user_id at all.
        pages[:] = [
            [ROSA, dict(TAM, status="Deleted"), dict(OMAR, roles=[MENTOR])],
            [
                {"user_id": "lti-ivy", "roles": [LEARNER], "status": "Inactive"},
                {"roles": [LEARNER]},
            ],
        ]
        assert counts(teacher.post(url)) == {
            "joined": 0,
            "already": 1,
            "skipped": 4,
            "left": 4,
            "stayed": 0,
        }
        # Sam came from the roster sync and Priya was added by hand: both stay.
        assert team_roles(team_id) == {
            "Rosa Teacher": Role.teacher,
            "Sam Pupil": Role.student,
            "Priya Shah": Role.student,
        }
        # Only the memberships ended: the people and their links to the LMS stay.
        for name in ("Noor Said", "Tam Assistant", "Ivy Launcher", "Omar Learner"):
            assert db.session.scalar(select(User.id).where(User.display_name == name))
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(ExternalIdentity)
                .where(
                    ExternalIdentity.external_id.in_(["lti-noor", "lti-ta", "lti-ivy", "lti-omar"])
                )
            )
            == 4
        )
        feed = teacher.get(f"/api/v1/teams/{team_id}/activity").get_json()
        left = [entry["summary"] for entry in feed if entry["verb"] == "member.left"]
        assert sorted(left) == [
            f"{name} left: no longer in the course on {seen['platform'].registration['name']}"
            for name in ("Ivy Launcher", "Noor Said", "Omar Learner", "Tam Assistant")
        ]

        # Noor comes back to the course: she joins again.
        pages[:] = [[ROSA, NOOR]]
        assert counts(teacher.post(url))["joined"] == 1
        assert team_roles(team_id)["Noor Said"] is Role.student


def test_the_last_teacher_and_the_person_asking_stay(client_for, school, rostered, launched):
    team_id = rostered["team"]["id"]
    pages: list = [[ROSA, SAM, TAM]]
    with launched(pages) as (url, _):
        rosa = signed_in(client_for, rostered["teacher"]["id"])
        assert counts(rosa.post(url))["joined"] == 1  # Tam, brought by the course
        tam_id = db.session.scalar(select(User.id).where(User.display_name == "Tam Assistant"))
        tam = signed_in(client_for, tam_id)

        pages[:] = [[ROSA, SAM]]  # Tam left the course, but she is the one asking
        assert counts(tam.post(url))["stayed"] == 1
        assert team_roles(team_id)["Tam Assistant"] is Role.teacher

        # Rosa leaves the team and the course; Tam is the last teacher now, so she stays.
        members = rosa.get(f"/api/v1/teams/{team_id}/members").get_json()
        [rosa_membership] = [m for m in members if m["user"]["id"] == rostered["teacher"]["id"]]
        admin = client_for(school.admin)
        assert (
            admin.delete(f"/api/v1/teams/{team_id}/members/{rosa_membership['id']}").status_code
            == 204
        )
        pages[:] = [[SAM]]
        result = counts(admin.post(url))
        assert (result["left"], result["stayed"]) == (0, 1)
        assert team_roles(team_id)["Tam Assistant"] is Role.teacher


def test_nobody_leaves_when_the_list_could_not_be_read_whole(
    monkeypatch, client_for, rostered, launched
):
    from api.lti import provisioning

    team_id = rostered["team"]["id"]
    pages: list = [[ROSA, NOOR]]
    with launched(pages) as (url, _):
        teacher = signed_in(client_for, rostered["teacher"]["id"])
        assert counts(teacher.post(url))["joined"] == 1
        pages[:] = [[ROSA], [SAM]]
        monkeypatch.setattr(provisioning, "MAX_PAGES", 1)
        cut_short = teacher.post(url)
        assert cut_short.get_json()["whole_list"] is False
        assert counts(cut_short)["left"] == 0
        assert "Noor Said" in team_roles(team_id)


def test_a_page_that_fails_halfway_changes_nothing(client_for, rostered, launched):
    team_id = rostered["team"]["id"]
    pages: list = [[ROSA, NOOR]]
    with launched(pages) as (url, _):
        teacher = signed_in(client_for, rostered["teacher"]["id"])
        assert counts(teacher.post(url))["joined"] == 1
        before = team_roles(team_id)
        pages[:] = [[ROSA, TAM], None]  # Noor gone, Tam new, then the platform fails
        failed = teacher.post(url)
        assert failed.status_code == 502
        assert failed.mimetype == "application/problem+json"
        assert team_roles(team_id) == before
