import hashlib
import io

from sqlalchemy import select

from api.activity.models import ActivityEntry
from api.cycles.models import Cycle
from api.evidence.models import Evidence
from api.evidence.service import clean_file_name
from api.extensions import db
from tests.evidence.helpers import (
    evidence_count,
    evidence_url,
    html_bytes,
    pdf_bytes,
    png_bytes,
    stored_files,
    upload,
)


def test_member_uploads_a_photo_stored_under_a_random_key_with_its_hash_and_size(
    client_for, school, cycle, evidence_store
):
    content = png_bytes()
    before = db.session.scalar(select(Cycle.last_activity_at).where(Cycle.id == cycle.id))
    response = upload(
        client_for(school.teacher),
        cycle,
        content,
        "Exit tickets week 3.png",
        kind="exit_ticket",
        description="Scanned after period 3",
        collected_on="2026-03-14",
        tags="period 3, fractions",
        student_voice="true",
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["title"] == "Exit tickets week 3"
    assert body["kind"] == "exit_ticket"
    assert body["group"] == "performance"
    assert body["description"] == "Scanned after period 3"
    assert body["collected_on"] == "2026-03-14"
    assert body["tags"] == ["fractions", "period 3"]
    assert body["student_voice"] is True
    assert body["has_file"] is True
    assert body["original_name"] == "Exit tickets week 3.png"
    assert body["content_type"] == "image/png"
    assert body["size"] == len(content)
    assert body["sha256"] == hashlib.sha256(content).hexdigest()
    assert body["download_url"] == f"/api/v1/evidence/{body['id']}/file"
    assert body["added_by"] == {"id": school.teacher.id, "display_name": "Taylor Teacher"}
    assert "storage_key" not in body

    evidence = db.session.get(Evidence, body["id"])
    assert stored_files(evidence_store) == [f"{evidence.storage_key[:2]}/{evidence.storage_key}"]
    assert "Exit" not in evidence.storage_key and len(evidence.storage_key) == 32
    assert evidence_store.path(evidence.storage_key).read_bytes() == content
    entry = db.session.scalars(select(ActivityEntry)).one()
    assert (entry.verb, entry.summary) == ("evidence.added", "added evidence “Exit tickets week 3”")
    assert (entry.cycle_id, entry.subject_id) == (cycle.id, evidence.id)
    db.session.refresh(cycle)
    assert cycle.last_activity_at is not None and cycle.last_activity_at != before


def test_kind_follows_the_file_when_left_out(client_for, school, cycle):
    teacher = client_for(school.teacher)
    assert upload(teacher, cycle, png_bytes()).get_json()["kind"] == "photo"
    assert upload(teacher, cycle, pdf_bytes(), "plan.pdf").get_json()["kind"] == "student_work"


def test_html_renamed_as_pdf_is_refused_with_415_and_nothing_is_kept(
    client_for, school, cycle, evidence_store
):
    response = upload(client_for(school.teacher), cycle, html_bytes(), "report.pdf")
    assert response.status_code == 415
    assert response.mimetype == "application/problem+json"
    assert "can't be added" in response.get_json()["detail"]
    assert evidence_count() == 0
    assert stored_files(evidence_store) == []


def test_empty_file_is_refused_with_422_and_nothing_is_kept(
    client_for, school, cycle, evidence_store
):
    response = upload(client_for(school.teacher), cycle, b"", "empty.png")
    assert response.status_code == 422
    assert response.get_json()["detail"] == (
        "This file is empty. Choose a file that has something in it."
    )
    assert evidence_count() == 0
    assert stored_files(evidence_store) == []


def test_file_over_the_limit_is_refused_with_413_and_nothing_is_kept(
    app, client_for, school, cycle, evidence_store, monkeypatch
):
    monkeypatch.setitem(app.config, "MAX_UPLOAD_BYTES", 1024)
    response = upload(client_for(school.teacher), cycle, b"words " * 1000, "notes.txt")
    assert response.status_code == 413
    assert response.get_json()["detail"] == (
        "This file is bigger than the 1 KB limit. Try a smaller file."
    )
    assert evidence_count() == 0
    assert stored_files(evidence_store) == []


def test_upload_declared_far_over_the_limit_is_refused_before_it_is_read(
    app, client_for, school, cycle, evidence_store, monkeypatch
):
    monkeypatch.setitem(app.config, "MAX_UPLOAD_BYTES", 10)
    response = upload(client_for(school.teacher), cycle, b"a" * (1024 * 1024 + 100), "big.txt")
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"
    assert evidence_count() == 0
    assert stored_files(evidence_store) == []


def test_stored_file_is_removed_when_the_row_cannot_be_written(
    client_for, school, cycle, evidence_store, monkeypatch
):
    def database_fails(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("api.evidence.service.record", database_fails)
    response = upload(client_for(school.teacher), cycle, png_bytes())
    assert response.status_code == 500
    assert evidence_count() == 0
    assert stored_files(evidence_store) == []


def test_file_name_is_cleaned_of_folders_and_unsafe_characters_but_keeps_its_letters(
    client_for, school, cycle
):
    name = "../../Ñúñez: notes?.png"
    response = upload(client_for(school.teacher), cycle, png_bytes(), name)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["original_name"] == "Ñúñez_ notes_.png"


def test_clean_file_name_keeps_only_a_safe_last_part():
    assert clean_file_name("../../etc/passwd") == "passwd"
    assert clean_file_name('say "hi"\r\n.txt') == "say _hi_.txt"
    assert clean_file_name("invoice\u202egnp.exe") == "invoicegnp.exe"
    assert clean_file_name("  ..  ") == "file"
    assert clean_file_name(None) == "file"
    long_name = clean_file_name("a" * 300 + ".pdf")
    assert len(long_name) == 255 and long_name.endswith(".pdf")


def test_student_uploads_with_repeated_tag_fields(client_for, school, cycle):
    response = upload(
        client_for(school.student),
        cycle,
        png_bytes(),
        "poster.png",
        title="Our poster",
        tags=["Group A", "group a, week 2"],
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["title"], body["tags"]) == ("Our poster", ["Group A", "week 2"])
    assert body["added_by"]["id"] == school.student.id


def test_one_file_at_a_time_and_not_with_a_text(client_for, school, cycle, evidence_store):
    teacher = client_for(school.teacher)
    two = teacher.post(
        evidence_url(cycle),
        data={"file": [(io.BytesIO(png_bytes()), "a.png"), (io.BytesIO(png_bytes()), "b.png")]},
    )
    assert two.status_code == 422
    assert two.get_json()["errors"] == {"file": ["Upload one file at a time."]}
    with_text = upload(teacher, cycle, png_bytes(), text="And a note")
    assert with_text.status_code == 422
    assert set(with_text.get_json()["errors"]) == {"text"}
    assert evidence_count() == 0
    assert stored_files(evidence_store) == []


def test_wrong_date_format_in_an_upload_is_refused_before_storing(
    client_for, school, cycle, evidence_store
):
    response = upload(client_for(school.teacher), cycle, png_bytes(), collected_on="14/03/2026")
    assert response.status_code == 422
    assert response.get_json()["errors"] == {"collected_on": ["Use a date like 2026-03-14."]}
    assert stored_files(evidence_store) == []


def test_machine_with_a_write_token_uploads_without_a_csrf_token(app, client_for, school, cycle):
    from tests.support.client import ApiClient

    created = client_for(school.teacher).post(
        "/api/v1/me/tokens", json={"name": "LMS", "scopes": ["read", "write"]}
    )
    machine = ApiClient(app, token=created.get_json()["token"])
    response = upload(machine, cycle, pdf_bytes(), "rubric.pdf", kind="student_work")
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["content_type"] == "application/pdf"


def test_a_retried_upload_with_the_same_idempotency_key_is_stored_once(
    client_for, school, cycle, evidence_store
):
    teacher = client_for(school.teacher)
    headers = {"Idempotency-Key": "upload-42"}
    first = teacher.post(
        evidence_url(cycle), data={"file": (io.BytesIO(png_bytes()), "a.png")}, headers=headers
    )
    again = teacher.post(
        evidence_url(cycle), data={"file": (io.BytesIO(png_bytes()), "a.png")}, headers=headers
    )
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json()["id"] == first.get_json()["id"]
    assert evidence_count() == 1
    assert len(stored_files(evidence_store)) == 1
