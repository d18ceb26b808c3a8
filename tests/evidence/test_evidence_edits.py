"""Fixing evidence: its title, its file put in place of another or taken off (the stored bytes
go too), and stale or empty edits refused."""

from __future__ import annotations

import io

from sqlalchemy import select

from api.activity.models import ActivityEntry
from api.evidence.models import Evidence
from api.extensions import db
from tests.evidence.helpers import evidence_url, pdf_bytes, png_bytes, stored_files, upload


def test_a_file_is_replaced_and_the_old_bytes_are_gone(client_for, school, cycle, evidence_store):
    client = client_for(school.teacher)
    added = upload(client, cycle, png_bytes(), "wrong-class.png", title="Exit tickets")
    assert added.status_code == 201, added.get_json()
    evidence = added.get_json()
    [old_file] = stored_files(evidence_store)
    replaced = client.put(
        f"/api/v1/evidence/{evidence['id']}/file",
        data={"file": (io.BytesIO(pdf_bytes()), "right-class.pdf")},
        headers={"If-Match": f'"{evidence["updated_at"]}"'},
    )
    assert replaced.status_code == 200, replaced.get_json()
    body = replaced.get_json()
    assert (body["original_name"], body["content_type"]) == ("right-class.pdf", "application/pdf")
    assert body["title"] == "Exit tickets"
    [new_file] = stored_files(evidence_store)
    assert new_file != old_file
    assert client.get(body["download_url"]).data == pdf_bytes()
    summary = db.session.scalars(
        select(ActivityEntry.summary).where(ActivityEntry.verb == "evidence.file_replaced")
    ).one()
    assert summary == "put “right-class.pdf” in as the file of “Exit tickets”"


def test_a_stale_replacement_is_refused_and_keeps_the_file(
    client_for, school, cycle, evidence_store
):
    client = client_for(school.teacher)
    evidence = upload(client, cycle, png_bytes(), title="Photo").get_json()
    assert (
        client.patch(f"/api/v1/evidence/{evidence['id']}", json={"title": "Board"}).status_code
        == 200
    )
    stale = client.put(
        f"/api/v1/evidence/{evidence['id']}/file",
        data={"file": (io.BytesIO(pdf_bytes()), "x.pdf")},
        headers={"If-Match": f'"{evidence["updated_at"]}"'},
    )
    assert stale.status_code == 412
    assert len(stored_files(evidence_store)) == 1  # the refused upload left nothing behind
    assert client.get(evidence["download_url"]).data == png_bytes()


def test_deleting_evidence_deletes_its_stored_file(client_for, school, cycle, evidence_store):
    client = client_for(school.student)
    evidence = upload(client, cycle, png_bytes(), title="Oops").get_json()
    assert len(stored_files(evidence_store)) == 1
    assert client.delete(f"/api/v1/evidence/{evidence['id']}").status_code == 204
    assert stored_files(evidence_store) == []
    assert db.session.get(Evidence, evidence["id"]) is None


def test_the_file_comes_off_and_the_evidence_stays(client_for, school, cycle, evidence_store):
    client = client_for(school.teacher)
    evidence = upload(client, cycle, png_bytes(), title="Names showing").get_json()
    removed = client.delete(f"/api/v1/evidence/{evidence['id']}/file")
    assert removed.status_code == 200, removed.get_json()
    body = removed.get_json()
    assert (body["has_file"], body["title"], body["download_url"]) == (False, "Names showing", None)
    assert stored_files(evidence_store) == []
    assert client.get(evidence["download_url"]).status_code == 404


def test_an_empty_title_is_refused(client_for, school, cycle):
    client = client_for(school.teacher)
    evidence = client.post(
        evidence_url(cycle), json={"title": "Notes", "text": "We saw it."}
    ).get_json()
    response = client.patch(f"/api/v1/evidence/{evidence['id']}", json={"title": "  "})
    assert response.status_code == 422
    assert client.get(f"/api/v1/evidence/{evidence['id']}").get_json()["title"] == "Notes"
