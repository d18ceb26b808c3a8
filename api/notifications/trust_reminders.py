"""Reminders for relational trust: a round opening, the last-chance nudge before it closes,
commitments to follow up and targets to review.

The trust domain says what is due (api/trust/schedules.py); this turns it into reminders with
dedupe keys. Dates are UTC days: a survey opens on a day wherever the school is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

from api.notifications.reminder import CATCH_UP_DAYS, Reminder
from api.trust import schedules as trust

LAST_CHANCE_DAYS = 2


class _Round(Protocol):
    @property
    def survey_id(self) -> str: ...
    @property
    def organization_id(self) -> str: ...
    @property
    def user_ids(self) -> tuple[str, ...]: ...


Round = TypeVar("Round", bound=_Round)


def _reminder(
    kind: str,
    subject_type: str,
    subject_id: str,
    *news: str,
    user_id: str,
    organization_id: str,
    title: str,
    body: str,
    link: str,
) -> Reminder:
    """One reminder about one subject; its dedupe key is the kind, the subject and what makes
    it news again (the person, a date), so each lands once."""
    return Reminder(
        kind=kind,
        user_id=user_id,
        organization_id=organization_id,
        dedupe_key=":".join((kind, subject_id, *news)),
        title=title,
        body=body,
        link=link,
        subject_type=subject_type,
        subject_id=subject_id,
    )


def _to_everyone_asked(
    surveys: Iterable[Round],
    kind: str,
    *,
    title: Callable[[Round], str],
    body: Callable[[Round], str],
    page: str = "",
) -> Iterator[Reminder]:
    """One reminder per survey and person it asks (one per person and round, whatever the
    dates do afterwards)."""
    for survey in surveys:
        for user_id in survey.user_ids:
            yield _reminder(
                kind,
                "trust_survey",
                survey.survey_id,
                user_id,
                user_id=user_id,
                organization_id=survey.organization_id,
                title=title(survey),
                body=body(survey),
                link=f"/trust-surveys/{survey.survey_id}{page}",
            )


def survey_opening_reminders(now: datetime) -> Iterator[Reminder]:
    today = now.date()
    return _to_everyone_asked(
        trust.surveys_opening_between(today - timedelta(days=CATCH_UP_DAYS), today),
        "trust.survey_open",
        title=lambda survey: f"The trust self-assessment for {survey.period} is open",
        body=lambda survey: (
            f"It takes five minutes and stays anonymous. Open until {survey.closes_on:%A %-d %B}."
        ),
    )


def survey_last_chance_reminders(now: datetime) -> Iterator[Reminder]:
    """One nudge, in a round's last two days, to the eligible people who have not answered."""
    today = now.date()
    return _to_everyone_asked(
        trust.surveys_closing_between(today, today + timedelta(days=LAST_CHANCE_DAYS)),
        "trust.survey_last_chance",
        title=lambda survey: f"Last chance: the trust self-assessment for {survey.period}",
        body=lambda survey: (
            f"It closes on {survey.closes_on:%A %-d %B}. It takes five minutes and no "
            "one can see which answers are yours."
        ),
    )


def survey_results_reminders(now: datetime) -> Iterator[Reminder]:
    """A round closed with results: its team's members are told where to read them."""
    return _to_everyone_asked(
        trust.results_released_since(now - timedelta(days=CATCH_UP_DAYS)),
        "trust.survey_results",
        title=lambda survey: f"The trust results for {survey.period} are ready",
        body=lambda survey: (
            "See what to celebrate and where to grow, and talk them through together."
        ),
        page="/results",
    )


def commitment_reminders(now: datetime) -> Iterator[Reminder]:
    for commitment in trust.commitments_due_for_follow_up(now.date()):
        yield _reminder(
            "trust.commitment_follow_up",
            "trust_commitment",
            commitment.commitment_id,
            commitment.follow_up_on.isoformat(),
            user_id=commitment.user_id,
            organization_id=commitment.organization_id,
            title="How is your commitment going?",
            body=f"You committed to: {commitment.body[:300]}",
            link=f"/teams/{commitment.team_id}/trust/commitments",
        )


def target_review_reminders(now: datetime) -> Iterator[Reminder]:
    """A target's review day has come: its team's teachers lead the review."""
    for target in trust.targets_due_for_review(now.date()):
        for user_id in target.teacher_ids:
            yield _reminder(
                "trust.target_review",
                "trust_target",
                target.target_id,
                user_id,
                target.review_on.isoformat(),
                user_id=user_id,
                organization_id=target.organization_id,
                title="Time to review a trust target",
                body=f"Is the team's target still right? “{target.description[:300]}”",
                link=f"/teams/{target.team_id}/trust",
            )
