"""A cycle, or a puzzle with its cycles, as a PDF: what a principal reads without signing in."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfReader

from api.extensions import db
from tests.cycles.helpers import add_action, add_cited_note, add_evidence, add_reflection
from tests.evidence.helpers import upload


@pytest.fixture(autouse=True)
def evidence_store(local_store):
    return local_store


def picture_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (30, 95, 168)).save(out, format="PNG")
    return out.getvalue()


def pdf_text(response) -> str:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.get_data()))
    # Lines wrap where the page ends them: compare words, not line breaks.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_a_cycle_report_holds_puzzle_team_evidence_notes_actions_reflection_history(
    client_for, make_cycle, school
):
    cycle = make_cycle(school.team, state="evidence", facilitators=[school.student])
    teacher = client_for(school.teacher)
    photo = upload(teacher, cycle, picture_bytes(), "whiteboard.png", title="Whiteboard photo")
    assert photo.status_code == 201, photo.get_json()
    evidence = add_evidence(cycle, title="Exit tickets, week 1")
    add_cited_note(cycle, evidence)
    action = add_action(cycle, owner=school.student, title="Two exit tickets a week")
    action.status = "done"
    add_reflection(cycle)
    db.session.commit()
    response = client_for(school.coach).get(f"/api/v1/cycles/{cycle.id}/report.pdf")
    assert "attachment" in response.headers["Content-Disposition"]
    text = pdf_text(response)
    for expected in (
        cycle.puzzle.question,
        "Grade 7 Science",
        "Taylor Teacher",
        "Sam Student",
        "Whiteboard photo",
        "Exit tickets, week 1",
        "Students copy the model.",
        "Rests on: “Exit tickets, week 1”",
        "Two exit tickets a week",
        "Done",
        "Reflections got longer.",
        "History",
    ):
        assert expected in text, expected
    reader = PdfReader(io.BytesIO(response.get_data()))
    assert any(page.images for page in reader.pages), "the photo's thumbnail is in the PDF"


def test_a_puzzle_report_has_every_cycle(client_for, make_cycle, school):
    first = make_cycle(school.team, state="closed", number=1)
    make_cycle(school.team, state="evidence", number=2, puzzle=first.puzzle)
    text = pdf_text(client_for(school.teacher).get(f"/api/v1/puzzles/{first.puzzle_id}/report.pdf"))
    assert "Cycle 1" in text and "Cycle 2" in text


def test_people_outside_the_team_get_404_not_a_report(client_for, make_cycle, school):
    cycle = make_cycle(school.team, state="evidence")
    outsider = client_for(school.outsider)
    assert outsider.get(f"/api/v1/cycles/{cycle.id}/report.pdf").status_code == 404
    assert outsider.get(f"/api/v1/puzzles/{cycle.puzzle_id}/report.pdf").status_code == 404


def test_text_that_looks_like_markup_is_printed_as_text(client_for, make_cycle, school):
    cycle = make_cycle(school.team, state="evidence")
    add_evidence(cycle, title="<b>bold</b> & <script>x</script>")
    text = pdf_text(client_for(school.teacher).get(f"/api/v1/cycles/{cycle.id}/report.pdf"))
    assert "<b>bold</b> & <script>x</script>" in text
