"""LTI Names and Role Provisioning: a teacher fills the course's team from the LMS's list.

The tool asks the platform's token endpoint for an access token (client credentials, with a
JWT assertion signed by the tool's key), then reads the course's memberships URL, which the
course's launches carried. People are matched as launches match them (api/lti/service.py):
the linked subject, then the roster's ids; email only where the organization allows it.

The list read whole is the course's membership now, so the people the course brought (by a
launch or by filling) who are no longer in it, or are listed Inactive or Deleted, leave the
team: their records stay, only the membership ends. Nobody a teacher, an admin or the roster
sync added is taken off.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

import jwt
import requests
from flask import current_app
from sqlalchemy import select

from api import outbound
from api.access import TEAM_NOT_FOUND, team_access
from api.activity.service import record
from api.actor import Actor
from api.audit import service as audit
from api.errors import BadGateway, NotFound, Unprocessable
from api.extensions import db
from api.lti import service
from api.lti.keys import tool_private_key, tool_public_jwk
from api.lti.models import LtiContext, LtiPlatform
from api.teams.models import Membership, Role
from api.teams.service import member_leaving, teacher_count
from api.transactions import transactional

SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
MEMBERSHIPS = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
TIMEOUT_SECONDS = 10
#: a course larger than this many pages is cut short rather than read forever
MAX_PAGES = 50
COURSE_NOT_FOUND = "We couldn't find that course. Open the tool from it once first."


@dataclass
class Provisioned:
    joined: int = 0
    already: int = 0
    #: members the tool leaves out: inactive, or a course role with no team role
    skipped: int = 0
    #: people the course brought who are no longer active in it, and so left the team
    left: int = 0
    #: people who are no longer in the course but stay: the last teacher, or who asked
    stayed: int = 0
    #: False when the course was too long to read whole: then nobody leaves
    whole_list: bool = True


def _assertion(platform: LtiPlatform) -> str:
    now = int(time.time())
    claims = {
        "iss": platform.client_id,
        "sub": platform.client_id,
        "aud": platform.auth_token_url,
        "iat": now,
        "exp": now + 300,
        "jti": secrets.token_urlsafe(16),
    }
    return jwt.encode(
        claims, tool_private_key(), algorithm="RS256", headers={"kid": tool_public_jwk()["kid"]}
    )


def _fetcher() -> requests.Session:
    return outbound.session(allow_private=current_app.config["LTI_ALLOW_PRIVATE"])


def access_token(platform: LtiPlatform) -> str:
    """A token for reading course memberships from the platform (RFC 7523 client assertion)."""
    if not platform.auth_token_url:
        raise Unprocessable(
            "This platform has no token URL yet. Ask your admin to add it to the registration.",
            errors={"auth_token_url": ["Give the platform's OAuth2 token URL."]},
        )
    try:
        response = _fetcher().post(
            platform.auth_token_url,
            data={
                "grant_type": "client_credentials",
                "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion": _assertion(platform),
                "scope": SCOPE,
            },
            timeout=TIMEOUT_SECONDS,
            allow_redirects=False,
        )
        response.raise_for_status()
        token = response.json().get("access_token")
    except (requests.RequestException, ValueError, AttributeError):
        raise BadGateway(
            "Your learning platform didn't give us access to the course list."
        ) from None
    if not isinstance(token, str) or not token:
        raise BadGateway("Your learning platform didn't give us access to the course list.")
    return token


def members(url: str, token: str) -> tuple[list[dict], bool]:
    """Every member the platform lists, following its `next` links; and whether that was the
    whole list (False when it had more than MAX_PAGES pages)."""
    listed: list[dict] = []
    fetcher = _fetcher()
    for _ in range(MAX_PAGES):
        try:
            response = fetcher.get(
                url,
                headers={"Authorization": f"Bearer {token}", "Accept": MEMBERSHIPS},
                timeout=TIMEOUT_SECONDS,
                allow_redirects=False,
            )
            response.raise_for_status()
            page = response.json().get("members")
        except (requests.RequestException, ValueError, AttributeError):
            raise BadGateway(
                "We couldn't read the course list from your learning platform."
            ) from None
        if not isinstance(page, list):
            raise BadGateway("We couldn't read the course list from your learning platform.")
        listed.extend(member for member in page if isinstance(member, dict))
        following = response.links.get("next", {}).get("url")
        if not following:
            return listed, True
        url = following
    return listed, False


def _claims_of(member: dict) -> dict | None:
    """A member in the shape of a launch's claims, so people are found the same way."""
    sub = member.get("user_id")
    if not isinstance(sub, str) or not sub or len(sub) > 200:
        return None
    claims = {key: member.get(key) for key in ("name", "given_name", "family_name", "email")}
    claims["sub"] = sub
    sourced_id = member.get("lis_person_sourcedid")
    claims[f"{service.CLAIM}lis"] = {"person_sourcedid": sourced_id} if sourced_id else {}
    return claims


@transactional
def provision(actor: Actor, organization_id: str, platform_id: str, context_id: str) -> Provisioned:
    """Fill the course's team from the platform's member list (teachers of the team, admins).

    Instructor → teacher, Learner → student; nobody is demoted. People the course brought who
    are no longer active in it leave the team (never the last teacher, nor the person asking;
    nobody when the list could not be read whole). Raises NotFound
    (platform, course or team), Forbidden (not a teacher), Unprocessable (no token URL or no
    memberships URL), BadGateway (the platform did not answer); then nothing is written.
    """
    platform = db.session.get(LtiPlatform, platform_id)
    if platform is None or platform.organization_id != organization_id:
        raise NotFound(service.PLATFORM_NOT_FOUND)
    course = db.session.scalar(
        select(LtiContext).where(
            LtiContext.platform_id == platform.id, LtiContext.context_id == context_id
        )
    )
    if course is None:
        raise NotFound(COURSE_NOT_FOUND)
    access = team_access(actor, course.team_id)
    if access.team.organization_id != organization_id:
        raise NotFound(TEAM_NOT_FOUND)
    access.require_manage()
    if not course.memberships_url:
        raise Unprocessable(
            "Your learning platform hasn't shared this course's list. Turn on Names and Role "
            "Provisioning for the tool, launch it once from the course, and try again."
        )
    listed, whole_list = members(course.memberships_url, access_token(platform))
    report = Provisioned(whole_list=whole_list)
    in_course: set[str] = set()
    for member in listed:
        claims = _claims_of(member)
        role = service.team_role(member.get("roles") or [])
        # NRPS: a member without a status is Active; Inactive and Deleted ones are not here.
        if claims is None or role is None or member.get("status", "Active") != "Active":
            report.skipped += 1
            continue
        user = service.person(platform, claims)
        in_course.add(user.id)
        if service.join_team(platform, course, user, role):
            report.joined += 1
        else:
            report.already += 1
    if whole_list:
        db.session.flush()
        _leavers_leave(actor, platform, course, in_course, report)
    audit.record(
        actor,
        organization_id,
        "lti_course.provisioned",
        subject_type="team",
        subject_id=access.team_id,
        details={
            "platform_id": platform.id,
            "context_id": context_id,
            "joined": report.joined,
            "left": report.left,
        },
    )
    return report


def _leavers_leave(
    actor: Actor,
    platform: LtiPlatform,
    course: LtiContext,
    in_course: set[str],
    report: Provisioned,
) -> None:
    """Take off the team the people this course brought who are no longer active in it."""
    brought = db.session.scalars(
        select(Membership)
        .where(Membership.team_id == course.team_id, Membership.lti_context_id == course.id)
        .order_by(Membership.role, Membership.id)  # students first, then teachers
    ).all()
    for membership in brought:
        if membership.user_id in in_course:
            continue
        if membership.user_id == actor.id or (
            membership.role is Role.teacher and teacher_count(course.team_id) <= 1
        ):
            report.stayed += 1
            continue
        member_leaving(course.team_id, membership.user_id)
        record(
            course.team_id,
            actor,
            "member.left",
            f"{membership.user.display_name} left: no longer in the course on {platform.name}",
            subject_id=membership.user_id,
        )
        db.session.delete(membership)
        db.session.flush()
        report.left += 1
