"""LTI 1.3: the platforms an organization registered, and resource-link launches from them.

A launch signs a person in: the course (LTI context) opens a team of the organization, the LMS
user (issuer + sub) becomes or finds a person, and their course role becomes a team role.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from cryptography.hazmat.primitives.serialization import load_pem_public_key
from pylti1p3.contrib.flask import FlaskRequest
from pylti1p3.exception import LtiException, OIDCException
from sqlalchemy import Select, select
from sqlalchemy.orm import contains_eager

from api.access import TEAM_NOT_FOUND, require_org_admin, team_access
from api.activity.service import record
from api.actor import Actor
from api.audit import service as audit
from api.errors import BadRequest, Forbidden, NotFound, Unauthorized, Unprocessable
from api.extensions import db
from api.lti import deep_linking
from api.lti.models import LtiContext, LtiPlatform
from api.lti.storage import DatabaseLaunchDataStorage, forget_expired
from api.lti.tool import DatabaseToolConf, ToolMessageLaunch, ToolOIDCLogin, find_platform
from api.organizations.models import OrgMembership
from api.public_url import public_url
from api.roster import service as roster
from api.teams.models import Membership, Role, Team
from api.transactions import transactional
from api.users.models import ExternalIdentity, User
from api.users.service import create_user

DEEP_LINKING_REQUEST = "LtiDeepLinkingRequest"
PLATFORM_NOT_FOUND = "We couldn't find that LTI platform."
CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership"
#: course roles that make a teacher of the team (full URIs, and the short names LTI allows)
TEACHER_ROLES = frozenset(
    {
        f"{MEMBERSHIP}#Instructor",
        f"{MEMBERSHIP}#Administrator",
        f"{MEMBERSHIP}#ContentDeveloper",
        f"{MEMBERSHIP}/Instructor#TeachingAssistant",
        "Instructor",
    }
)
STUDENT_ROLES = frozenset({f"{MEMBERSHIP}#Learner", f"{MEMBERSHIP}/Learner#Learner", "Learner"})
MESSAGE_TYPES = frozenset({"LtiResourceLinkRequest", DEEP_LINKING_REQUEST})
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
NOT_VERIFIED = "We couldn't verify this launch from your learning platform"


# --- Platforms (organization admins) -------------------------------------------------------


def platforms(actor: Actor, organization_id: str) -> Select:
    require_org_admin(actor, organization_id)
    return (
        select(LtiPlatform)
        .where(LtiPlatform.organization_id == organization_id)
        .order_by(LtiPlatform.created_at, LtiPlatform.id)
    )


def get_platform(actor: Actor, organization_id: str, platform_id: str) -> LtiPlatform:
    require_org_admin(actor, organization_id)
    platform = db.session.get(LtiPlatform, platform_id)
    if platform is None or platform.organization_id != organization_id:
        raise NotFound(PLATFORM_NOT_FOUND)
    return platform


def _check_platform(platform: LtiPlatform) -> None:
    errors: dict[str, list[str]] = {}
    for field in ("issuer", "auth_login_url", "auth_token_url", "jwks_url"):
        value = getattr(platform, field)
        if value and urlsplit(value).scheme not in ("https", "http"):
            errors[field] = ["Paste the address the platform gave you, starting with https://."]
    if not platform.jwks_url and not platform.public_key:
        errors["jwks_url"] = ["Give the platform's key set URL or its public key."]
    if platform.public_key:
        try:
            load_pem_public_key(platform.public_key.encode())
        except ValueError:
            errors["public_key"] = ["Paste the platform's public key in PEM form."]
    if platform.roster_source and not roster.SOURCE_PATTERN.match(platform.roster_source):
        errors["roster_source"] = ["Use the source name of your roster sync, such as canvas."]
    if not platform.deployment_ids:
        errors["deployment_ids"] = ["Give at least one deployment id."]
    taken = db.session.scalar(
        select(LtiPlatform.id).where(
            LtiPlatform.issuer == platform.issuer,
            LtiPlatform.client_id == platform.client_id,
            LtiPlatform.id != (platform.id or ""),
        )
    )
    if taken:
        errors["client_id"] = ["This issuer and client id are already registered."]
    if errors:
        raise Unprocessable("Some platform details need attention.", errors=errors)


OPTIONAL_TEXTS = ("jwks_url", "public_key", "roster_source")


def _apply(platform: LtiPlatform, data: dict) -> None:
    for field, value in data.items():
        if isinstance(value, str):
            value = value.strip() or None if field in OPTIONAL_TEXTS else value.strip()
            if field == "roster_source" and value:
                value = value.lower()
        elif field == "deployment_ids":
            value = list(dict.fromkeys(item.strip() for item in value if item.strip()))
        setattr(platform, field, value)


def _audit(actor: Actor, action: str, platform: LtiPlatform) -> None:
    audit.record(
        actor,
        platform.organization_id,
        action,
        subject_type="lti_platform",
        subject_id=platform.id,
        details={"issuer": platform.issuer, "client_id": platform.client_id},
    )


@transactional
def create_platform(actor: Actor, organization_id: str, **data) -> LtiPlatform:
    """Register an LMS (its issuer, client id, deployments, URLs and keys) for the organization."""
    require_org_admin(actor, organization_id)
    platform = LtiPlatform(organization_id=organization_id, auth_token_url="")
    _apply(platform, data)
    _check_platform(platform)
    db.session.add(platform)
    db.session.flush()
    _audit(actor, "lti_platform.registered", platform)
    return platform


@transactional
def update_platform(actor: Actor, organization_id: str, platform_id: str, **data) -> LtiPlatform:
    platform = get_platform(actor, organization_id, platform_id)
    _apply(platform, data)
    _check_platform(platform)
    _audit(actor, "lti_platform.updated", platform)
    return platform


@transactional
def delete_platform(actor: Actor, organization_id: str, platform_id: str) -> None:
    """Forget a platform; its courses' teams stay, launches from it stop working."""
    platform = get_platform(actor, organization_id, platform_id)
    _audit(actor, "lti_platform.deleted", platform)
    db.session.delete(platform)


@transactional
def link_course(
    actor: Actor, organization_id: str, platform_id: str, context_id: str, *, team_id: str
) -> LtiContext:
    """Point a course of the platform at a team: its next launches land there. Teachers of
    the team and org admins; a course opened by a first launch can be moved once like this.

    Raises NotFound (platform or team outside the organization), Forbidden (not its teacher).
    """
    platform = db.session.get(LtiPlatform, platform_id)
    if platform is None or platform.organization_id != organization_id:
        raise NotFound(PLATFORM_NOT_FOUND)
    access = team_access(actor, team_id)
    if access.team.organization_id != organization_id:
        raise NotFound(TEAM_NOT_FOUND)
    access.require_manage()
    context_id = context_id.strip()
    if not context_id or len(context_id) > 255:
        raise Unprocessable(
            "That course id can't be used.", errors={"context_id": ["1 to 255 characters."]}
        )
    course = db.session.scalar(
        select(LtiContext).where(
            LtiContext.platform_id == platform.id, LtiContext.context_id == context_id
        )
    )
    if course is None:
        course = LtiContext(platform_id=platform.id, context_id=context_id, team_id=team_id)
        db.session.add(course)
    course.team_id = team_id
    audit.record(
        actor,
        organization_id,
        "lti_course.linked",
        subject_type="team",
        subject_id=team_id,
        details={"platform_id": platform.id, "context_id": context_id},
    )
    db.session.flush()
    return course


def team_courses(actor: Actor, team_id: str, *, others: bool = False) -> Select:
    """The LMS courses whose launches open the team (teachers of the team, org admins).

    With `others`, the courses of the organization that open another team instead and that the
    actor may move here: those of teams they teach (an org admin: all). Raises NotFound (the
    team), Forbidden (not its teacher).
    """
    access = team_access(actor, team_id)
    access.require_manage()
    query = (
        select(LtiContext)
        .join(LtiPlatform, LtiPlatform.id == LtiContext.platform_id)
        .join(Team, Team.id == LtiContext.team_id)
        .options(contains_eager(LtiContext.platform), contains_eager(LtiContext.team))
        .where(LtiPlatform.organization_id == access.team.organization_id)
        .order_by(LtiPlatform.name, LtiContext.title, LtiContext.context_id, LtiContext.id)
    )
    if not others:
        return query.where(LtiContext.team_id == team_id)
    query = query.where(LtiContext.team_id != team_id, Team.archived_at.is_(None))
    if not access.is_admin:
        taught = select(Membership.team_id).where(
            Membership.user_id == actor.id, Membership.role == Role.teacher
        )
        query = query.where(LtiContext.team_id.in_(taught))
    return query


def describe_course(course: LtiContext) -> dict:
    return {
        "platform_id": course.platform_id,
        "platform_name": course.platform.name,
        "context_id": course.context_id,
        "title": course.title,
        "team_id": course.team_id,
        "team_name": course.team.name,
        "can_fill": bool(course.memberships_url and course.platform.auth_token_url),
        "linked_at": course.created_at,
    }


def _course_of(organization_id: str, platform_id: str, context_id: str) -> LtiContext:
    platform = db.session.get(LtiPlatform, platform_id)
    if platform is None or platform.organization_id != organization_id:
        raise NotFound(PLATFORM_NOT_FOUND)
    course = db.session.scalar(
        select(LtiContext).where(
            LtiContext.platform_id == platform.id, LtiContext.context_id == context_id
        )
    )
    if course is None:
        raise NotFound("We couldn't find that course. Open the tool from it once first.")
    return course


@transactional
def unlink_course(actor: Actor, organization_id: str, platform_id: str, context_id: str) -> None:
    """Forget which team a course opens (teachers of that team, org admins): its next launch
    finds its team again as a first one does. The team and its people stay; people the course
    brought are from then on kept like people added by hand.

    Raises NotFound (platform or course), Forbidden (not a teacher of the course's team).
    """
    course = _course_of(organization_id, platform_id, context_id)
    team_access(actor, course.team_id).require_manage()
    audit.record(
        actor,
        organization_id,
        "lti_course.unlinked",
        subject_type="team",
        subject_id=course.team_id,
        details={"platform_id": platform_id, "context_id": context_id},
    )
    db.session.delete(course)


def tool_urls() -> dict[str, str]:
    """What an admin gives the platform when registering this tool."""
    base = public_url()
    return {
        "login_initiation_url": f"{base}/lti/login",
        "redirect_uri": f"{base}/lti/launch",
        "target_link_uri": f"{base}/lti/launch",
        "jwks_url": f"{base}/lti/jwks",
    }


# --- Login and launch (the platform, through the person's browser) -------------------------


def _state_key(state: str) -> str:
    return f"login-state-{state}"


@transactional
def login():
    """OIDC login initiation: remember state → nonce on the server, send the browser back to
    the platform's authorization URL. Raises BadRequest for an unknown issuer or client."""
    storage = DatabaseLaunchDataStorage()
    oidc = ToolOIDCLogin(FlaskRequest(), DatabaseToolConf(), launch_data_storage=storage)
    try:
        redirect = oidc.get_redirect_object(tool_urls()["redirect_uri"])
    except (OIDCException, LtiException) as error:
        reason = str(error).rstrip(".")
        raise BadRequest(f"We can't start this LTI login: {reason}.") from None
    query = parse_qs(urlsplit(redirect.get_redirect_url()).query)
    state, nonce = query["state"][0], query["nonce"][0]
    forget_expired()
    storage.set_value(_state_key(state), {"nonce": nonce})
    return redirect.do_redirect()


@dataclass(frozen=True)
class Launch:
    user: User
    team: Team
    role: Role
    #: the page the person lands on
    landing: str
    #: a deep-linking request's single-use token: the teacher picks what to add to the course
    deep_link: str | None = None


def _verified_claims(storage: DatabaseLaunchDataStorage) -> tuple[LtiPlatform, dict]:
    request = FlaskRequest()
    message = ToolMessageLaunch(request, DatabaseToolConf(), launch_data_storage=storage)
    try:
        claims = dict(message.get_launch_data())
    except LtiException as error:
        raise Unauthorized(f"{NOT_VERIFIED}: {str(error).rstrip('.')}.") from None
    login_state = storage.get_value(_state_key(request.get_param("state")))
    if not login_state or login_state.get("nonce") != claims.get("nonce"):
        raise Unauthorized(f"{NOT_VERIFIED}: this login has expired or was already used.")
    issuer = claims.get("iss")
    platform = find_platform(issuer if isinstance(issuer, str) else None, message.get_client_id())
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if (
        platform is None
        or platform.client_id not in audiences
        or (len(audiences) > 1 and claims.get("azp") != platform.client_id)
    ):
        raise Unauthorized(f"{NOT_VERIFIED}: the token was meant for someone else.")
    if claims.get(f"{CLAIM}message_type") not in MESSAGE_TYPES:
        raise BadRequest("Only resource-link and deep-linking launches are supported.")
    # Used once: a replayed launch finds neither the state nor the nonce.
    storage.remove(_state_key(request.get_param("state")))
    storage.remove(f"nonce-{claims['nonce']}")
    return platform, claims


def team_role(roles: list[str]) -> Role | None:
    """Instructor (and TA, course admin, designer) → teacher; Learner → student; else None."""
    if TEACHER_ROLES.intersection(roles):
        return Role.teacher
    if STUDENT_ROLES.intersection(roles):
        return Role.student
    return None


def _lis(claims: dict) -> dict:
    lis = claims.get(f"{CLAIM}lis")
    return lis if isinstance(lis, dict) else {}


def _course(platform: LtiPlatform, claims: dict, role: Role) -> LtiContext:
    """The course, and through it its team: linked before, else the rostered team of its
    section sourcedId, else a new one opened by the course's teacher (a student waits)."""
    context = claims[f"{CLAIM}context"]
    mapped = db.session.scalar(
        select(LtiContext).where(
            LtiContext.platform_id == platform.id, LtiContext.context_id == context["id"]
        )
    )
    if mapped:
        return mapped
    team = None
    if platform.roster_source:
        for sourced_id in (_lis(claims).get("course_section_sourcedid"), context["id"]):
            if isinstance(sourced_id, str) and sourced_id:
                team = roster.team_by_external_id(
                    platform.organization_id, platform.roster_source, sourced_id
                )
                if team is not None:
                    break
    if team is None:
        if role is not Role.teacher:
            raise Forbidden(
                "Your teacher needs to open this tool from the course first. Try again after."
            )
        name = (context.get("title") or context.get("label") or f"Course {context['id']}")[:200]
        team = Team(organization_id=platform.organization_id, name=name, description="")
        db.session.add(team)
        db.session.flush()
    course = LtiContext(platform_id=platform.id, context_id=context["id"], team=team)
    db.session.add(course)
    db.session.flush()
    return course


def _display_name(claims: dict) -> str:
    name = claims.get("name") or " ".join(
        part for part in (claims.get("given_name"), claims.get("family_name")) if part
    )
    return (name or "Learner").strip()[:120]


def _rostered_person(platform: LtiPlatform, claims: dict) -> User | None:
    """The person the roster sync already holds: by lis.person_sourcedid, or by the platform's
    subject when the LMS uses one id for both; then (if allowed) by the platform's email."""
    organization_id = platform.organization_id
    if platform.roster_source:
        for sourced_id in (_lis(claims).get("person_sourcedid"), claims["sub"]):
            if isinstance(sourced_id, str) and sourced_id:
                user = roster.user_by_external_id(
                    organization_id, platform.roster_source, sourced_id
                )
                if user is not None:
                    return user
    email = claims.get("email")
    if platform.match_email and isinstance(email, str) and email.strip():
        user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
        # Only someone of this school, and never an admin: an admin links their LMS id by hand.
        if user is None:
            return None
        membership = db.session.scalar(
            select(OrgMembership).where(
                OrgMembership.organization_id == organization_id,
                OrgMembership.user_id == user.id,
            )
        )
        if membership is not None and not membership.is_admin:
            return user
    return None


def person(platform: LtiPlatform, claims: dict) -> User:
    """The launching person: by the platform's subject once linked, else the rostered person
    (then linked), else someone new who signs in through the LMS."""
    source = f"lti:{platform.id}"
    identity = db.session.scalar(
        select(ExternalIdentity).where(
            ExternalIdentity.organization_id == platform.organization_id,
            ExternalIdentity.source == source,
            ExternalIdentity.external_id == claims["sub"],
        )
    )
    user = identity.user if identity else _rostered_person(platform, claims)
    if user is not None and not user.is_active:
        raise Forbidden("Your account here is switched off. Ask your school's admin.")
    if identity:
        return identity.user
    if user is None:
        # No password and no email: this person signs in through the LMS (emails may collide).
        user = create_user(
            display_name=_display_name(claims), username=f"lti-{secrets.token_hex(8)}"
        )
    db.session.add(
        ExternalIdentity(
            user_id=user.id,
            organization_id=platform.organization_id,
            source=source,
            external_id=claims["sub"],
        )
    )
    return user


def _remember_course_details(course: LtiContext, claims: dict) -> None:
    """Keep the course's title (for the teachers' page) and its NRPS address: a teacher can
    later fill the team from it."""
    context = claims[f"{CLAIM}context"]
    title = context.get("title") or context.get("label")
    if isinstance(title, str) and title.strip():
        course.title = title.strip()[:255]
    service = claims.get(NRPS_CLAIM)
    url = service.get("context_memberships_url") if isinstance(service, dict) else None
    if not isinstance(url, str) or urlsplit(url).scheme not in ("https", "http") or len(url) > 2000:
        return
    course.memberships_url = url


def join_team(platform: LtiPlatform, course: LtiContext, user: User, role: Role) -> bool:
    """Make the person a member of the organization and the course's team in their course
    role; True when they joined (and the course is noted as what brought them). The LMS says
    who teaches: a student becomes a teacher, never the reverse."""
    team = course.team
    in_org = db.session.scalar(
        select(OrgMembership.id).where(
            OrgMembership.organization_id == platform.organization_id,
            OrgMembership.user_id == user.id,
        )
    )
    if not in_org:
        db.session.add(OrgMembership(organization_id=platform.organization_id, user_id=user.id))
    membership = db.session.scalar(
        select(Membership).where(Membership.team_id == team.id, Membership.user_id == user.id)
    )
    if membership is None:
        db.session.add(
            Membership(team_id=team.id, user_id=user.id, role=role, lti_context_id=course.id)
        )
        record(
            team.id,
            Actor(user=user),
            "member.joined",
            f"joined as {role.value} from {platform.name}",
        )
        return True
    if membership.role is Role.student and role is Role.teacher:
        membership.role = Role.teacher
    return False


def launch() -> Launch:
    """Validate a resource-link (or deep-linking) launch and sign the person in to the course's
    team. A resource link lands on its puzzle or cycle; a deep-linking request (teachers only)
    waits for the teacher's pick (api/lti/deep_linking.py).

    Raises Unauthorized (forged, expired, replayed or misdirected token), BadRequest (not a
    resource link, no course), Forbidden (a course role with no team role). Nothing is created
    unless the whole launch checks out.
    """
    storage = DatabaseLaunchDataStorage()
    platform, claims = _verified_claims(storage)
    context = claims.get(f"{CLAIM}context") or {}
    if not context.get("id"):
        raise BadRequest("Open this tool from inside a course.")
    if len(claims["sub"]) > 200 or len(str(context["id"])) > 255:
        raise BadRequest("The platform sent an id longer than we can store.")
    role = team_role(claims.get(f"{CLAIM}roles") or [])
    if role is None:
        raise Forbidden(
            "Your role in this course has no place in an inquiry team yet. Ask your teacher."
        )
    deep_linking_settings = None
    if claims[f"{CLAIM}message_type"] == DEEP_LINKING_REQUEST:
        if role is not Role.teacher:
            raise Forbidden("Only the course's teachers can add this tool's pages to it.")
        deep_linking_settings = deep_linking.settings_of(claims)
    course = _course(platform, claims, role)
    team = course.team
    _remember_course_details(course, claims)
    user = person(platform, claims)
    join_team(platform, course, user, role)
    if deep_linking_settings is not None:
        db.session.flush()
        token = deep_linking.begin(
            platform, claims, deep_linking_settings, team=team, user_id=user.id
        )
        return Launch(user=user, team=team, role=role, landing="/lti/deep-link", deep_link=token)
    return Launch(user=user, team=team, role=role, landing=deep_linking.landing(claims, team))
