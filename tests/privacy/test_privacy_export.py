"""An org admin exports everything held about a person: a streamed ZIP of person.json and the
evidence files they added; never an anonymous survey answer; always audited."""

from __future__ import annotations

import io
import json
import os
import zipfile

from sqlalchemy import select

from api.actor import Actor
from api.audit.models import AuditEvent
from api.extensions import db
from api.privacy import service
from tests.evidence.helpers import png_bytes
from tests.support.privacy import SURVEY_COMMENT, stored_evidence


def export_url(school, user_id) -> str:
    return f"/api/v1/organizations/{school.org.id}/people/{user_id}/privacy-export"


def exported(client, school, user_id) -> tuple[zipfile.ZipFile, dict]:
    response = client.post(export_url(school, user_id))
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    return archive, json.loads(archive.read("person.json"))


def test_the_export_holds_the_persons_data_and_their_files(client_for, school, story):
    archive, document = exported(client_for(school.admin), school, story.sam.id)

    assert document["person"]["display_name"] == "Sam Student"
    assert document["person"]["username"] == "sam"
    assert [m["role"] for m in document["team_memberships"]] == ["student"]
    (cycle,) = document["cycles"]
    assert set(cycle["your_roles"]) == {"facilitator", "recorder"}
    titles = {entry["title"] for entry in document["evidence"]}
    assert titles == {"Poster from week 2", "Week 2 journal"}  # not the teacher's walkthrough
    poster = next(e for e in document["evidence"] if e["id"] == story.poster.id)
    assert poster["file"]["included"] is True
    assert archive.read(poster["file"]["path"]) == png_bytes()
    assert [note["body"] for note in document["analysis_notes"]] == [story.note.body]
    assert document["actions"][0]["you_own_it"] is True
    assert [c["body"] for c in document["comments"]] == [story.comment.body]
    assert [r["what_happened"] for r in document["reflections"]] == ["Exit tickets helped."]
    assert [n["title"] for n in document["notifications"]] == [story.notification.title]
    assert [c["body"] for c in document["trust"]["commitments"]] == [story.commitment.body]
    assert [n["body"] for n in document["trust"]["session_notes"]] == ["We listen."]
    # Which rounds Sam answered is for Sam only: an admin reading it beside a round's results
    # would narrow down whose answers they are.
    assert document["trust"]["surveys_answered"] is None


def test_the_export_never_holds_an_anonymous_survey_answer(client_for, school, story):
    archive, _ = exported(client_for(school.admin), school, story.sam.id)
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode("latin-1")
    assert SURVEY_COMMENT not in everything
    document = archive.read("person.json").decode()
    assert '"score"' not in document and '"answers"' not in document


def test_an_export_is_audited_without_the_persons_name(client_for, school, story):
    exported(client_for(school.admin), school, story.sam.id)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "privacy.exported"))
    assert (event.actor_user_id, event.subject_id) == (school.admin.id, story.sam.id)
    assert event.details == {"evidence_files": 1}
    assert "Sam" not in json.dumps(event.details)


def test_only_the_organizations_admins_export_someone_else(client_for, school, story):
    url = export_url(school, story.sam.id)
    assert client_for(school.teacher).post(url).status_code == 403
    assert client_for(school.student).post(export_url(school, school.teacher.id)).status_code == 403
    assert client_for(school.outsider).post(url).status_code == 404
    admin = client_for(school.admin)
    assert admin.post(export_url(school, school.outsider.id)).status_code == 404
    assert db.session.scalar(select(AuditEvent.id)) is None


def test_a_person_exports_their_own_data(client_for, school, story):
    assert story.sam.id == school.student.id
    response = client_for(school.student).post(export_url(school, school.student.id))
    assert response.status_code == 200
    document = json.loads(zipfile.ZipFile(io.BytesIO(response.get_data())).read("person.json"))
    # Which rounds they answered is theirs to see, and no one else's.
    assert [row["period"] for row in document["trust"]["surveys_answered"]] == ["Autumn"]
    assert (
        exported(client_for(school.admin), school, school.student.id)[1]["trust"][
            "surveys_answered"
        ]
        is None
    )
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.created_at)).first()
    assert (event.actor_user_id, event.subject_id) == (school.student.id, school.student.id)


def test_a_missing_file_is_marked_and_the_rest_still_comes(client_for, school, story, store):
    store.delete(story.poster.storage_key)
    archive, document = exported(client_for(school.admin), school, story.sam.id)
    poster = next(e for e in document["evidence"] if e["id"] == story.poster.id)
    assert poster["file"] == {"path": None, "included": False}
    assert archive.namelist() == ["person.json"]


def test_the_zip_is_streamed_in_small_chunks_not_built_in_memory(
    app, database, school, store, make_cycle
):
    cycle = make_cycle(school.team, state="evidence")
    # Random bytes don't compress, so the archive is as big as the file.
    big = b"%PDF-1.4\n" + os.urandom(6 * 1024 * 1024)
    stored_evidence(store, cycle, school.student, content=big, name="scan.pdf", title="Scan")
    export = service.export_person(
        Actor(user=school.admin), school.org.id, school.student.id, storage=store
    )
    sizes = [len(chunk) for chunk in export.chunks]
    assert sum(sizes) > 6 * 1024 * 1024
    assert max(sizes) < 1024 * 1024
    assert len(sizes) > 20


def test_the_response_is_streamed(client_for, school, story):
    response = client_for(school.admin).post(export_url(school, story.sam.id), buffered=False)
    assert response.is_streamed
    response.close()
