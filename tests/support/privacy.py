"""Evidence stored for a person, with its file, for the privacy tests."""

from __future__ import annotations

import io

from api.evidence.models import Evidence, EvidenceKind
from api.extensions import db

SURVEY_COMMENT = "Only Sam would write this comment"


def stored_evidence(store, cycle, person, *, content: bytes, name: str, title: str) -> Evidence:
    saved = store.save(io.BytesIO(content), max_bytes=50 * 1024 * 1024)
    evidence = Evidence(
        cycle_id=cycle.id,
        team_id=cycle.team_id,
        kind=EvidenceKind.photo,
        title=title,
        storage_key=saved.key,
        original_name=name,
        content_type=saved.content_type,
        size=saved.size,
        sha256=saved.sha256,
        added_by_id=person.id,
    )
    db.session.add(evidence)
    db.session.commit()
    return evidence
