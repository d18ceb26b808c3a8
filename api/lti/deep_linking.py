"""LTI Deep Linking: a teacher picks a puzzle or cycle of the course's team from inside the LMS,
and the tool answers the platform with a signed LtiDeepLinkingResponse naming that page.

The platform's request is verified like any launch (api/lti/service.py). What the answer needs
(where to return, the platform's opaque data) waits on the server under a random, single-use
token for a few minutes while the teacher picks.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import jwt
from sqlalchemy import select

from api.cycles.models import Cycle
from api.errors import BadRequest, NotFound
from api.extensions import db
from api.lti.keys import tool_private_key, tool_public_jwk
from api.lti.models import LtiPlatform
from api.lti.storage import DatabaseLaunchDataStorage
from api.public_url import public_url
from api.puzzles.models import Puzzle
from api.teams.models import Team
from api.transactions import transactional

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
SETTINGS = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
DATA = "https://purl.imsglobal.org/spec/lti-dl/claim/data"
CONTENT_ITEMS = "https://purl.imsglobal.org/spec/lti-dl/claim/content_items"
RESPONSE_LIFETIME_SECONDS = 10 * 60
EXPIRED = "This choice has expired or was already sent. Start again from your course."


@dataclass(frozen=True)
class Choice:
    target: str  # "puzzle:<id>" or "cycle:<id>"
    title: str
    kind: str


@dataclass(frozen=True)
class Answer:
    return_url: str
    jwt: str


def _key(token: str) -> str:
    return f"deep-link-{token}"


def settings_of(claims: dict) -> dict:
    """The request's deep-linking settings, checked: an http(s) return URL, links accepted."""
    settings = claims.get(SETTINGS)
    if not isinstance(settings, dict):
        raise BadRequest("The platform sent no deep-linking settings.")
    return_url = settings.get("deep_link_return_url")
    if not isinstance(return_url, str) or urlsplit(return_url).scheme not in ("https", "http"):
        raise BadRequest("The platform sent no address to return your choice to.")
    accepted = settings.get("accept_types") or []
    if "ltiResourceLink" not in accepted:
        raise BadRequest("This course only accepts content we can't make. Add the tool as a link.")
    return settings


def begin(platform: LtiPlatform, claims: dict, settings: dict, *, team: Team, user_id: str) -> str:
    """Remember what the answer needs; returns the single-use token of the teacher's choice."""
    token = secrets.token_urlsafe(32)
    DatabaseLaunchDataStorage().set_value(
        _key(token),
        {
            "platform_id": platform.id,
            "team_id": team.id,
            "user_id": user_id,
            "deployment_id": claims[f"{CLAIM}deployment_id"],
            "return_url": settings["deep_link_return_url"],
            "data": settings.get("data"),
        },
    )
    return token


def choices(team_id: str) -> list[Choice]:
    """The team's puzzles and cycles a teacher can add to the course, newest first."""
    puzzles = db.session.scalars(
        select(Puzzle).where(Puzzle.team_id == team_id).order_by(Puzzle.created_at.desc())
    )
    cycles = db.session.scalars(
        select(Cycle).where(Cycle.team_id == team_id).order_by(Cycle.created_at.desc())
    )
    return [Choice(f"puzzle:{p.id}", p.question, "Puzzle") for p in puzzles] + [
        Choice(f"cycle:{c.id}", c.title or f"Cycle {c.number}", "Cycle") for c in cycles
    ]


def pending(token: str) -> dict:
    value = DatabaseLaunchDataStorage().get_value(_key(token)) if token else None
    if not isinstance(value, dict):
        raise NotFound(EXPIRED)
    return value


def target_url(team_id: str, target: str) -> tuple[str, str]:
    """The page (under PUBLIC_URL) and title of a puzzle or cycle of the team."""
    kind, _, item_id = target.partition(":")
    if kind == "puzzle":
        puzzle = db.session.get(Puzzle, item_id)
        if puzzle is not None and puzzle.team_id == team_id:
            return f"{public_url()}/teams/{team_id}/puzzles/{puzzle.id}", puzzle.question
    elif kind == "cycle":
        cycle = db.session.get(Cycle, item_id)
        if cycle is not None and cycle.team_id == team_id:
            return f"{public_url()}/cycles/{cycle.id}", cycle.title or f"Cycle {cycle.number}"
    raise BadRequest("Pick one of your team's puzzles or cycles.")


@transactional
def answer(token: str, target: str, *, user_id: str | None) -> Answer:
    """Sign the LtiDeepLinkingResponse for the teacher's pick; the token is then used up.

    Raises NotFound (expired, used, or another person's token), BadRequest (not the team's).
    """
    request = pending(token)
    if request["user_id"] != user_id:
        raise NotFound(EXPIRED)
    platform = db.session.get(LtiPlatform, request["platform_id"])
    if platform is None:
        raise NotFound(EXPIRED)
    url, title = target_url(request["team_id"], target)
    now = int(time.time())
    claims = {
        "iss": platform.client_id,
        "aud": platform.issuer,
        "iat": now,
        "exp": now + RESPONSE_LIFETIME_SECONDS,
        "nonce": secrets.token_urlsafe(16),
        f"{CLAIM}message_type": "LtiDeepLinkingResponse",
        f"{CLAIM}version": "1.3.0",
        f"{CLAIM}deployment_id": request["deployment_id"],
        CONTENT_ITEMS: [{"type": "ltiResourceLink", "title": title[:200], "url": url}],
    }
    if request.get("data") is not None:
        claims[DATA] = request["data"]
    signed = jwt.encode(
        claims, tool_private_key(), algorithm="RS256", headers={"kid": tool_public_jwk()["kid"]}
    )
    DatabaseLaunchDataStorage().remove(_key(token))
    return Answer(return_url=request["return_url"], jwt=signed)


def landing(claims: dict, team: Team) -> str:
    """Where a launch lands: the puzzle or cycle its link targets (one of the course's team),
    else the team's page."""
    target = claims.get(f"{CLAIM}target_link_uri")
    base = public_url()
    if isinstance(target, str) and target.startswith(f"{base}/"):
        path = urlsplit(target).path
        parts = path.strip("/").split("/")
        if len(parts) == 4 and parts[:1] == ["teams"] and parts[2] == "puzzles":
            puzzle = db.session.get(Puzzle, parts[3])
            if puzzle is not None and puzzle.team_id == team.id == parts[1]:
                return path
        if len(parts) == 2 and parts[0] == "cycles":
            cycle = db.session.get(Cycle, parts[1])
            if cycle is not None and cycle.team_id == team.id:
                return path
    return f"/teams/{team.id}"
