"""Trust targets: what the team will work on ("how we handle disagreements"), tied to a component,
with a date to review it. Members set and change them; teachers and admins remove them.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from api.access import TeamAccess, team_access
from api.activity.service import record
from api.actor import Actor
from api.errors import NotFound, Unprocessable
from api.extensions import db
from api.transactions import transactional
from api.trust.models import TargetStatus, TrustSurvey, TrustTarget
from api.trust.questions import COMPONENT_LABELS, Component

TARGET_NOT_FOUND = "We couldn't find that trust target."


def team_targets(
    actor: Actor,
    team_id: str,
    *,
    component: Component | None = None,
    status: TargetStatus | None = None,
) -> Select:
    """A team's targets, soonest review first."""
    return targets_of(team_access(actor, team_id), component=component, status=status)


def targets_of(
    access: TeamAccess, *, component: Component | None = None, status: TargetStatus | None = None
) -> Select:
    """A team's targets, soonest review first (`team_targets` once its access is known)."""
    query = (
        select(TrustTarget)
        .options(joinedload(TrustTarget.created_by))
        .where(TrustTarget.team_id == access.team_id)
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


@transactional
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


@transactional
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
    return target


@transactional
def delete_target(actor: Actor, target_id: str) -> None:
    """Remove a target set by mistake (teachers, admins)."""
    target, access = _visible_target(actor, target_id)
    access.require_manage()
    db.session.delete(target)
