from sqlalchemy import func, select

from api.activity.models import ActivityEntry
from api.analysis.models import AnalysisNote, NoteEvidence, NoteKind
from api.extensions import db
from tests.evidence.helpers import evidence_count, evidence_url, png_bytes, stored_files, upload


def add_text(client, cycle, title="Walkthrough notes") -> dict:
    response = client.post(evidence_url(cycle), json={"title": title, "text": "Seen."})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_coach_reads_and_downloads_but_cannot_add(client_for, school, cycle, evidence_store):
    evidence = upload(client_for(school.teacher), cycle, png_bytes()).get_json()
    coach = client_for(school.coach)
    assert [e["id"] for e in coach.get(evidence_url(cycle)).get_json()] == [evidence["id"]]
    assert coach.get(f"/api/v1/evidence/{evidence['id']}").status_code == 200
    assert coach.get(evidence["download_url"]).status_code == 200
    refused = upload(coach, cycle, png_bytes())
    assert refused.status_code == 403
    assert refused.get_json()["detail"] == "Only members of the team can do that."
    assert coach.post(evidence_url(cycle), json={"title": "x", "text": "y"}).status_code == 403
    assert evidence_count() == 1
    assert len(stored_files(evidence_store)) == 1


def test_outsider_gets_404_for_everything_and_stores_nothing(
    client_for, school, cycle, evidence_store
):
    evidence = upload(client_for(school.teacher), cycle, png_bytes()).get_json()
    outsider = client_for(school.outsider)
    item = f"/api/v1/evidence/{evidence['id']}"
    assert outsider.get(evidence_url(cycle)).status_code == 404
    assert upload(outsider, cycle, png_bytes()).status_code == 404
    assert outsider.get(item).status_code == 404
    assert outsider.get(evidence["download_url"]).status_code == 404
    assert outsider.patch(item, json={"title": "Mine now"}).status_code == 404
    assert outsider.delete(item).status_code == 404
    assert evidence_count() == 1
    assert len(stored_files(evidence_store)) == 1


def test_org_admin_adds_evidence_without_being_on_the_team(client_for, school, cycle):
    assert upload(client_for(school.admin), cycle, png_bytes()).status_code == 201


def test_nothing_is_added_to_a_closed_cycle(client_for, make_cycle, school, evidence_store):
    closed = make_cycle(school.team, state="closed")
    teacher = client_for(school.teacher)
    response = upload(teacher, closed, png_bytes())
    assert response.status_code == 409
    assert response.get_json()["detail"] == (
        "This cycle has ended, so it can't be changed any more."
    )
    assert teacher.post(evidence_url(closed), json={"title": "x", "text": "y"}).status_code == 409
    assert evidence_count() == 0
    assert stored_files(evidence_store) == []


def test_the_person_who_added_it_edits_it(client_for, school, cycle):
    student = client_for(school.student)
    evidence = add_text(student, cycle)
    response = student.patch(
        f"/api/v1/evidence/{evidence['id']}",
        json={
            "title": " Walkthrough, period 3 ",
            "kind": "observation",
            "tags": "Period 3, focus",
            "collected_on": "2026-03-10",
            "student_voice": True,
            "description": "",
        },
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["title"] == "Walkthrough, period 3"
    assert body["tags"] == ["focus", "Period 3"]
    assert (body["collected_on"], body["student_voice"]) == ("2026-03-10", True)
    recased = student.patch(f"/api/v1/evidence/{evidence['id']}", json={"tags": ["period 3"]})
    assert recased.get_json()["tags"] == ["period 3"]
    verbs = db.session.scalars(select(ActivityEntry.verb).order_by(ActivityEntry.created_at))
    assert list(verbs) == ["evidence.added", "evidence.updated", "evidence.updated"]


def test_other_students_cannot_edit_or_delete_it_but_teachers_can(client_for, school, cycle):
    evidence = add_text(client_for(school.student), cycle)
    item = f"/api/v1/evidence/{evidence['id']}"
    other = client_for(school.students[1])
    assert other.patch(item, json={"title": "Mine"}).status_code == 403
    assert other.delete(item).status_code == 403
    coach = client_for(school.coach)
    assert coach.patch(item, json={"title": "Coach's"}).status_code == 403
    teacher = client_for(school.teacher2)
    assert teacher.patch(item, json={"title": "Tidied"}).get_json()["title"] == "Tidied"
    assert teacher.delete(item).status_code == 204
    assert evidence_count() == 0


def test_evidence_of_an_ended_cycle_stays_as_it_was_but_teachers_may_take_it_down(
    client_for, make_cycle, school, cycle
):
    student = client_for(school.student)
    evidence = add_text(student, cycle)
    item = f"/api/v1/evidence/{evidence['id']}"
    cycle.state = "closed"
    db.session.commit()
    assert student.patch(item, json={"title": "Later"}).status_code == 409
    assert student.delete(item).status_code == 409
    assert client_for(school.teacher).delete(item).status_code == 204


def test_deleting_cited_evidence_leaves_the_note_citing_nothing(client_for, school, cycle):
    teacher = client_for(school.teacher)
    evidence = add_text(teacher, cycle)
    note = AnalysisNote(
        cycle_id=cycle.id,
        kind=NoteKind.pattern,
        body="A pattern.",
        citations=[NoteEvidence(evidence_id=evidence["id"])],
    )
    db.session.add(note)
    db.session.commit()
    assert teacher.delete(f"/api/v1/evidence/{evidence['id']}").status_code == 204
    assert db.session.scalar(select(func.count(NoteEvidence.id))) == 0
    assert db.session.get(AnalysisNote, note.id) is not None
