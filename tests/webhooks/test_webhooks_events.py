"""`survey.released` and `action.overdue`: sent once, signed, with no one's answers in them."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from standardwebhooks.webhooks import Webhook

from api.db import utcnow
from api.extensions import db
from api.notifications import reminders
from api.trust.models import TrustSurvey
from api.trust.questions import ITEM_KEYS
from api.webhooks import delivery
from api.webhooks.models import WebhookDelivery
from tests.cycles.helpers import add_action


def events(receiver, secret: str) -> list[dict]:
    return [Webhook(secret).verify(body, headers) for headers, body in receiver.requests]


def answer(client_for, person, survey, score=4):
    response = client_for(person).post(
        f"/api/v1/trust-surveys/{survey.id}/responses",
        json={"answers": dict.fromkeys(ITEM_KEYS, score)},
    )
    assert response.status_code == 201, response.get_json()


def open_survey(team, min_responses=3) -> TrustSurvey:
    today = utcnow().date()
    survey = TrustSurvey(
        team_id=team.id,
        period="Autumn",
        opens_on=today,
        closes_on=today + timedelta(days=7),
        min_responses=min_responses,
    )
    db.session.add(survey)
    db.session.commit()
    return survey


def test_survey_released_is_sent_once_when_a_round_closes_with_enough_answers(
    receiver, subscribe, client_for, school
):
    webhook = subscribe(receiver.url, ["survey.released"])
    survey = open_survey(school.team)
    people = [*school.students, school.teacher]
    for person in people:
        answer(client_for, person, survey)
    delivery.deliver_due()
    assert receiver.requests == [], "a webhook went out while the round was open"

    teacher = client_for(school.teacher)
    assert teacher.post(f"/api/v1/trust-surveys/{survey.id}/close").status_code == 200
    assert teacher.post(f"/api/v1/trust-surveys/{survey.id}/close").status_code == 200
    delivery.deliver_due()

    [event] = events(receiver, webhook["secret"])
    assert event["type"] == "survey.released"
    assert event["data"] == {
        "survey_id": survey.id,
        "team_id": school.team.id,
        "period": "Autumn",
        "eligible_count": 5,
        "response_count": 4,
    }


def test_a_round_closing_below_its_threshold_sends_nothing(receiver, subscribe, client_for, school):
    subscribe(receiver.url, ["survey.released"])
    survey = open_survey(school.team, min_responses=5)
    for person in school.students:
        answer(client_for, person, survey)
    assert (
        client_for(school.teacher).post(f"/api/v1/trust-surveys/{survey.id}/close").status_code
        == 200
    )
    delivery.deliver_due()
    assert receiver.requests == []


def test_action_overdue_is_sent_once_per_action_by_the_reminder_scan(
    receiver, subscribe, make_cycle, school
):
    webhook = subscribe(receiver.url, ["action.overdue"])
    cycle = make_cycle(school.team, state="action", facilitators=[school.student])
    late = add_action(cycle, owner=school.student)
    late.due_on = utcnow().date() - timedelta(days=1)
    upcoming = add_action(cycle, owner=school.student)
    upcoming.due_on = utcnow().date() + timedelta(days=1)
    db.session.commit()

    reminders.scan()
    reminders.scan()  # beat firing again makes no second event
    delivery.deliver_due()

    [event] = events(receiver, webhook["secret"])
    assert event["type"] == "action.overdue"
    assert event["data"]["action_id"] == late.id
    assert event["data"]["cycle_id"] == cycle.id
    assert event["data"]["owner_id"] == school.student.id
    assert event["data"]["due_on"] == late.due_on.isoformat()


def test_an_organization_without_subscribers_gets_no_deliveries(make_cycle, school):
    cycle = make_cycle(school.team, state="action")
    late = add_action(cycle, owner=school.student)
    late.due_on = utcnow().date() - timedelta(days=1)
    db.session.commit()

    reminders.scan()
    assert db.session.scalar(select(func.count()).select_from(WebhookDelivery)) == 0
