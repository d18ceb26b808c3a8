import hashlib
import io
import zipfile

from api.evidence.models import Evidence
from api.extensions import db
from tests.evidence.helpers import pdf_bytes, png_bytes, stored_files, upload


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def added(client, cycle, content, name, **fields) -> dict:
    response = upload(client, cycle, content, name, **fields)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_download_is_an_attachment_with_the_sniffed_type_and_nosniff(client_for, school, cycle):
    content = png_bytes()
    evidence = added(client_for(school.teacher), cycle, content, "Ñúñez poster.png")
    response = client_for(school.student).get(evidence["download_url"])
    assert response.status_code == 200
    assert response.data == content
    assert response.mimetype == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''%C3%91%C3%BA%C3%B1ez%20poster.png" in disposition
    assert response.headers["Content-Length"] == str(len(content))
    assert response.headers["ETag"] == f'"{hashlib.sha256(content).hexdigest()}"'
    assert response.headers["Cache-Control"] == "no-store"
    assert "sandbox" in response.headers["Content-Security-Policy"]


def test_images_audio_and_pdfs_may_be_previewed_inline(client_for, school, cycle):
    teacher = client_for(school.teacher)
    photo = added(teacher, cycle, png_bytes(), "photo.png")
    plan = added(teacher, cycle, pdf_bytes(), "plan.pdf")
    preview = teacher.get(photo["download_url"] + "?inline=1")
    assert preview.headers["Content-Disposition"] == "inline; filename=photo.png"
    assert preview.headers["X-Content-Type-Options"] == "nosniff"
    pdf = teacher.get(plan["download_url"] + "?inline=1")
    assert pdf.headers["Content-Disposition"] == "inline; filename=plan.pdf"
    assert pdf.mimetype == "application/pdf"


def test_other_files_are_always_saved_not_shown(client_for, school, cycle):
    teacher = client_for(school.teacher)
    document = added(teacher, cycle, docx_bytes(), "lesson.docx")
    response = teacher.get(document["download_url"] + "?inline=1")
    assert response.headers["Content-Disposition"] == "attachment; filename=lesson.docx"
    assert response.mimetype == document["content_type"]


def test_unchanged_file_answers_304_and_a_range_answers_206(client_for, school, cycle):
    teacher = client_for(school.teacher)
    content = pdf_bytes()
    evidence = added(teacher, cycle, content, "plan.pdf")
    first = teacher.get(evidence["download_url"])
    again = teacher.get(evidence["download_url"], headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    part = teacher.get(evidence["download_url"], headers={"Range": "bytes=0-3"})
    assert part.status_code == 206
    assert part.data == content[:4]
    assert part.headers["Content-Range"] == f"bytes 0-3/{len(content)}"


def test_text_evidence_has_no_file_to_download(client_for, school, cycle):
    teacher = client_for(school.teacher)
    note = teacher.post(
        f"/api/v1/cycles/{cycle.id}/evidence", json={"title": "Note", "text": "Seen."}
    ).get_json()
    response = teacher.get(f"/api/v1/evidence/{note['id']}/file")
    assert response.status_code == 404
    assert response.get_json()["detail"] == "This evidence has no file to download."


def test_a_file_gone_from_the_store_is_reported_kindly(client_for, school, cycle, evidence_store):
    teacher = client_for(school.teacher)
    evidence = added(teacher, cycle, png_bytes(), "photo.png")
    evidence_store.delete(db.session.get(Evidence, evidence["id"]).storage_key)
    response = teacher.get(evidence["download_url"])
    assert response.status_code == 404
    assert response.get_json()["detail"] == "This file is no longer available."


def test_deleting_evidence_removes_its_stored_file(client_for, school, cycle, evidence_store):
    teacher = client_for(school.teacher)
    evidence = added(teacher, cycle, png_bytes(), "photo.png")
    assert len(stored_files(evidence_store)) == 1
    assert teacher.delete(f"/api/v1/evidence/{evidence['id']}").status_code == 204
    assert stored_files(evidence_store) == []
    assert db.session.get(Evidence, evidence["id"]) is None
    assert teacher.get(evidence["download_url"]).status_code == 404
