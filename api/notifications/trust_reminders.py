"""Reminders for relational trust: a round opening, the last-chance nudge before it closes,
commitments to follow up and targets to review.

The trust domain says what is due (api/trust/schedules.py); this turns it into reminders with
dedupe keys. Dates are UTC days: a survey opens on a day wherever the school is.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from api.notifications.reminder import CATCH_UP_DAYS, Reminder
from api.trust import schedules as trust

LAST_CHANCE_DAYS = 2


def survey_opening_reminders(now: datetime) -> Iterator[Reminder]:
    today = now.date()
    for survey in trust.surveys_opening_between(today - timedelta(days=CATCH_UP_DAYS), today):
        for user_id in survey.user_ids:
            yield Reminder(
                kind="trust.survey_open",
                user_id=user_id,
                organization_id=survey.organization_id,
                dedupe_key=f"trust.survey_open:{survey.survey_id}:{user_id}",
                title=f"The trust self-assessment for {survey.period} is open",
                body=(
                    f"It takes five minutes and stays anonymous. Open until "
                    f"{survey.closes_on:%A %-d %B}."
                ),
                link=f"/trust-surveys/{survey.survey_id}",
                subject_type="trust_survey",
                subject_id=survey.survey_id,
            )


def commitment_reminders(now: datetime) -> Iterator[Reminder]:
    for commitment in trust.commitments_due_for_follow_up(now.date()):
        yield Reminder(
            kind="trust.commitment_follow_up",
            user_id=commitment.user_id,
            organization_id=commitment.organization_id,
            dedupe_key=(
                f"trust.commitment_follow_up:{commitment.commitment_id}:"
                f"{commitment.follow_up_on.isoformat()}"
            ),
            title="How is your commitment going?",
            body=f"You committed to: {commitment.body[:300]}",
            link=f"/teams/{commitment.team_id}/trust/commitments",
            subject_type="trust_commitment",
            subject_id=commitment.commitment_id,
        )


def survey_last_chance_reminders(now: datetime) -> Iterator[Reminder]:
    """One nudge, in a round's last two days, to the eligible people who have not answered."""
    today = now.date()
    for survey in trust.surveys_closing_between(today, today + timedelta(days=LAST_CHANCE_DAYS)):
        for user_id in survey.user_ids:
            yield Reminder(
                kind="trust.survey_last_chance",
                user_id=user_id,
                organization_id=survey.organization_id,
                # One per person and round, whatever the dates do afterwards.
                dedupe_key=f"trust.survey_last_chance:{survey.survey_id}:{user_id}",
                title=f"Last chance: the trust self-assessment for {survey.period}",
                body=(
                    f"It closes on {survey.closes_on:%A %-d %B}. It takes five minutes and no "
                    "one can see which answers are yours."
                ),
                link=f"/trust-surveys/{survey.survey_id}",
                subject_type="trust_survey",
                subject_id=survey.survey_id,
            )


def target_review_reminders(now: datetime) -> Iterator[Reminder]:
    """A target's review day has come: its team's teachers lead the review."""
    for target in trust.targets_due_for_review(now.date()):
        for user_id in target.teacher_ids:
            yield Reminder(
                kind="trust.target_review",
                user_id=user_id,
                organization_id=target.organization_id,
                dedupe_key=(
                    f"trust.target_review:{target.target_id}:{user_id}:"
                    f"{target.review_on.isoformat()}"
                ),
                title="Time to review a trust target",
                body=f"Is the team's target still right? “{target.description[:300]}”",
                link=f"/teams/{target.team_id}/trust",
                subject_type="trust_target",
                subject_id=target.target_id,
            )


def survey_results_reminders(now: datetime) -> Iterator[Reminder]:
    """A round closed with results: its team's members are told where to read them."""
    for survey in trust.results_released_since(now - timedelta(days=CATCH_UP_DAYS)):
        for user_id in survey.user_ids:
            yield Reminder(
                kind="trust.survey_results",
                user_id=user_id,
                organization_id=survey.organization_id,
                dedupe_key=f"trust.survey_results:{survey.survey_id}:{user_id}",
                title=f"The trust results for {survey.period} are ready",
                body="See what to celebrate and where to grow, and talk them through together.",
                link=f"/trust-surveys/{survey.survey_id}/results",
                subject_type="trust_survey",
                subject_id=survey.survey_id,
            )
