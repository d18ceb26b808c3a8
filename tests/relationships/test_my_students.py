"""My students: a teacher's private stage, its history and strengths-based notes."""

from __future__ import annotations

from sqlalchemy import func, select

from api.extensions import db
from api.relationships.models import Relationship, RelationshipNote, StageChange
from tests.relationships.helpers import student_path


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_teacher_lists_the_class_with_no_stage_until_they_choose_one(teacher, school):
    response = teacher.get(f"/api/v1/teams/{school.team.id}/my-students")
    assert response.status_code == 200
    rows = response.get_json()
    assert [row["student"]["display_name"] for row in rows] == [
        "Leo Martin",
        "Priya Shah",
        "Sam Student",
    ]
    assert {row["stage"] for row in rows} == {None}
    assert count(Relationship) == 0  # reading writes nothing


def test_setting_a_stage_keeps_its_history_and_offers_that_stages_strategies(teacher, school):
    path = student_path(school)
    first = teacher.put(f"{path}/stage", json={"stage": "pre_establish"})
    assert first.status_code == 200, first.get_json()
    second = teacher.put(f"{path}/stage", json={"stage": "establish"}).get_json()
    assert second["stage"] == "establish"
    moves = [(h["from_stage"], h["to_stage"]) for h in second["history"]]
    assert moves == [
        ("pre_establish", "establish"),
        ("establish", "pre_establish"),
        (None, "establish"),
    ]
    assert any("Two-by-Ten" in strategy for strategy in second["strategies"])
    listed = teacher.get(f"/api/v1/teams/{school.team.id}/my-students").get_json()
    sam = next(row for row in listed if row["student"]["id"] == school.student.id)
    assert sam["stage"] == "establish" and sam["stage_label"] == "Establish"


def test_notes_are_strengths_based_kinds_only(teacher, school):
    path = student_path(school)
    written = teacher.post(f"{path}/notes", json={"kind": "interest", "body": " Loves chess "})
    assert written.status_code == 201
    assert written.get_json()["body"] == "Loves chess"
    refused = teacher.post(f"{path}/notes", json={"kind": "incident", "body": "Talked back"})
    assert refused.status_code == 422
    assert refused.mimetype == "application/problem+json"
    blank = teacher.post(f"{path}/notes", json={"kind": "strength", "body": "   "})
    assert blank.status_code == 422
    assert count(RelationshipNote) == 1


def test_a_teacher_edits_and_deletes_their_own_notes(teacher, school):
    note = teacher.post(
        f"{student_path(school)}/notes", json={"kind": "strength", "body": "Explains well"}
    ).get_json()
    changed = teacher.patch(
        f"/api/v1/relationship-notes/{note['id']}", json={"body": "Explains fractions well"}
    )
    assert changed.get_json()["body"] == "Explains fractions well"
    assert teacher.delete(f"/api/v1/relationship-notes/{note['id']}").status_code == 204
    assert count(RelationshipNote) == 0


def test_a_student_of_another_class_is_not_found_and_nothing_is_stored(
    teacher, school, make_user, make_team
):
    other = make_user(school.org, name="Nia Other", username="nia")
    make_team(school.org, name="Grade 8", students=[other])
    path = student_path(school, other)
    assert teacher.get(path).status_code == 404
    assert teacher.put(f"{path}/stage", json={"stage": "maintain"}).status_code == 404
    assert teacher.post(f"{path}/notes", json={"kind": "interest", "body": "x"}).status_code == 404
    # A teacher of the class is not a student of it either.
    assert teacher.get(student_path(school, school.teacher2)).status_code == 404
    assert count(Relationship) == 0 and count(StageChange) == 0


def test_no_one_but_the_teacher_reaches_a_stage_or_note(client_for, teacher, school):
    path = student_path(school)
    teacher.put(f"{path}/stage", json={"stage": "restore"})
    note = teacher.post(f"{path}/notes", json={"kind": "interest", "body": "Chess"}).get_json()
    for who, status in (
        (school.teacher2, 200),
        (school.coach, 403),
        (school.admin, 403),
        (school.student, 403),
        (school.outsider, 404),
    ):
        client = client_for(who)
        detail = client.get(path)
        assert detail.status_code == status, who.display_name
        if status == 200:  # the other teacher has their own, empty, relationship
            assert detail.get_json()["stage"] is None and detail.get_json()["notes"] == []
        edited = client.patch(f"/api/v1/relationship-notes/{note['id']}", json={"body": "x"})
        assert edited.status_code == 404, who.display_name
        assert "Chess" not in detail.get_data(as_text=True)
    assert db.session.get(RelationshipNote, note["id"]).body == "Chess"


def test_a_teacher_who_leaves_the_class_no_longer_reaches_it(teacher, school, client_for):
    from api.teams.models import Membership

    note = teacher.post(
        f"{student_path(school)}/notes", json={"kind": "interest", "body": "Chess"}
    ).get_json()
    membership = db.session.scalar(
        select(Membership).where(
            Membership.team_id == school.team.id, Membership.user_id == school.teacher.id
        )
    )
    db.session.delete(membership)
    db.session.commit()
    assert (
        teacher.patch(f"/api/v1/relationship-notes/{note['id']}", json={"body": "x"}).status_code
        == 404
    )
