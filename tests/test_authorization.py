"""Walks every registered API route as an outsider and as a student and looks for leaks.

The routes come from the URL map, so a new route is covered the day it is added; a route with a
path parameter this file does not know fails the test until an id for it is added below.
"""

from __future__ import annotations

import datetime as dt
import re

import marshmallow as ma
import pytest
from sqlalchemy import select

from api.actions.models import Action
from api.analysis.models import AnalysisNote, NoteKind
from api.comments.models import Comment
from api.cycles.models import Cycle, CycleFacilitator
from api.evidence.models import Evidence, EvidenceKind
from api.extensions import db
from api.organizations.models import OrgMembership
from api.puzzles.models import Puzzle
from api.teams.models import CoachAssignment, Membership

#: Writes a student may make (to their own things); every other write must be refused.
STUDENT_MAY_WRITE = {
    "auth.sign_in",
    "auth.sign_out",
    "auth.sign_out_everywhere",
    "auth.change_password",
    "auth.update_me",
    "auth.confirm_identity_change",
    "auth.request_password_reset",
    "auth.complete_password_reset",
    "auth.create_token",
    "auth.revoke_token",
    # Your own calendar feed's address.
    "calendar_feeds.reset_feed",
    "calendar_feeds.turn_off_feed",
    # The OAuth endpoints answer machines only: 401 without client credentials, for anyone.
    "integrations.issue_token",
    "integrations.revoke_access_token",
    # Everyone manages their own notifications and email settings.
    "notifications.mark_read",
    "notifications.mark_all_read",
    "notifications.update_preferences",
    # Members write and edit the team's puzzles (archiving is for teachers, checked in its test).
    "puzzles.create_puzzle",
    "puzzles.update_puzzle",
    # Students add analysis notes, plan (and own) actions, reflect and comment.
    "analysis.add_note",
    "actions.add_action",
    "reflections.save_reflection",
    "reflections.delete_reflection",  # whoever may rewrite the reflection may take it back
    "comments.add_comment",
    # Every member answers trust surveys, sets targets, writes session notes and commitments.
    "trust.submit_response",
    "trust.create_target",
    "trust.update_target",
    "trust.add_note",
    "trust.make_commitment",
    "trust.update_commitment",
    # Members (students too) add evidence; editing it is for whoever added it and teachers.
    "evidence.add_evidence",
    # A student writes their own get-to-know-me card, and the team's respect agreement with
    # its teachers (tests/relationships checks who reads what).
    "relationships.save_my_student_card",
    "agreements.save_agreement",
    "agreements.endorse",
    "agreements.withdraw",
    # Students answer the class pulses opened for them (tests/pulse checks the rest).
    "pulse.answer",
}


def path_ids(school) -> dict[str, str]:
    """An id of the school's own things for every path parameter the API uses."""
    membership = (
        db.session.query(Membership)
        .filter_by(team_id=school.team.id, user_id=school.teacher2.id)
        .one()
    )
    coach = db.session.query(CoachAssignment).filter_by(team_id=school.team.id).one()
    puzzle = Puzzle(team_id=school.team.id, question="How might we listen better?")
    db.session.add(puzzle)
    db.session.flush()
    cycle = Cycle(
        puzzle_id=puzzle.id,
        team_id=school.team.id,
        number=1,
        state="evidence",
        facilitators=[CycleFacilitator(user_id=school.teacher.id)],
    )
    db.session.add(cycle)
    db.session.flush()
    # Written by others than the student, so the student's edits must be refused.
    note = AnalysisNote(
        cycle_id=cycle.id, kind=NoteKind.pattern, body="A pattern.", author_id=school.teacher.id
    )
    action = Action(
        cycle_id=cycle.id,
        team_id=school.team.id,
        title="Try exit tickets",
        owner_id=school.teacher2.id,
        created_by_id=school.teacher.id,
    )
    comment = Comment(cycle_id=cycle.id, body="Nice start.", author_id=school.coach.id)
    evidence = Evidence(
        cycle_id=cycle.id,
        team_id=school.team.id,
        kind=EvidenceKind.observation,
        title="Walkthrough",
        text="Most students named one strategy.",
        added_by_id=school.teacher.id,
    )
    db.session.add_all([note, action, comment, evidence])
    db.session.commit()
    return {
        "note_id": note.id,
        "action_id": action.id,
        "comment_id": comment.id,
        "evidence_id": evidence.id,
        "puzzle_id": puzzle.id,
        "cycle_id": cycle.id,
        "name": "eaa",  # a workflow
        "organization_id": school.org.id,
        "team_id": school.team.id,
        "user_id": school.teacher2.id,
        "membership_id": membership.id,
        "assignment_id": coach.id,
        "token_id": "0" * 24,
        "notification_id": "0" * 24,
        **trust_ids(school),
        **integration_ids(school),
        **roster_ids(school),
        **calendar_ids(school),
        **relationship_ids(school),
    }


def calendar_ids(school) -> dict[str, str]:
    """A term and a holiday of the school's own, under one id (both routes use <entry_id>)."""
    from api.calendar.models import NonSchoolDay, Term

    day = dt.date(2026, 12, 21)
    term = Term(organization_id=school.org.id, name="Autumn", starts_on=day, ends_on=day)
    db.session.add(term)
    db.session.flush()
    db.session.add(
        NonSchoolDay(
            id=term.id, organization_id=school.org.id, name="Break", starts_on=day, ends_on=day
        )
    )
    db.session.commit()
    return {"entry_id": term.id, "secret": "not-a-feed-secret"}


def relationship_ids(school) -> dict[str, str]:
    """The teacher's relationship with the student: a note, a Two-by-Ten, a repair, a tally."""
    from tests.relationships.helpers import private_records

    return private_records(school)


def roster_ids(school) -> dict[str, str]:
    """An integration client of the school's organization, and LMS ids in its roster."""
    from api.integrations.models import IntegrationClient

    client = IntegrationClient(
        organization_id=school.org.id,
        name="Canvas",
        client_id="eaa-client-school",
        secret_hash="0" * 64,
        scopes=["roster:write"],
    )
    db.session.add(client)
    db.session.commit()
    return {
        "client_id": client.client_id,
        "source": "canvas",
        "external_id": "u-1",
        "team_external_id": "sec-1",
        "user_external_id": "u-1",
    }


def integration_ids(school) -> dict[str, str]:
    """A webhook with one delivery, and an LTI platform, of the school's organization."""
    from api.lti.models import LtiPlatform
    from api.webhooks.models import WebhookDelivery, WebhookSubscription

    webhook = WebhookSubscription(
        organization_id=school.org.id,
        url="https://hooks.example/x",
        event_types=["ping"],
        secret="whsec_c2VjcmV0",
    )
    platform = LtiPlatform(
        organization_id=school.org.id,
        name="Canvas",
        issuer="https://canvas.example",
        client_id="1",
        deployment_ids=["1"],
        auth_login_url="https://canvas.example/auth",
        jwks_url="https://canvas.example/jwks",
    )
    db.session.add_all([webhook, platform])
    db.session.flush()
    delivery = WebhookDelivery(
        subscription_id=webhook.id,
        event_id="msg_1",
        event_type="ping",
        payload={"type": "ping"},
        status="delivered",
    )
    db.session.add(delivery)
    db.session.commit()
    return {
        "webhook_id": webhook.id,
        "delivery_id": delivery.id,
        "platform_id": platform.id,
        "context_id": "course-1",
    }


def trust_ids(school) -> dict[str, str]:
    """A survey, target, session, note and commitment of the school's team, none the student's."""
    from api.trust.models import (
        Commitment,
        ReflectionSession,
        SessionNote,
        TrustSurvey,
        TrustTarget,
    )

    today = dt.date.today()
    survey = TrustSurvey(team_id=school.team.id, period="Autumn", opens_on=today, closes_on=today)
    target = TrustTarget(
        team_id=school.team.id, component="respect", description="How we disagree", review_on=today
    )
    session = ReflectionSession(
        team_id=school.team.id,
        title="After cycle 1",
        step="commitment",
        facilitator_id=school.teacher.id,
    )
    db.session.add_all([survey, target, session])
    db.session.flush()
    note = SessionNote(
        session_id=session.id, kind="strength", body="We show up", author_id=school.teacher.id
    )
    commitment = Commitment(
        session_id=session.id,
        team_id=school.team.id,
        user_id=school.teacher.id,
        body="Listen",
        follow_up_on=today,
    )
    db.session.add_all([note, commitment])
    db.session.commit()
    return {
        "survey_id": survey.id,
        "target_id": target.id,
        "session_id": session.id,
        "session_note_id": note.id,
        "commitment_id": commitment.id,
    }


def sample_value(name: str, field: ma.fields.Field, school):
    by_name = {
        "user_id": school.teacher2.id,
        "email": "new.person@school.example",
        "username": "new.person",
        "password": "a long password",
        "time_zone": "UTC",
        "scopes": ["read"],
        "login": "sam",
        "transition": "start_analysis",
        "closed_cycle_retention_days": 365,
    }
    if name in by_name:
        return by_name[name]
    if isinstance(field, ma.fields.Enum):
        return list(field.enum)[0].value
    if isinstance(field, ma.fields.Boolean):
        return False
    if isinstance(field, ma.fields.Integer):
        return 1
    if isinstance(field, ma.fields.Time):
        return "08:15"
    if isinstance(field, ma.fields.Date):
        return dt.date.today().isoformat()
    if isinstance(field, ma.fields.DateTime):
        return dt.datetime.now(dt.UTC).isoformat()
    if isinstance(field, ma.fields.Dict):
        return {}
    if isinstance(field, ma.fields.Nested):
        return {key: sample_value(key, inner, school) for key, inner in field.schema.fields.items()}
    if isinstance(field, ma.fields.List):
        return [sample_value(name, field.inner, school)]
    return "Sample text"


def sample_body(view, school) -> dict:
    """A body that passes the route's schema, so the request reaches its authorization check."""
    body: dict = {}
    for parameters in getattr(view, "_apidoc", {}).get("arguments", {}).get("parameters", []):
        if parameters.get("location", "json") != "json":
            continue
        schema = parameters["schema"]
        schema = schema() if isinstance(schema, type) else schema
        for name, field in schema.fields.items():
            if not field.dump_only:
                body[field.data_key or name] = sample_value(name, field, school)
    return body


def api_routes(app):
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1"):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def fill(rule, ids: dict[str, str]) -> str:
    missing = set(rule.arguments) - set(ids)
    assert not missing, f"add an id for {sorted(missing)} ({rule.rule}) to path_ids()"
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: ids[m.group(1)], rule.rule)


def secrets_of(school) -> list[str]:
    """Strings that must never reach someone outside the school."""
    return [
        school.team.id,
        school.org.id,
        "Grade 7 Science",
        "Maple Grove",
        "Taylor Teacher",
        "Sam Student",
        school.teacher.email,
    ]


def test_outsider_reaches_nothing_of_another_school(app, client_for, school):
    outsider = client_for(school.outsider)
    ids = path_ids(school)
    checked = 0
    for rule, method in api_routes(app):
        view = app.view_functions[rule.endpoint]
        if rule.endpoint in ("auth.sign_in", "auth.sign_out", "auth.sign_out_everywhere"):
            continue
        response = outsider.request(
            method, fill(rule, ids), json=sample_body(view, school) if method != "GET" else None
        )
        where = f"{method} {rule.rule}"
        assert response.status_code < 500, where
        text = response.get_data(as_text=True)
        for secret in secrets_of(school):
            assert secret not in text, f"{where} leaked {secret!r}"
        # Workflow definitions (by name) are the same for every school.
        if rule.arguments - {"token_id", "notification_id", "name"}:
            assert response.status_code == 404, f"{where} gave {response.status_code}"
        checked += 1
    assert checked >= 20


def test_student_cannot_change_what_only_teachers_and_admins_manage(app, client_for, school):
    ids = path_ids(school)
    for rule, method in api_routes(app):
        if method == "GET" or rule.endpoint in STUDENT_MAY_WRITE:
            continue
        student = client_for(school.student)
        view = app.view_functions[rule.endpoint]
        response = student.request(method, fill(rule, ids), json=sample_body(view, school))
        assert response.status_code in (403, 404), (
            f"{method} {rule.rule} gave a student {response.status_code}"
        )


@pytest.mark.parametrize("who", ["student", "teacher", "coach"])
def test_every_read_a_team_member_may_make_answers_without_server_errors(
    app, client_for, school, who
):
    client = client_for(getattr(school, who))
    ids = path_ids(school)
    for rule, method in api_routes(app):
        if method != "GET":
            continue
        response = client.get(fill(rule, ids))
        assert response.status_code < 500, f"GET {rule.rule}"
        assert response.status_code in (200, 403, 404), f"GET {rule.rule}"


def test_anonymous_callers_get_401_everywhere_but_the_public_doors(app, anonymous, school):
    public = {"health.health", "auth.get_csrf", "auth.sign_in", "auth.sign_out"}
    public |= {"auth.get_session"}  # says whether one is signed in, 200 either way
    public |= {"auth.request_password_reset", "auth.complete_password_reset"}
    public |= {"auth.get_session", "auth.confirm_identity_change"}
    # Calendar apps fetch a feed without signing in: its secret address is the key (404 else).
    public |= {"calendar_feeds.calendar_feed"}
    # OAuth endpoints refuse with 401 too, in RFC 6749's JSON (tests/integrations checks it).
    public |= {"integrations.issue_token", "integrations.revoke_access_token"}
    ids = path_ids(school)
    for rule, method in api_routes(app):
        if rule.endpoint in public:
            continue
        response = anonymous.request(method, fill(rule, ids), json={})
        assert response.status_code == 401, f"{method} {rule.rule}"
        assert response.mimetype == "application/problem+json"


# ---- Across organizations: an admin and a client of another school, a person in two -----------


def test_an_admin_of_another_school_reaches_nothing_of_this_one(app, client_for, school):
    # school.outsider is the other school's admin: everything of this school is 404 to them.
    assert db.session.get(
        OrgMembership, _membership_id(school.outsider, school.outsider_org)
    ).is_admin
    test_outsider_reaches_nothing_of_another_school(app, client_for, school)


def test_a_client_of_another_school_reaches_nothing_of_this_one(app, client_for, school):
    from api.actor import CLIENT_SCOPES
    from tests.integrations.client_helpers import make_client, token_for
    from tests.support.client import ApiClient

    credentials = make_client(
        client_for(school.outsider), school.outsider_org.id, scopes=CLIENT_SCOPES
    )
    machine = ApiClient(app, token=token_for(app, credentials))
    ids = path_ids(school)
    for rule, method in api_routes(app):
        if not (rule.arguments - {"token_id", "notification_id", "name", "client_id"}):
            continue
        view = app.view_functions[rule.endpoint]
        response = machine.request(
            method, fill(rule, ids), json=sample_body(view, school) if method != "GET" else None
        )
        where = f"{method} {rule.rule}"
        assert response.status_code < 500, where
        assert response.status_code in (403, 404), f"{where} gave {response.status_code}"
        text = response.get_data(as_text=True)
        for secret in secrets_of(school):
            assert secret not in text, f"{where} leaked {secret!r}"


def test_being_an_admin_of_a_second_school_gives_no_rights_in_the_first(app, client_for, school):
    """A teacher of this school who is the other school's admin: every organization-level
    change of this school they may make, a plain teacher here may make too."""
    dual = school.teacher2
    db.session.add(
        OrgMembership(organization_id=school.outsider_org.id, user_id=dual.id, is_admin=True)
    )
    db.session.commit()
    plain = client_for(school.teacher)
    two_schools = client_for(dual)
    ids = path_ids(school) | {"user_id": school.student.id}
    compared = 0
    for rule, method in api_routes(app):
        if method == "GET" or "organization_id" not in rule.arguments:
            continue
        view = app.view_functions[rule.endpoint]
        body = sample_body(view, school)
        as_plain = plain.request(method, fill(rule, ids), json=body).status_code
        if as_plain not in (403, 404):
            continue
        as_dual = two_schools.request(method, fill(rule, ids), json=body).status_code
        assert as_dual in (403, 404), (
            f"{method} {rule.rule} gave the other school's admin {as_dual}"
        )
        compared += 1
    assert compared >= 10
    # Nor can they change this school's people's identity from their own school.
    response = two_schools.patch(
        f"/api/v1/organizations/{school.outsider_org.id}/people/{school.student.id}",
        json={"display_name": "Renamed"},
    )
    assert response.status_code == 404


def _membership_id(user, organization) -> str:
    return db.session.scalar(
        select(OrgMembership.id).where(
            OrgMembership.user_id == user.id, OrgMembership.organization_id == organization.id
        )
    )
