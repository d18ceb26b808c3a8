import pytest
from sqlalchemy import func, select

from api.activity.models import ActivityEntry
from api.extensions import db
from api.reflections.models import Reflection

GOOD = {
    "what_happened": "Exit tickets got longer and more specific.",
    "impact_evidence": "18 of 24 named a strategy, up from 7.",
    "decision": "next_cycle",
}


def reflection_count() -> int:
    return db.session.scalar(select(func.count(Reflection.id)))


def url(cycle) -> str:
    return f"/api/v1/cycles/{cycle.id}/reflection"


@pytest.fixture()
def cycle(make_cycle, school):
    return make_cycle(school.team, state="reflection", facilitators=[school.teacher])


def test_reflection_is_404_with_a_kind_message_until_written(client_for, school, cycle):
    response = client_for(school.student).get(url(cycle))
    assert response.status_code == 404
    assert response.get_json()["detail"] == "This cycle has no reflection yet."


def test_student_writes_the_reflection_and_a_teacher_replaces_it(client_for, school, cycle):
    written = client_for(school.student).put(url(cycle), json=GOOD)
    assert written.status_code == 200, written.get_json()
    body = written.get_json()
    assert body["what_happened"] == GOOD["what_happened"]
    assert body["impact_evidence"] == GOOD["impact_evidence"]
    assert body["decision"] == "next_cycle"
    assert body["author"] == {"id": school.student.id, "display_name": "Sam Student"}

    teacher = client_for(school.teacher)
    replaced = teacher.put(
        url(cycle), json={"what_happened": "We solved it.", "decision": "resolved"}
    )
    assert replaced.status_code == 200
    assert replaced.get_json()["id"] == body["id"]
    read = client_for(school.coach).get(url(cycle)).get_json()
    assert read["what_happened"] == "We solved it."
    assert read["impact_evidence"] == ""
    assert read["decision"] == "resolved"
    assert read["author"]["display_name"] == "Taylor Teacher"
    assert reflection_count() == 1
    entries = db.session.scalars(select(ActivityEntry).order_by(ActivityEntry.created_at)).all()
    assert [(e.verb, e.summary) for e in entries] == [
        ("reflection.saved", "wrote the reflection on cycle 1"),
        ("reflection.saved", "wrote the reflection on cycle 1"),
    ]


@pytest.mark.parametrize("state", ["draft", "evidence", "analysis", "action"])
def test_reflection_waits_for_the_reflection_phase(client_for, make_cycle, school, state):
    early = make_cycle(school.team, state=state)
    response = client_for(school.teacher).put(url(early), json=GOOD)
    assert response.status_code == 409
    assert response.get_json()["detail"] == "Move the cycle to reflection first."
    assert reflection_count() == 0


def test_pdsa_cycle_records_its_decision_in_act(client_for, make_cycle, school):
    studying = make_cycle(school.team, state="study", workflow="pdsa")
    refused = client_for(school.teacher).put(url(studying), json=GOOD)
    assert refused.get_json()["detail"] == "Move the cycle to act first."
    acting = make_cycle(school.team, state="act", workflow="pdsa")
    assert client_for(school.teacher).put(url(acting), json=GOOD).status_code == 200


@pytest.mark.parametrize("state", ["closed", "abandoned"])
def test_an_ended_cycle_keeps_its_reflection(client_for, make_cycle, school, state):
    ended = make_cycle(school.team, state=state)
    assert client_for(school.teacher).put(url(ended), json=GOOD).status_code == 409
    assert reflection_count() == 0


def test_coach_reads_but_cannot_write_and_outsider_sees_nothing(client_for, school, cycle):
    assert client_for(school.coach).put(url(cycle), json=GOOD).status_code == 403
    outsider = client_for(school.outsider)
    assert outsider.put(url(cycle), json=GOOD).status_code == 404
    assert outsider.get(url(cycle)).status_code == 404
    assert reflection_count() == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"decision": "resolved"}, "what_happened"),
        ({"what_happened": "  ", "decision": "resolved"}, "what_happened"),
        ({"what_happened": "x" * 5001, "decision": "resolved"}, "what_happened"),
        (
            {"what_happened": "x", "impact_evidence": "y" * 5001, "decision": "resolved"},
            "impact_evidence",
        ),
        ({"what_happened": "x"}, "decision"),
        ({"what_happened": "x", "decision": "maybe"}, "decision"),
        ({**GOOD, "closed": True}, "closed"),
    ],
)
def test_bad_reflection_input_is_422(client_for, school, cycle, body, field):
    response = client_for(school.student).put(url(cycle), json=body)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]
    assert reflection_count() == 0


def test_a_reflection_lets_the_cycle_close(client_for, school, cycle):
    teacher = client_for(school.teacher)

    def close():
        etag = teacher.get(f"/api/v1/cycles/{cycle.id}").headers["ETag"]
        return teacher.post(
            f"/api/v1/cycles/{cycle.id}/transitions",
            json={"transition": "closed"},
            headers={"If-Match": etag},
        )

    assert close().status_code == 409
    teacher.put(url(cycle), json=GOOD)
    closed = close()
    assert closed.status_code == 200, closed.get_json()
    assert closed.get_json()["state"] == "closed"


def test_who_may_rewrite_the_reflection_may_delete_it_with_a_history_line(
    client_for, school, cycle
):
    student = client_for(school.student)
    assert student.put(url(cycle), json=GOOD).status_code == 200
    coach = client_for(school.coach).delete(url(cycle))
    assert coach.status_code == 403
    assert coach.content_type == "application/problem+json"
    assert reflection_count() == 1

    assert student.delete(url(cycle)).status_code == 204
    assert reflection_count() == 0
    assert student.get(url(cycle)).status_code == 404
    assert (
        client_for(school.teacher).get(f"/api/v1/cycles/{cycle.id}").get_json()["has_reflection"]
        is False
    )
    entries = db.session.scalars(select(ActivityEntry).order_by(ActivityEntry.created_at)).all()
    assert [e.summary for e in entries][-1] == "deleted the reflection on cycle 1"
    again = student.delete(url(cycle))
    assert again.status_code == 404
    assert again.content_type == "application/problem+json"


def test_an_ended_cycles_reflection_cannot_be_deleted(client_for, make_cycle, school):
    ended = make_cycle(school.team, state="reflection", facilitators=[school.teacher])
    teacher = client_for(school.teacher)
    assert teacher.put(url(ended), json=GOOD).status_code == 200
    ended.state = "closed"
    db.session.commit()
    response = teacher.delete(url(ended))
    assert response.status_code == 409
    assert response.content_type == "application/problem+json"
    assert reflection_count() == 1
