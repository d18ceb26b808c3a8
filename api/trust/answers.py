"""Answering a trust survey round: once, while it is open, if you were a member when it opened.

The answer is sealed (api/trust/sealing.py) and held beside a receipt that says only that you
answered; nothing readable about what you answered is written until the round closes and every
answer is counted together (api/trust/closing.py).
"""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError

from api.actor import Actor
from api.errors import Conflict, Forbidden, Unprocessable
from api.extensions import db
from api.transactions import transactional
from api.trust.models import TrustEligibility, TrustReceipt, TrustSealedAnswer, TrustSurvey
from api.trust.questions import HIGHEST_SCORE, ITEM_KEYS, LOWEST_SCORE
from api.trust.sealing import seal
from api.trust.surveys import (
    CLOSED,
    SCHEDULED,
    start_round,
    survey_status,
    team_today,
    visible_survey,
)

ALREADY_ANSWERED = "You have already answered this survey. Thank you!"


def check_answers(answers: dict) -> dict[str, int]:
    """Every statement scored 1–5, and nothing else. Raises Unprocessable."""
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


def _refuse_unless_open(survey: TrustSurvey, status: str) -> None:
    if status == SCHEDULED:
        raise Conflict(
            f"This survey opens on {survey.opens_on:%A %-d %B}. Come back then to answer."
        )
    if status == CLOSED:
        raise Conflict("This survey has closed, so it no longer takes answers.")


@transactional
def submit_response(
    actor: Actor, survey_id: str, *, answers: dict, comment: str | None = None
) -> dict:
    """Take one member's answers: a receipt (who) and a sealed answer (what, unreadable) in one
    transaction; nothing is counted until the round closes.

    Raises NotFound (survey not visible), Forbidden (not a member, or joined after it opened),
    Conflict (not open, or already answered), Unprocessable (a score missing or outside 1–5).
    """
    survey, access = visible_survey(actor, survey_id)
    if not access.is_member:
        raise Forbidden("Only members of the team answer its trust survey.")
    _refuse_unless_open(survey, survey_status(survey, team_today(access.team)))
    scores = check_answers(answers)
    # One answer at a time per round, and never while it is being closed and counted.
    db.session.execute(select(TrustSurvey.id).where(TrustSurvey.id == survey.id).with_for_update())
    db.session.refresh(survey)
    _refuse_unless_open(survey, survey_status(survey, team_today(access.team)))
    start_round(survey)
    db.session.flush()
    group = db.session.scalar(
        select(TrustEligibility.role_group).where(
            TrustEligibility.survey_id == survey.id, TrustEligibility.user_id == actor.id
        )
    )
    if group is None:
        raise Forbidden(
            "You joined the team after this round opened, so it counts only the "
            "people who were in the team then. You can answer the next round."
        )
    already = db.session.scalar(
        select(
            exists().where(TrustReceipt.survey_id == survey.id, TrustReceipt.user_id == actor.id)
        )
    )
    if already:
        raise Conflict(ALREADY_ANSWERED)
    content = {"answers": scores, "group": group.value, "comment": (comment or "").strip() or None}
    db.session.add(TrustReceipt(survey_id=survey.id, user_id=actor.id))
    db.session.add(TrustSealedAnswer(survey_id=survey.id, sealed=seal(survey.id, content)))
    try:
        db.session.flush()
    except IntegrityError:
        # Two tabs sent at once: the receipt's key lets only one through (the whole answer
        # is rolled back with it).
        raise Conflict(ALREADY_ANSWERED) from None
    return {"survey_id": survey.id, "answered": True}
