"""Reminders for teacher–student relationships: today's Two-by-Ten, a repair's follow-up, and
a respect agreement's review each term.

They go to the teacher alone and never name the student: the title and body may travel by
email, and a notification outlives the private records it points at.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from api.agreements.service import agreements_due_for_review
from api.notifications.reminder import Reminder
from api.relationships.repairs import repairs_to_follow_up
from api.relationships.two_by_ten import plans_to_remind


def two_by_ten_reminders(now: datetime) -> Iterator[Reminder]:
    for plan, day in plans_to_remind(now):
        yield Reminder(
            kind="two_by_ten.today",
            user_id=plan.relation.teacher_id,
            organization_id=plan.relation.team.organization_id,
            dedupe_key=f"two_by_ten.today:{plan.id}:{day.isoformat()}",
            title="Two minutes today: your Two-by-Ten",
            body="Talk for two minutes about anything they like, then tap done.",
            link=f"/two-by-tens/{plan.id}",
            subject_type="two_by_ten",
            subject_id=plan.id,
        )


def repair_follow_up_reminders(now: datetime) -> Iterator[Reminder]:
    for repair, teacher_id, organization_id in repairs_to_follow_up(now):
        yield Reminder(
            kind="repair.follow_up",
            user_id=teacher_id,
            organization_id=organization_id,
            dedupe_key=f"repair.follow_up:{repair.id}:{repair.follow_up_on.isoformat()}",
            title="Time to follow up on a repair",
            body="Check in with the student, then mark the repair done when it is.",
            link=f"/repairs/{repair.id}",
            subject_type="repair",
            subject_id=repair.id,
        )


def agreement_review_reminders(now: datetime) -> Iterator[Reminder]:
    for agreement, organization_id, teachers in agreements_due_for_review(now.date()):
        for teacher_id in teachers:
            yield Reminder(
                kind="agreement.review",
                user_id=teacher_id,
                organization_id=organization_id,
                dedupe_key=(
                    f"agreement.review:{agreement.id}:{teacher_id}:{agreement.review_on.isoformat()}"
                ),
                title="Time to look at your respect agreement again",
                body="Read it with your class this term: keep it, change it, agree again.",
                link=f"/teams/{agreement.team_id}/respect-agreement",
                subject_type="respect_agreement",
                subject_id=agreement.id,
            )
