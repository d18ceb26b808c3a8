"""Respect agreements: a team writes one with its students, every member may endorse it, it
shows at the top of the team's meetings, and the team reviews it each term.

Members (teachers and students) write and endorse; coaches and admins read; LMSs never see it.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from api.access import TeamAccess, team_access
from api.actor import Actor
from api.agreements.models import AgreementEndorsement, RespectAgreement
from api.calendar import days
from api.db import utcnow
from api.errors import Forbidden, NotFound, Unprocessable
from api.extensions import db
from api.teams.models import Membership, Role, Team
from api.transactions import transactional

NO_AGREEMENT = "This team hasn't written its respect agreement yet."
#: without a school calendar, "each term" is about this long
TERM_DAYS = 90


def _access(actor: Actor, team_id: str) -> TeamAccess:
    if actor.is_client:
        raise NotFound("We couldn't find that team.")
    return team_access(actor, team_id)


def _require_member(access: TeamAccess) -> None:
    if not access.is_member:
        raise Forbidden("Only the team's teachers and students write and endorse its agreement.")


def _agreement(team_id: str) -> RespectAgreement:
    agreement = db.session.scalar(
        select(RespectAgreement).where(RespectAgreement.team_id == team_id)
    )
    if agreement is None:
        raise NotFound(NO_AGREEMENT)
    return agreement


def next_review(organization_id: str, today: date) -> date:
    """The end of the current term, or a term's length from today without a calendar."""
    return days.term_end(organization_id, today) or today + timedelta(days=TERM_DAYS)


def describe(actor: Actor, access: TeamAccess, agreement: RespectAgreement) -> dict:
    members = db.session.scalar(
        select(func.count(Membership.id)).where(Membership.team_id == agreement.team_id)
    )
    today = days.school_today(access.team.organization)
    return {
        "team_id": agreement.team_id,
        "body": agreement.body,
        "review_on": agreement.review_on,
        "review_due": agreement.review_on <= today,
        "reviewed_at": agreement.reviewed_at,
        "updated_at": agreement.updated_at,
        "endorsements": [
            {"id": endorsement.user_id, "display_name": endorsement.user.display_name}
            for endorsement in sorted(agreement.endorsements, key=lambda e: e.endorsed_at)
        ],
        "endorsed_by_me": any(e.user_id == actor.id for e in agreement.endorsements),
        "member_count": members,
        "can_edit": access.is_member,
    }


def get_agreement(actor: Actor, team_id: str) -> dict:
    """The team's agreement with who endorsed it; NotFound until it is written."""
    access = _access(actor, team_id)
    return describe(actor, access, _agreement(team_id))


@transactional
def save_agreement(actor: Actor, team_id: str, *, body: str, review_on: date | None = None) -> dict:
    """Write or reword the agreement (members). New words ask everyone to endorse again."""
    access = _access(actor, team_id)
    _require_member(access)
    today = days.school_today(access.team.organization)
    if review_on is not None and review_on < today:
        raise Unprocessable(
            "Choose a review day from today on.",
            errors={"review_on": ["Choose today or a later day."]},
        )
    body = body.strip()
    agreement = db.session.scalar(
        select(RespectAgreement).where(RespectAgreement.team_id == team_id)
    )
    if agreement is None:
        agreement = RespectAgreement(
            team_id=team_id,
            body=body,
            updated_by_id=actor.id,
            review_on=review_on or next_review(access.team.organization_id, today),
        )
        db.session.add(agreement)
        db.session.flush()
    else:
        if agreement.body != body:
            agreement.endorsements.clear()
        agreement.body = body
        agreement.updated_by_id = actor.id
        if review_on is not None:
            agreement.review_on = review_on
    return describe(actor, access, agreement)


@transactional
def endorse(actor: Actor, team_id: str) -> dict:
    """Say yes to the agreement's words (members); a second yes changes nothing."""
    access = _access(actor, team_id)
    _require_member(access)
    agreement = _agreement(team_id)
    if not any(e.user_id == actor.id for e in agreement.endorsements):
        agreement.endorsements.append(AgreementEndorsement(user_id=actor.id))
    return describe(actor, access, agreement)


@transactional
def withdraw(actor: Actor, team_id: str) -> dict:
    access = _access(actor, team_id)
    _require_member(access)
    agreement = _agreement(team_id)
    agreement.endorsements[:] = [e for e in agreement.endorsements if e.user_id != actor.id]
    return describe(actor, access, agreement)


@transactional
def mark_reviewed(actor: Actor, team_id: str) -> dict:
    """The team looked at it again this term (teachers, admins): the next review moves on."""
    access = _access(actor, team_id)
    access.require_manage()
    agreement = _agreement(team_id)
    today = days.school_today(access.team.organization)
    agreement.reviewed_at = utcnow()
    # Due by the end of the term after the one it was due in (or after today's, if later).
    agreement.review_on = next_review(
        access.team.organization_id, max(today, agreement.review_on) + timedelta(days=1)
    )
    return describe(actor, access, agreement)


# ---- For the reminder scan ------------------------------------------------------------------


def agreements_due_for_review(on_date: date) -> list[tuple[RespectAgreement, str, list[str]]]:
    """Agreements whose review day has come, each with its organization and the class's
    teachers, who lead the review."""
    rows = db.session.execute(
        select(RespectAgreement, Team.organization_id)
        .join(Team, Team.id == RespectAgreement.team_id)
        .where(RespectAgreement.review_on <= on_date)
        .order_by(RespectAgreement.review_on, RespectAgreement.id)
    ).all()
    due = []
    for agreement, organization_id in rows:
        teachers = list(
            db.session.scalars(
                select(Membership.user_id).where(
                    Membership.team_id == agreement.team_id, Membership.role == Role.teacher
                )
            )
        )
        due.append((agreement, organization_id, teachers))
    return due
