"""Trust surveys (anonymous answers), targets, and the plain queries the reminder scan calls.

Who may do what: teachers of the team and org admins open, change and close surveys; every member
(students too) answers once; everyone who sees the team — coaches included — sees results, and
only as aggregates once enough people have answered (see api.trust.results).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from api.access import TeamAccess, team_access
from api.activity.service import record
from api.actor import Actor
from api.clock import local_today
from api.db import utcnow
from api.errors import Conflict, Forbidden, NotFound, Unprocessable
from api.extensions import db
from api.teams.models import Membership, Role, Team
from api.trust.models import (
    MIN_RESPONSES,
    Commitment,
    CommitmentStatus,
    RoleGroup,
    TargetStatus,
    TrustAnswer,
    TrustReceipt,
    TrustResponse,
    TrustSurvey,
    TrustTarget,
)
from api.trust.questions import (
    COMPONENT_LABELS,
    HIGHEST_SCORE,
    ITEM_KEYS,
    LOWEST_SCORE,
    Component,
)
from api.webhooks.models import EventType
from api.webhooks.outbox import emit

SURVEY_NOT_FOUND = "We couldn't find that trust survey."
TARGET_NOT_FOUND = "We couldn't find that trust target."
SCHEDULED, OPEN, CLOSED = "scheduled", "open", "closed"


# ---- Surveys ---------------------------------------------------------------------------------


def team_today(team: Team) -> date:
    """Today in the team's school: surveys open and close on local days."""
    return local_today(utcnow(), team.organization.time_zone)


def survey_status(survey: TrustSurvey, today: date) -> str:
    if survey.closed_at is not None or today > survey.closes_on:
        return CLOSED
    return SCHEDULED if today < survey.opens_on else OPEN


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
            "Only the team's teachers or an organization admin can open or change a trust survey."
        )


def _check_dates(opens_on: date, closes_on: date) -> None:
    if closes_on < opens_on:
        raise Unprocessable(
            "The survey must close on or after the day it opens.",
            errors={"closes_on": ["Choose a closing date on or after the opening date."]},
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


def _period_taken(team_id: str, period: str, *, other_than: str | None = None) -> None:
    query = select(TrustSurvey.id).where(
        TrustSurvey.team_id == team_id, TrustSurvey.period == period
    )
    if other_than:
        query = query.where(TrustSurvey.id != other_than)
    if db.session.scalar(query):
        raise Conflict(
            f"This team already has a trust survey for “{period}”. Give this round another name."
        )


def team_surveys(actor: Actor, team_id: str, *, status: str | None = None) -> Select:
    """A team's surveys, latest opening first; filter by scheduled, open or closed."""
    access = team_access(actor, team_id)
    query = (
        select(TrustSurvey)
        .where(TrustSurvey.team_id == team_id)
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
    opens_on = opens_on or team_today(access.team)
    _check_dates(opens_on, closes_on)
    _check_min_responses(min_responses)
    _period_taken(team_id, period)
    survey = TrustSurvey(
        team_id=team_id,
        period=period,
        opens_on=opens_on,
        closes_on=closes_on,
        min_responses=min_responses,
        created_by_id=actor.id,
    )
    db.session.add(survey)
    db.session.flush()
    record(
        team_id,
        actor,
        "trust.survey_opened",
        f"opened the trust survey “{period}” ({opens_on:%-d %b} to {closes_on:%-d %b})",
        subject_id=survey.id,
    )
    db.session.commit()
    return survey


def update_survey(actor: Actor, survey_id: str, changes: dict) -> TrustSurvey:
    """Rename, move dates or raise the answer threshold (teachers, admins)."""
    survey, access = visible_survey(actor, survey_id)
    _require_survey_manager(access)
    if "period" in changes:
        changes["period"] = changes["period"].strip()
        _period_taken(survey.team_id, changes["period"], other_than=survey.id)
    _check_dates(
        changes.get("opens_on", survey.opens_on), changes.get("closes_on", survey.closes_on)
    )
    if "min_responses" in changes:
        _check_min_responses(changes["min_responses"])
    count = response_counts([survey.id]).get(survey.id, 0)
    was_released = count >= survey.min_responses
    for field in ("period", "opens_on", "closes_on", "min_responses"):
        if field in changes:
            setattr(survey, field, changes[field])
    if not was_released and count >= survey.min_responses:
        _announce_release(survey, access.team, count)
    db.session.commit()
    return survey


def _announce_release(survey: TrustSurvey, team: Team, response_count: int) -> None:
    """Tell subscribed LMSs that a survey's results can now be seen (aggregates only)."""
    emit(
        team.organization_id,
        EventType.survey_released,
        {
            "survey_id": survey.id,
            "team_id": survey.team_id,
            "period": survey.period,
            "response_count": response_count,
        },
    )


def close_survey(actor: Actor, survey_id: str) -> TrustSurvey:
    """Stop taking answers now (teachers, admins); closing twice changes nothing."""
    survey, access = visible_survey(actor, survey_id)
    _require_survey_manager(access)
    if survey.closed_at is None:
        survey.closed_at = utcnow()
        record(
            survey.team_id,
            actor,
            "trust.survey_closed",
            f"closed the trust survey “{survey.period}”",
            subject_id=survey.id,
        )
    db.session.commit()
    return survey


def response_counts(survey_ids: Sequence[str]) -> dict[str, int]:
    """How many answers each survey has (one GROUP BY)."""
    if not survey_ids:
        return {}
    rows = db.session.execute(
        select(TrustResponse.survey_id, func.count())
        .where(TrustResponse.survey_id.in_(survey_ids))
        .group_by(TrustResponse.survey_id)
    ).all()
    return {survey_id: count for survey_id, count in rows}


def describe_surveys(actor: Actor, surveys: Sequence[TrustSurvey]) -> list[dict]:
    """Surveys with status, answer count and whether the actor answered, in a few queries."""
    ids = [survey.id for survey in surveys]
    counts = response_counts(ids)
    answered = (
        set(
            db.session.scalars(
                select(TrustReceipt.survey_id).where(
                    TrustReceipt.survey_id.in_(ids), TrustReceipt.user_id == actor.id
                )
            )
        )
        if ids
        else set()
    )
    today_by_team: dict[str, date] = {}
    result = []
    for survey in surveys:
        if survey.team_id not in today_by_team:
            today_by_team[survey.team_id] = team_today(survey.team)
        count = counts.get(survey.id, 0)
        result.append(
            {
                "id": survey.id,
                "team_id": survey.team_id,
                "period": survey.period,
                "opens_on": survey.opens_on,
                "closes_on": survey.closes_on,
                "closed_at": survey.closed_at,
                "min_responses": survey.min_responses,
                "status": survey_status(survey, today_by_team[survey.team_id]),
                "response_count": count,
                "results_released": count >= survey.min_responses,
                "i_have_answered": survey.id in answered,
                "created_at": survey.created_at,
            }
        )
    return result


def get_survey(actor: Actor, survey_id: str) -> dict:
    survey, access = visible_survey(actor, survey_id)
    described = describe_surveys(actor, [survey])[0]
    described["can_answer"] = (
        access.is_member and described["status"] == OPEN and not described["i_have_answered"]
    )
    described["can_manage"] = access.can_manage
    return described


# ---- Answering -------------------------------------------------------------------------------


def _check_answers(answers: dict) -> dict[str, int]:
    errors: dict[str, list[str]] = {}
    for key in ITEM_KEYS:
        score = answers.get(key)
        if score is None:
            errors[key] = ["Choose a score from 1 to 5 for this statement."]
        elif (
            isinstance(score, bool)
            or not isinstance(score, int)
            or not (LOWEST_SCORE <= score <= HIGHEST_SCORE)
        ):
            errors[key] = ["Scores go from 1 (not evident) to 5 (consistently evident)."]
    for key in set(answers) - set(ITEM_KEYS):
        errors[key] = ["This survey has no such statement."]
    if errors:
        raise Unprocessable("Some answers need another look.", errors={"answers": errors})
    return {key: answers[key] for key in ITEM_KEYS}


def submit_response(
    actor: Actor, survey_id: str, *, answers: dict, comment: str | None = None
) -> dict:
    """Take one member's answers anonymously: the response row gets no user and no time; a
    separate receipt, written in the same transaction, stops a second answer.

    Raises NotFound (survey not visible), Forbidden (not a member), Conflict (not open, or
    already answered), Unprocessable (a score missing or outside 1–5).
    """
    survey, access = visible_survey(actor, survey_id)
    if not access.is_member:
        raise Forbidden("Only members of the team answer its trust survey.")
    status = survey_status(survey, team_today(access.team))
    if status == SCHEDULED:
        raise Conflict(
            f"This survey opens on {survey.opens_on:%A %-d %B}. Come back then to answer."
        )
    if status == CLOSED:
        raise Conflict("This survey has closed, so it no longer takes answers.")
    scores = _check_answers(answers)
    receipt_exists = db.session.scalar(
        select(
            exists().where(TrustReceipt.survey_id == survey.id, TrustReceipt.user_id == actor.id)
        )
    )
    if receipt_exists:
        raise Conflict("You have already answered this survey. Thank you!")
    group = RoleGroup.student if access.role is Role.student else RoleGroup.adult
    comment = (comment or "").strip() or None
    # One answer at a time per survey, so exactly one of them crosses the threshold.
    db.session.execute(select(TrustSurvey.id).where(TrustSurvey.id == survey.id).with_for_update())
    count = response_counts([survey.id]).get(survey.id, 0) + 1
    if count == survey.min_responses:
        _announce_release(survey, access.team, count)
    db.session.add(TrustReceipt(survey_id=survey.id, user_id=actor.id))
    db.session.add(
        TrustResponse(
            survey_id=survey.id,
            role_group=group,
            comment=comment,
            answers=[TrustAnswer(item=key, score=score) for key, score in scores.items()],
        )
    )
    try:
        db.session.commit()
    except IntegrityError:
        # Two tabs sent at once: the receipt's key lets only one through.
        db.session.rollback()
        raise Conflict("You have already answered this survey. Thank you!") from None
    return {"survey_id": survey.id, "answered": True}


# ---- Targets ---------------------------------------------------------------------------------


def team_targets(
    actor: Actor,
    team_id: str,
    *,
    component: Component | None = None,
    status: TargetStatus | None = None,
) -> Select:
    """A team's targets, soonest review first."""
    team_access(actor, team_id)
    query = (
        select(TrustTarget)
        .options(joinedload(TrustTarget.created_by))
        .where(TrustTarget.team_id == team_id)
        .order_by(TrustTarget.review_on, TrustTarget.created_at, TrustTarget.id)
    )
    if component:
        query = query.where(TrustTarget.component == component)
    if status:
        query = query.where(TrustTarget.status == status)
    return query


def _check_target_survey(team_id: str, survey_id: str | None) -> None:
    if survey_id is None:
        return
    found = db.session.scalar(
        select(TrustSurvey.id).where(TrustSurvey.id == survey_id, TrustSurvey.team_id == team_id)
    )
    if not found:
        raise Unprocessable(
            "That survey is not one of this team's.",
            errors={"survey_id": ["Choose one of this team's surveys."]},
        )


def create_target(
    actor: Actor,
    team_id: str,
    *,
    component: Component,
    description: str,
    review_on: date,
    survey_id: str | None = None,
) -> TrustTarget:
    """Set a target the team will work on (members)."""
    access = team_access(actor, team_id)
    access.require_contribute()
    _check_target_survey(team_id, survey_id)
    target = TrustTarget(
        team_id=team_id,
        component=component,
        description=description.strip(),
        review_on=review_on,
        survey_id=survey_id,
        created_by_id=actor.id,
    )
    db.session.add(target)
    db.session.flush()
    record(
        team_id,
        actor,
        "trust.target_set",
        f"set a trust target for {COMPONENT_LABELS[component].lower()}: “{target.description}”",
        subject_id=target.id,
    )
    db.session.commit()
    return target


def _visible_target(actor: Actor, target_id: str) -> tuple[TrustTarget, TeamAccess]:
    target = db.session.get(TrustTarget, target_id)
    if target is None:
        raise NotFound(TARGET_NOT_FOUND)
    try:
        access = team_access(actor, target.team_id)
    except NotFound:
        raise NotFound(TARGET_NOT_FOUND) from None
    return target, access


def update_target(actor: Actor, target_id: str, changes: dict) -> TrustTarget:
    """Reword a target, move its review date or mark it met or dropped (members)."""
    target, access = _visible_target(actor, target_id)
    access.require_contribute()
    if "survey_id" in changes:
        _check_target_survey(target.team_id, changes["survey_id"])
    if "description" in changes:
        changes["description"] = changes["description"].strip()
    if "status" in changes and changes["status"] is not target.status:
        record(
            target.team_id,
            actor,
            "trust.target_status",
            f"marked the trust target “{target.description}” {changes['status'].value}",
            subject_id=target.id,
        )
    for field in ("component", "description", "review_on", "status", "survey_id"):
        if field in changes:
            setattr(target, field, changes[field])
    db.session.commit()
    return target


def delete_target(actor: Actor, target_id: str) -> None:
    """Remove a target set by mistake (teachers, admins)."""
    target, access = _visible_target(actor, target_id)
    access.require_manage()
    db.session.delete(target)
    db.session.commit()


# ---- For the reminder scan (the worker calls these; they check no actor) ----------------------


@dataclass(frozen=True)
class SurveyToRemind:
    survey_id: str
    team_id: str
    organization_id: str
    period: str
    opens_on: date
    closes_on: date
    #: members who have not answered yet (the only use of receipts outside answering)
    user_ids: tuple[str, ...]


def _surveys_with_pending_members(condition) -> list[SurveyToRemind]:
    rows = db.session.execute(
        select(TrustSurvey, Team.organization_id)
        .join(Team, Team.id == TrustSurvey.team_id)
        .where(condition, TrustSurvey.closed_at.is_(None))
        .order_by(TrustSurvey.opens_on, TrustSurvey.id)
    ).all()
    ids = [survey.id for survey, _ in rows]
    pending: dict[str, list[str]] = {survey_id: [] for survey_id in ids}
    if ids:
        answered = exists().where(
            TrustReceipt.survey_id == TrustSurvey.id, TrustReceipt.user_id == Membership.user_id
        )
        members = db.session.execute(
            select(TrustSurvey.id, Membership.user_id)
            .join(Membership, Membership.team_id == TrustSurvey.team_id)
            .where(TrustSurvey.id.in_(ids), ~answered)
            .order_by(TrustSurvey.id, Membership.user_id)
        ).all()
        for survey_id, user_id in members:
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
    """Surveys whose opening day falls in [start, end], not closed early, each with the members
    who have not answered yet — for "the trust survey is open" reminders."""
    return _surveys_with_pending_members(TrustSurvey.opens_on.between(start, end))


def surveys_closing_between(start: date, end: date) -> list[SurveyToRemind]:
    """Surveys whose last day falls in [start, end] and that are open by then, with members who
    have not answered yet — for "last chance to answer" reminders."""
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
