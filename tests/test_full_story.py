"""The whole story through the API: a team of two teachers and three students, one of them the
facilitator, adopts a starter puzzle and works it through a full cycle into the next one."""

from __future__ import annotations

import io
import struct
import zlib
from datetime import date, timedelta

import pytest

from api.storage import LocalStorage


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.fixture()
def files(app, tmp_path):
    previous = app.extensions.get("storage")
    app.extensions["storage"] = LocalStorage(tmp_path / "files")
    yield
    if previous is None:
        app.extensions.pop("storage", None)
    else:
        app.extensions["storage"] = previous


def move(client, cycle_id, transition):
    etag = client.get(f"/api/v1/cycles/{cycle_id}").headers["ETag"]
    response = client.post(
        f"/api/v1/cycles/{cycle_id}/transitions",
        json={"transition": transition},
        headers={"If-Match": etag},
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_student_facilitated_team_works_a_puzzle_through_a_full_cycle(client_for, school, files):
    teacher, sam = client_for(school.teacher), client_for(school.student)
    priya, coach = client_for(school.students[1]), client_for(school.coach)
    team = f"/api/v1/teams/{school.team.id}"

    # The team adopts a starter puzzle and makes it its own.
    puzzle = teacher.post(f"{team}/puzzles", json={"starter_key": "reflection-quality"})
    assert puzzle.status_code == 201
    puzzle_id = puzzle.get_json()["id"]
    teacher.patch(
        f"/api/v1/puzzles/{puzzle_id}", json={"context": "Grade 7 reflections are one line long."}
    )

    # A teacher starts the cycle with Sam, a student, as facilitator.
    cycle = teacher.post(
        f"/api/v1/puzzles/{puzzle_id}/cycles",
        json={
            "facilitator_ids": [school.student.id],
            "recorder_id": school.students[1].id,
            "due_dates": {"evidence": (date.today() + timedelta(7)).isoformat()},
        },
    )
    assert cycle.status_code == 201, cycle.get_json()
    cycle_id = cycle.get_json()["id"]
    blocked = sam.get(f"/api/v1/cycles/{cycle_id}").get_json()
    assert next(t for t in blocked["transitions"] if t["to"] == "evidence")["allowed"] is True
    move(sam, cycle_id, "start_evidence")

    # Evidence: Sam uploads a photo of student work, Priya adds what students said.
    photo = sam.post(
        f"/api/v1/cycles/{cycle_id}/evidence",
        data={
            "kind": "photo",
            "title": "Reflection journals, page 3",
            "tags": "journals, week 1",
            "file": (io.BytesIO(tiny_png()), "journal.png"),
        },
        content_type="multipart/form-data",
    )
    assert photo.status_code == 201, photo.get_json()
    assert photo.get_json()["content_type"] == "image/png"
    voices = priya.post(
        f"/api/v1/cycles/{cycle_id}/evidence",
        json={
            "kind": "note",
            "title": "What students said",
            "student_voice": True,
            "text": "Most of us don't know what a good reflection looks like.",
        },
    )
    assert voices.status_code == 201, voices.get_json()
    move(sam, cycle_id, "start_analysis")

    # Analysis: a note that cites both pieces of evidence; the coach comments.
    note = sam.post(
        f"/api/v1/cycles/{cycle_id}/notes",
        json={
            "kind": "root_cause",
            "body": "Students have never seen a model of a deep reflection.",
            "prompt": "barriers",
            "evidence_ids": [photo.get_json()["id"], voices.get_json()["id"]],
        },
    )
    assert note.status_code == 201, note.get_json()
    assert (
        coach.post(
            f"/api/v1/cycles/{cycle_id}/comments", json={"body": "Great use of student voice!"}
        ).status_code
        == 201
    )
    move(sam, cycle_id, "plan_action")

    # Action: a teacher and a student each own an action with a due date.
    due = (date.today() + timedelta(days=14)).isoformat()
    for owner, title in (
        (school.teacher, "Model a deep reflection"),
        (school.students[2], "Run a peer reflection gallery walk"),
    ):
        action = sam.post(
            f"/api/v1/cycles/{cycle_id}/actions",
            json={
                "title": title,
                "owner_id": owner.id,
                "due_on": due,
                "success_criteria": "Reflections name a strategy and a next step.",
            },
        )
        assert action.status_code == 201, action.get_json()
    move(sam, cycle_id, "reflect")

    # Reflection, then Sam closes this cycle by opening the next one.
    reflection = sam.put(
        f"/api/v1/cycles/{cycle_id}/reflection",
        json={
            "what_happened": "Reflections doubled in length and named strategies.",
            "impact_evidence": "Journals from week 4.",
            "decision": "next_cycle",
        },
    )
    assert reflection.status_code in (200, 201), reflection.get_json()
    gallery = sam.get(f"/api/v1/cycles/{cycle_id}/actions").get_json()
    finished = next(a for a in gallery if a["title"] == "Model a deep reflection")
    assert (
        sam.patch(f"/api/v1/actions/{finished['id']}", json={"status": "done"}).status_code == 200
    )
    next_cycle = sam.post(f"/api/v1/cycles/{cycle_id}/next")
    assert next_cycle.status_code == 201, next_cycle.get_json()
    body = next_cycle.get_json()
    assert (body["number"], body["state"]) == (2, "draft")
    assert [f["display_name"] for f in body["facilitators"]] == ["Sam Student"]

    history = teacher.get(f"/api/v1/cycles/{cycle_id}/history").get_json()
    assert [event["to_state"] for event in history] == [
        "evidence",
        "analysis",
        "action",
        "reflection",
        "closed",
    ]
    carried = teacher.get(f"/api/v1/cycles/{body['id']}/actions").get_json()
    assert [a["title"] for a in carried] == ["Run a peer reflection gallery walk"]
    feed = teacher.get(f"{team}/activity?page_size=50").get_json()
    assert len(feed) >= 10
    assert any(entry["actor"] and entry["actor"]["display_name"] == "Casey Coach" for entry in feed)
