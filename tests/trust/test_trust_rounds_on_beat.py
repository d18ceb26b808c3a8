"""Reassessing quarterly, for real: on a clock the test controls, beat opens a round, reminds,
nudges the people who have not answered once, closes and counts it on its date, and reminds
the teachers when a target's review day comes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from api.extensions import db
from api.notifications import reminders
from api.notifications.models import Notification
from api.trust.models import TrustCadence, TrustSurvey, TrustTarget
from api.trust.schedules import add_months, run_rounds
from tests.trust.trust_helpers import TODAY
from worker import tasks
from worker.schedule import BEAT_SCHEDULE


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


@pytest.fixture()
def clock(monkeypatch):
    """clock.set(moment): what the trust services take for now (the API's answers too)."""

    class Clock:
        now = at(TODAY)

        def set(self, moment: datetime) -> datetime:
            self.now = moment
            return moment

    controlled = Clock()
    monkeypatch.setattr("api.trust.surveys.utcnow", lambda: controlled.now)
    return controlled


def beat(now: datetime, clock=None) -> None:
    """What beat does at `now`: the trust round work, then the reminder scan."""
    if clock is not None:
        clock.set(now)
    run_rounds(now)
    reminders.scan(now)


def notifications(kind: str) -> list[tuple[str, str]]:
    return [
        tuple(row)
        for row in db.session.execute(
            select(Notification.user_id, Notification.subject_id)
            .where(Notification.kind == kind)
            .order_by(Notification.user_id)
        ).all()
    ]


def test_beat_runs_the_trust_rounds_every_quarter_hour():
    [entry] = [e for e in BEAT_SCHEDULE.values() if e["task"] == "worker.tasks.run_trust_rounds"]
    assert entry["schedule"] == 15 * 60.0
    assert tasks.run_trust_rounds.name == "worker.tasks.run_trust_rounds"


def test_a_quarterly_cadence_opens_reminds_nudges_once_and_closes_on_its_dates(
    client_for, school, answer, clock
):
    teacher = client_for(school.teacher)
    start = TODAY + timedelta(days=3)
    set_up = teacher.put(
        f"/api/v1/teams/{school.team.id}/trust-cadence",
        json={"active": True, "next_opens_on": start.isoformat(), "open_days": 7},
    )
    assert set_up.status_code == 200, set_up.get_json()
    assert set_up.get_json()["every_months"] == 3  # every quarter unless the team says

    beat(at(start - timedelta(days=1)), clock)
    assert db.session.scalar(select(TrustSurvey.id)) is None, "opened a day early"

    beat(at(start), clock)
    [survey] = db.session.scalars(select(TrustSurvey)).all()
    assert (survey.opens_on, survey.closes_on) == (start, start + timedelta(days=6))
    assert survey.opened_at is not None and survey.eligible_count == 5
    members = sorted([school.teacher.id, school.teacher2.id, *(s.id for s in school.students)])
    assert [user for user, _ in notifications("trust.survey_open")] == members
    cadence = db.session.get(TrustCadence, school.team.id)
    assert cadence.next_opens_on == add_months(start, 3)
    beat(at(start, 15), clock)  # beat firing again opens nothing and reminds no one twice
    assert len(db.session.scalars(select(TrustSurvey)).all()) == 1
    assert len(notifications("trust.survey_open")) == 5

    for person in school.students:
        assert answer(person, survey).status_code == 201
    beat(at(start + timedelta(days=1)), clock)
    assert notifications("trust.survey_results") == [], "told of results while still open"
    # Two days before it closes, one nudge to the two who have not answered; never again.
    for day in range(4, 7):
        beat(at(start + timedelta(days=day)), clock)
        beat(at(start + timedelta(days=day), 17), clock)
    assert [user for user, _ in notifications("trust.survey_last_chance")] == sorted(
        [school.teacher.id, school.teacher2.id]
    )
    db.session.refresh(survey)
    assert survey.closed_at is None

    beat(at(start + timedelta(days=7)), clock)
    db.session.refresh(survey)
    assert survey.closed_at is not None and survey.results_released is True
    assert survey.response_count == 3
    results = client_for(school.coach).get(f"/api/v1/trust-surveys/{survey.id}/results")
    assert results.get_json()["released"] is True
    # Everyone hears the results are ready — only now, once it has closed — and only once.
    assert [user for user, _ in notifications("trust.survey_results")] == members
    beat(at(start + timedelta(days=8)), clock)
    assert len(notifications("trust.survey_results")) == 5
    assert answer(school.teacher, survey).status_code == 409

    # A quarter later the next round opens by itself.
    beat(at(add_months(start, 3)), clock)
    periods = db.session.scalars(select(TrustSurvey.period).order_by(TrustSurvey.opens_on)).all()
    assert len(periods) == 2 and periods[0] != periods[1]


def test_a_round_scheduled_ahead_starts_on_its_first_day_and_closes_after_its_last(
    client_for, school
):
    teacher = client_for(school.teacher)
    opens_on = TODAY + timedelta(days=2)
    created = teacher.post(
        f"/api/v1/teams/{school.team.id}/trust-surveys",
        json={
            "period": "Later",
            "opens_on": opens_on.isoformat(),
            "closes_on": (opens_on + timedelta(days=1)).isoformat(),
        },
    )
    survey = db.session.get(TrustSurvey, created.get_json()["id"])
    assert survey.opened_at is None
    run_rounds(at(opens_on - timedelta(days=1)))
    db.session.refresh(survey)
    assert survey.opened_at is None
    run_rounds(at(opens_on))
    db.session.refresh(survey)
    assert survey.eligible_count == 5
    run_rounds(at(opens_on + timedelta(days=1), 23))
    db.session.refresh(survey)
    assert survey.closed_at is None
    assert run_rounds(at(opens_on + timedelta(days=2)))["closed"] == 1
    db.session.refresh(survey)
    assert survey.closed_at is not None and survey.results_released is False
    assert run_rounds(at(opens_on + timedelta(days=3)))["closed"] == 0


def test_target_review_reminders_go_to_the_teachers_on_the_review_day(school):
    target = TrustTarget(
        team_id=school.team.id,
        component="respect",
        description="How we handle disagreements",
        review_on=TODAY + timedelta(days=10),
    )
    db.session.add(target)
    db.session.commit()
    beat(at(TODAY + timedelta(days=9)))
    assert notifications("trust.target_review") == []
    beat(at(TODAY + timedelta(days=10)))
    beat(at(TODAY + timedelta(days=11)))
    assert notifications("trust.target_review") == sorted(
        [(school.teacher.id, target.id), (school.teacher2.id, target.id)]
    )
    # Moved to a new review date: reminded again on that day.
    target.review_on = TODAY + timedelta(days=40)
    db.session.commit()
    beat(at(TODAY + timedelta(days=40)))
    assert len(notifications("trust.target_review")) == 4


def test_the_cadence_is_set_by_teachers_with_sensible_values(client_for, school):
    url = f"/api/v1/teams/{school.team.id}/trust-cadence"
    assert client_for(school.student).get(url).get_json()["active"] is False
    assert client_for(school.student).put(url, json={"active": True}).status_code == 403
    assert client_for(school.coach).put(url, json={"active": True}).status_code == 403
    teacher = client_for(school.teacher)
    for bad in (
        {"every_months": 0},
        {"every_months": 13},
        {"open_days": 0},
        {"next_opens_on": (TODAY - timedelta(days=1)).isoformat()},
        {"often": True},
    ):
        refused = teacher.put(url, json=bad)
        assert refused.status_code == 422, bad
        assert refused.mimetype == "application/problem+json"
    assert db.session.get(TrustCadence, school.team.id) is None
    assert client_for(school.outsider).get(url).status_code == 404


def test_setting_a_cadence_with_no_changes_turns_it_on_with_the_defaults(client_for, school):
    url = f"/api/v1/teams/{school.team.id}/trust-cadence"
    answer = client_for(school.teacher).put(url, json={})
    assert answer.status_code == 200
    assert answer.get_json()["active"] is True
    assert db.session.get(TrustCadence, school.team.id).active is True
