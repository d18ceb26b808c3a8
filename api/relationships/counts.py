"""What coaches and leaders see of relationships: counts, never a student's name with a stage,
a note, a plan or a repair."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import distinct, func, select

from api.access import TeamAccess, require_org_admin, team_access
from api.actor import Actor
from api.agreements.models import AgreementEndorsement, RespectAgreement
from api.calendar import days
from api.errors import NotFound
from api.extensions import db
from api.organizations.models import Organization
from api.pulse.models import ClassPulse
from api.relationships.models import PlanStatus, Relationship, TwoByTen
from api.teams.models import Membership, Role, Team

#: without a school calendar, "this term" is the last this many days
TERM_DAYS = 90


def term_start(organization: Organization) -> date:
    today = days.school_today(organization)
    return days.term_start(organization.id, today) or today - timedelta(days=TERM_DAYS)


def _students_with_plans(team_ids, since: date) -> int:
    # Plans that ran this term: started in it or still running.
    return (
        db.session.scalar(
            select(func.count(distinct(Relationship.student_id)))
            .join(TwoByTen, TwoByTen.relationship_id == Relationship.id)
            .where(
                Relationship.team_id.in_(team_ids),
                (TwoByTen.streak_starts_on >= since) | (TwoByTen.status == PlanStatus.active),
            )
        )
        or 0
    )


def _pulse_rates(team_ids, since: date) -> tuple[int, float | None]:
    """Closed pulses since the term began, and answers per student asked over them."""
    closed, answered, asked = db.session.execute(
        select(
            func.count(ClassPulse.id),
            func.coalesce(func.sum(ClassPulse.response_count), 0),
            func.coalesce(func.sum(ClassPulse.eligible_count), 0),
        ).where(
            ClassPulse.team_id.in_(team_ids),
            ClassPulse.closed_at.is_not(None),
            ClassPulse.opens_on >= since,
        )
    ).one()
    return closed, (round(answered / asked, 2) if asked else None)


def team_counts(actor: Actor, team_id: str) -> dict:
    """Counts for one class, for anyone who sees the team (coaches, admins, its members)."""
    if actor.is_client:
        raise NotFound("We couldn't find that team.")
    return team_counts_of(team_access(actor, team_id))


def team_counts_of(access: TeamAccess) -> dict:
    """A class's counts for a person who sees it (`team_counts` once their access is known)."""
    team_id = access.team_id
    since = term_start(access.team.organization)
    agreement = db.session.scalar(
        select(RespectAgreement).where(RespectAgreement.team_id == team_id)
    )
    completed = db.session.scalar(
        select(func.count(TwoByTen.id))
        .join(Relationship, Relationship.id == TwoByTen.relationship_id)
        .where(
            Relationship.team_id == team_id,
            TwoByTen.status == PlanStatus.completed,
            TwoByTen.streak_starts_on >= since,
        )
    )
    endorsements = 0
    if agreement is not None:
        endorsements = db.session.scalar(
            select(func.count()).where(AgreementEndorsement.agreement_id == agreement.id)
        )
    pulses_closed, pulse_rate = _pulse_rates([team_id], since)
    return {
        "team_id": team_id,
        "pulses_closed_this_term": pulses_closed,
        "pulse_response_rate": pulse_rate,
        "students": db.session.scalar(
            select(func.count(Membership.id)).where(
                Membership.team_id == team_id, Membership.role == Role.student
            )
        ),
        "students_with_two_by_ten_this_term": _students_with_plans([team_id], since),
        "two_by_tens_completed_this_term": completed or 0,
        "has_respect_agreement": agreement is not None,
        "respect_agreement_endorsements": endorsements,
        "term_starts_on": since,
    }


def organization_counts(actor: Actor, organization_id: str) -> dict:
    """Counts across the organization's classes (admins)."""
    organization = require_org_admin(actor, organization_id)
    since = term_start(organization)
    team_ids = select(Team.id).where(Team.organization_id == organization_id)
    classes = db.session.scalar(select(func.count()).select_from(team_ids.subquery())) or 0
    with_agreement = (
        db.session.scalar(
            select(func.count(RespectAgreement.id)).where(RespectAgreement.team_id.in_(team_ids))
        )
        or 0
    )
    pulses_closed, pulse_rate = _pulse_rates(team_ids, since)
    return {
        "organization_id": organization_id,
        "pulses_closed_this_term": pulses_closed,
        "pulse_response_rate": pulse_rate,
        "classes": classes,
        "classes_with_respect_agreement": with_agreement,
        "share_with_respect_agreement": round(with_agreement / classes, 2) if classes else None,
        "students_with_two_by_ten_this_term": _students_with_plans(team_ids, since),
        "term_starts_on": since,
    }
