"""Spec fuzzing: schemathesis walks every operation of the OpenAPI document the app serves now.

Signed in (a personal access token) as a teacher, a student, a coach and an org admin of a
seeded school, it sends generated requests — valid and invalid — to the app in-process. Path
parameters are mostly real ids of that school, so most calls get past 404. Every response must
be no 5xx and as documented: a documented status code (the `default` response, kept in the
document for unexpected 5xx, is dropped here so it cannot hide an undocumented 4xx), content
type and body schema. Every example runs in a savepoint rolled back after it, so a DELETE does
not starve the examples after it.

Bounded for CI (about 100 s of CPU a database): few examples an operation, derandomized so every
run sends the same requests, no shrinking. A failure prints a curl command that replays it.
"""

from __future__ import annotations

import copy
import io
import re
from collections import Counter
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.actor import Actor
from api.auth.service import create_token
from api.extensions import db, rest_api
from api.notifications.models import Notification
from api.roster.models import TeamExternalId
from api.storage import LocalStorage
from api.webhooks import addresses
from tests.cycles.helpers import move
from tests.evidence.helpers import png_bytes
from tests.lti.test_lti_platforms import registration
from tests.support.client import ApiClient

ROLES = ("teacher", "student", "coach", "admin")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
#: generated examples per operation and role: valid requests, then invalid ones
POSITIVE_EXAMPLES = 4
NEGATIVE_EXAMPLES = 2


def _created(response) -> dict:
    assert response.status_code in (200, 201, 202), (response.status_code, response.get_json())
    return response.get_json()


@pytest.fixture()
def world(app, database, school, monkeypatch, tmp_path):
    """One seeded school: a cycle with everything in it, trust work, integrations.

    Returns the ids that path parameters may take, by parameter name.
    """
    # Webhook and LTI URLs are checked by resolving their host: never reach the network here.
    monkeypatch.setattr(addresses, "resolve", lambda host, port: ["93.184.215.14"])
    previous_store = app.extensions.get("storage")
    app.extensions["storage"] = LocalStorage(tmp_path / "files")

    teacher = ApiClient(app).sign_in(school.teacher.login)
    admin = ApiClient(app).sign_in(school.admin.login)
    coach = ApiClient(app).sign_in(school.coach.login)
    student = school.student
    team_id, org_id = school.team.id, school.org.id

    puzzle = _created(
        teacher.post(
            f"/api/v1/teams/{team_id}/puzzles",
            json={"question": "How might we help students act on feedback?"},
        )
    )
    cycle = _created(
        teacher.post(
            f"/api/v1/puzzles/{puzzle['id']}/cycles",
            json={"title": "Cycle one", "facilitator_ids": [school.teacher.id, student.id]},
        )
    )
    cycle_url = f"/api/v1/cycles/{cycle['id']}"
    _created(move(teacher, cycle["id"], "start_evidence"))
    evidence = _created(
        teacher.post(
            f"{cycle_url}/evidence",
            json={
                "kind": "exit_ticket",
                "title": "Exit tickets",
                "text": "Most named one strategy.",
            },
        )
    )
    photo = _created(
        teacher.post(
            f"{cycle_url}/evidence",
            data={"file": (io.BytesIO(png_bytes()), "board.png"), "title": "Whiteboard"},
        )
    )
    _created(move(teacher, cycle["id"], "start_analysis"))
    note = _created(
        teacher.post(
            f"{cycle_url}/notes",
            json={
                "kind": "pattern",
                "body": "Students copy the model.",
                "evidence_ids": [evidence["id"]],
            },
        )
    )
    _created(move(teacher, cycle["id"], "plan_action"))
    action = _created(
        teacher.post(
            f"{cycle_url}/actions",
            json={
                "title": "Try exit tickets",
                "owner_id": student.id,
                "due_on": (date.today() + timedelta(days=7)).isoformat(),
            },
        )
    )
    _created(move(teacher, cycle["id"], "reflect"))
    comment = _created(coach.post(f"{cycle_url}/comments", json={"body": "Nice evidence."}))
    _created(
        teacher.put(
            f"{cycle_url}/reflection",
            json={"what_happened": "Reflections got longer.", "decision": "next_cycle"},
        )
    )

    team_url = f"/api/v1/teams/{team_id}"
    members = teacher.get(f"{team_url}/members?page_size=100").get_json()
    membership = next(m for m in members if m["user"]["id"] == school.students[-1].id)
    coaches = admin.get(f"{team_url}/coaches").get_json()
    survey = _created(
        teacher.post(
            f"{team_url}/trust-surveys",
            json={"period": "Autumn", "closes_on": (date.today() + timedelta(days=14)).isoformat()},
        )
    )
    target = _created(
        teacher.post(
            f"{team_url}/trust-targets",
            json={
                "component": "respect",
                "description": "How we handle disagreements",
                "review_on": (date.today() + timedelta(days=90)).isoformat(),
            },
        )
    )
    session = _created(teacher.post(f"{team_url}/trust-sessions", json={"title": "After cycle 1"}))
    session_url = f"/api/v1/trust-sessions/{session['id']}"
    _created(teacher.put(f"{session_url}/step", json={"step": "individual"}))
    session_note = _created(
        teacher.post(
            f"{session_url}/notes", json={"kind": "strength", "body": "We listen to each other."}
        )
    )
    _created(teacher.put(f"{session_url}/step", json={"step": "commitment"}))
    commitment = _created(
        teacher.post(
            f"{session_url}/commitments",
            json={
                "body": "Ask before assuming.",
                "follow_up_on": (date.today() + timedelta(days=30)).isoformat(),
            },
        )
    )

    org_url = f"/api/v1/organizations/{org_id}"
    webhook = _created(
        admin.post(
            f"{org_url}/webhooks",
            json={"url": "https://hooks.lms.example/eaa", "event_types": ["ping"]},
        )
    )
    _created(admin.post(f"{org_url}/webhooks/{webhook['id']}/ping"))
    deliveries = admin.get(f"{org_url}/webhooks/{webhook['id']}/deliveries").get_json()
    client = _created(
        admin.post(f"{org_url}/clients", json={"name": "Canvas", "scopes": ["roster:write"]})
    )
    platform = _created(
        admin.post(
            f"{org_url}/lti/platforms",
            json=registration(),
        )
    )
    db.session.add(
        TeamExternalId(
            team_id=team_id, organization_id=org_id, source="canvas", external_id="course-7"
        )
    )

    people = {
        "teacher": school.teacher,
        "student": student,
        "coach": school.coach,
        "admin": school.admin,
    }
    tokens, notifications = {}, {}
    for role, person in people.items():
        token, secret = create_token(
            Actor(user=person), name="fuzz", scopes=["read", "write"], days=1
        )
        tokens[role] = (token.id, secret)
        notification = Notification(
            user_id=person.id,
            organization_id=org_id,
            kind="comment",
            dedupe_key=f"fuzz-{person.id}",
            title="A new comment",
        )
        db.session.add(notification)
        db.session.flush()
        notifications[role] = notification.id
    db.session.commit()

    ids = {
        "organization_id": org_id,
        "team_id": team_id,
        "puzzle_id": puzzle["id"],
        "cycle_id": cycle["id"],
        "evidence_id": [evidence["id"], photo["id"]],
        "note_id": note["id"],
        "action_id": action["id"],
        "comment_id": comment["id"],
        "membership_id": membership["id"],
        "assignment_id": coaches[0]["id"],
        "user_id": student.id,
        "survey_id": survey["id"],
        "target_id": target["id"],
        "session_id": session["id"],
        "session_note_id": session_note["id"],
        "commitment_id": commitment["id"],
        "webhook_id": webhook["id"],
        "delivery_id": deliveries[0]["id"],
        "client_id": client["client_id"],
        "platform_id": platform["id"],
        "source": "canvas",
        "external_id": "course-7",
        "team_external_id": "course-7",
        "user_external_id": "u-1",
    }
    db.session.remove()

    class World:
        pass

    World.ids, World.tokens, World.notifications = ids, tokens, notifications
    yield World
    if previous_store is None:
        app.extensions.pop("storage", None)
    else:
        app.extensions["storage"] = previous_store


@pytest.fixture(params=ROLES)
def role(request):
    return request.param


@pytest.fixture()
def fuzz_schema(app):
    """The document the app serves now, without `default` responses (see the module's doc)."""
    with app.app_context():
        document = copy.deepcopy(rest_api.spec.to_dict())
    for operations in document["paths"].values():
        for name, operation in operations.items():
            if name != "parameters":
                operation["responses"].pop("default", None)
    config = schemathesis.Config.from_dict({})  # not a schemathesis.toml found lying around
    schema = schemathesis.openapi.from_dict(document, config=config)
    schema.app = app
    return schema


@contextmanager
def rolled_back():
    """Whatever one request writes is undone before the next example."""
    db.session.remove()
    savepoint = db.session.get_bind().begin_nested()
    try:
        yield
    finally:
        db.session.remove()
        savepoint.rollback()


def fuzz(
    operation, mode: GenerationMode, ids: dict, token: str, max_examples: int, statuses: Counter
):
    names = [name for name in _path_parameter_names(operation) if name in ids]

    @settings(
        max_examples=max_examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(
        case=operation.as_strategy(generation_mode=mode),
        # Three in four examples use a real id of the school; the rest keep the generated one.
        picks=st.lists(st.integers(0, 3), min_size=len(names), max_size=len(names)),
    )
    def run(case, picks):
        for name, pick in zip(names, picks, strict=True):
            if pick < 3:
                choices = ids[name] if isinstance(ids[name], list) else [ids[name]]
                case.path_parameters[name] = choices[pick % len(choices)]
        with rolled_back():
            response = case.call(headers={"Authorization": f"Bearer {token}"})
        statuses[404 if response.status_code == 404 else response.status_code // 100 * 100] += 1
        case.validate_response(response, checks=CHECKS)

    try:
        run()
    except Unsatisfiable:
        # Nothing to make invalid (no parameters, no body): negative mode has no example.
        if mode is not GenerationMode.NEGATIVE:
            raise


def _path_parameter_names(operation) -> list[str]:
    return sorted(re.findall(r"{([^}]+)}", operation.path))


def test_every_operation_answers_as_documented(fuzz_schema, world, role, subtests):
    ids = {
        **world.ids,
        "token_id": world.tokens[role][0],
        "notification_id": world.notifications[role],
    }
    token = world.tokens[role][1]
    operations = [result.ok() for result in fuzz_schema.get_all_operations()]
    assert len(operations) > 100, "the document lost its operations"
    statuses: Counter = Counter()
    for operation in operations:
        for mode, examples in (
            (GenerationMode.POSITIVE, POSITIVE_EXAMPLES),
            (GenerationMode.NEGATIVE, NEGATIVE_EXAMPLES),
        ):
            with subtests.test(msg=f"{role} {mode.value} {operation.label}"):
                fuzz(operation, mode, ids, token, examples, statuses)
    # The seeded ids must keep working: most calls get past 404, a good share all the way.
    total = sum(statuses.values())
    assert statuses[404] < total * 0.4, f"{role}: too many 404s {sorted(statuses.items())}"
    assert statuses[200] > total * 0.15, f"{role}: too few successes {sorted(statuses.items())}"
