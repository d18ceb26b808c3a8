"""LTI Deep Linking: the test plays the platform (its own keys, a JWKS on 127.0.0.1), sends a
teacher's LtiDeepLinkingRequest, and checks the tool's signed answer with the tool's JWKS."""

from __future__ import annotations

import re

import jwt
import pytest
from jwt import PyJWKSet
from sqlalchemy import func, select

from api.extensions import db
from api.lti.models import LtiLoginState
from tests.lti.test_lti_launch import CLAIM, CLIENT_ID, DEPLOYMENT, ISSUER, LEARNER
from tests.lti.test_lti_roster import jwks_url, launch_as, platform_for  # noqa: F401

DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
RETURN_URL = "https://canvas.school.example/courses/5/deep_linking_response"
COURSE = {"id": "course-dl-1", "title": "Science 7"}


def request_claims(accept=("ltiResourceLink",), **extra):
    return {
        f"{CLAIM}message_type": "LtiDeepLinkingRequest",
        f"{CLAIM}context": COURSE,
        f"{CLAIM}resource_link": None,
        f"{DL}deep_linking_settings": {
            "deep_link_return_url": RETURN_URL,
            "accept_types": list(accept),
            "accept_presentation_document_targets": ["iframe", "window"],
            "data": "opaque-platform-data",
        },
        **extra,
    }


@pytest.fixture()
def course(app, client_for, school, jwks_url, make_puzzle, make_cycle):  # noqa: F811
    """A platform whose course is linked to the school's team, which has a puzzle and cycle."""
    platform = platform_for(app, client_for, school, jwks_url)
    url = (
        f"/api/v1/organizations/{school.org.id}/lti/platforms/"
        f"{platform.registration['id']}/courses/{COURSE['id']}"
    )
    assert client_for(school.teacher).put(url, json={"team_id": school.team.id}).status_code == 200
    puzzle = make_puzzle(school.team, question="How might we get more talk in pairs?")
    cycle = make_cycle(school.team, puzzle=puzzle)
    return platform, puzzle, cycle


def picker(response) -> tuple[str, list[str]]:
    page = response.get_data(as_text=True)
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    return token, re.findall(r'name="target" value="([^"]+)"', page)


def tool_claims(anonymous, signed: str) -> dict:
    keys = PyJWKSet.from_dict(anonymous.get("/lti/jwks").get_json())
    kid = jwt.get_unverified_header(signed)["kid"]
    [key] = [key for key in keys.keys if key.key_id == kid]
    return jwt.decode(signed, key.key, algorithms=["RS256"], audience=ISSUER)


def test_a_teacher_deep_links_a_cycle_and_a_later_launch_lands_on_it(
    app, school, course, anonymous
):
    platform, puzzle, cycle = course
    browser, response = launch_as(platform, app, sub="t-1", **request_claims())
    assert response.status_code == 200, response.get_data(as_text=True)
    token, targets = picker(response)
    assert targets == [f"puzzle:{puzzle.id}", f"cycle:{cycle.id}"]

    answered = browser.browser.post(
        "/lti/deep-link", data={"token": token, "target": f"cycle:{cycle.id}"}
    )
    assert answered.status_code == 200
    page = answered.get_data(as_text=True)
    assert f'action="{RETURN_URL}"' in page
    assert (
        "form-action https://canvas.school.example" in answered.headers["Content-Security-Policy"]
    )
    signed = re.search(r'name="JWT" value="([^"]+)"', page).group(1)
    claims = tool_claims(anonymous, signed)
    assert claims["iss"] == CLIENT_ID and claims["aud"] == ISSUER
    assert isinstance(claims["nonce"], str) and len(claims["nonce"]) >= 16
    assert claims[f"{CLAIM}message_type"] == "LtiDeepLinkingResponse"
    assert claims[f"{CLAIM}version"] == "1.3.0"
    assert claims[f"{CLAIM}deployment_id"] == DEPLOYMENT
    assert claims[f"{DL}data"] == "opaque-platform-data"
    url = f"http://localhost/cycles/{cycle.id}"
    assert claims[f"{DL}content_items"] == [
        {"type": "ltiResourceLink", "title": f"Cycle {cycle.number}", "url": url}
    ]

    # Used once: the same pick cannot be signed again.
    again = browser.browser.post(
        "/lti/deep-link", data={"token": token, "target": f"cycle:{cycle.id}"}
    )
    assert again.status_code == 404

    # The platform now launches the link it stored; a student lands on the cycle.
    _, landed = launch_as(
        platform,
        app,
        sub="s-1",
        roles=(LEARNER,),
        **{f"{CLAIM}context": COURSE, f"{CLAIM}target_link_uri": url},
    )
    assert landed.status_code == 303
    assert landed.headers["Location"] == f"/cycles/{cycle.id}"


def test_a_puzzle_link_lands_on_the_puzzle_and_foreign_targets_land_on_the_team(
    app, school, course, make_team, make_puzzle
):
    platform, puzzle, _ = course
    url = f"http://localhost/teams/{school.team.id}/puzzles/{puzzle.id}"
    _, landed = launch_as(
        platform,
        app,
        sub="s-2",
        roles=(LEARNER,),
        **{f"{CLAIM}context": COURSE, f"{CLAIM}target_link_uri": url},
    )
    assert landed.headers["Location"] == f"/teams/{school.team.id}/puzzles/{puzzle.id}"
    elsewhere = make_puzzle(make_team(school.org, name="Other"))
    url = f"http://localhost/teams/{elsewhere.team_id}/puzzles/{elsewhere.id}"
    _, landed = launch_as(
        platform,
        app,
        sub="s-2",
        roles=(LEARNER,),
        **{f"{CLAIM}context": COURSE, f"{CLAIM}target_link_uri": url},
    )
    assert landed.headers["Location"] == f"/teams/{school.team.id}"


def test_a_student_cannot_deep_link(app, course):
    platform, _, _ = course
    _, response = launch_as(platform, app, sub="s-3", roles=(LEARNER,), **request_claims())
    assert response.status_code == 403
    assert response.mimetype == "application/problem+json"
    assert not db.session.scalar(
        select(func.count()).select_from(LtiLoginState).where(LtiLoginState.key.like("%deep-link%"))
    )


def test_forged_or_replayed_requests_are_refused(app, course):
    from tests.lti.test_lti_launch import FORGER_KEY

    platform, _, _ = course
    browser, response = launch_as(platform, app, sub="t-2", **request_claims())
    assert response.status_code == 200
    auth = browser.start_login()
    forged = browser.id_token(auth, key=FORGER_KEY, sub="t-2", **request_claims())
    assert browser.launch(auth, forged).status_code == 401

    auth = browser.start_login()
    token = browser.id_token(auth, sub="t-2", **request_claims())
    assert browser.launch(auth, token).status_code == 200
    assert browser.launch(auth, token).status_code == 401  # the same request, replayed


def test_a_pick_needs_the_teachers_own_session_and_a_target_of_the_team(
    app, school, course, make_team, make_puzzle
):
    platform, _, _ = course
    browser, response = launch_as(platform, app, sub="t-3", **request_claims())
    token, _ = picker(response)
    stranger = app.test_client()
    assert stranger.post("/lti/deep-link", data={"token": token, "target": "x"}).status_code == 404
    elsewhere = make_puzzle(make_team(school.org, name="Other"))
    refused = browser.browser.post(
        "/lti/deep-link", data={"token": token, "target": f"puzzle:{elsewhere.id}"}
    )
    assert refused.status_code == 400
    assert refused.mimetype == "application/problem+json"


def test_a_course_that_accepts_no_links_is_told_so(app, course):
    platform, _, _ = course
    _, response = launch_as(platform, app, sub="t-4", **request_claims(accept=("file",)))
    # pylti1p3 checks the settings while verifying the request.
    assert response.status_code == 401
    assert "resource link" in response.get_json()["detail"]
