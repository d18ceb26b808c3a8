"""Private by design: walk every route of the relationship features as every role other than
the teacher the records belong to, and find nothing private; export and erase hold all of it;
no webhook ever carries it."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from sqlalchemy import func, select

from api.actor import CLIENT_SCOPES
from api.extensions import db
from api.relationships import models as relationship_models
from api.webhooks.models import EventType, WebhookDelivery, WebhookSubscription
from tests.integrations.client_helpers import machine_for
from tests.relationships.helpers import PRIVATE, private_records
from tests.test_authorization import fill, sample_body

#: the blueprints of the relationship features
BLUEPRINTS = ("relationships", "agreements", "pulse")
PRIVATE_TABLES = [
    relationship_models.Relationship,
    relationship_models.StageChange,
    relationship_models.RelationshipNote,
    relationship_models.TwoByTen,
    relationship_models.TwoByTenDay,
    relationship_models.Repair,
    relationship_models.FeedbackTally,
    relationship_models.StudentCard,
]


def routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] not in BLUEPRINTS:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def snapshot(teacher_id: str) -> list:
    """Every private row of the teacher as plain values, to prove others changed nothing
    (the other teacher may keep relationships of their own, the student writes their card)."""
    m = relationship_models
    relations = select(m.Relationship.id).where(m.Relationship.teacher_id == teacher_id)
    plans = select(m.TwoByTen.id).where(m.TwoByTen.relationship_id.in_(relations))
    queries = [
        select(m.Relationship).where(m.Relationship.teacher_id == teacher_id),
        select(m.StageChange).where(m.StageChange.relationship_id.in_(relations)),
        select(m.RelationshipNote).where(m.RelationshipNote.relationship_id.in_(relations)),
        select(m.TwoByTen).where(m.TwoByTen.id.in_(plans)),
        select(m.TwoByTenDay).where(m.TwoByTenDay.plan_id.in_(plans)),
        select(m.Repair).where(m.Repair.relationship_id.in_(relations)),
        select(m.FeedbackTally).where(m.FeedbackTally.teacher_id == teacher_id),
    ]
    rows = []
    for query in queries:
        for row in db.session.scalars(query):
            table = type(row).__table__
            rows.append(tuple(getattr(row, column.key) for column in table.columns))
    return sorted(rows, key=str)


@pytest.fixture()
def callers(app, client_for, school):
    """Everyone but the teacher: the other teacher, the student, the coach, the admin, an
    outsider and the organization's LMS with every scope."""
    admin = client_for(school.admin)
    return {
        "other teacher": client_for(school.teacher2),
        "the student": client_for(school.student),
        "coach": client_for(school.coach),
        "admin": admin,
        "outsider": client_for(school.outsider),
        "LMS": machine_for(app, admin, school.org.id, scopes=CLIENT_SCOPES),
    }


def test_every_route_as_every_other_role_shows_and_changes_nothing_private(app, school, callers):
    ids = {**private_records(school), "team_id": school.team.id, "organization_id": school.org.id}
    before = snapshot(school.teacher.id)
    assert len(before) == 7
    walked = 0
    for who, client in callers.items():
        for rule, method in routes(app):
            view = app.view_functions[rule.endpoint]
            body = sample_body(view, school) if method != "GET" else None
            response = client.request(method, fill(rule, ids), json=body)
            where = f"{who}: {method} {rule.rule}"
            assert response.status_code < 500, where
            text = response.get_data(as_text=True)
            assert PRIVATE not in text, f"{where} showed a private record"
            # The card is the student's, and for their teachers; the other teacher is one.
            card_readers = ("the student", "other teacher")
            assert "Chess and drawing" not in text or who in card_readers, where
            walked += 1
        db.session.expire_all()
        assert snapshot(school.teacher.id) == before, f"{who} changed a private record"
    assert walked >= 6 * 30


def test_the_lms_reaches_no_relationship_route(app, school, callers):
    ids = {**private_records(school), "team_id": school.team.id, "organization_id": school.org.id}
    for rule, method in routes(app):
        if rule.endpoint == "relationships.get_guide":
            continue  # the same words for everyone
        response = callers["LMS"].request(method, fill(rule, ids), json={})
        assert response.status_code in (403, 404), f"{method} {rule.rule}"


def test_coaches_and_admins_see_counts_and_no_names(client_for, school):
    private_records(school)
    for who in (school.coach, school.admin):
        counts = client_for(who).get(f"/api/v1/teams/{school.team.id}/relationship-counts")
        assert counts.status_code == 200
        body = counts.get_json()
        assert body["students_with_two_by_ten_this_term"] == 1 and body["students"] == 3
        text = counts.get_data(as_text=True)
        assert school.student.id not in text and "Sam" not in text
    org = (
        client_for(school.admin)
        .get(f"/api/v1/organizations/{school.org.id}/relationship-counts")
        .get_json()
    )
    assert org["classes"] == 1 and org["students_with_two_by_ten_this_term"] == 1
    assert (
        client_for(school.coach)
        .get(f"/api/v1/organizations/{school.org.id}/relationship-counts")
        .status_code
        == 403
    )


def test_no_webhook_event_is_about_relationships(client_for, school):
    db.session.add(
        WebhookSubscription(
            organization_id=school.org.id,
            url="https://hooks.example/",
            event_types=[kind.value for kind in EventType],
            secret="whsec_c2VjcmV0",
        )
    )
    db.session.commit()
    teacher = client_for(school.teacher)
    path = f"/api/v1/teams/{school.team.id}/my-students/{school.student.id}"
    teacher.put(f"{path}/stage", json={"stage": "restore"})
    teacher.post(f"{path}/notes", json={"kind": "interest", "body": "Chess"})
    teacher.post(f"{path}/repairs", json={"what_happened": "Shouted"})
    teacher.post(f"{path}/two-by-ten", json={"reminder_at": "08:00"})
    teacher.post(f"/api/v1/teams/{school.team.id}/feedback-tallies", json={})
    assert db.session.scalar(select(func.count()).select_from(WebhookDelivery)) == 0
    assert not [kind for kind in EventType if "relationship" in kind or "pulse" in kind]


def exported(client, school, user_id) -> dict:
    response = client.post(f"/api/v1/organizations/{school.org.id}/people/{user_id}/privacy-export")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    return json.loads(archive.read("person.json"))["relationships"]


def test_a_teachers_records_are_in_their_own_export_and_nobody_elses(client_for, school):
    private_records(school)
    teacher_part = exported(client_for(school.teacher), school, school.teacher.id)
    [relation] = teacher_part["as_teacher"]
    assert relation["stage"] == "restore" and relation["student"] == "Sam Student"
    assert PRIVATE in relation["notes"][0]["body"]
    assert PRIVATE in relation["two_by_tens"][0]["days"][0]["note"]
    assert PRIVATE in relation["repairs"][0]["what_happened"]
    assert teacher_part["feedback_tallies"][0]["role"] == "teacher"
    admin = client_for(school.admin)
    # An admin exporting the teacher sees counts, not the records.
    counted = exported(admin, school, school.teacher.id)
    assert "as_teacher" not in counted and "feedback_tallies" not in counted
    assert counted["relationships_kept_as_teacher"] == 1
    assert counted["feedback_tallies_kept"] >= 1
    # The student's export, whoever makes it, holds their card and nothing their teacher keeps.
    for client in (admin, client_for(school.student)):
        student_part = exported(client, school, school.student.id)
        assert student_part["get_to_know_me_card"]["interests"] == "Chess and drawing"
        assert PRIVATE not in json.dumps(student_part, default=str)
        assert "kept_by_your_teachers" not in student_part
        assert student_part.get("as_teacher", []) == []
    assert exported(admin, school, school.teacher2.id)["relationships_kept_as_teacher"] == 0


def test_a_person_exports_only_their_own_data_unless_an_admin(client_for, school):
    url = f"/api/v1/organizations/{school.org.id}/people/{school.teacher.id}/privacy-export"
    assert client_for(school.student).post(url).status_code == 403
    assert client_for(school.teacher2).post(url).status_code == 403
    outsider_own = (
        f"/api/v1/organizations/{school.org.id}/people/{school.outsider.id}/privacy-export"
    )
    assert client_for(school.outsider).post(outsider_own).status_code == 404


@pytest.mark.parametrize("who", ["student", "teacher"])
def test_erasing_either_person_erases_every_private_record(client_for, school, who):
    private_records(school)
    person = getattr(school, who)
    response = client_for(school.admin).post(
        f"/api/v1/organizations/{school.org.id}/people/{person.id}/privacy-deletion"
    )
    assert response.status_code == 200, response.get_json()
    db.session.expire_all()
    left = {
        model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
        for model in PRIVATE_TABLES
    }
    if who == "teacher":
        left.pop("student_cards")  # Sam's own card is Sam's
    assert set(left.values()) == {0}, left
