"""Trust on a beat: cadences that open rounds by themselves, rounds that open and close on their
days, and the plain queries the reminder scan calls (rounds opening and closing, commitments to
follow up, targets to review). The worker calls these; they check no actor.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, exists, select

from api.access import TeamAccess, team_access
from api.actor import Actor
from api.db import utcnow
from api.errors import Forbidden, Unprocessable
from api.extensions import db
from api.teams.models import Membership, Role, Team
from api.transactions import transaction, transactional
from api.trust.closing import close_round
from api.trust.models import (
    Commitment,
    CommitmentStatus,
    TargetStatus,
    TrustCadence,
    TrustEligibility,
    TrustReceipt,
    TrustSurvey,
    TrustTarget,
)
from api.trust.questions import Component
from api.trust.surveys import create_round, period_taken, start_round, team_today

DEFAULT_EVERY_MONTHS, DEFAULT_OPEN_DAYS = 3, 14
QUARTERS = {1: "Winter", 2: "Spring", 3: "Summer", 4: "Autumn"}


# ---- Cadence ---------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def describe_cadence(team: Team, cadence: TrustCadence | None) -> dict:
    if cadence is None:
        return {
            "team_id": team.id,
            "active": False,
            "every_months": DEFAULT_EVERY_MONTHS,
            "open_days": DEFAULT_OPEN_DAYS,
            "next_opens_on": None,
        }
    return {
        "team_id": team.id,
        "active": cadence.active,
        "every_months": cadence.every_months,
        "open_days": cadence.open_days,
        "next_opens_on": cadence.next_opens_on,
    }


def get_cadence(actor: Actor, team_id: str) -> dict:
    """How often the team's rounds open by themselves (anyone who sees the team)."""
    return cadence_of(team_access(actor, team_id))


def cadence_of(access: TeamAccess) -> dict:
    """A team's cadence (`get_cadence` once its access is known)."""
    return describe_cadence(access.team, db.session.get(TrustCadence, access.team_id))


@transactional
def set_cadence(actor: Actor, team_id: str, changes: dict) -> dict:
    """Turn the cadence on or off, or change how often and how long rounds open (teachers,
    admins). The first round opens on next_opens_on (today unless told). Raises Forbidden,
    Unprocessable (a first day in the past)."""
    access = team_access(actor, team_id)
    if not access.can_manage:
        raise Forbidden(
            "Only the team's teachers or an organization admin can set how often "
            "the trust survey opens."
        )
    today = team_today(access.team)
    next_opens_on = changes.get("next_opens_on")
    if next_opens_on is not None and next_opens_on < today:
        raise Unprocessable(
            "The next round can't open in the past.",
            errors={"next_opens_on": ["Choose today or a later date."]},
        )
    cadence = db.session.get(TrustCadence, team_id)
    if cadence is None:
        cadence = TrustCadence(
            team_id=team_id,
            every_months=DEFAULT_EVERY_MONTHS,
            open_days=DEFAULT_OPEN_DAYS,
            next_opens_on=next_opens_on or today,
            active=True,
        )
        db.session.add(cadence)
    for field in ("active", "every_months", "open_days", "next_opens_on"):
        if changes.get(field) is not None:
            setattr(cadence, field, changes[field])
    db.session.flush()
    return describe_cadence(access.team, cadence)


def round_name(team_id: str, opens_on: date) -> str:
    """“Spring 2027”, or “Spring 2027 (March)” and so on when the team has that name already."""
    quarter = QUARTERS[(opens_on.month - 1) // 3 + 1]
    for name in (
        f"{quarter} {opens_on.year}",
        f"{quarter} {opens_on.year} ({opens_on:%B})",
        f"{opens_on:%-d %B %Y}",
    ):
        if not period_taken(team_id, name):
            return name
    return f"Round of {opens_on.isoformat()}"


def _open_cadence_round(cadence: TrustCadence, team: Team, today: date) -> str | None:
    """Open the cadence's round (unless the team has one open) and move it a beat on."""
    busy = db.session.scalar(
        select(
            exists().where(
                TrustSurvey.team_id == team.id,
                TrustSurvey.closed_at.is_(None),
                TrustSurvey.closes_on >= today,
            )
        )
    )
    opened = None
    if not busy:
        survey = create_round(
            team,
            period=round_name(team.id, today),
            opens_on=today,
            closes_on=today + timedelta(days=cadence.open_days - 1),
        )
        opened = survey.id
    while cadence.next_opens_on <= today:
        cadence.next_opens_on = add_months(cadence.next_opens_on, cadence.every_months)
    return opened


def run_rounds(now: datetime | None = None) -> dict[str, int]:
    """The beat's trust work, safe to run twice: cadences open their rounds, rounds whose first
    day has come are started (who may answer is written down), rounds past their last day are
    closed and counted. Each team's cadence and each round is its own operation, so one that
    fails leaves the others done. Returns how many of each."""
    now = now or utcnow()
    # A day ahead of UTC covers every school's "today"; each is checked in its own zone.
    horizon = now.date() + timedelta(days=1)
    opened = started = closed = 0
    due = (
        db.session.execute(
            select(TrustCadence.team_id)
            .where(TrustCadence.active.is_(True), TrustCadence.next_opens_on <= horizon)
            .order_by(TrustCadence.team_id)
        )
        .scalars()
        .all()
    )
    for team_id in due:
        with transaction():
            cadence = db.session.get(TrustCadence, team_id, with_for_update=True)
            team = db.session.get(Team, team_id)
            if cadence is None or team is None:
                continue
            today = team_today(team, now)
            if cadence.active and cadence.next_opens_on <= today:
                opened += _open_cadence_round(cadence, team, today) is not None
    rounds = (
        db.session.execute(
            select(TrustSurvey.id)
            .where(TrustSurvey.closed_at.is_(None), TrustSurvey.opens_on <= horizon)
            .order_by(TrustSurvey.opens_on, TrustSurvey.id)
        )
        .scalars()
        .all()
    )
    for survey_id in rounds:
        with transaction():
            survey = db.session.get(TrustSurvey, survey_id)
            if survey is None or survey.closed_at is not None:
                continue
            today = team_today(survey.team, now)
            if today > survey.closes_on:
                close_round(survey.id, now=now)
                closed += 1
            elif survey.opened_at is None and survey.opens_on <= today:
                start_round(survey)
                started += 1
    return {"opened": opened, "started": started, "closed": closed}


# ---- For the reminder scan -------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyToRemind:
    survey_id: str
    team_id: str
    organization_id: str
    period: str
    opens_on: date
    closes_on: date
    #: eligible members who have not answered yet (the only use of receipts outside answering)
    user_ids: tuple[str, ...]


def _surveys_with_pending_members(condition) -> list[SurveyToRemind]:
    rows = db.session.execute(
        select(TrustSurvey, Team.organization_id)
        .join(Team, Team.id == TrustSurvey.team_id)
        .where(condition, TrustSurvey.closed_at.is_(None), TrustSurvey.opened_at.is_not(None))
        .order_by(TrustSurvey.opens_on, TrustSurvey.id)
    ).all()
    ids = [survey.id for survey, _ in rows]
    pending: dict[str, list[str]] = {survey_id: [] for survey_id in ids}
    if ids:
        answered = exists().where(
            TrustReceipt.survey_id == TrustEligibility.survey_id,
            TrustReceipt.user_id == TrustEligibility.user_id,
        )
        # Still in the team, too: someone who left is not reminded of its survey.
        member = exists().where(
            Membership.team_id == TrustSurvey.team_id,
            Membership.user_id == TrustEligibility.user_id,
        )
        for survey_id, user_id in db.session.execute(
            select(TrustEligibility.survey_id, TrustEligibility.user_id)
            .join(TrustSurvey, TrustSurvey.id == TrustEligibility.survey_id)
            .where(TrustEligibility.survey_id.in_(ids), ~answered, member)
            .order_by(TrustEligibility.survey_id, TrustEligibility.user_id)
        ):
            pending[survey_id].append(user_id)
    return [
        SurveyToRemind(
            survey.id,
            survey.team_id,
            organization_id,
            survey.period,
            survey.opens_on,
            survey.closes_on,
            tuple(pending[survey.id]),
        )
        for survey, organization_id in rows
    ]


def surveys_opening_between(start: date, end: date) -> list[SurveyToRemind]:
    """Open rounds whose first day falls in [start, end], each with the eligible members who
    have not answered yet — for "the trust survey is open" reminders."""
    return _surveys_with_pending_members(TrustSurvey.opens_on.between(start, end))


def surveys_closing_between(start: date, end: date) -> list[SurveyToRemind]:
    """Open rounds whose last day falls in [start, end], with the eligible members who have not
    answered yet — for the one "last chance to answer" nudge."""
    return _surveys_with_pending_members(
        and_(TrustSurvey.closes_on.between(start, end), TrustSurvey.opens_on <= end)
    )


@dataclass(frozen=True)
class CommitmentToFollowUp:
    commitment_id: str
    session_id: str
    team_id: str
    organization_id: str
    user_id: str
    body: str
    follow_up_on: date


def commitments_due_for_follow_up(on_date: date) -> list[CommitmentToFollowUp]:
    """Open commitments whose follow-up date is on or before on_date (a missed scan is made up
    by the next; dedupe on commitment id + follow-up date)."""
    rows = db.session.execute(
        select(Commitment, Team.organization_id)
        .join(Team, Team.id == Commitment.team_id)
        .where(Commitment.status == CommitmentStatus.open, Commitment.follow_up_on <= on_date)
        .order_by(Commitment.follow_up_on, Commitment.id)
    ).all()
    return [
        CommitmentToFollowUp(
            commitment.id,
            commitment.session_id,
            commitment.team_id,
            organization_id,
            commitment.user_id,
            commitment.body,
            commitment.follow_up_on,
        )
        for commitment, organization_id in rows
    ]


@dataclass(frozen=True)
class TargetToReview:
    target_id: str
    team_id: str
    organization_id: str
    component: Component
    description: str
    review_on: date
    #: the team's teachers, who lead the review
    teacher_ids: tuple[str, ...]


def targets_due_for_review(on_date: date) -> list[TargetToReview]:
    """Active targets whose review date is on or before on_date, with the team's teachers."""
    rows = db.session.execute(
        select(TrustTarget, Team.organization_id)
        .join(Team, Team.id == TrustTarget.team_id)
        .where(TrustTarget.status == TargetStatus.active, TrustTarget.review_on <= on_date)
        .order_by(TrustTarget.review_on, TrustTarget.id)
    ).all()
    team_ids = {target.team_id for target, _ in rows}
    teachers: dict[str, list[str]] = {team_id: [] for team_id in team_ids}
    if team_ids:
        for team_id, user_id in db.session.execute(
            select(Membership.team_id, Membership.user_id)
            .where(Membership.team_id.in_(team_ids), Membership.role == Role.teacher)
            .order_by(Membership.user_id)
        ):
            teachers[team_id].append(user_id)
    return [
        TargetToReview(
            target.id,
            target.team_id,
            organization_id,
            target.component,
            target.description,
            target.review_on,
            tuple(teachers[target.team_id]),
        )
        for target, organization_id in rows
    ]


@dataclass(frozen=True)
class ResultsToAnnounce:
    survey_id: str
    team_id: str
    organization_id: str
    period: str
    #: the team's members now (students and teachers)
    user_ids: tuple[str, ...]


def results_released_since(moment: datetime) -> list[ResultsToAnnounce]:
    """Rounds closed with results since `moment`, with the team's members — for "the results
    are ready" (sent only once a round is closed, so it says nothing while answers come in)."""
    rows = db.session.execute(
        select(TrustSurvey, Team.organization_id)
        .join(Team, Team.id == TrustSurvey.team_id)
        .where(TrustSurvey.results_released.is_(True), TrustSurvey.closed_at >= moment)
        .order_by(TrustSurvey.closed_at, TrustSurvey.id)
    ).all()
    team_ids = {survey.team_id for survey, _ in rows}
    members: dict[str, list[str]] = {team_id: [] for team_id in team_ids}
    if team_ids:
        for team_id, user_id in db.session.execute(
            select(Membership.team_id, Membership.user_id)
            .where(Membership.team_id.in_(team_ids))
            .order_by(Membership.user_id)
        ):
            members[team_id].append(user_id)
    return [
        ResultsToAnnounce(
            survey.id,
            survey.team_id,
            organization_id,
            survey.period,
            tuple(members[survey.team_id]),
        )
        for survey, organization_id in rows
    ]
