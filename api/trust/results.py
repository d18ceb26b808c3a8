"""Aggregated trust results: per-component means, distributions and counts, change since the
previous period, the team's trend, and a students-vs-adults split where both groups are big enough.

Nothing here returns a single person's answers: every figure is computed in SQL over a survey's
responses with GROUP BY, is withheld until the survey has its minimum number of answers (never
below 3), and comments come out sorted by their text, never in the order they arrived.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select

from api.access import team_access
from api.actor import Actor
from api.coaching.service import TEAM_SUMMARIES
from api.extensions import db
from api.trust.models import RoleGroup, TrustAnswer, TrustResponse, TrustSurvey
from api.trust.questions import (
    COMPONENT_LABELS,
    ITEMS_BY_KEY,
    SCALE,
    Component,
    items_of,
)
from api.trust.service import response_counts, survey_status, team_today, visible_survey

GROUP_LABELS = {RoleGroup.student: "Students", RoleGroup.adult: "Adults"}
TREND_PERIODS = 12


def not_yet_message(min_responses: int) -> str:
    return f"Results appear after {min_responses} responses."


@dataclass
class Tally:
    """One survey's answers, counted: responses per group and answers per (item, score, group)."""

    responses: dict[RoleGroup, int] = field(default_factory=dict)
    answers: dict[tuple[str, int, RoleGroup], int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.responses.values())


def tallies(survey_ids: Sequence[str]) -> dict[str, Tally]:
    """Counts for many surveys in two GROUP BY queries."""
    result = {survey_id: Tally() for survey_id in survey_ids}
    if not survey_ids:
        return result
    for survey_id, group, count in db.session.execute(
        select(TrustResponse.survey_id, TrustResponse.role_group, func.count())
        .where(TrustResponse.survey_id.in_(survey_ids))
        .group_by(TrustResponse.survey_id, TrustResponse.role_group)
    ):
        result[survey_id].responses[group] = count
    for survey_id, item, score, group, count in db.session.execute(
        select(
            TrustResponse.survey_id,
            TrustAnswer.item,
            TrustAnswer.score,
            TrustResponse.role_group,
            func.count(),
        )
        .join(TrustResponse, TrustResponse.id == TrustAnswer.response_id)
        .where(TrustResponse.survey_id.in_(survey_ids))
        .group_by(
            TrustResponse.survey_id, TrustAnswer.item, TrustAnswer.score, TrustResponse.role_group
        )
    ):
        if item in ITEMS_BY_KEY:
            result[survey_id].answers[(item, score, group)] = count
    return result


def _mean(histogram: dict[int, int]) -> float | None:
    answers = sum(histogram.values())
    if not answers:
        return None
    return round(sum(score * count for score, count in histogram.items()) / answers, 2)


def _histogram(tally: Tally, item_keys: set[str], groups: set[RoleGroup] | None = None):
    histogram = dict.fromkeys(SCALE, 0)
    for (item, score, group), count in tally.answers.items():
        if item in item_keys and (groups is None or group in groups):
            histogram[score] = histogram.get(score, 0) + count
    return histogram


def component_means(tally: Tally, groups: set[RoleGroup] | None = None) -> dict[Component, float]:
    means = {}
    for component in Component:
        keys = {item.key for item in items_of(component)}
        mean = _mean(_histogram(tally, keys, groups))
        if mean is not None:
            means[component] = mean
    return means


def _released(survey: TrustSurvey, tally: Tally) -> bool:
    return tally.total >= survey.min_responses


def _group_split(survey: TrustSurvey, tally: Tally) -> list[dict]:
    """Students and adults apart — only when every group has the minimum, else nothing (one
    small group could be worked out by subtracting the other from the whole)."""
    counts = [tally.responses.get(group, 0) for group in RoleGroup]
    if min(counts) < survey.min_responses:
        return []
    return [
        {
            "group": group,
            "label": GROUP_LABELS[group],
            "count": tally.responses[group],
            "components": [
                {"component": component, "label": COMPONENT_LABELS[component], "mean": mean}
                for component, mean in component_means(tally, {group}).items()
            ],
        }
        for group in RoleGroup
    ]


def _previous_released(survey: TrustSurvey) -> tuple[TrustSurvey, Tally] | None:
    earlier = db.session.scalars(
        select(TrustSurvey)
        .where(
            TrustSurvey.team_id == survey.team_id,
            TrustSurvey.id != survey.id,
            TrustSurvey.opens_on <= survey.opens_on,
        )
        .order_by(TrustSurvey.opens_on.desc(), TrustSurvey.created_at.desc())
        .limit(TREND_PERIODS)
    ).all()
    earlier = [
        other
        for other in earlier
        if other.opens_on < survey.opens_on or other.created_at < survey.created_at
    ]
    counted = tallies([other.id for other in earlier])
    for other in earlier:
        if _released(other, counted[other.id]):
            return other, counted[other.id]
    return None


def _comments(survey_id: str) -> list[str]:
    return list(
        db.session.scalars(
            select(TrustResponse.comment)
            .where(TrustResponse.survey_id == survey_id, TrustResponse.comment.is_not(None))
            .order_by(TrustResponse.comment)
        )
    )


_LOOK_UP = object()


def summarize(
    survey: TrustSurvey, tally: Tally, *, with_comments: bool = True, previous=_LOOK_UP
) -> dict:
    """The aggregate view of one survey (released or not) as the API and the export show it.

    `previous` (the released survey before it, with its tally, or None) is looked up unless
    given: the export, summarizing every survey, knows it already."""
    released = _released(survey, tally)
    result = {
        "survey_id": survey.id,
        "team_id": survey.team_id,
        "period": survey.period,
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
        "status": survey_status(survey, team_today(survey.team)),
        "response_count": tally.total,
        "min_responses": survey.min_responses,
        "released": released,
        "message": None if released else not_yet_message(survey.min_responses),
        "components": [],
        "previous": None,
        "groups": [],
        "comments": [],
    }
    if not released:
        return result
    if previous is _LOOK_UP:
        previous = _previous_released(survey)
    previous_means = component_means(previous[1]) if previous else {}
    if previous:
        result["previous"] = {"survey_id": previous[0].id, "period": previous[0].period}
    for component in Component:
        items = items_of(component)
        histogram = _histogram(tally, {item.key for item in items})
        mean = _mean(histogram)
        before = previous_means.get(component)
        result["components"].append(
            {
                "component": component,
                "label": COMPONENT_LABELS[component],
                "mean": mean,
                "count": tally.total,
                "distribution": [
                    {"score": score, "label": SCALE[score], "count": histogram[score]}
                    for score in SCALE
                ],
                "change": None if before is None or mean is None else round(mean - before, 2),
                "items": [
                    {
                        "key": item.key,
                        "prompt": item.prompt,
                        "mean": _mean(_histogram(tally, {item.key})),
                    }
                    for item in items
                ],
            }
        )
    result["groups"] = _group_split(survey, tally)
    if with_comments:
        result["comments"] = _comments(survey.id)
    return result


def survey_results(actor: Actor, survey_id: str) -> dict:
    """A survey's aggregated results for anyone who sees the team (coaches included)."""
    survey, _ = visible_survey(actor, survey_id)
    return summarize(survey, tallies([survey.id])[survey.id])


def recent_surveys(team_id: str, limit: int = TREND_PERIODS) -> list[TrustSurvey]:
    """The team's latest surveys, oldest first."""
    newest_first = db.session.scalars(
        select(TrustSurvey)
        .where(TrustSurvey.team_id == team_id)
        .order_by(TrustSurvey.opens_on.desc(), TrustSurvey.created_at.desc())
        .limit(limit)
    ).all()
    return list(reversed(newest_first))


def team_trend(actor: Actor, team_id: str) -> dict:
    """Component means over the team's latest periods, oldest first; unreleased periods carry
    only their answer count."""
    access = team_access(actor, team_id)
    surveys = recent_surveys(team_id)
    counted = tallies([survey.id for survey in surveys])
    periods = []
    for survey in surveys:
        tally = counted[survey.id]
        released = _released(survey, tally)
        means = component_means(tally) if released else {}
        periods.append(
            {
                "survey_id": survey.id,
                "period": survey.period,
                "opens_on": survey.opens_on,
                "closes_on": survey.closes_on,
                "response_count": tally.total,
                "released": released,
                "components": [
                    {"component": component, "label": COMPONENT_LABELS[component], "mean": mean}
                    for component, mean in means.items()
                ],
            }
        )
    return {"team_id": access.team.id, "periods": periods}


def released_summaries(team_id: str) -> list[dict]:
    """Every released survey of the team, summarized (for the export), oldest first."""
    surveys = recent_surveys(team_id, limit=1000)
    counted = tallies([survey.id for survey in surveys])
    summaries = []
    for index, survey in enumerate(surveys):
        if not _released(survey, counted[survey.id]):
            continue
        # The newest released one of the TREND_PERIODS before it, as _previous_released finds
        # it, from what is loaded already (no queries per survey).
        earlier = reversed(surveys[max(0, index - TREND_PERIODS) : index])
        released = ((other, counted[other.id]) for other in earlier)
        previous = next((pair for pair in released if _released(*pair)), None)
        summaries.append(
            summarize(survey, counted[survey.id], with_comments=False, previous=previous)
        )
    return summaries


def latest_released_by_team(team_ids: Sequence[str]) -> dict[str, dict]:
    """Each team's latest released results and the change since the one before, in four
    queries whatever the number of teams (the coach dashboard shows many teams at once)."""
    if not team_ids:
        return {}
    surveys = db.session.scalars(
        select(TrustSurvey)
        .where(TrustSurvey.team_id.in_(team_ids))
        .order_by(TrustSurvey.opens_on.desc(), TrustSurvey.created_at.desc())
    ).all()
    counts = response_counts([survey.id for survey in surveys])
    latest_two: dict[str, list[TrustSurvey]] = {}
    for survey in surveys:
        released = latest_two.setdefault(survey.team_id, [])
        if len(released) < 2 and counts.get(survey.id, 0) >= survey.min_responses:
            released.append(survey)
    counted = tallies([survey.id for pair in latest_two.values() for survey in pair])
    summaries = {}
    for team_id, pair in latest_two.items():
        if not pair:
            continue
        latest = pair[0]
        means = component_means(counted[latest.id])
        before = component_means(counted[pair[1].id]) if len(pair) > 1 else {}
        summaries[team_id] = {
            "survey_id": latest.id,
            "period": latest.period,
            "response_count": counted[latest.id].total,
            "previous_period": pair[1].period if len(pair) > 1 else None,
            "components": [
                {
                    "component": component,
                    "label": COMPONENT_LABELS[component],
                    "mean": mean,
                    "change": round(mean - before[component], 2) if component in before else None,
                }
                for component, mean in means.items()
            ],
        }
    return summaries


TEAM_SUMMARIES["trust"] = latest_released_by_team
