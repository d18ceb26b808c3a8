"""Closing a round: every sealed answer opened, counted and deleted in one transaction.

What a closed round keeps is counts per statement and score (everyone's; students' and adults'
apart only when each group reached the threshold) and its comments, written in the order of
their text. A round that closes with fewer answers than its threshold keeps nothing of them:
its sealed answers are deleted unread. Either way the round never opens again, so every view
of its results is the same view.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from api.activity.service import record
from api.actor import Actor
from api.db import utcnow
from api.extensions import db
from api.trust.models import (
    ResultGroup,
    RoleGroup,
    TrustComment,
    TrustResultCount,
    TrustSealedAnswer,
    TrustSurvey,
)
from api.trust.questions import ITEM_KEYS
from api.trust.sealed_rounds import lock_round, take_sealed_answers
from api.webhooks.models import EventType
from api.webhooks.outbox import emit


def close_round(
    survey_id: str, *, actor: Actor | None = None, now: datetime | None = None
) -> TrustSurvey:
    """Close a round and count it (flushed, not committed). Closing twice changes nothing."""
    survey = lock_round(TrustSurvey, survey_id)
    if survey.closed_at is not None:
        return survey
    contents = take_sealed_answers(TrustSealedAnswer.survey_id, survey.id)
    survey.closed_at = now or utcnow()
    survey.response_count = len(contents)
    survey.results_released = len(contents) >= survey.min_responses
    if survey.results_released:
        _keep_counts(survey, contents)
    if survey.opened_at is None:
        survey.eligible_count = 0
    text = (
        f"closed the trust survey “{survey.period}”"
        if actor
        else f"The trust survey “{survey.period}” closed on its closing date"
    )
    record(survey.team_id, actor, "trust.survey_closed", text, subject_id=survey.id)
    if survey.results_released:
        emit(
            survey.team.organization_id,
            EventType.survey_released,
            {
                "survey_id": survey.id,
                "team_id": survey.team_id,
                "period": survey.period,
                "eligible_count": survey.eligible_count,
                "response_count": survey.response_count,
            },
        )
    db.session.flush()
    return survey


def _keep_counts(survey: TrustSurvey, contents: list[dict]) -> None:
    by_group = Counter(RoleGroup(content["group"]) for content in contents)
    split = all(by_group[group] >= survey.min_responses for group in RoleGroup)
    if split:
        survey.student_count = by_group[RoleGroup.student]
        survey.adult_count = by_group[RoleGroup.adult]
    counts: Counter[tuple[ResultGroup, str, int]] = Counter()
    for content in contents:
        groups = [ResultGroup.everyone]
        if split:
            groups.append(ResultGroup(content["group"]))
        for key in ITEM_KEYS:
            for group in groups:
                counts[(group, key, content["answers"][key])] += 1
    # Sorted, so the rows' order is the order of their keys and nothing else.
    db.session.add_all(
        TrustResultCount(survey_id=survey.id, group=group, item=item, score=score, count=count)
        for (group, item, score), count in sorted(counts.items())
    )
    comments = sorted(content["comment"] for content in contents if content.get("comment"))
    db.session.add_all(TrustComment(survey_id=survey.id, body=body) for body in comments)
