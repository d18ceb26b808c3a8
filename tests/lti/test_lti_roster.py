"""LTI launches meet the roster: the rostered person and the rostered team, never copies.

The test plays the platform: its own RSA keys, published as a JWKS on 127.0.0.1 that the tool
fetches, and the roster synced first by the LMS's integration client.
"""

from __future__ import annotations

import json

import pytest
from jwcrypto.jwk import JWK
from sqlalchemy import func, select

from api.extensions import db
from api.lti.models import LtiContext
from api.teams.models import Membership, Role, Team
from api.users.models import ExternalIdentity, User
from tests.integrations.client_helpers import machine_for
from tests.lti.test_lti_launch import (
    CLAIM,
    LEARNER,
    PLATFORM_PUBLIC_KEY,
    Platform,
    key_set_server,
    whoami,
)

LIS = f"{CLAIM}lis"


@pytest.fixture()
def jwks_url(app, monkeypatch):
    monkeypatch.setitem(app.config, "LTI_ALLOW_PRIVATE", True)
    jwk = json.loads(JWK.from_pem(PLATFORM_PUBLIC_KEY.encode()).export_public())
    body = json.dumps({"keys": [{**jwk, "kid": "platform-key-1", "alg": "RS256"}]}).encode()
    with key_set_server(body) as (url, fetched):
        yield url
        assert fetched, "the tool fetched the platform's keys from its JWKS URL"


@pytest.fixture()
def rostered(app, client_for, school):
    """The LMS synced a course section with a teacher and a student first."""
    lms = machine_for(app, client_for(school.admin), school.org.id)
    base = f"/api/v1/organizations/{school.org.id}/roster"
    ids = {}
    ids["team"] = lms.put(f"{base}/teams/canvas/sec-7b", json={"name": "Science 7B"}).get_json()
    for key, name, email in (
        ("teacher", "Rosa Teacher", "rosa@school.example"),
        ("student", "Sam Pupil", None),
    ):
        body = {"display_name": name, **({"email": email} if email else {})}
        ids[key] = lms.put(f"{base}/users/canvas/u-{key}", json=body).get_json()
        role = "teacher" if key == "teacher" else "student"
        joined = lms.put(f"{base}/teams/canvas/sec-7b/members/u-{key}", json={"role": role})
        assert joined.status_code == 201
    return ids


def platform_for(app, client_for, school, jwks_url, **registration) -> Platform:
    return Platform(
        app,
        client_for(school.admin),
        school.org,
        jwks_url=jwks_url,
        public_key=None,
        **registration,
    )


def launch_as(platform: Platform, app, **claims):
    browser = Platform.__new__(Platform)
    browser.registration, browser.browser = platform.registration, app.test_client()
    auth = browser.start_login()
    response = browser.launch(auth, browser.id_token(auth, **claims))
    return browser, response


def people_and_teams() -> tuple[int, int]:
    return (
        db.session.scalar(select(func.count()).select_from(User)),
        db.session.scalar(select(func.count()).select_from(Team)),
    )


def test_rostered_teacher_and_student_launch_into_their_rostered_team(
    app, client_for, school, jwks_url, rostered
):
    platform = platform_for(app, client_for, school, jwks_url, roster_source="canvas")
    assert platform.registration["roster_source"] == "canvas"
    before = people_and_teams()
    course = {"id": "canvas-course-9", "title": "Science 7B (Canvas)"}
    teacher, response = launch_as(
        platform,
        app,
        sub="lti-sub-rosa",
        **{
            LIS: {"person_sourcedid": "u-teacher", "course_section_sourcedid": "sec-7b"},
            f"{CLAIM}context": course,
        },
    )
    assert response.status_code == 303
    assert response.headers["Location"] == f"/teams/{rostered['team']['id']}"
    assert whoami(teacher.browser).get_json()["id"] == rostered["teacher"]["id"]

    student, response = launch_as(
        platform,
        app,
        sub="lti-sub-sam",
        roles=(LEARNER,),
        **{
            LIS: {"person_sourcedid": "u-student"},
            f"{CLAIM}context": course,
        },
    )
    assert response.headers["Location"] == f"/teams/{rostered['team']['id']}"
    assert whoami(student.browser).get_json()["id"] == rostered["student"]["id"]
    # Nobody and no team was copied; the platform's subjects are now linked to the people.
    assert people_and_teams() == before
    linked = db.session.scalars(
        select(ExternalIdentity.user_id).where(ExternalIdentity.source.like("lti:%"))
    ).all()
    assert sorted(linked) == sorted([rostered["teacher"]["id"], rostered["student"]["id"]])
    roles = db.session.execute(
        select(Membership.user_id, Membership.role).where(
            Membership.team_id == rostered["team"]["id"]
        )
    ).all()
    assert sorted(roles) == sorted(
        [(rostered["teacher"]["id"], Role.teacher), (rostered["student"]["id"], Role.student)]
    )


def test_a_linked_subject_wins_on_the_next_launch_even_without_lis(
    app, client_for, school, jwks_url, rostered
):
    platform = platform_for(app, client_for, school, jwks_url, roster_source="canvas")
    claims = {
        "sub": "lti-sub-rosa",
        LIS: {"person_sourcedid": "u-teacher", "course_section_sourcedid": "sec-7b"},
    }
    launch_as(platform, app, **claims)
    again, response = launch_as(platform, app, sub="lti-sub-rosa")
    assert response.status_code == 303
    assert whoami(again.browser).get_json()["id"] == rostered["teacher"]["id"]


def test_without_a_roster_source_a_launch_makes_its_own_person(
    app, client_for, school, jwks_url, rostered
):
    platform = platform_for(app, client_for, school, jwks_url)
    users_before = people_and_teams()[0]
    launched, response = launch_as(
        platform, app, sub="x-1", **{LIS: {"person_sourcedid": "u-teacher"}}
    )
    assert response.status_code == 303
    assert whoami(launched.browser).get_json()["id"] != rostered["teacher"]["id"]
    assert people_and_teams()[0] == users_before + 1


def test_email_finds_a_person_only_when_the_organization_allows_it(
    app, client_for, school, jwks_url, rostered
):
    refused = platform_for(app, client_for, school, jwks_url)
    launched, _ = launch_as(refused, app, sub="e-1", email="rosa@school.example")
    assert whoami(launched.browser).get_json()["id"] != rostered["teacher"]["id"]

    allowed = platform_for(
        app, client_for, school, jwks_url, match_email=True, client_id="other-client"
    )
    allowed_browser = Platform.__new__(Platform)
    allowed_browser.registration, allowed_browser.browser = allowed.registration, app.test_client()
    auth = allowed_browser.start_login(client_id="other-client")
    token = allowed_browser.id_token(
        auth, sub="e-2", email="Rosa@School.example", aud="other-client"
    )
    assert allowed_browser.launch(auth, token).status_code == 303
    assert whoami(allowed_browser.browser).get_json()["id"] == rostered["teacher"]["id"]


def test_email_never_finds_an_admin_or_someone_of_another_school(app, client_for, school, jwks_url):
    platform = platform_for(app, client_for, school, jwks_url, match_email=True)
    for email in (school.admin.email, school.outsider.email):
        launched, response = launch_as(platform, app, sub=f"s-{email}", email=email)
        assert response.status_code == 303
        assert whoami(launched.browser).get_json()["id"] not in (
            school.admin.id,
            school.outsider.id,
        )


def test_a_student_cannot_open_a_course_no_teacher_has_set_up(app, client_for, school, jwks_url):
    platform = platform_for(app, client_for, school, jwks_url, roster_source="canvas")
    before = people_and_teams()
    _, response = launch_as(
        platform,
        app,
        sub="early-student",
        roles=(LEARNER,),
        **{f"{CLAIM}context": {"id": "unknown-course", "title": "New"}},
    )
    assert response.status_code == 403
    assert "teacher" in response.get_json()["detail"]
    assert people_and_teams() == before
    assert db.session.scalar(select(func.count()).select_from(LtiContext)) == 0


def test_a_forged_launch_is_refused_even_for_a_rostered_person(
    app, client_for, school, jwks_url, rostered
):
    from tests.lti.test_lti_launch import FORGER_KEY

    platform = platform_for(app, client_for, school, jwks_url, roster_source="canvas")
    browser = Platform.__new__(Platform)
    browser.registration, browser.browser = platform.registration, app.test_client()
    auth = browser.start_login()
    token = browser.id_token(auth, key=FORGER_KEY, **{LIS: {"person_sourcedid": "u-teacher"}})
    response = browser.launch(auth, token)
    assert response.status_code == 401
    assert whoami(browser.browser).status_code == 401


def test_a_bad_roster_source_is_a_field_error(client_for, school):
    response = client_for(school.admin).post(
        f"/api/v1/organizations/{school.org.id}/lti/platforms",
        json={
            "name": "Canvas",
            "issuer": "https://c.example",
            "client_id": "1",
            "deployment_ids": ["d"],
            "auth_login_url": "https://c.example/auth",
            "public_key": PLATFORM_PUBLIC_KEY,
            "roster_source": "Not A Source!",
        },
    )
    assert response.status_code == 422
    assert "roster_source" in response.get_json()["errors"]


def test_tool_urls_follow_public_url_or_else_the_address_asked(
    app, client_for, school, monkeypatch
):
    from api.lti.service import tool_urls

    monkeypatch.setitem(app.config, "PUBLIC_URL", "")
    with app.test_request_context("/", base_url="https://eaa.district.example"):
        assert tool_urls()["redirect_uri"] == "https://eaa.district.example/lti/launch"
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://cycles.school.example/")
    admin = client_for(school.admin)
    platform = Platform(admin_client=admin, app=app, org=school.org)
    shown = admin.get(
        f"/api/v1/organizations/{school.org.id}/lti/platforms/{platform.registration['id']}"
    ).get_json()
    assert shown["tool"] == {
        "login_initiation_url": "https://cycles.school.example/lti/login",
        "redirect_uri": "https://cycles.school.example/lti/launch",
        "target_link_uri": "https://cycles.school.example/lti/launch",
        "jwks_url": "https://cycles.school.example/lti/jwks",
    }


def test_a_teacher_links_a_course_to_their_team_and_launches_land_there(
    app, client_for, school, jwks_url
):
    platform = platform_for(app, client_for, school, jwks_url)
    course = {"id": "moodle-course-5", "title": "Science (Moodle)"}
    url = (
        f"/api/v1/organizations/{school.org.id}/lti/platforms/"
        f"{platform.registration['id']}/courses/{course['id']}"
    )
    refused = client_for(school.student).put(url, json={"team_id": school.team.id})
    assert refused.status_code == 403
    other_team = client_for(school.outsider).put(url, json={"team_id": school.team.id})
    assert other_team.status_code == 404
    linked = client_for(school.teacher).put(url, json={"team_id": school.team.id})
    assert linked.status_code == 200, linked.get_json()
    assert linked.get_json()["team_id"] == school.team.id

    _, response = launch_as(
        platform, app, sub="moodle-learner", roles=(LEARNER,), **{f"{CLAIM}context": course}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == f"/teams/{school.team.id}"
