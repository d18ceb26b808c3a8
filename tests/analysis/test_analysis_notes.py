import json

import pytest
from sqlalchemy import func, select

from api.activity.models import ActivityEntry
from api.analysis.models import AnalysisNote, NoteEvidence
from api.cycles.models import Cycle
from api.evidence.models import Evidence, EvidenceKind
from api.extensions import db
from tests.support.statements import counting_statements


def add_evidence(cycle, title: str = "Exit tickets, week 1") -> Evidence:
    evidence = Evidence(
        cycle_id=cycle.id,
        team_id=cycle.team_id,
        kind=EvidenceKind.note,
        title=title,
        text="Most students named one strategy.",
    )
    db.session.add(evidence)
    db.session.commit()
    return evidence


def stored() -> tuple[int, int]:
    """How many notes and citations exist."""
    return (
        db.session.scalar(select(func.count(AnalysisNote.id))),
        db.session.scalar(select(func.count(NoteEvidence.id))),
    )


def notes_url(cycle) -> str:
    return f"/api/v1/cycles/{cycle.id}/notes"


@pytest.fixture()
def cycle(make_cycle, school):
    return make_cycle(school.team, state="analysis", facilitators=[school.student])


def test_signed_in_people_read_the_protocols_guiding_questions(client_for, school):
    response = client_for(school.student).get("/api/v1/analysis-prompts")
    assert response.status_code == 200
    prompts = {p["key"]: p["text"] for p in response.get_json()}
    assert prompts["successes"] == (
        "What was successful, and what thinking or conditions made it so?"
    )
    assert prompts["barriers"] == "What barriers kept it from success, and why do they exist?"
    assert prompts["missing_skills"] == "What skills or strategies were missing?"
    assert prompts["student_voice"] == "What do students say about it?"


def test_student_adds_a_note_citing_evidence_of_the_cycle(client_for, school, cycle):
    evidence = add_evidence(cycle)
    before = db.session.scalar(select(Cycle.last_activity_at).where(Cycle.id == cycle.id))
    response = client_for(school.student).post(
        notes_url(cycle),
        json={
            "kind": "pattern",
            "body": "  Most students copy the model answer.  ",
            "prompt": "barriers",
            "evidence_ids": [evidence.id, evidence.id],
        },
    )
    assert response.status_code == 201, response.get_json()
    note = response.get_json()
    assert note["kind"] == "pattern"
    assert note["body"] == "Most students copy the model answer."
    assert note["prompt"] == "barriers"
    assert note["cycle_id"] == cycle.id
    assert note["evidence"] == [
        {"id": evidence.id, "title": "Exit tickets, week 1", "kind": "note"}
    ]
    assert note["author"] == {"id": school.student.id, "display_name": "Sam Student"}
    assert stored() == (1, 1)
    entry = db.session.scalars(select(ActivityEntry)).one()
    assert (entry.verb, entry.summary) == ("note.added", "added a pattern note")
    assert (entry.actor_id, entry.cycle_id, entry.subject_id) == (
        school.student.id,
        cycle.id,
        note["id"],
    )
    db.session.expire_all()
    after = db.session.scalar(select(Cycle.last_activity_at).where(Cycle.id == cycle.id))
    assert after > before


def test_note_summary_reads_naturally_for_every_kind(client_for, school, cycle):
    teacher = client_for(school.teacher)
    for kind in ("observation", "root_cause", "wonder"):
        assert teacher.post(notes_url(cycle), json={"kind": kind, "body": "x"}).status_code == 201
    summaries = db.session.scalars(
        select(ActivityEntry.summary).order_by(ActivityEntry.created_at)
    ).all()
    assert summaries == [
        "added an observation note",
        "added a root cause note",
        "added a wonder note",
    ]


def test_note_citing_another_teams_evidence_is_refused_and_nothing_stored(
    client_for, make_cycle, make_team, school, cycle
):
    other_team = make_team(school.org, teachers=[school.teacher2])
    foreign = add_evidence(make_cycle(other_team, state="analysis"), "Their exit tickets")
    own = add_evidence(cycle)
    response = client_for(school.student).post(
        notes_url(cycle),
        json={"kind": "pattern", "body": "Copying.", "evidence_ids": [own.id, foreign.id]},
    )
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert "evidence_ids" in response.get_json()["errors"]
    assert stored() == (0, 0)
    assert db.session.scalar(select(func.count(ActivityEntry.id))) == 0


@pytest.mark.parametrize("which", ["other cycle of the team", "unknown id"])
def test_note_may_cite_only_evidence_of_its_own_cycle(client_for, make_cycle, school, cycle, which):
    if which == "unknown id":
        evidence_id = "0" * 24
    else:
        evidence_id = add_evidence(make_cycle(school.team, state="closed")).id
    response = client_for(school.teacher).post(
        notes_url(cycle), json={"kind": "gap", "body": "A gap.", "evidence_ids": [evidence_id]}
    )
    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        "evidence_ids": ["Choose evidence collected in this cycle."]
    }
    assert stored() == (0, 0)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "pattern", "body": "x" * 5001}, "body"),
        ({"kind": "pattern", "body": "   "}, "body"),
        ({"kind": "pattern"}, "body"),
        ({"kind": "hunch", "body": "A hunch."}, "kind"),
        ({"body": "No kind."}, "kind"),
        ({"kind": "pattern", "body": "x", "prompt": "feelings"}, "prompt"),
        ({"kind": "pattern", "body": "x", "evidence_ids": "abc"}, "evidence_ids"),
        ({"kind": "pattern", "body": "x", "evidence_ids": ["e"] * 51}, "evidence_ids"),
        ({"kind": "pattern", "body": "x", "author_id": "someone"}, "author_id"),
    ],
)
def test_bad_note_input_is_422_with_a_field_error(client_for, school, cycle, body, field):
    response = client_for(school.student).post(notes_url(cycle), json=body)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]
    assert stored() == (0, 0)


def test_coach_reads_notes_but_cannot_add_them(client_for, school, cycle):
    coach = client_for(school.coach)
    response = coach.post(notes_url(cycle), json={"kind": "pattern", "body": "I see a pattern."})
    assert response.status_code == 403
    assert coach.get(notes_url(cycle)).status_code == 200
    assert stored() == (0, 0)


def test_outsider_gets_404_for_a_cycles_notes_and_a_note(client_for, school, cycle):
    note = (
        client_for(school.teacher)
        .post(notes_url(cycle), json={"kind": "pattern", "body": "x"})
        .get_json()
    )
    outsider = client_for(school.outsider)
    assert outsider.get(notes_url(cycle)).status_code == 404
    assert outsider.post(notes_url(cycle), json={"kind": "gap", "body": "x"}).status_code == 404
    assert outsider.get(f"/api/v1/notes/{note['id']}").status_code == 404
    assert outsider.patch(f"/api/v1/notes/{note['id']}", json={"body": "y"}).status_code == 404
    assert outsider.delete(f"/api/v1/notes/{note['id']}").status_code == 404
    assert stored() == (1, 0)


@pytest.mark.parametrize("state", ["closed", "abandoned"])
def test_no_new_notes_once_a_cycle_has_ended(client_for, make_cycle, school, state):
    ended = make_cycle(school.team, state=state)
    response = client_for(school.teacher).post(
        notes_url(ended), json={"kind": "pattern", "body": "Too late."}
    )
    assert response.status_code == 409
    assert stored() == (0, 0)


def test_notes_list_oldest_first_and_filter_by_kind_prompt_and_evidence(client_for, school, cycle):
    evidence = add_evidence(cycle)
    teacher = client_for(school.teacher)
    first = teacher.post(
        notes_url(cycle), json={"kind": "pattern", "body": "One", "evidence_ids": [evidence.id]}
    ).get_json()
    second = teacher.post(
        notes_url(cycle), json={"kind": "strength", "body": "Two", "prompt": "successes"}
    ).get_json()
    third = teacher.post(notes_url(cycle), json={"kind": "pattern", "body": "Three"}).get_json()

    listed = teacher.get(notes_url(cycle))
    assert [n["id"] for n in listed.get_json()] == [first["id"], second["id"], third["id"]]
    assert json.loads(listed.headers["X-Pagination"])["total"] == 3
    by_kind = teacher.get(notes_url(cycle) + "?kind=pattern").get_json()
    assert [n["id"] for n in by_kind] == [first["id"], third["id"]]
    by_prompt = teacher.get(notes_url(cycle) + "?prompt=successes").get_json()
    assert [n["id"] for n in by_prompt] == [second["id"]]
    citing = teacher.get(notes_url(cycle) + f"?evidence_id={evidence.id}").get_json()
    assert [n["id"] for n in citing] == [first["id"]]
    page = teacher.get(notes_url(cycle) + "?page=2&page_size=2")
    assert [n["id"] for n in page.get_json()] == [third["id"]]
    assert teacher.get(notes_url(cycle) + "?kind=hunch").status_code == 400


def test_listing_notes_takes_the_same_queries_for_one_note_or_many(client_for, school, cycle):
    teacher = client_for(school.teacher)

    def queries_to_list() -> int:
        with counting_statements() as statements:
            assert teacher.get(notes_url(cycle)).status_code == 200
        return len(statements)

    evidence = add_evidence(cycle)
    teacher.post(
        notes_url(cycle), json={"kind": "pattern", "body": "x", "evidence_ids": [evidence.id]}
    )
    one = queries_to_list()
    for number in range(5):
        cited = add_evidence(cycle, f"Evidence {number}")
        teacher.post(
            notes_url(cycle), json={"kind": "gap", "body": "y", "evidence_ids": [cited.id]}
        )
    assert queries_to_list() == one


def test_author_edits_a_note_and_what_it_cites(client_for, school, cycle):
    first, second = add_evidence(cycle, "First"), add_evidence(cycle, "Second")
    student = client_for(school.student)
    note = student.post(
        notes_url(cycle), json={"kind": "observation", "body": "x", "evidence_ids": [first.id]}
    ).get_json()
    response = student.patch(
        f"/api/v1/notes/{note['id']}",
        json={
            "kind": "pattern",
            "body": "Copying is common.",
            "evidence_ids": [second.id, first.id],
        },
    )
    assert response.status_code == 200, response.get_json()
    edited = response.get_json()
    assert edited["kind"] == "pattern"
    assert edited["body"] == "Copying is common."
    assert {e["title"] for e in edited["evidence"]} == {"First", "Second"}
    uncited = student.patch(f"/api/v1/notes/{note['id']}", json={"evidence_ids": []}).get_json()
    assert uncited["evidence"] == []
    assert uncited["body"] == "Copying is common."
    assert stored() == (1, 0)


def test_edit_citing_foreign_evidence_changes_nothing(client_for, make_cycle, school, cycle):
    own = add_evidence(cycle)
    foreign = add_evidence(make_cycle(school.team, state="evidence"), "Another cycle's")
    teacher = client_for(school.teacher)
    note = teacher.post(
        notes_url(cycle), json={"kind": "pattern", "body": "Before", "evidence_ids": [own.id]}
    ).get_json()
    response = teacher.patch(
        f"/api/v1/notes/{note['id']}", json={"body": "After", "evidence_ids": [foreign.id]}
    )
    assert response.status_code == 422
    assert "evidence_ids" in response.get_json()["errors"]
    again = teacher.get(f"/api/v1/notes/{note['id']}").get_json()
    assert again["body"] == "Before"
    assert [e["id"] for e in again["evidence"]] == [own.id]


def test_only_the_author_or_a_teacher_changes_or_deletes_a_note(client_for, school, cycle):
    note = (
        client_for(school.student)
        .post(notes_url(cycle), json={"kind": "wonder", "body": "Why?"})
        .get_json()
    )
    url = f"/api/v1/notes/{note['id']}"
    classmate = client_for(school.students[1])
    assert classmate.patch(url, json={"body": "Mine now"}).status_code == 403
    assert classmate.delete(url).status_code == 403
    assert client_for(school.coach).delete(url).status_code == 403
    assert client_for(school.teacher2).patch(url, json={"body": "Why, though?"}).status_code == 200
    assert client_for(school.student).delete(url).status_code == 204
    assert stored() == (0, 0)
    verbs = db.session.scalars(select(ActivityEntry.verb).order_by(ActivityEntry.created_at)).all()
    assert verbs == ["note.added", "note.updated", "note.removed"]


def test_notes_of_an_ended_cycle_cannot_be_changed(client_for, school, cycle):
    note = (
        client_for(school.teacher)
        .post(notes_url(cycle), json={"kind": "pattern", "body": "Kept"})
        .get_json()
    )
    cycle.state = "closed"
    db.session.commit()
    teacher = client_for(school.teacher)
    assert teacher.patch(f"/api/v1/notes/{note['id']}", json={"body": "x"}).status_code == 409
    assert teacher.delete(f"/api/v1/notes/{note['id']}").status_code == 409
    assert stored() == (1, 0)


def test_a_note_citing_evidence_opens_the_way_to_action(client_for, school, cycle):
    student = client_for(school.student)
    evidence = add_evidence(cycle)
    student.post(notes_url(cycle), json={"kind": "wonder", "body": "No citation"})
    etag = student.get(f"/api/v1/cycles/{cycle.id}").headers["ETag"]
    blocked = student.post(
        f"/api/v1/cycles/{cycle.id}/transitions",
        json={"transition": "action"},
        headers={"If-Match": etag},
    )
    assert blocked.status_code == 409
    student.post(
        notes_url(cycle), json={"kind": "pattern", "body": "Cited", "evidence_ids": [evidence.id]}
    )
    moved = student.post(
        f"/api/v1/cycles/{cycle.id}/transitions",
        json={"transition": "action"},
        headers={"If-Match": etag},
    )
    assert moved.status_code == 200, moved.get_json()
    assert moved.get_json()["state"] == "action"
