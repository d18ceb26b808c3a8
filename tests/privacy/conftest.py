"""A student with a bit of everything: evidence (a file and a text), a note, an action they own,
a comment, a reflection, a notification, a commitment, a session note, an anonymous survey
answer, and the team's work around it."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from api.actions.models import Action
from api.activity.models import ActivityEntry
from api.analysis.models import AnalysisNote, NoteKind
from api.comments.models import Comment
from api.evidence.models import Evidence, EvidenceKind
from api.extensions import db
from api.notifications.models import Notification
from api.reflections.models import Reflection, ReflectionDecision
from api.storage import LocalStorage
from api.trust.closing import close_round
from api.trust.models import Commitment, ReflectionSession, SessionNote, TrustSurvey
from api.trust.questions import ITEM_KEYS
from tests.evidence.helpers import png_bytes
from tests.support.privacy import SURVEY_COMMENT, stored_evidence


@pytest.fixture(autouse=True)
def store(local_store: LocalStorage) -> LocalStorage:
    """The app's evidence store, in this test's own folder."""
    return local_store


@pytest.fixture()
def story(school, make_cycle, store, client_for):
    sam, teacher = school.student, school.teacher
    team, today = school.team, date.today()
    cycle = make_cycle(team, state="action", facilitators=[sam, teacher])
    cycle.recorder_id = sam.id
    poster = stored_evidence(
        store, cycle, sam, content=png_bytes(), name="poster.png", title="Poster from week 2"
    )
    journal = Evidence(
        cycle_id=cycle.id,
        team_id=team.id,
        kind=EvidenceKind.journal,
        title="Week 2 journal",
        text="I learn best with examples.",
        added_by_id=sam.id,
    )
    walkthrough = Evidence(
        cycle_id=cycle.id,
        team_id=team.id,
        kind=EvidenceKind.observation,
        title="Walkthrough",
        text="Most named one strategy.",
        added_by_id=teacher.id,
    )
    note = AnalysisNote(
        cycle_id=cycle.id,
        kind=NoteKind.pattern,
        body="Feedback lands when it comes with an example.",
        author_id=sam.id,
    )
    action = Action(
        cycle_id=cycle.id,
        team_id=team.id,
        title="Try exit tickets",
        owner_id=sam.id,
        created_by_id=teacher.id,
        due_on=today,
    )
    comment = Comment(cycle_id=cycle.id, author_id=sam.id, body="I can lead this one.")
    reflection = Reflection(
        cycle_id=cycle.id,
        what_happened="Exit tickets helped.",
        decision=ReflectionDecision.next_cycle,
        author_id=sam.id,
    )
    notification = Notification(
        user_id=sam.id,
        organization_id=school.org.id,
        kind="action.due_soon",
        dedupe_key=f"due-{sam.id}",
        title="“Try exit tickets” is due soon",
    )
    session = ReflectionSession(team_id=team.id, title="After cycle 1", facilitator_id=teacher.id)
    db.session.add_all(
        [journal, walkthrough, note, action, comment, reflection, notification, session]
    )
    db.session.flush()
    commitment = Commitment(
        session_id=session.id,
        team_id=team.id,
        user_id=sam.id,
        body="I will ask one question each lesson.",
        follow_up_on=today,
    )
    session_note = SessionNote(
        session_id=session.id, kind="strength", body="We listen.", author_id=sam.id
    )
    joined = ActivityEntry(
        team_id=team.id,
        actor_id=teacher.id,
        verb="member.synced",
        summary="Sam Student joined the team as student (roster sync)",
    )
    planned = ActivityEntry(
        team_id=team.id,
        actor_id=teacher.id,
        verb="action.added",
        summary="planned “Try exit tickets” for Sam Student",
    )
    added = ActivityEntry(
        team_id=team.id,
        actor_id=sam.id,
        verb="evidence.added",
        summary="added evidence “Poster from week 2”",
        subject_id=poster.id,
    )
    survey = TrustSurvey(team_id=team.id, period="Autumn", opens_on=today, closes_on=today)
    db.session.add_all([commitment, session_note, joined, planned, added, survey])
    db.session.commit()
    for person, score in zip([*school.students, teacher], (1, 3, 4, 5), strict=True):
        body = {"answers": dict.fromkeys(ITEM_KEYS, score)}
        if person is sam:
            body["comment"] = SURVEY_COMMENT
        response = client_for(person).post(
            f"/api/v1/trust-surveys/{survey.id}/responses", json=body
        )
        assert response.status_code == 201, response.get_json()
    close_round(survey.id)
    db.session.commit()
    return SimpleNamespace(
        sam=sam,
        cycle=cycle,
        poster=poster,
        journal=journal,
        walkthrough=walkthrough,
        note=note,
        action=action,
        comment=comment,
        reflection=reflection,
        notification=notification,
        commitment=commitment,
        session_note=session_note,
        joined=joined,
        planned=planned,
        survey=survey,
    )
