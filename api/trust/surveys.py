"""Trust survey rounds: open, change and close them, and say where each stands.

A round is scheduled, then open, then closed for good. When it opens, the team's members at that
moment are written down as the people who may answer (a later join cannot, so no one can add
accounts mid-round to outnumber the real answers). Teachers of the team and org admins open,
change and close rounds; everyone who sees the team sees where a round stands, and while it is
open only how many have answered (api/trust/results.py shows the rest once it has closed).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time

from sqlalchemy import Select, func, or_, select

from api.access import TeamAccess, team_access
from api.activity.service import record
from api.actor import Actor
from api.clock import local_today, zone
from api.db import utcnow
from api.errors import Conflict, Forbidden, NotFound, Unprocessable
from api.extensions import db
from api.teams.models import Membership, Role, Team
from api.transactions import transactional
from api.trust.closing import close_round
from api.trust.models import (
    MIN_RESPONSES,
    RoleGroup,
    TrustEligibility,
    TrustReceipt,
    TrustSurvey,
)
from api.trust.questions import Version

SURVEY_NOT_FOUND = "We couldn't find that trust survey."
SCHEDULED, OPEN, CLOSED = "scheduled", "open", "closed"
CLOSED_FOR_GOOD = "This round has closed, and a closed round stays as it closed."


def team_today(team: Team, now: datetime | None = None) -> date:
    """Today in the team's school: rounds open and close on local days."""
    return local_today(now or utcnow(), team.organization.time_zone)


def survey_status(survey: TrustSurvey, today: date) -> str:
    """Closed once a person closed it or its last day has passed (the beat then counts it)."""
    if survey.closed_at is not None or today > survey.closes_on:
        return CLOSED
    return SCHEDULED if today < survey.opens_on else OPEN


def group_of(role: Role) -> RoleGroup:
    return RoleGroup.student if role is Role.student else RoleGroup.adult


def visible_survey(actor: Actor, survey_id: str) -> tuple[TrustSurvey, TeamAccess]:
    """The survey and the actor's standing in its team; NotFound when they may not see it."""
    survey = db.session.get(TrustSurvey, survey_id)
    if survey is None:
        raise NotFound(SURVEY_NOT_FOUND)
    try:
        access = team_access(actor, survey.team_id)
    except NotFound:
        raise NotFound(SURVEY_NOT_FOUND) from None
    return survey, access


def _require_survey_manager(access: TeamAccess) -> None:
    if not access.can_manage:
        raise Forbidden(
            "Only the team's teachers or an organization admin can open, change or "
            "close a trust survey."
        )


def _check_dates(opens_on: date, closes_on: date, today: date) -> None:
    if closes_on < opens_on:
        raise Unprocessable(
            "The survey must close on or after the day it opens.",
            errors={"closes_on": ["Choose a closing date on or after the opening date."]},
        )
    if closes_on < today:
        raise Unprocessable(
            "The closing date has already passed.",
            errors={"closes_on": ["Choose today or a later date."]},
        )


def _check_min_responses(min_responses: int) -> None:
    if min_responses < MIN_RESPONSES:
        raise Unprocessable(
            "Results need at least 3 answers, so no one can be picked out.",
            errors={
                "min_responses": [
                    "Use 3 or more: results need at least 3 answers so no one can be picked out."
                ]
            },
        )


def period_taken(team_id: str, period: str, *, other_than: str | None = None) -> bool:
    query = select(TrustSurvey.id).where(
        TrustSurvey.team_id == team_id, TrustSurvey.period == period
    )
    if other_than:
        query = query.where(TrustSurvey.id != other_than)
    return db.session.scalar(query) is not None


def _refuse_taken_period(team_id: str, period: str, *, other_than: str | None = None) -> None:
    if period_taken(team_id, period, other_than=other_than):
        raise Conflict(
            f"This team already has a trust survey for “{period}”. Give this round another name."
        )


def team_surveys(actor: Actor, team_id: str, *, status: str | None = None) -> Select:
    """A team's surveys, latest opening first; filter by scheduled, open or closed."""
    return surveys_of(team_access(actor, team_id), status=status)


def surveys_of(access: TeamAccess, *, status: str | None = None) -> Select:
    """A team's surveys, latest first (`team_surveys` once its access is known)."""
    query = (
        select(TrustSurvey)
        .where(TrustSurvey.team_id == access.team_id)
        .order_by(TrustSurvey.opens_on.desc(), TrustSurvey.id)
    )
    if status:
        today = team_today(access.team)
        closed = or_(TrustSurvey.closed_at.is_not(None), TrustSurvey.closes_on < today)
        if status == CLOSED:
            query = query.where(closed)
        elif status == SCHEDULED:
            query = query.where(~closed, TrustSurvey.opens_on > today)
        else:
            query = query.where(~closed, TrustSurvey.opens_on <= today)
    return query


def opening_moment(survey: TrustSurvey, team: Team) -> datetime:
    """When the round opened: the start of its first day at the school, or its creation if it
    was opened later that day."""
    first_day = datetime.combine(
        survey.opens_on, time.min, tzinfo=zone(team.organization.time_zone)
    )
    return max(first_day.astimezone(UTC), survey.created_at)


def start_round(survey: TrustSurvey) -> None:
    """Write down who may answer: the team's members when the round opened, each with their
    group. Runs once, whenever it runs first (beat on the first day, at once when a round opens
    today, or at the first answer if beat has not come by yet) — the answer is the same, as
    people who joined after the opening moment are left out."""
    if survey.opened_at is not None:
        return
    opened = opening_moment(survey, survey.team)
    members = db.session.execute(
        select(Membership.user_id, Membership.role).where(
            Membership.team_id == survey.team_id, Membership.created_at <= opened
        )
    ).all()
    db.session.add_all(
        TrustEligibility(survey_id=survey.id, user_id=user_id, role_group=group_of(role))
        for user_id, role in members
    )
    survey.opened_at = opened
    survey.eligible_count = len(members)


def create_round(
    team: Team,
    *,
    period: str,
    opens_on: date,
    closes_on: date,
    min_responses: int = MIN_RESPONSES,
    created_by_id: str | None = None,
    actor: Actor | None = None,
) -> TrustSurvey:
    """Add a round (flushed, not committed): the API and the cadence both open rounds here."""
    survey = TrustSurvey(
        team_id=team.id,
        period=period,
        opens_on=opens_on,
        closes_on=closes_on,
        min_responses=min_responses,
        created_by_id=created_by_id,
    )
    db.session.add(survey)
    db.session.flush()
    if opens_on <= team_today(team):
        start_round(survey)
    record(
        team.id,
        actor,
        "trust.survey_opened",
        f"opened the trust survey “{period}” ({opens_on:%-d %b} to {closes_on:%-d %b})"
        if actor
        else f"The trust survey “{period}” was scheduled ({opens_on:%-d %b} to {closes_on:%-d %b})",
        subject_id=survey.id,
    )
    db.session.flush()
    return survey


@transactional
def open_survey(
    actor: Actor,
    team_id: str,
    *,
    period: str,
    closes_on: date,
    opens_on: date | None = None,
    min_responses: int = MIN_RESPONSES,
) -> TrustSurvey:
    """Open a survey round for the team (teachers, admins); it opens today unless told otherwise.
    Raises Forbidden, Unprocessable (dates, threshold), Conflict (the period's name is taken)."""
    access = team_access(actor, team_id)
    _require_survey_manager(access)
    period = period.strip()
    today = team_today(access.team)
    opens_on = opens_on or today
    _check_dates(opens_on, closes_on, today)
    _check_min_responses(min_responses)
    _refuse_taken_period(team_id, period)
    survey = create_round(
        access.team,
        period=period,
        opens_on=opens_on,
        closes_on=closes_on,
        min_responses=min_responses,
        created_by_id=actor.id,
        actor=actor,
    )
    return survey


@transactional
def update_survey(actor: Actor, survey_id: str, changes: dict) -> TrustSurvey:
    """Rename a round, move its dates or raise its answer threshold (teachers, admins) — while
    it has not closed. Once open, its opening day stays (who may answer was fixed then).
    Raises Forbidden, Conflict (closed; opening day of an open round; name taken),
    Unprocessable (dates, threshold)."""
    survey, access = visible_survey(actor, survey_id)
    _require_survey_manager(access)
    today = team_today(access.team)
    if survey_status(survey, today) == CLOSED:
        raise Conflict(CLOSED_FOR_GOOD)
    if (
        "opens_on" in changes
        and changes["opens_on"] != survey.opens_on
        and (survey.opened_at is not None)
    ):
        raise Conflict(
            "This round is already open, so its opening day stays: who can answer "
            "was fixed when it opened."
        )
    if "period" in changes:
        changes["period"] = changes["period"].strip()
        _refuse_taken_period(survey.team_id, changes["period"], other_than=survey.id)
    _check_dates(
        changes.get("opens_on", survey.opens_on), changes.get("closes_on", survey.closes_on), today
    )
    if "min_responses" in changes:
        _check_min_responses(changes["min_responses"])
    for field in ("period", "opens_on", "closes_on", "min_responses"):
        if field in changes:
            setattr(survey, field, changes[field])
    if survey.opens_on <= today:
        start_round(survey)
    return survey


def receipt_counts(survey_ids: Sequence[str]) -> dict[str, int]:
    """How many people have answered each survey (receipts; one GROUP BY)."""
    if not survey_ids:
        return {}
    rows = db.session.execute(
        select(TrustReceipt.survey_id, func.count())
        .where(TrustReceipt.survey_id.in_(survey_ids))
        .group_by(TrustReceipt.survey_id)
    ).all()
    return {survey_id: count for survey_id, count in rows}


def my_version(access: TeamAccess) -> Version:
    return Version.student if access.role is Role.student else Version.adult


def describe_surveys(actor: Actor, surveys: Sequence[TrustSurvey]) -> list[dict]:
    """Surveys with status, answer count and whether the actor answered or may, in three
    queries for any number of surveys."""
    ids = [survey.id for survey in surveys]
    counts = receipt_counts(ids)
    answered: set[str] = set()
    eligible: dict[str, RoleGroup] = {}
    if ids:
        answered = set(
            db.session.scalars(
                select(TrustReceipt.survey_id).where(
                    TrustReceipt.survey_id.in_(ids), TrustReceipt.user_id == actor.id
                )
            )
        )
        eligible = dict(
            db.session.execute(
                select(TrustEligibility.survey_id, TrustEligibility.role_group).where(
                    TrustEligibility.survey_id.in_(ids), TrustEligibility.user_id == actor.id
                )
            ).all()
        )
    today_by_team: dict[str, date] = {}
    result = []
    for survey in surveys:
        if survey.team_id not in today_by_team:
            today_by_team[survey.team_id] = team_today(survey.team)
        status = survey_status(survey, today_by_team[survey.team_id])
        result.append(
            {
                "id": survey.id,
                "team_id": survey.team_id,
                "period": survey.period,
                "opens_on": survey.opens_on,
                "closes_on": survey.closes_on,
                "closed_at": survey.closed_at,
                "counted": survey.closed_at is not None,
                "min_responses": survey.min_responses,
                "status": status,
                "eligible_count": survey.eligible_count,
                "response_count": counts.get(survey.id, 0),
                "results_released": survey.results_released,
                "i_have_answered": survey.id in answered,
                "i_am_eligible": survey.id in eligible,
                "my_version": (
                    Version.student
                    if eligible.get(survey.id) is RoleGroup.student
                    else Version.adult
                )
                if survey.id in eligible
                else None,
                "created_at": survey.created_at,
            }
        )
    return result


def get_survey(actor: Actor, survey_id: str) -> dict:
    survey, access = visible_survey(actor, survey_id)
    described = describe_surveys(actor, [survey])[0]
    if described["my_version"] is None and access.is_member:
        # Not yet opened: the version the member will get when it opens.
        described["my_version"] = my_version(access)
    not_yet_opened = survey.opened_at is None and described["status"] == OPEN
    described["can_answer"] = (
        access.is_member
        and described["status"] == OPEN
        and not described["i_have_answered"]
        and (described["i_am_eligible"] or not_yet_opened)
    )
    described["can_manage"] = access.can_manage
    return described


@transactional
def close_survey(actor: Actor, survey_id: str) -> TrustSurvey:
    """Stop taking answers now and count them (teachers, admins); closing twice changes
    nothing. Raises Forbidden."""
    survey, access = visible_survey(actor, survey_id)
    _require_survey_manager(access)
    close_round(survey.id, actor=actor)
    return survey
