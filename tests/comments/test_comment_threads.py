"""Replies, comments about one piece of evidence or one note, editing your own words, and who
is told at once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from api.analysis.models import AnalysisNote
from api.evidence.models import Evidence, EvidenceKind
from api.extensions import db
from api.notifications.models import Notification


@pytest.fixture()
def cycle(make_cycle, school):
    return make_cycle(school.team, state="analysis", facilitators=[school.student])


@pytest.fixture()
def evidence(cycle, school):
    row = Evidence(
        cycle_id=cycle.id,
        team_id=cycle.team_id,
        kind=EvidenceKind.exit_ticket,
        title="Exit tickets, week 1",
        text="Most named one strategy.",
        added_by_id=school.students[1].id,
    )
    db.session.add(row)
    db.session.commit()
    return row


def notices(user, kind: str) -> list[Notification]:
    return db.session.scalars(
        select(Notification).where(Notification.user_id == user.id, Notification.kind == kind)
    ).all()


def test_a_coach_comments_on_evidence_and_its_people_are_told_at_once(
    client_for, school, cycle, evidence
):
    response = client_for(school.coach).post(
        f"/api/v1/cycles/{cycle.id}/comments",
        json={"body": "Whose voices are here?", "evidence_id": evidence.id},
    )
    assert response.status_code == 201, response.get_json()
    comment = response.get_json()
    assert comment["evidence_id"] == evidence.id
    for person in (school.student, school.students[1]):  # the facilitator, who added it
        [told] = notices(person, "comment.coach")
        assert (
            told.title == "Casey Coach, your coach, commented on “Exit tickets, week 1” in cycle 1"
        )
        assert told.link == f"/cycles/{cycle.id}#comment-{comment['id']}"
    assert notices(school.teacher, "comment.coach") == []


def test_a_reply_keeps_the_evidence_and_its_author_hears_of_it(client_for, school, cycle, evidence):
    coach_comment = (
        client_for(school.coach)
        .post(
            f"/api/v1/cycles/{cycle.id}/comments",
            json={"body": "Whose voices are here?", "evidence_id": evidence.id},
        )
        .get_json()
    )
    reply = client_for(school.student).post(
        f"/api/v1/cycles/{cycle.id}/comments",
        json={"body": "Ours: we wrote them.", "parent_id": coach_comment["id"]},
    )
    assert reply.status_code == 201
    assert reply.get_json()["parent_id"] == coach_comment["id"]
    assert reply.get_json()["evidence_id"] == evidence.id
    [told] = notices(school.coach, "comment.reply")
    assert told.title == "Sam Student replied to your comment"
    assert told.body == "Ours: we wrote them."


def test_a_comment_about_a_note(client_for, school, cycle):
    note = AnalysisNote(
        cycle_id=cycle.id, kind="pattern", body="Copying", author_id=school.teacher.id
    )
    db.session.add(note)
    db.session.commit()
    response = client_for(school.coach).post(
        f"/api/v1/cycles/{cycle.id}/comments", json={"body": "Why?", "note_id": note.id}
    )
    assert response.status_code == 201
    assert response.get_json()["note_id"] == note.id
    assert len(notices(school.teacher, "comment.coach")) == 1  # the note's author


def test_pointing_at_another_cycles_things_is_refused(client_for, school, cycle, make_cycle):
    elsewhere = make_cycle(school.team, state="evidence")
    other = (
        client_for(school.teacher)
        .post(f"/api/v1/cycles/{elsewhere.id}/comments", json={"body": "Over there"})
        .get_json()
    )
    for field, value in (("parent_id", other["id"]), ("evidence_id", "nope"), ("note_id", "nope")):
        response = client_for(school.teacher).post(
            f"/api/v1/cycles/{cycle.id}/comments", json={"body": "Hi", field: value}
        )
        assert response.status_code == 422
        assert field in response.get_json()["errors"]


def test_its_author_edits_a_comment_and_nobody_else_can(client_for, school, cycle):
    comment = (
        client_for(school.student)
        .post(f"/api/v1/cycles/{cycle.id}/comments", json={"body": "Teh tickets"})
        .get_json()
    )
    url = f"/api/v1/comments/{comment['id']}"
    assert client_for(school.teacher).patch(url, json={"body": "Mine"}).status_code == 403
    edited = client_for(school.student).patch(
        url, json={"body": "The tickets"}, headers={"If-Match": f'"{comment["updated_at"]}"'}
    )
    assert edited.status_code == 200, edited.get_json()
    assert edited.get_json()["body"] == "The tickets"
    assert edited.get_json()["edited_at"]
    stale = client_for(school.student).patch(
        url, json={"body": "Again"}, headers={"If-Match": f'"{comment["updated_at"]}"'}
    )
    assert stale.status_code == 412
    assert client_for(school.student).patch(url, json={"body": "  "}).status_code == 422
