"""Small helpers for cycle tests: add the things guards ask for, move with the ETag."""

from __future__ import annotations

from datetime import date, timedelta

from api.actions.models import Action
from api.analysis.models import AnalysisNote, NoteEvidence
from api.evidence.models import Evidence, EvidenceKind
from api.extensions import db
from api.reflections.models import Reflection, ReflectionDecision


def add_evidence(cycle, title: str = "Exit tickets, week 1") -> Evidence:
    evidence = Evidence(
        cycle_id=cycle.id,
        team_id=cycle.team_id,
        kind=EvidenceKind.exit_ticket,
        title=title,
        text="Most students named one strategy.",
    )
    db.session.add(evidence)
    db.session.commit()
    return evidence


def add_cited_note(cycle, evidence) -> AnalysisNote:
    note = AnalysisNote(
        cycle_id=cycle.id,
        kind="pattern",
        body="Students copy the model.",
        citations=[NoteEvidence(evidence_id=evidence.id)],
    )
    db.session.add(note)
    db.session.commit()
    return note


def add_action(cycle, owner=None, *, title: str = "Try exit tickets", due: bool = True) -> Action:
    action = Action(
        cycle_id=cycle.id,
        team_id=cycle.team_id,
        title=title,
        owner_id=owner.id if owner else None,
        due_on=date.today() + timedelta(days=7) if due else None,
    )
    db.session.add(action)
    db.session.commit()
    return action


def add_reflection(cycle) -> Reflection:
    reflection = Reflection(
        cycle_id=cycle.id,
        what_happened="Reflections got longer.",
        decision=ReflectionDecision.next_cycle,
    )
    db.session.add(reflection)
    db.session.commit()
    return reflection


def move(client, cycle_id: str, transition: str, **extra):
    etag = client.get(f"/api/v1/cycles/{cycle_id}").headers["ETag"]
    return client.post(
        f"/api/v1/cycles/{cycle_id}/transitions",
        json={"transition": transition, **extra},
        headers={"If-Match": etag},
    )
