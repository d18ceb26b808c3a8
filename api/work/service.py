"""My work: everything that waits for one person across their teams, soonest first.

Only what is theirs and still to do: open actions they own, open cycles they facilitate, record
or keep time for (with the phase due dates), open surveys they have not answered, and their own
open commitments. Only teams they are a member of (a coach's or admin's reading rights add
nothing here).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select

from api.actions.models import Action, action_is_open
from api.actor import Actor
from api.clock import local_today
from api.cycles.models import Cycle, CycleFacilitator, PhaseDueDate
from api.db import utcnow
from api.errors import Forbidden
from api.extensions import db
from api.organizations.models import Organization
from api.puzzles.models import Puzzle
from api.teams.models import Membership, Team
from api.trust.models import Commitment, CommitmentStatus, TrustReceipt, TrustSurvey
from workflows import get_definition, open_state_names

LATEST = date.max


def _my_team_ids(actor: Actor):
    return select(Membership.team_id).where(Membership.user_id == actor.id)


def _actions(actor: Actor, today_of: dict[str, date]) -> list[dict]:
    rows = db.session.execute(
        select(Action, Cycle.number, Cycle.state, Puzzle.question, Team.id, Team.name)
        .join(Cycle, Cycle.id == Action.cycle_id)
        .join(Puzzle, Puzzle.id == Cycle.puzzle_id)
        .join(Team, Team.id == Action.team_id)
        .where(
            Action.owner_id == actor.id,
            action_is_open(),
            Cycle.state.in_(open_state_names()),
            Action.team_id.in_(_my_team_ids(actor)),
        )
        .order_by(Action.due_on.is_(None), Action.due_on, Action.created_at, Action.id)
    ).all()
    return [
        {
            "id": action.id,
            "title": action.title,
            "due_on": action.due_on,
            "overdue": bool(action.due_on and action.due_on < today_of[team_id]),
            "status": action.status,
            "success_criteria": action.success_criteria,
            "cycle_id": action.cycle_id,
            "cycle_number": number,
            "puzzle_question": question,
            "team": {"id": team_id, "name": team_name},
            "link": f"/cycles/{action.cycle_id}#action-{action.id}",
        }
        for action, number, _state, question, team_id, team_name in rows
    ]


def _cycles(actor: Actor, today_of: dict[str, date]) -> list[dict]:
    facilitates = (
        select(CycleFacilitator.id)
        .where(CycleFacilitator.cycle_id == Cycle.id, CycleFacilitator.user_id == actor.id)
        .exists()
    )
    rows = db.session.execute(
        select(Cycle, facilitates, Puzzle.question, Team.id, Team.name)
        .join(Puzzle, Puzzle.id == Cycle.puzzle_id)
        .join(Team, Team.id == Cycle.team_id)
        .where(
            Cycle.state.in_(open_state_names()),
            Cycle.team_id.in_(_my_team_ids(actor)),
            or_(facilitates, Cycle.recorder_id == actor.id, Cycle.timekeeper_id == actor.id),
        )
    ).all()
    ids = [row[0].id for row in rows]
    due: dict[str, dict[str, date]] = {cycle_id: {} for cycle_id in ids}
    if ids:
        for cycle_id, phase, due_on in db.session.execute(
            select(PhaseDueDate.cycle_id, PhaseDueDate.phase, PhaseDueDate.due_on).where(
                PhaseDueDate.cycle_id.in_(ids)
            )
        ):
            due[cycle_id][phase] = due_on
    cycles = []
    for cycle, is_facilitator, question, team_id, team_name in rows:
        roles = [
            role
            for role, holds in (
                ("facilitator", is_facilitator),
                ("recorder", cycle.recorder_id == actor.id),
                ("timekeeper", cycle.timekeeper_id == actor.id),
            )
            if holds
        ]
        phase_due = due[cycle.id].get(cycle.state)
        cycles.append(
            {
                "id": cycle.id,
                "number": cycle.number,
                "state": cycle.state,
                "state_label": get_definition(cycle.workflow).state(cycle.state).label,
                "puzzle_question": question,
                "team": {"id": team_id, "name": team_name},
                "my_roles": roles,
                "due_dates": due[cycle.id],
                "phase_due_on": phase_due,
                "phase_overdue": bool(phase_due and phase_due < today_of[team_id]),
                "link": f"/cycles/{cycle.id}",
            }
        )
    cycles.sort(key=lambda cycle: (cycle["phase_due_on"] or LATEST, cycle["number"]))
    return cycles


def _surveys(actor: Actor, today_of: dict[str, date]) -> list[dict]:
    answered = select(TrustReceipt.survey_id).where(TrustReceipt.user_id == actor.id)
    rows = db.session.execute(
        select(TrustSurvey, Team.name)
        .join(Team, Team.id == TrustSurvey.team_id)
        .where(
            TrustSurvey.team_id.in_(_my_team_ids(actor)),
            TrustSurvey.closed_at.is_(None),
            TrustSurvey.id.not_in(answered),
        )
        .order_by(TrustSurvey.closes_on, TrustSurvey.id)
    ).all()
    return [
        {
            "id": survey.id,
            "period": survey.period,
            "closes_on": survey.closes_on,
            "team": {"id": survey.team_id, "name": team_name},
            "link": f"/trust-surveys/{survey.id}",
        }
        for survey, team_name in rows
        if survey.opens_on <= today_of[survey.team_id] <= survey.closes_on
    ]


def _commitments(actor: Actor) -> list[dict]:
    rows = db.session.execute(
        select(Commitment, Team.name)
        .join(Team, Team.id == Commitment.team_id)
        .where(
            Commitment.user_id == actor.id,
            Commitment.status == CommitmentStatus.open,
            Commitment.team_id.in_(_my_team_ids(actor)),
        )
        .order_by(Commitment.follow_up_on, Commitment.id)
    ).all()
    return [
        {
            "id": commitment.id,
            "body": commitment.body,
            "follow_up_on": commitment.follow_up_on,
            "team": {"id": commitment.team_id, "name": team_name},
            "link": f"/teams/{commitment.team_id}/trust/commitments",
        }
        for commitment, team_name in rows
    ]


def my_work(actor: Actor) -> dict:
    """What waits for the signed-in person, each list soonest first. Raises Forbidden for
    integration clients (they have no work of their own)."""
    if actor.user is None:
        raise Forbidden("My work is a person's own list; integration clients have none.")
    now = utcnow()
    # Each team's "today" is its school's: an action is overdue by the school's calendar day.
    today_of = {
        team_id: local_today(now, zone)
        for team_id, zone in db.session.execute(
            select(Team.id, Organization.time_zone)
            .join(Organization, Organization.id == Team.organization_id)
            .where(Team.id.in_(_my_team_ids(actor)))
        )
    }
    return {
        "actions": _actions(actor, today_of),
        "cycles": _cycles(actor, today_of),
        "surveys": _surveys(actor, today_of),
        "commitments": _commitments(actor),
    }
