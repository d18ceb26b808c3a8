"""A closed round's results: per-component means and distributions, students and adults side by
side, change since the previous round, strengths to celebrate and areas to grow, the trend.

Everything here is read from the counts a round keeps when it closes (api/trust/closing.py):
an open round has none, so while it is open there is only how many have answered. A closed round
never changes, so no two views of it differ by anyone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select

from api.access import TeamAccess, team_access
from api.actor import Actor
from api.extensions import db
from api.trust.models import ResultGroup, TrustComment, TrustResultCount, TrustSurvey
from api.trust.questions import (
    COMPONENT_LABELS,
    SCALE,
    Component,
    component_info,
    items_of,
)
from api.trust.surveys import (
    CLOSED,
    OPEN,
    SCHEDULED,
    receipt_counts,
    survey_status,
    team_today,
    visible_survey,
)

GROUP_LABELS = {ResultGroup.student: "Students", ResultGroup.adult: "Adults"}
TREND_PERIODS = 12
#: a component at or above this mean is a strength to celebrate; below GROW_BELOW, an area to grow
CELEBRATE_FROM, GROW_BELOW = 4.0, 3.5

#: counts[group][(item, score)] = how many gave that score to that statement
Counts = dict[ResultGroup, dict[tuple[str, int], int]]


def counts_of(survey_ids: Sequence[str]) -> dict[str, Counts]:
    """The kept counts of many rounds in one query."""
    result: dict[str, Counts] = {survey_id: {} for survey_id in survey_ids}
    if not survey_ids:
        return result
    # Rows, not objects: the coach dashboard reads thousands of counts at once.
    for survey_id, group, item, score, count in db.session.execute(
        select(
            TrustResultCount.survey_id,
            TrustResultCount.group,
            TrustResultCount.item,
            TrustResultCount.score,
            TrustResultCount.count,
        ).where(TrustResultCount.survey_id.in_(survey_ids))
    ):
        result[survey_id].setdefault(group, {})[(item, score)] = count
    return result


def _histogram(counts: dict[tuple[str, int], int], item_keys: set[str]) -> dict[int, int]:
    histogram = dict.fromkeys(SCALE, 0)
    for (item, score), count in counts.items():
        if item in item_keys:
            histogram[score] += count
    return histogram


def _mean(histogram: dict[int, int]) -> float | None:
    answers = sum(histogram.values())
    if not answers:
        return None
    return round(sum(score * count for score, count in histogram.items()) / answers, 2)


def component_means(counts: dict[tuple[str, int], int]) -> dict[Component, float]:
    means = {}
    for component in Component:
        mean = _mean(_histogram(counts, {item.key for item in items_of(component)}))
        if mean is not None:
            means[component] = mean
    return means


def summary_of(means: dict[Component, float]) -> dict:
    """Strengths to celebrate (means of 4 and up, else the highest) and areas to grow (below
    3.5, else the lowest), never the same component in both."""
    if not means:
        return {"strengths": [], "areas_to_grow": [], "text": ""}
    ranked = sorted(means.items(), key=lambda pair: (-pair[1], list(Component).index(pair[0])))
    lowest_first = sorted(ranked, key=lambda pair: (pair[1], list(Component).index(pair[0])))
    # Something always to grow: the lowest, even when every component is strong.
    grow = [pair for pair in lowest_first if pair[1] < GROW_BELOW] or lowest_first[:1]
    strengths = [pair for pair in ranked if pair[1] >= CELEBRATE_FROM and pair not in grow]
    strengths = strengths or [pair for pair in ranked[:1] if pair not in grow]

    def named(pairs):
        return [
            {"component": component, "label": COMPONENT_LABELS[component], "mean": mean}
            for component, mean in pairs
        ]

    def listed(pairs):
        return ", ".join(
            f"{COMPONENT_LABELS[component].lower()} ({mean:.1f})" for component, mean in pairs
        )

    text = f"Celebrate {listed(strengths)}."
    if grow:
        text += f" Grow {listed(grow)}."
    return {"strengths": named(strengths), "areas_to_grow": named(grow), "text": text}


def _message(survey: TrustSurvey, status: str, answered: int) -> str | None:
    eligible = survey.eligible_count
    so_far = f"{answered} of {eligible}" if eligible is not None else f"{answered}"
    if status == SCHEDULED:
        return f"This round opens on {survey.opens_on:%A %-d %B}."
    if status == OPEN:
        return (
            f"Results appear when the round closes on {survey.closes_on:%A %-d %B}, if at "
            f"least {survey.min_responses} people have answered. So far {so_far} have "
            "answered."
        )
    if survey.closed_at is None:
        return "This round has closed. Its answers are being counted: results appear shortly."
    if not survey.results_released:
        return (
            f"Only {survey.response_count} of {eligible} answered — fewer than "
            f"{survey.min_responses} — so the answers were set aside unread, to keep "
            "everyone anonymous."
        )
    return None


def _components(
    counts: dict[tuple[str, int], int], responses: int, previous: dict[Component, float]
) -> list[dict]:
    rows = []
    for component in Component:
        items = items_of(component)
        histogram = _histogram(counts, {item.key for item in items})
        mean = _mean(histogram)
        before = previous.get(component)
        rows.append(
            {
                **component_info(component),
                "mean": mean,
                "count": responses,
                "distribution": [
                    {"score": score, "label": SCALE[score], "count": histogram[score]}
                    for score in SCALE
                ],
                "change": None if before is None or mean is None else round(mean - before, 2),
                "items": [
                    {
                        "key": item.key,
                        "prompt": item.prompt,
                        "student_prompt": item.student_prompt,
                        "mean": _mean(_histogram(counts, {item.key})),
                    }
                    for item in items
                ],
            }
        )
    return rows


def _groups(survey: TrustSurvey, counts: Counts) -> list[dict]:
    """Students and adults side by side — kept only when each group reached the threshold."""
    if survey.student_count is None or survey.adult_count is None:
        return []
    sizes = {ResultGroup.student: survey.student_count, ResultGroup.adult: survey.adult_count}
    return [
        {
            "group": group,
            "label": GROUP_LABELS[group],
            "count": sizes[group],
            "components": [
                {"component": component, "label": COMPONENT_LABELS[component], "mean": mean}
                for component, mean in component_means(counts.get(group, {})).items()
            ],
        }
        for group in (ResultGroup.student, ResultGroup.adult)
    ]


def previous_released(survey: TrustSurvey) -> TrustSurvey | None:
    """The team's latest released round that opened before this one."""
    return db.session.scalars(
        select(TrustSurvey)
        .where(
            TrustSurvey.team_id == survey.team_id,
            TrustSurvey.id != survey.id,
            TrustSurvey.results_released.is_(True),
            TrustSurvey.opens_on <= survey.opens_on,
            TrustSurvey.created_at < survey.created_at,
        )
        .order_by(TrustSurvey.opens_on.desc(), TrustSurvey.created_at.desc())
        .limit(1)
    ).first()


def summarize(
    survey: TrustSurvey,
    counts: Counts,
    *,
    answered: int,
    today: date,
    previous: tuple[TrustSurvey, Counts] | None = None,
    with_comments: bool = True,
) -> dict:
    """One round as the API and the CSV show it; figures only for a closed, released round."""
    status = survey_status(survey, today)
    released = status == CLOSED and survey.results_released
    result = {
        "survey_id": survey.id,
        "team_id": survey.team_id,
        "period": survey.period,
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
        "status": status,
        "eligible_count": survey.eligible_count,
        "response_count": survey.response_count if survey.closed_at else answered,
        "min_responses": survey.min_responses,
        "released": released,
        "message": _message(survey, status, answered),
        "components": [],
        "previous": None,
        "groups": [],
        "groups_message": None,
        "summary": None,
        "comments": [],
    }
    if not released:
        return result
    everyone = counts.get(ResultGroup.everyone, {})
    previous_means = component_means(previous[1].get(ResultGroup.everyone, {})) if previous else {}
    if previous:
        result["previous"] = {"survey_id": previous[0].id, "period": previous[0].period}
    result["components"] = _components(everyone, survey.response_count or 0, previous_means)
    result["groups"] = _groups(survey, counts)
    if not result["groups"]:
        result["groups_message"] = (
            f"Students and adults are shown side by side only when each group has at least "
            f"{survey.min_responses} answers."
        )
    result["summary"] = summary_of(component_means(everyone))
    if with_comments:
        result["comments"] = list(
            db.session.scalars(
                select(TrustComment.body)
                .where(TrustComment.survey_id == survey.id)
                .order_by(TrustComment.body)
            )
        )
    return result


def survey_results(actor: Actor, survey_id: str) -> dict:
    """A round's results for anyone who sees the team (coaches included)."""
    survey, access = visible_survey(actor, survey_id)
    previous = previous_released(survey) if survey.results_released else None
    counted = counts_of([survey.id, *([previous.id] if previous else [])])
    return summarize(
        survey,
        counted[survey.id],
        answered=receipt_counts([survey.id]).get(survey.id, 0),
        today=team_today(access.team),
        previous=(previous, counted[previous.id]) if previous else None,
    )


def recent_surveys(team_id: str, limit: int = TREND_PERIODS) -> list[TrustSurvey]:
    """The team's latest rounds, oldest first."""
    newest_first = db.session.scalars(
        select(TrustSurvey)
        .where(TrustSurvey.team_id == team_id)
        .order_by(TrustSurvey.opens_on.desc(), TrustSurvey.created_at.desc())
        .limit(limit)
    ).all()
    return list(reversed(newest_first))


def team_trend(actor: Actor, team_id: str) -> dict:
    """Component means over the team's latest rounds, oldest first; a round not released
    carries only where it stands."""
    return trend_of(team_access(actor, team_id))


def trend_of(access: TeamAccess) -> dict:
    """A team's trend (`team_trend` once its access is known)."""
    surveys = recent_surveys(access.team_id)
    counted = counts_of([survey.id for survey in surveys if survey.results_released])
    today = team_today(access.team)
    periods = []
    for survey in surveys:
        released = survey.results_released and survey_status(survey, today) == CLOSED
        means = (
            component_means(counted[survey.id].get(ResultGroup.everyone, {})) if released else {}
        )
        periods.append(
            {
                "survey_id": survey.id,
                "period": survey.period,
                "opens_on": survey.opens_on,
                "closes_on": survey.closes_on,
                "status": survey_status(survey, today),
                "eligible_count": survey.eligible_count,
                "response_count": survey.response_count if survey.closed_at else None,
                "released": released,
                "components": [
                    {"component": component, "label": COMPONENT_LABELS[component], "mean": mean}
                    for component, mean in means.items()
                ],
            }
        )
    return {"team_id": access.team_id, "periods": periods}


def released_summaries(team_id: str, today: date) -> list[dict]:
    """Every released round of the team, summarized (for the CSV), oldest first."""
    surveys = [survey for survey in recent_surveys(team_id, limit=1000) if survey.results_released]
    counted = counts_of([survey.id for survey in surveys])
    summaries = []
    previous: tuple[TrustSurvey, Counts] | None = None
    for survey in surveys:
        summaries.append(
            summarize(
                survey,
                counted[survey.id],
                answered=0,
                today=today,
                previous=previous,
                with_comments=False,
            )
        )
        previous = (survey, counted[survey.id])
    return summaries


def latest_released_by_team(team_ids: Sequence[str]) -> dict[str, dict]:
    """Each team's latest released round and the change since the one before, in two queries
    whatever the number of teams (the coach dashboard shows many teams at once)."""
    if not team_ids:
        return {}
    surveys = db.session.scalars(
        select(TrustSurvey)
        .where(TrustSurvey.team_id.in_(team_ids), TrustSurvey.results_released.is_(True))
        .order_by(TrustSurvey.opens_on.desc(), TrustSurvey.created_at.desc())
    ).all()
    latest_two: dict[str, list[TrustSurvey]] = {}
    for survey in surveys:
        pair = latest_two.setdefault(survey.team_id, [])
        if len(pair) < 2:
            pair.append(survey)
    counted = counts_of([survey.id for pair in latest_two.values() for survey in pair])
    summaries = {}
    for team_id, pair in latest_two.items():
        latest = pair[0]
        means = component_means(counted[latest.id].get(ResultGroup.everyone, {}))
        before = (
            component_means(counted[pair[1].id].get(ResultGroup.everyone, {}))
            if len(pair) > 1
            else {}
        )
        summaries[team_id] = {
            "survey_id": latest.id,
            "period": latest.period,
            "eligible_count": latest.eligible_count,
            "response_count": latest.response_count,
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
