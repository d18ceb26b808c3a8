"""The events an LMS needs beside transitions: action created and completed, cycle closed,
person deactivated — each sent signed and shaped as its schema in the OpenAPI document says."""

from __future__ import annotations

import json

from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource
from standardwebhooks.webhooks import Webhook

from api.extensions import rest_api
from api.webhooks import delivery
from api.webhooks.events import schema_name
from api.webhooks.models import EventType
from tests.cycles.helpers import add_reflection, move
from tests.integrations.client_helpers import machine_for

DOCUMENT = "urn:eaa:openapi"


def received(receiver, webhook) -> list[dict]:
    delivery.deliver_due()
    return [Webhook(webhook["secret"]).verify(body, headers) for headers, body in receiver.requests]


def assert_matches_its_schema(app, event: dict) -> None:
    """The body validates against `<Name>Event` of the served document, refs and all."""
    with app.app_context():
        document = json.loads(json.dumps(rest_api.spec.to_dict()))
    registry = Registry().with_resource(DOCUMENT, Resource.opaque(document))
    name = schema_name(EventType(event["type"]))
    schema = {"$ref": f"{DOCUMENT}#/components/schemas/{name}"}
    OAS30Validator(schema, registry=registry).validate(event)


def test_every_event_type_has_its_schema_in_the_document(app):
    with app.app_context():
        schemas = rest_api.spec.to_dict()["components"]["schemas"]
    assert {schema_name(event) for event in EventType} <= set(schemas)


def test_planning_and_finishing_an_action_send_created_then_completed(
    app, receiver, subscribe, client_for, school, make_cycle
):
    webhook = subscribe(receiver.url, ["action.created", "action.completed"])
    cycle = make_cycle(school.team, state="action", facilitators=[school.teacher])
    student = client_for(school.student)
    planned = student.post(
        f"/api/v1/cycles/{cycle.id}/actions",
        json={"title": "Try exit tickets", "owner_id": school.student.id, "due_on": "2030-01-10"},
    )
    assert planned.status_code == 201, planned.get_json()
    action_id = planned.get_json()["id"]
    for status in ("in_progress", "done"):
        changed = student.patch(f"/api/v1/actions/{action_id}", json={"status": status})
        assert changed.status_code == 200, changed.get_json()

    events = received(receiver, webhook)
    assert [event["type"] for event in events] == ["action.created", "action.completed"]
    created, completed = events
    assert created["data"]["action_id"] == action_id
    assert created["data"]["status"] == "planned"
    assert created["data"]["due_on"] == "2030-01-10"
    assert completed["data"]["status"] == "done"
    for event in events:
        assert_matches_its_schema(app, event)


def test_a_cycle_that_ends_sends_cycle_closed_with_its_end_state(
    app, receiver, subscribe, client_for, school, make_cycle
):
    webhook = subscribe(receiver.url, ["cycle.closed"])
    teacher = client_for(school.teacher)
    finished = make_cycle(school.team, state="reflection", facilitators=[school.teacher])
    add_reflection(finished)
    abandoned = make_cycle(school.team, state="evidence", facilitators=[school.teacher], number=2)
    assert move(teacher, finished.id, "close").status_code == 200
    assert move(teacher, abandoned.id, "abandon").status_code == 200

    events = received(receiver, webhook)
    assert [(e["data"]["cycle_id"], e["data"]["state"]) for e in events] == [
        (finished.id, "closed"),
        (abandoned.id, "abandoned"),
    ]
    for event in events:
        assert_matches_its_schema(app, event)


def test_a_moved_cycle_that_stays_open_sends_no_cycle_closed(
    receiver, subscribe, client_for, school, make_cycle
):
    webhook = subscribe(receiver.url, ["cycle.closed"])
    cycle = make_cycle(school.team, state="draft", facilitators=[school.teacher])
    assert move(client_for(school.teacher), cycle.id, "start_evidence").status_code == 200
    assert received(receiver, webhook) == []


def test_deactivating_a_leaver_sends_person_deactivated(
    app, receiver, subscribe, client_for, school
):
    admin = client_for(school.admin)
    webhook = subscribe(receiver.url, ["person.deactivated"])
    lms = machine_for(app, admin, school.org.id)
    url = f"/api/v1/organizations/{school.org.id}/roster/users/canvas/s-9"
    assert lms.put(url, json={"display_name": "Lee Leaver"}).status_code == 201
    assert lms.delete(url).status_code == 204
    assert lms.delete(url).status_code == 204  # already gone: no second event

    [event] = received(receiver, webhook)
    assert event["type"] == "person.deactivated"
    assert event["data"]["source"] == "canvas"
    assert event["data"]["external_id"] == "s-9"
    assert event["data"]["signs_in_elsewhere"] is False
    assert_matches_its_schema(app, event)
