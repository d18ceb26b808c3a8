import json

import pytest

from api.extensions import db


def feed_url(school, **query) -> str:
    args = "&".join(f"{key}={value}" for key, value in query.items())
    return f"/api/v1/teams/{school.team.id}/activity" + (f"?{args}" if args else "")


@pytest.fixture()
def cycle(make_cycle, school):
    return make_cycle(school.team, state="action", facilitators=[school.student])


def test_feed_tells_what_happened_newest_first(client_for, school, cycle):
    student = client_for(school.student)
    note = student.post(
        f"/api/v1/cycles/{cycle.id}/notes", json={"kind": "pattern", "body": "Copying."}
    ).get_json()
    action = student.post(
        f"/api/v1/cycles/{cycle.id}/actions",
        json={"title": "Try exit tickets", "owner_id": school.student.id},
    ).get_json()
    comment = (
        client_for(school.coach)
        .post(f"/api/v1/cycles/{cycle.id}/comments", json={"body": "Nice plan."})
        .get_json()
    )

    response = client_for(school.teacher).get(feed_url(school))
    assert response.status_code == 200
    entries = response.get_json()
    assert [(e["verb"], e["summary"], e["subject_id"]) for e in entries] == [
        ("comment.added", "commented on cycle 1", comment["id"]),
        ("action.added", "planned “Try exit tickets” for Sam Student", action["id"]),
        ("note.added", "added a pattern note", note["id"]),
    ]
    assert entries[0]["actor"] == {"id": school.coach.id, "display_name": "Casey Coach"}
    assert entries[1]["actor"] == {"id": school.student.id, "display_name": "Sam Student"}
    assert {e["cycle_id"] for e in entries} == {cycle.id}
    assert set(entries[0]) == {
        "id",
        "verb",
        "summary",
        "actor",
        "cycle_id",
        "subject_id",
        "created_at",
    }
    assert entries[0]["created_at"] >= entries[1]["created_at"] >= entries[2]["created_at"]


def test_feed_pages_and_filters_by_cycle(client_for, make_cycle, school, cycle):
    other = make_cycle(school.team, state="analysis")
    teacher = client_for(school.teacher)
    for number in range(3):
        teacher.post(f"/api/v1/cycles/{cycle.id}/comments", json={"body": f"Here {number}"})
    teacher.post(f"/api/v1/cycles/{other.id}/comments", json={"body": "Elsewhere"})

    first = teacher.get(feed_url(school, page_size=3))
    pagination = json.loads(first.headers["X-Pagination"])
    assert (pagination["total"], pagination["total_pages"], pagination["next_page"]) == (4, 2, 2)
    assert [e["cycle_id"] for e in first.get_json()] == [other.id, cycle.id, cycle.id]
    second = teacher.get(feed_url(school, page=2, page_size=3)).get_json()
    assert len(second) == 1
    only_cycle = teacher.get(feed_url(school, cycle_id=cycle.id))
    assert json.loads(only_cycle.headers["X-Pagination"])["total"] == 3
    assert {e["cycle_id"] for e in only_cycle.get_json()} == {cycle.id}


def test_entry_whose_actor_left_shows_no_actor(client_for, school, cycle):
    from api.activity.service import record

    record(school.team.id, None, "cycle.reminded", "was reminded", cycle_id=cycle.id)
    db.session.commit()
    entries = client_for(school.student).get(feed_url(school)).get_json()
    assert entries[0]["actor"] is None


def test_coach_reads_the_feed_and_outsider_gets_404(client_for, school, cycle):
    assert client_for(school.coach).get(feed_url(school)).status_code == 200
    assert client_for(school.outsider).get(feed_url(school)).status_code == 404
