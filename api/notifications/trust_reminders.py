"""Reminders for relational trust: a self-assessment opening, and commitments to follow up.

The trust domain says what is due (api/trust/service.py); this turns it into reminders with
dedupe keys. Dates are UTC days: a survey opens on a day wherever the school is.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from api.notifications.reminder import CATCH_UP_DAYS, Reminder
from api.trust import service as trust


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
