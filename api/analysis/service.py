"""Analysis notes: what the team sees in its evidence, each note citing the evidence it rests on."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload, selectinload

from api.activity.service import record
from api.actor import Actor
from api.analysis.models import AnalysisNote, NoteEvidence, NoteKind
from api.analysis.schemas import PROMPT_TEXT, AnalysisPrompt
from api.cycles.access import (
    CycleAccess,
    cycle_access,
    cycle_item,
    note_activity,
    require_unchanged,
)
from api.errors import Forbidden, Unprocessable
from api.evidence.models import Evidence
from api.extensions import db
from api.transactions import transactional

NOTE_NOT_FOUND = "We couldn't find that note."
KIND_WORDS = {NoteKind.root_cause: "root cause"}


def prompts() -> list[dict]:
    return [{"key": key, "text": text} for key, text in PROMPT_TEXT.items()]


def _kind_phrase(kind: NoteKind) -> str:
    """ "a pattern note", "an observation note"."""
    word = KIND_WORDS.get(kind, kind.value)
    article = "an" if word[0] in "aeiou" else "a"
    return f"{article} {word} note"


def _evidence_of_cycle(cycle_id: str, evidence_ids: list[str]) -> list[str]:
    """The ids, de-duplicated, if every one is evidence of this cycle; Unprocessable if not."""
    wanted = list(dict.fromkeys(evidence_ids))
    if not wanted:
        return []
    found = set(
        db.session.scalars(
            select(Evidence.id).where(Evidence.id.in_(wanted), Evidence.cycle_id == cycle_id)
        )
    )
    if len(found) != len(wanted):
        raise Unprocessable(
            "A note can only cite evidence of its own cycle.",
            errors={"evidence_ids": ["Choose evidence collected in this cycle."]},
        )
    return wanted


def _cite(note: AnalysisNote, evidence_ids: list[str]) -> None:
    # Keep rows that stay cited: deleting and re-adding one pair in a flush breaks its uniqueness.
    note.citations = [c for c in note.citations if c.evidence_id in evidence_ids]
    present = {c.evidence_id for c in note.citations}
    note.citations.extend(
        NoteEvidence(evidence_id=evidence_id)
        for evidence_id in evidence_ids
        if evidence_id not in present
    )


def cycle_notes(
    actor: Actor,
    cycle_id: str,
    *,
    kind: NoteKind | None = None,
    prompt: AnalysisPrompt | None = None,
    evidence_id: str | None = None,
    updated_since: datetime | None = None,
) -> Select:
    """A cycle's notes, oldest first, so the analysis reads as the team built it;
    `updated_since` keeps the notes written or changed since."""
    access = cycle_access(actor, cycle_id)
    return notes_of(
        access, kind=kind, prompt=prompt, evidence_id=evidence_id, updated_since=updated_since
    )


def notes_of(
    access: CycleAccess,
    *,
    kind: NoteKind | None = None,
    prompt: AnalysisPrompt | None = None,
    evidence_id: str | None = None,
    updated_since: datetime | None = None,
) -> Select:
    """The notes of a cycle the caller may see (`cycle_notes` once its access is known)."""
    query = (
        select(AnalysisNote)
        .options(selectinload(AnalysisNote.citations), joinedload(AnalysisNote.author))
        .where(AnalysisNote.cycle_id == access.cycle.id)
        .order_by(AnalysisNote.created_at, AnalysisNote.id)
    )
    if kind:
        query = query.where(AnalysisNote.kind == kind)
    if prompt:
        query = query.where(AnalysisNote.prompt == prompt.value)
    if evidence_id:
        query = query.where(
            AnalysisNote.id.in_(
                select(NoteEvidence.note_id).where(NoteEvidence.evidence_id == evidence_id)
            )
        )
    if updated_since is not None:
        query = query.where(AnalysisNote.updated_at >= updated_since)
    return query


@transactional
def add_note(actor: Actor, cycle_id: str, data: dict) -> AnalysisNote:
    """Members add a note while the cycle is open. Raises Forbidden (coaches), Conflict (ended),
    Unprocessable (evidence not of this cycle)."""
    # Locking the cycle makes a concurrent move wait, so guards see this change or none of it.
    access = cycle_access(actor, cycle_id, for_update=True)
    access.require_contribute()
    cycle = access.cycle
    note = AnalysisNote(
        cycle_id=cycle.id,
        kind=data["kind"],
        body=data["body"].strip(),
        prompt=data["prompt"].value if data.get("prompt") else None,
        author_id=actor.id,
        citations=[],
    )
    _cite(note, _evidence_of_cycle(cycle.id, data.get("evidence_ids") or []))
    db.session.add(note)
    db.session.flush()
    record(
        cycle.team_id,
        actor,
        "note.added",
        f"added {_kind_phrase(note.kind)}",
        cycle_id=cycle.id,
        subject_id=note.id,
    )
    note_activity(cycle)
    return note


def _note_in_reach(
    actor: Actor, note_id: str, *, for_update: bool = False
) -> tuple[AnalysisNote, CycleAccess]:
    return cycle_item(actor, AnalysisNote, note_id, NOTE_NOT_FOUND, for_update=for_update)


def _require_editor(note: AnalysisNote, access: CycleAccess, actor: Actor) -> None:
    """The author (while still on the team), the team's teachers and org admins; cycle open."""
    is_author = note.author_id == actor.id and access.team.can_contribute
    if not (is_author or access.team.can_manage):
        raise Forbidden("Only the note's author or the team's teachers can change it.")
    access.require_open()


def get_note(actor: Actor, note_id: str) -> AnalysisNote:
    return _note_in_reach(actor, note_id)[0]


@transactional
def update_note(
    actor: Actor, note_id: str, data: dict, *, if_match: str | None = None
) -> AnalysisNote:
    """Change a note's kind, words, prompt or citations; StaleVersion when If-Match is older."""
    note, access = _note_in_reach(actor, note_id, for_update=True)
    _require_editor(note, access, actor)
    require_unchanged(note, if_match, "note")
    if "evidence_ids" in data:
        _cite(note, _evidence_of_cycle(note.cycle_id, data["evidence_ids"] or []))
    if "kind" in data:
        note.kind = data["kind"]
    if "body" in data:
        note.body = data["body"].strip()
    if "prompt" in data:
        note.prompt = data["prompt"].value if data["prompt"] else None
    record(
        access.cycle.team_id,
        actor,
        "note.updated",
        f"edited {_kind_phrase(note.kind)}",
        cycle_id=note.cycle_id,
        subject_id=note.id,
    )
    note_activity(access.cycle)
    return note


@transactional
def delete_note(actor: Actor, note_id: str) -> None:
    note, access = _note_in_reach(actor, note_id, for_update=True)
    _require_editor(note, access, actor)
    record(
        access.cycle.team_id,
        actor,
        "note.removed",
        f"removed {_kind_phrase(note.kind)}",
        cycle_id=note.cycle_id,
        subject_id=note.id,
    )
    note_activity(access.cycle)
    db.session.delete(note)


def describe(notes: Sequence[AnalysisNote]) -> list[dict]:
    """Notes with the evidence they cite, in one query for any number of notes."""
    cited_ids = {c.evidence_id for note in notes for c in note.citations}
    evidence = (
        db.session.execute(
            select(Evidence.id, Evidence.title, Evidence.kind)
            .where(Evidence.id.in_(cited_ids))
            .order_by(Evidence.created_at, Evidence.id)
        ).all()
        if cited_ids
        else []
    )
    return [_describe_one(note, evidence) for note in notes]


def _describe_one(note: AnalysisNote, evidence: Sequence) -> dict:
    cited = {c.evidence_id for c in note.citations}
    return {
        "id": note.id,
        "cycle_id": note.cycle_id,
        "kind": note.kind,
        "body": note.body,
        "prompt": AnalysisPrompt(note.prompt) if note.prompt else None,
        "evidence": [
            {"id": row.id, "title": row.title, "kind": row.kind}
            for row in evidence
            if row.id in cited
        ],
        "author": note.author,
        "created_at": note.created_at,
        "updated_at": note.updated_at,
    }
