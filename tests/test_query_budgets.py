"""Query budgets: every list and dashboard read costs a fixed number of SQL statements.

Each endpoint is read with a few items and again with many more (each by other people, so a
lazy load per row cannot hide in the session's identity map); the count must not grow with the
items (no N+1) and must stay within the budget written here. A new collection endpoint in the
OpenAPI document fails test_every_collection_endpoint_has_a_budget until it gets a row.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta

import pytest

from api.actor import Actor
from api.auth.service import create_token
from api.extensions import db, rest_api
from api.includes import PAGE_SIZE
from api.notifications.models import EmailStatus, FailedTask, Notification
from api.organizations.models import Organization, OrgMembership
from api.teams.models import CoachAssignment, Membership, Role
from api.webhooks import addresses
from tests.cycles.helpers import add_action, add_evidence
from tests.support.client import ApiClient
from tests.support.statements import counting_statements
from tests.trust.trust_helpers import scores

FEW, MANY = 3, 30
_serial = itertools.count(1)


class Seed:
    """The school, people signed in, and whatever the endpoints under test need, made lazily."""

    def __init__(self, app, school, make_user, make_team, make_cycle) -> None:
        self.app, self.school = app, school
        self.make_user, self.make_team, self.make_cycle = make_user, make_team, make_cycle
        self.team, self.org = school.team, school.org
        self.clients: dict[str, ApiClient] = {}
        self._cycles: dict[str, object] = {}
        self.people = [school.teacher, school.teacher2, *school.students]
        self.extra: dict[str, object] = {}

    def client(self, user) -> ApiClient:
        if user.id not in self.clients:
            self.clients[user.id] = ApiClient(self.app).sign_in(user.login)
        return self.clients[user.id]

    def person(self, i: int):
        """The i-th of the team's people: the same few for the first items, new ones later."""
        while i >= len(self.people):
            student = self.make_user(self.org, name=f"Student {next(_serial)}")
            db.session.add(Membership(team_id=self.team.id, user_id=student.id, role=Role.student))
            db.session.commit()
            self.people.append(student)
        return self.people[i]

    def cycle(self, state: str = "evidence"):
        if state not in self._cycles:
            cycle = self.make_cycle(
                self.team,
                state=state,
                facilitators=[self.school.teacher],
                number=len(self._cycles) + 1,
            )
            if state in ("analysis", "action", "reflection"):
                add_evidence(cycle)
            self._cycles[state] = cycle
        return self._cycles[state]

    def once(self, key: str, make: Callable[[], object]):
        if key not in self.extra:
            self.extra[key] = make()
        return self.extra[key]


def _ok(response):
    assert response.status_code in (200, 201, 202), (response.status_code, response.get_json())
    return response.get_json()


# ---- adders: add the i-th item of an endpoint's collection ----------------------------------


def add_team(seed: Seed, i: int):
    student = seed.person(i + 5)
    team = seed.make_team(
        seed.org, teachers=[seed.school.teacher], students=[student], coaches=[seed.school.coach]
    )
    seed.make_cycle(team, state="evidence", facilitators=[student])


def add_member(seed: Seed, i: int):
    seed.person(i + 5)


def add_coach(seed: Seed, i: int):
    coach = seed.make_user(seed.org, name=f"Coach {next(_serial)}")
    db.session.add(CoachAssignment(team_id=seed.team.id, user_id=coach.id))
    db.session.commit()


def add_puzzle(seed: Seed, i: int):
    _ok(
        seed.client(seed.person(i % 2)).post(
            f"/api/v1/teams/{seed.team.id}/puzzles", json={"question": f"How might we {i}?"}
        )
    )


def add_puzzle_cycle(seed: Seed, i: int):
    first = seed.cycle("evidence")
    seed.make_cycle(
        seed.team, state="closed", puzzle=first.puzzle, number=i + 2, facilitators=[seed.person(i)]
    )


def add_board_cycle(seed: Seed, i: int):
    seed.make_cycle(seed.team, state="evidence", facilitators=[seed.person(i)])


def add_history(seed: Seed, i: int):
    from tests.cycles.helpers import move

    cycle = seed.cycle("analysis")
    client = seed.client(seed.person(i % 2))
    _ok(move(client, cycle.id, "back_to_evidence" if i % 2 == 0 else "start_analysis"))


def add_evidence_item(seed: Seed, i: int):
    _ok(
        seed.client(seed.person(i)).post(
            f"/api/v1/cycles/{seed.cycle('evidence').id}/evidence",
            json={
                "kind": "exit_ticket",
                "title": f"Exit tickets {i}",
                "text": "One strategy.",
                "tags": [f"week-{i}", "exit"],
            },
        )
    )


def add_note(seed: Seed, i: int):
    cycle = seed.cycle("analysis")
    evidence = seed.once("note-evidence", lambda: [add_evidence(cycle, f"E{n}") for n in range(2)])
    _ok(
        seed.client(seed.person(i)).post(
            f"/api/v1/cycles/{cycle.id}/notes",
            json={
                "kind": "pattern",
                "body": f"Pattern {i}",
                "evidence_ids": [e.id for e in evidence],
            },
        )
    )


def add_cycle_action(seed: Seed, i: int):
    add_action(seed.cycle("action"), owner=seed.person(i), title=f"Try {i}")


def add_team_action(seed: Seed, i: int):
    cycle = seed.make_cycle(seed.team, state="action", facilitators=[seed.person(i)])
    add_action(cycle, owner=seed.person(i), title=f"Try {i}")


def add_comment(seed: Seed, i: int):
    _ok(
        seed.client(seed.person(i)).post(
            f"/api/v1/cycles/{seed.cycle('evidence').id}/comments", json={"body": f"Comment {i}"}
        )
    )


def add_activity(seed: Seed, i: int):
    add_evidence_item(seed, i)


def add_notification(seed: Seed, i: int):
    db.session.add(
        Notification(
            user_id=seed.school.teacher.id,
            organization_id=seed.org.id,
            kind="comment",
            dedupe_key=f"budget-{next(_serial)}",
            title=f"Comment {i}",
            subject_type="cycle",
            subject_id=seed.cycle("evidence").id,
        )
    )
    db.session.commit()


def add_delivery_problem(seed: Seed, i: int):
    db.session.add(
        Notification(
            user_id=seed.person(i).id,
            organization_id=seed.org.id,
            kind="comment",
            dedupe_key=f"budget-{next(_serial)}",
            title=f"Comment {i}",
            email_status=EmailStatus.failed,
            email_reason="mailbox full",
        )
    )
    db.session.commit()


def add_failed_task(seed: Seed, i: int):
    db.session.add(
        FailedTask(
            task="worker.tasks.send_email",
            organization_id=seed.org.id,
            arguments={"n": i},
            attempts=3,
            error="SMTP down",
        )
    )
    db.session.commit()


def add_token(seed: Seed, i: int):
    create_token(Actor(user=seed.school.teacher), name=f"Token {i}", scopes=["read"], days=30)


def add_organization(seed: Seed, i: int):
    organization = Organization(name=f"District {next(_serial)}", time_zone="UTC")
    db.session.add(organization)
    db.session.flush()
    db.session.add(
        OrgMembership(
            organization_id=organization.id, user_id=seed.school.teacher.id, is_admin=i % 2 == 0
        )
    )
    db.session.commit()


def add_client(seed: Seed, i: int):
    _ok(
        seed.client(seed.school.admin).post(
            f"/api/v1/organizations/{seed.org.id}/clients",
            json={"name": f"LMS {i}", "scopes": ["roster:write"]},
        )
    )


def add_platform(seed: Seed, i: int):
    host = f"https://lms{i}.school.example"
    _ok(
        seed.client(seed.school.admin).post(
            f"/api/v1/organizations/{seed.org.id}/lti/platforms",
            json={
                "name": f"Moodle {i}",
                "issuer": host,
                "client_id": f"c{i}",
                "deployment_ids": ["1"],
                "auth_login_url": f"{host}/auth",
                "auth_token_url": f"{host}/token",
                "jwks_url": f"{host}/certs",
            },
        )
    )


def add_course(seed: Seed, i: int):
    from api.lti.models import LtiContext, LtiPlatform

    def platform() -> str:
        row = LtiPlatform(
            organization_id=seed.org.id,
            name="Canvas",
            issuer="https://canvas.school.example",
            client_id="c-courses",
            deployment_ids=["1"],
            auth_login_url="https://canvas.school.example/auth",
            jwks_url="https://canvas.school.example/jwks",
        )
        db.session.add(row)
        db.session.commit()
        return row.id

    platform_id = seed.once("lti_platform", platform)
    db.session.add(
        LtiContext(
            platform_id=platform_id, context_id=f"course-{i}", team_id=seed.team.id, title=f"C{i}"
        )
    )
    db.session.commit()


def add_person(seed: Seed, i: int):
    _ok(
        seed.client(seed.school.admin).post(
            f"/api/v1/organizations/{seed.org.id}/people",
            json={"display_name": f"New Person {i}", "username": f"new{next(_serial)}"},
        )
    )


def add_calendar_entry(collection: str):
    def add(seed: Seed, i: int):
        _ok(
            seed.client(seed.school.admin).post(
                f"/api/v1/organizations/{seed.org.id}/{collection}",
                json={"name": f"Day {i}", "starts_on": "2026-12-01", "ends_on": "2026-12-02"},
            )
        )

    return add


def add_webhook(seed: Seed, i: int):
    _ok(
        seed.client(seed.school.admin).post(
            f"/api/v1/organizations/{seed.org.id}/webhooks",
            json={"url": f"https://hooks.lms.example/{i}", "event_types": ["ping"]},
        )
    )


def _webhook(seed: Seed) -> str:
    return seed.once(
        "webhook",
        lambda: _ok(
            seed.client(seed.school.admin).post(
                f"/api/v1/organizations/{seed.org.id}/webhooks",
                json={"url": "https://hooks.lms.example/eaa", "event_types": ["ping"]},
            )
        )["id"],
    )


def add_delivery(seed: Seed, i: int):
    _ok(
        seed.client(seed.school.admin).post(
            f"/api/v1/organizations/{seed.org.id}/webhooks/{_webhook(seed)}/ping"
        )
    )


def add_survey(seed: Seed, i: int):
    _ok(
        seed.client(seed.school.teacher).post(
            f"/api/v1/teams/{seed.team.id}/trust-surveys",
            json={
                "period": f"Round {i}",
                "closes_on": (date.today() + timedelta(days=14)).isoformat(),
            },
        )
    )


def add_answered_survey(seed: Seed, i: int):
    from api.trust.closing import close_round
    from api.trust.models import TrustSurvey

    for n in range(3):
        seed.person(n)  # members before the round opens, so they may answer it
    survey = TrustSurvey(
        team_id=seed.team.id,
        period=f"Round {i}",
        opens_on=date.today() - timedelta(days=200 - i),
        closes_on=date.today() - timedelta(days=190 - i),
        min_responses=3,
    )
    db.session.add(survey)
    db.session.commit()
    _answer(seed, survey.id, range(3))
    close_round(survey.id)
    db.session.commit()


def _answer(seed: Seed, survey_id: str, people):
    from api.trust.models import TrustSurvey

    survey = db.session.get(TrustSurvey, survey_id)
    closes_on = survey.closes_on
    survey.closes_on = date.today() + timedelta(days=1)  # open while the answers come in
    db.session.commit()
    for n in people:
        _ok(
            seed.client(seed.person(n)).post(
                f"/api/v1/trust-surveys/{survey_id}/responses", json={"answers": scores(3 + n % 3)}
            )
        )
    db.session.get(TrustSurvey, survey_id).closes_on = closes_on
    db.session.commit()


def _open_survey_for_twelve(seed: Seed) -> str:
    # Only members when a round opens may answer it: its twelve people join first.
    for n in range(12):
        seed.person(n)
    return _ok(
        seed.client(seed.school.teacher).post(
            f"/api/v1/teams/{seed.team.id}/trust-surveys",
            json={
                "period": "Autumn",
                "closes_on": (date.today() + timedelta(days=14)).isoformat(),
            },
        )
    )["id"]


def add_survey_response(seed: Seed, i: int):
    survey_id = seed.once("survey", lambda: _open_survey_for_twelve(seed))
    _answer(seed, survey_id, [i])


def add_target(seed: Seed, i: int):
    _ok(
        seed.client(seed.person(i % 2)).post(
            f"/api/v1/teams/{seed.team.id}/trust-targets",
            json={
                "component": "respect",
                "description": f"Target {i}",
                "review_on": (date.today() + timedelta(days=90)).isoformat(),
            },
        )
    )


def add_session(seed: Seed, i: int):
    _ok(
        seed.client(seed.person(i % 2)).post(
            f"/api/v1/teams/{seed.team.id}/trust-sessions",
            json={"title": f"Session {i}", "facilitator_id": seed.person(i).id},
        )
    )


def _session(seed: Seed, step: str) -> str:
    def make():
        teacher = seed.client(seed.school.teacher)
        session = _ok(
            teacher.post(
                f"/api/v1/teams/{seed.team.id}/trust-sessions", json={"title": "After cycle 1"}
            )
        )
        _ok(teacher.put(f"/api/v1/trust-sessions/{session['id']}/step", json={"step": step}))
        return session["id"]

    return seed.once(f"session-{step}", make)


def add_session_note(seed: Seed, i: int):
    _ok(
        seed.client(seed.person(i)).post(
            f"/api/v1/trust-sessions/{_session(seed, 'individual')}/notes",
            json={"kind": "strength", "body": f"Strength {i}"},
        )
    )


def add_commitment(seed: Seed, i: int):
    _ok(
        seed.client(seed.person(i)).post(
            f"/api/v1/trust-sessions/{_session(seed, 'commitment')}/commitments",
            json={
                "body": f"Commitment {i}",
                "follow_up_on": (date.today() + timedelta(days=30)).isoformat(),
            },
        )
    )


def add_audit_event(seed: Seed, i: int):
    from api.audit import service as audit

    audit.record(
        Actor(user=seed.person(i)),
        seed.org.id,
        sorted(audit.ACTIONS)[0],
        subject_type="team",
        subject_id=seed.team.id,
    )
    db.session.commit()


def add_coached_team(seed: Seed, i: int):
    team = seed.make_team(seed.org, students=[seed.person(i)], coaches=[seed.school.coach])
    cycle = seed.make_cycle(team, state="action", facilitators=[seed.person(i)])
    add_evidence(cycle)
    add_action(cycle, owner=seed.person(i))


def _relationship(seed: Seed, student):
    from api.relationships.models import Relationship, Stage

    relation = Relationship(
        team_id=seed.team.id,
        teacher_id=seed.school.teacher.id,
        student_id=student.id,
        stage=Stage.maintain,
    )
    db.session.add(relation)
    db.session.flush()
    return relation


def _running_plan(seed: Seed, i: int):
    """A running Two-by-Ten with a student new to it, a day done and one missed."""
    from api.relationships.models import DayOutcome, TwoByTen, TwoByTenDay

    today = date.today()
    relation = _relationship(seed, seed.person(i + 2))
    db.session.add(
        TwoByTen(
            relationship_id=relation.id,
            streak_starts_on=today - timedelta(days=3),
            reminder_at=time(8, 15),
            days=[
                TwoByTenDay(day=today - timedelta(days=3), outcome=DayOutcome.done, note="Chess"),
                TwoByTenDay(day=today - timedelta(days=2), outcome=DayOutcome.missed),
            ],
        )
    )
    db.session.commit()
    return relation


def add_two_by_ten(seed: Seed, i: int):
    _running_plan(seed, i)


def add_my_student(seed: Seed, i: int):
    """Another student of the class: every other one with a relationship, a running
    Two-by-Ten, an open repair, a note and a card."""
    from api.relationships.models import NoteKind, RelationshipNote, Repair, StudentCard

    student = seed.person(i + 2)
    if i % 2:
        return
    relation = _running_plan(seed, i)
    db.session.add_all(
        [
            Repair(relationship_id=relation.id, what_happened=f"Raised my voice {i}"),
            RelationshipNote(relationship_id=relation.id, kind=NoteKind.interest, body="Chess"),
            StudentCard(user_id=student.id, interests="Drawing"),
        ]
    )
    db.session.commit()


def add_class_pulse(seed: Seed, i: int):
    """One of the teacher's pulses, an earlier one each time, answered by a student or two."""
    from api.pulse.models import ClassPulse, PulseEligibility, PulseReceipt

    opens_on = date.today() - timedelta(days=14 * i)
    students = [seed.person(i + 2), seed.person(i + 3)]
    pulse = ClassPulse(
        team_id=seed.team.id,
        teacher_id=seed.school.teacher.id,
        opens_on=opens_on,
        closes_on=opens_on + timedelta(days=4),
        eligible_count=len(students),
    )
    db.session.add(pulse)
    db.session.flush()
    db.session.add_all(PulseEligibility(pulse_id=pulse.id, user_id=s.id) for s in students)
    db.session.add(PulseReceipt(pulse_id=pulse.id, user_id=students[0].id))
    db.session.commit()


def add_feedback_tally(seed: Seed, i: int):
    """A tally of the teacher's lessons, focused on another student, every other one kept by
    the class's coach observing."""
    from api.relationships.models import FeedbackTally

    db.session.add(
        FeedbackTally(
            team_id=seed.team.id,
            teacher_id=seed.school.teacher.id,
            observer_id=seed.school.coach.id if i % 2 else None,
            focus_student_id=seed.person(i + 2).id,
            lesson_on=date.today() - timedelta(days=i),
            label=f"Period {i}",
            positive=4,
            corrective=1,
        )
    )
    db.session.commit()


def add_student_card(seed: Seed, i: int):
    from api.relationships.models import StudentCard

    student = seed.person(i + 2)
    if i % 2 == 0:
        db.session.add(StudentCard(user_id=student.id, interests=f"Drawing {i}"))
        db.session.commit()


def add_teacher_card(seed: Seed, i: int):
    from api.relationships.models import TeacherCard

    teacher = seed.make_user(seed.org, name=f"Teacher {next(_serial)}")
    db.session.add(Membership(team_id=seed.team.id, user_id=teacher.id, role=Role.teacher))
    if i % 2 == 0:
        db.session.add(TeacherCard(user_id=teacher.id, about_me=f"Maths {i}"))
    db.session.commit()


def add_cycle_page_work(seed: Seed, i: int):
    """Something in most parts of a cycle page: a member, evidence, a note citing it, an
    action and a comment (and its activity), each by someone else."""
    from tests.cycles.helpers import add_cited_note

    cycle = seed.cycle("evidence")
    add_cited_note(cycle, add_evidence(cycle, f"Exit tickets {i}"))
    add_action(cycle, owner=seed.person(i), title=f"Try {i}")
    add_comment(seed, i)


#: a page's composite read: every part the page asks for (api/includes.py)
CYCLE_PAGE = (
    "team,members,workflow,analysis_prompts,evidence,notes,actions,reflection,comments,"
    "history,activity,puzzle_cycles"
)


def _past_first_pages(*adders: Callable[[Seed, int], None]) -> Callable[[Seed, int], None]:
    """An adder of one more of each, after first filling every list past the first page an
    `include` part carries (so both reads count each list, as its own route would)."""

    def add(seed: Seed, i: int) -> None:
        def fill() -> int:
            for n in range(PAGE_SIZE):
                for adder in adders:
                    adder(seed, n)
            return PAGE_SIZE

        offset = seed.once(f"full pages {adders}", fill)
        for adder in adders:
            adder(seed, offset + i)

    return add


#: one more of everything the team page draws: a member, a coach, a puzzle, a cycle
add_to_team_page = _past_first_pages(add_member, add_coach, add_puzzle, add_board_cycle)
#: one more of everything the trust page draws: a survey, a target, a session, a member, a cycle
add_to_trust_page = _past_first_pages(
    add_survey, add_target, add_session, add_member, add_board_cycle
)


#: the team page's and the trust page's reads (frontend/js/pages/team.js, trust.js)
TEAM_PAGE = "members,coaches,puzzles,cycles,puzzle_starters,workflows"
TRUST_PAGE = "trust_surveys,trust_trend,trust_targets,trust_sessions,trust_cadence,members,cycles"


@dataclass(frozen=True)
class Budget:
    #: the statements one read may take, whatever the number of items
    statements: int
    #: adds the i-th item; None for fixed lists (starters, questions)
    add: Callable[[Seed, int], None] | None
    viewer: str = "teacher"
    #: how many items "many" is, where making them is slow
    many: int = MANY


ID_OF: dict[str, Callable[[Seed], str]] = {
    "team_id": lambda seed: seed.team.id,
    "organization_id": lambda seed: seed.org.id,
    "puzzle_id": lambda seed: seed.cycle("evidence").puzzle_id,
    "webhook_id": _webhook,
    "session_id": lambda seed: _session(seed, "individual"),
    "survey_id": lambda seed: seed.extra["survey"],
}
CYCLE_OF = {  # which of the seed's cycles a cycle endpoint reads
    "history": "analysis",
    "notes": "analysis",
    "actions": "action",
}

#: "GET path" → budget. Every GET answering a list (or an aggregate of one) has a row.
BUDGETS: dict[str, Budget] = {
    "GET /api/v1/teams": Budget(2, add_team),
    "GET /api/v1/teams/{team_id}/members": Budget(2, add_member),
    "GET /api/v1/teams/{team_id}/coaches": Budget(2, add_coach),
    "GET /api/v1/teams/{team_id}/puzzles": Budget(4, add_puzzle),
    "GET /api/v1/teams/{team_id}/cycles": Budget(2, add_board_cycle),
    "GET /api/v1/puzzles/{puzzle_id}/cycles": Budget(3, add_puzzle_cycle),
    "GET /api/v1/cycles/{cycle_id}/history": Budget(3, add_history),
    "GET /api/v1/cycles/{cycle_id}/evidence": Budget(4, add_evidence_item),
    "GET /api/v1/cycles/{cycle_id}/notes": Budget(5, add_note),
    "GET /api/v1/cycles/{cycle_id}/actions": Budget(3, add_cycle_action),
    "GET /api/v1/cycles/{cycle_id}/comments": Budget(3, add_comment),
    "GET /api/v1/teams/{team_id}/actions": Budget(2, add_team_action),
    "GET /api/v1/teams/{team_id}/activity": Budget(2, add_activity),
    "GET /api/v1/me/notifications": Budget(2, add_notification),
    "GET /api/v1/me/notifications/unread-count": Budget(2, add_notification),
    "GET /api/v1/me/tokens": Budget(2, add_token),
    "GET /api/v1/organizations": Budget(2, add_organization),
    "GET /api/v1/organizations/{organization_id}/people": Budget(3, add_person, "admin"),
    "GET /api/v1/organizations/{organization_id}/clients": Budget(4, add_client, "admin"),
    "GET /api/v1/organizations/{organization_id}/terms": Budget(
        3, add_calendar_entry("terms"), "admin"
    ),
    "GET /api/v1/organizations/{organization_id}/non-school-days": Budget(
        3, add_calendar_entry("non-school-days"), "admin"
    ),
    "GET /api/v1/organizations/{organization_id}/lti/platforms": Budget(4, add_platform, "admin"),
    "GET /api/v1/teams/{team_id}/lti/courses": Budget(3, add_course),
    "GET /api/v1/organizations/{organization_id}/webhooks": Budget(4, add_webhook, "admin"),
    "GET /api/v1/organizations/{organization_id}/webhooks/{webhook_id}/deliveries": Budget(
        5, add_delivery, "admin"
    ),
    "GET /api/v1/organizations/{organization_id}/delivery-problems": Budget(
        4, add_delivery_problem, "admin"
    ),
    "GET /api/v1/organizations/{organization_id}/failed-tasks": Budget(4, add_failed_task, "admin"),
    "GET /api/v1/organizations/{organization_id}/audit-events": Budget(4, add_audit_event, "admin"),
    "GET /api/v1/teams/{team_id}/trust-surveys": Budget(7, add_survey),
    "GET /api/v1/teams/{team_id}/trust-targets": Budget(2, add_target),
    "GET /api/v1/teams/{team_id}/trust-sessions": Budget(3, add_session),
    "GET /api/v1/trust-sessions/{session_id}/notes": Budget(3, add_session_note),
    "GET /api/v1/teams/{team_id}/trust-commitments": Budget(2, add_commitment),
    "GET /api/v1/teams/{team_id}/trust-trend": Budget(5, add_answered_survey, many=10),
    "GET /api/v1/teams/{team_id}/trust-results.csv": Budget(5, add_answered_survey, many=10),
    "GET /api/v1/trust-surveys/{survey_id}/results": Budget(6, add_survey_response, many=12),
    "GET /api/v1/coach/dashboard": Budget(4, add_coached_team, "coach"),
    "GET /api/v1/teams/{team_id}/my-students": Budget(10, add_my_student),
    "GET /api/v1/me/two-by-tens": Budget(5, add_two_by_ten),
    "GET /api/v1/teams/{team_id}/class-pulses": Budget(7, add_class_pulse),
    "GET /api/v1/teams/{team_id}/feedback-tallies": Budget(3, add_feedback_tally),
    "GET /api/v1/teams/{team_id}/student-cards": Budget(2, add_student_card),
    "GET /api/v1/teams/{team_id}/teacher-cards": Budget(2, add_teacher_card),
    "GET /api/v1/analysis-prompts": Budget(1, None),
    "GET /api/v1/puzzle-starters": Budget(1, None),
    "GET /api/v1/workflows": Budget(1, None),
    "GET /api/v1/trust-questions": Budget(1, None),
    # Composite reads: their lists are first pages of up to 100 (activity 10), so "many" stays
    # within one page (a full first page adds the list's COUNT, as its own route does).
    f"GET /api/v1/cycles/{{cycle_id}}?include={CYCLE_PAGE}": Budget(
        18, add_cycle_page_work, many=9
    ),
    "GET /api/v1/puzzles/{puzzle_id}?include=team,members,cycles": Budget(
        10, add_puzzle_cycle, many=8
    ),
    # The team page and the trust page, with lists past a route's default page of 10.
    f"GET /api/v1/teams/{{team_id}}?include={TEAM_PAGE}": Budget(13, add_to_team_page, many=12),
    f"GET /api/v1/teams/{{team_id}}?include={TRUST_PAGE}": Budget(20, add_to_trust_page, many=12),
}


def _url(seed: Seed, path: str) -> str:
    import re

    def value(match):
        name = match.group(1)
        if name == "cycle_id":
            endpoint = path.rsplit("/", 1)[-1]
            return seed.cycle(CYCLE_OF.get(endpoint, "evidence")).id
        return ID_OF[name](seed)

    return re.sub(r"{([^}]+)}", value, path.split(" ", 1)[1])


def _read(seed: Seed, client: ApiClient, url: str) -> int:
    db.session.expire_all()  # nothing loaded while seeding may answer a lazy load for free
    with counting_statements() as statements:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.get_json())
    return len(statements)


@pytest.fixture()
def seed(app, school, make_user, make_team, make_cycle, monkeypatch):
    monkeypatch.setattr(addresses, "resolve", lambda host, port: ["93.184.215.14"])
    return Seed(app, school, make_user, make_team, make_cycle)


@pytest.mark.parametrize("endpoint", sorted(BUDGETS))
def test_list_reads_cost_a_fixed_number_of_statements(endpoint, seed):
    budget = BUDGETS[endpoint]
    viewer = {
        "teacher": seed.school.teacher,
        "admin": seed.school.admin,
        "coach": seed.school.coach,
    }[budget.viewer]
    client = seed.client(viewer)
    if budget.add is not None:
        for i in range(FEW):
            budget.add(seed, i)
    url = _url(seed, endpoint) + ("?page_size=100" if "?" not in endpoint else "")
    few = _read(seed, client, url)
    if budget.add is not None:
        for i in range(FEW, budget.many):
            budget.add(seed, i)
    many = _read(seed, client, url)
    assert many == few, f"{endpoint}: {few} statements for {FEW} items, {many} for {budget.many}"
    assert many <= budget.statements, f"{endpoint}: {many} statements, budget {budget.statements}"


def _is_collection(operation: dict) -> bool:
    success = operation.get("responses", {}).get("200", {})
    if "X-Pagination" in success.get("headers", {}):
        return True
    return any(
        content.get("schema", {}).get("type") == "array"
        for content in success.get("content", {}).values()
    )


def test_every_collection_endpoint_has_a_budget(app):
    with app.app_context():
        paths = rest_api.spec.to_dict()["paths"]
    collections = {
        f"GET {path}"
        for path, operations in paths.items()
        if "get" in operations and _is_collection(operations["get"])
    }
    missing = sorted(collections - set(BUDGETS))
    assert missing == [], f"add a query budget to tests/test_query_budgets.py for: {missing}"
