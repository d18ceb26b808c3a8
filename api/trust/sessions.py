"""Joint-work reflection sessions: four timed steps, notes (anonymous if the writer wants) and
one public commitment per member, followed up on its date.

Teachers and org admins start a session and choose its facilitator (any member, students too);
the facilitator, teachers and admins move it from step to step; every member writes notes and
their own commitment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, case, select
from sqlalchemy.orm import joinedload

from api.access import TeamAccess, is_team_member, team_access
from api.activity.service import record
from api.actor import Actor
from api.cycles.models import Cycle
from api.db import utcnow
from api.errors import Conflict, Forbidden, NotFound, Unprocessable
from api.extensions import db
from api.puzzles.models import Puzzle
from api.transactions import transactional
from api.trust.models import (
    Commitment,
    CommitmentStatus,
    NoteKind,
    ReflectionSession,
    SessionNote,
    SessionStep,
)
from api.trust.surveys import team_today

SESSION_NOT_FOUND = "We couldn't find that reflection session."
NOTE_NOT_FOUND = "We couldn't find that note."
COMMITMENT_NOT_FOUND = "We couldn't find that commitment."


@dataclass(frozen=True)
class StepInfo:
    step: SessionStep
    label: str
    #: who works together in the step
    grouping: str
    guidance: str
    #: prompts that take notes (kind, text)
    prompts: tuple[tuple[NoteKind, str], ...] = ()
    #: questions to talk through, shown in full (step 2's discussion, step 4's commitment)
    questions: tuple[str, ...] = ()

    @property
    def minutes_field(self) -> str:
        return f"{self.step.value}_minutes"


STEPS: tuple[StepInfo, ...] = (
    StepInfo(
        SessionStep.individual,
        "Individual reflection",
        "On your own, in silence",
        "Think about a recent shared task — the cycle this session reflects on — and "
        "answer each prompt for yourself.",
        (
            (NoteKind.shared_task, "What was our shared task?"),
            (NoteKind.reliance, "How did we rely on each other to get it done?"),
            (NoteKind.trust_moment, "Where did trust grow, or where was it challenged?"),
        ),
    ),
    StepInfo(
        SessionStep.small_group,
        "Pair or small-group sharing",
        "In pairs or small groups",
        "Share your reflections in pairs or small groups of three or four, and talk "
        "through the questions together.",
        ((NoteKind.group_sharing, "What did we notice in our pair or group?"),),
        (
            "What did we do that helped trust grow?",
            "What got in the way of trust?",
            "What patterns do we notice across our stories?",
        ),
    ),
    StepInfo(
        SessionStep.whole_team,
        "Whole-team debrief",
        "The whole team together",
        "Bring the pairs and groups together and chart what you heard in two columns.",
        (
            (NoteKind.strength, "Trust strengths: what we do that builds trust"),
            (NoteKind.opportunity, "Trust opportunities: where we can grow trust"),
        ),
    ),
    StepInfo(
        SessionStep.commitment,
        "Commitment to action",
        "Each of us",
        "Each member writes one commitment, public to the team, with a date to check back on it.",
        questions=("What is one thing I will do to strengthen trust in our team?",),
    ),
)
COMMITMENT_QUESTION = STEPS[-1].questions[0]
STEP_INFO = {info.step: info for info in STEPS}
ORDER = [SessionStep.ready, *(info.step for info in STEPS), SessionStep.finished]
STEP_LABELS = {
    SessionStep.ready: "Not started",
    SessionStep.finished: "Finished",
    **{info.step: info.label for info in STEPS},
}
#: notes written alone stay private to their writer until the group moves on to sharing
PRIVATE_STEPS = (SessionStep.ready, SessionStep.individual)
KIND_ORDER = [kind for info in STEPS for kind, _ in info.prompts]


@dataclass(frozen=True)
class SessionAccess:
    session: ReflectionSession
    team: TeamAccess
    actor_id: str | None

    @property
    def can_facilitate(self) -> bool:
        return self.team.can_manage or (
            self.team.is_member and self.session.facilitator_id == self.actor_id
        )


def _session_access(actor: Actor, session_id: str) -> SessionAccess:
    session = db.session.get(ReflectionSession, session_id)
    if session is None:
        raise NotFound(SESSION_NOT_FOUND)
    try:
        access = team_access(actor, session.team_id)
    except NotFound:
        raise NotFound(SESSION_NOT_FOUND) from None
    return SessionAccess(session=session, team=access, actor_id=actor.id)


def _check_facilitator(team_id: str, facilitator_id: str | None) -> None:
    if facilitator_id and not is_team_member(team_id, facilitator_id):
        raise Unprocessable(
            "The facilitator must be a member of the team.",
            errors={"facilitator_id": ["Choose one of the team's members."]},
        )


def team_sessions(actor: Actor, team_id: str) -> Select:
    """A team's reflection sessions, newest first."""
    return sessions_of(team_access(actor, team_id))


def sessions_of(access: TeamAccess) -> Select:
    """A team's sessions, newest first (`team_sessions` once its access is known)."""
    return (
        select(ReflectionSession)
        .options(joinedload(ReflectionSession.facilitator))
        .where(ReflectionSession.team_id == access.team_id)
        .order_by(ReflectionSession.created_at.desc(), ReflectionSession.id)
    )


def _check_cycle(team_id: str, cycle_id: str | None) -> None:
    if (
        cycle_id is not None
        and db.session.scalar(
            select(Cycle.id).where(Cycle.id == cycle_id, Cycle.team_id == team_id)
        )
        is None
    ):
        raise Unprocessable(
            "The session reflects on a cycle of this team.",
            errors={"cycle_id": ["Choose one of this team's cycles."]},
        )


@transactional
def create_session(
    actor: Actor,
    team_id: str,
    *,
    title: str,
    facilitator_id: str | None = None,
    cycle_id: str | None = None,
    **minutes: int,
) -> ReflectionSession:
    """Plan a session on a shared task — a cycle of the team — (teachers, admins); the
    facilitator defaults to whoever plans it. Raises Forbidden, Unprocessable."""
    access = team_access(actor, team_id)
    access.require_manage()
    if facilitator_id is None and access.is_member:
        facilitator_id = actor.id
    _check_facilitator(team_id, facilitator_id)
    _check_cycle(team_id, cycle_id)
    session = ReflectionSession(
        team_id=team_id,
        title=title.strip(),
        facilitator_id=facilitator_id,
        cycle_id=cycle_id,
        created_by_id=actor.id,
        **minutes,
    )
    db.session.add(session)
    db.session.flush()
    record(
        team_id,
        actor,
        "trust.session_planned",
        f"planned the joint-work reflection “{session.title}”",
        subject_id=session.id,
    )
    return session


def get_session(actor: Actor, session_id: str) -> SessionAccess:
    return _session_access(actor, session_id)


@transactional
def update_session(actor: Actor, session_id: str, changes: dict) -> SessionAccess:
    """Rename, change the facilitator or the minutes per step (facilitator, teachers, admins)."""
    access = _session_access(actor, session_id)
    if not access.can_facilitate:
        raise Forbidden(
            "Only the session's facilitator, the team's teachers or an admin can change it."
        )
    if "facilitator_id" in changes:
        _check_facilitator(access.session.team_id, changes["facilitator_id"])
    if "cycle_id" in changes:
        _check_cycle(access.session.team_id, changes["cycle_id"])
    if "title" in changes:
        changes["title"] = changes["title"].strip()
    for field, value in changes.items():
        setattr(access.session, field, value)
    return access


@transactional
def move_to_step(
    actor: Actor, session_id: str, *, step: SessionStep, restart_timer: bool = False
) -> SessionAccess:
    """Move the session to a step and start its timer (facilitator, teachers, admins).
    Asking for the step it is already on changes nothing (a double click is harmless) unless
    restart_timer says to start that step's timer again."""
    access = _session_access(actor, session_id)
    if not access.can_facilitate:
        raise Forbidden(
            "Only the session's facilitator, the team's teachers or an admin can "
            "move it to another step."
        )
    session = access.session
    if step is session.step:
        if restart_timer and step in STEP_INFO:
            session.step_started_at = utcnow()
        return access
    was = session.step
    session.step = step
    session.step_started_at = utcnow() if step in STEP_INFO else None
    if was is SessionStep.ready:
        record(
            session.team_id,
            actor,
            "trust.session_started",
            f"started the joint-work reflection “{session.title}”",
            subject_id=session.id,
        )
    elif step is SessionStep.finished:
        record(
            session.team_id,
            actor,
            "trust.session_finished",
            f"finished the joint-work reflection “{session.title}”",
            subject_id=session.id,
        )
    return access


def describe_sessions(
    actor: Actor, sessions: Sequence[ReflectionSession], access: TeamAccess | None = None
) -> list[dict]:
    """Sessions with their steps, timer and counts; two queries for any number of sessions."""
    ids = [session.id for session in sessions]
    cycle_ids = {session.cycle_id for session in sessions if session.cycle_id}
    cycles = (
        {
            cycle_id: {"id": cycle_id, "number": number, "title": title, "puzzle": question}
            for cycle_id, number, title, question in db.session.execute(
                select(Cycle.id, Cycle.number, Cycle.title, Puzzle.question)
                .join(Puzzle, Puzzle.id == Cycle.puzzle_id)
                .where(Cycle.id.in_(cycle_ids))
            )
        }
        if cycle_ids
        else {}
    )
    if access is None and sessions:
        access = team_access(actor, sessions[0].team_id)
    commitments: dict[str, int] = {}
    mine: set[str] = set()
    if ids:
        for session_id, user_id in db.session.execute(
            select(Commitment.session_id, Commitment.user_id).where(Commitment.session_id.in_(ids))
        ):
            commitments[session_id] = commitments.get(session_id, 0) + 1
            if user_id == actor.id:
                mine.add(session_id)
    result = []
    for session in sessions:
        ends_at = None
        info = STEP_INFO.get(session.step)
        if info and session.step_started_at:
            ends_at = session.step_started_at + timedelta(
                minutes=getattr(session, info.minutes_field)
            )
        can_facilitate = access is not None and (
            access.can_manage or (access.is_member and session.facilitator_id == actor.id)
        )
        result.append(
            {
                "id": session.id,
                "team_id": session.team_id,
                "title": session.title,
                "cycle": cycles.get(session.cycle_id) if session.cycle_id else None,
                "step": session.step,
                "step_label": STEP_LABELS[session.step],
                "step_started_at": session.step_started_at,
                "step_ends_at": ends_at,
                "steps": [
                    {
                        "step": item.step,
                        "label": item.label,
                        "grouping": item.grouping,
                        "guidance": item.guidance,
                        "minutes": getattr(session, item.minutes_field),
                        "prompts": [{"kind": kind, "prompt": text} for kind, text in item.prompts],
                        "questions": list(item.questions),
                    }
                    for item in STEPS
                ],
                "facilitator": session.facilitator,
                "can_facilitate": can_facilitate,
                "commitment_count": commitments.get(session.id, 0),
                "i_have_committed": session.id in mine,
                "created_at": session.created_at,
            }
        )
    return result


def describe_session(actor: Actor, access: SessionAccess) -> dict:
    return describe_sessions(actor, [access.session], access.team)[0]


# ---- Notes -----------------------------------------------------------------------------------


def session_notes(actor: Actor, session_id: str, *, kind: NoteKind | None = None) -> Select:
    """The session's notes grouped by prompt and sorted by their text — never by when they were
    written, so their order points at no one. Notes written alone stay private to their writer
    until the session moves on to sharing."""
    access = _session_access(actor, session_id)
    kind_rank = case(
        {value: rank for rank, value in enumerate(KIND_ORDER)},
        value=SessionNote.kind,
        else_=len(KIND_ORDER),
    )
    query = (
        select(SessionNote)
        .options(joinedload(SessionNote.author))
        .where(SessionNote.session_id == session_id)
        .order_by(kind_rank, SessionNote.body, SessionNote.id)
    )
    if access.session.step in PRIVATE_STEPS:
        query = query.where(SessionNote.author_id == actor.id)
    if kind:
        query = query.where(SessionNote.kind == kind)
    return query


@transactional
def add_note(
    actor: Actor, session_id: str, *, kind: NoteKind, body: str, anonymous: bool = False
) -> SessionNote:
    """Add a note (members). An anonymous note keeps no author at all, so no one — not even
    its writer — can later tie it to them."""
    access = _session_access(actor, session_id)
    access.team.require_contribute()
    if not access.team.is_member:
        raise Forbidden("Only members of the team write notes in its reflection.")
    step = access.session.step
    if step is SessionStep.ready:
        raise Conflict("This session hasn't started yet. Notes open with the first step.")
    if step is SessionStep.finished:
        raise Conflict("This session has finished, so its notes are kept as they are.")
    note = SessionNote(
        session_id=session_id,
        kind=kind,
        body=body.strip(),
        author_id=None if anonymous else actor.id,
    )
    db.session.add(note)
    return note


@transactional
def delete_note(actor: Actor, note_id: str) -> None:
    """Take a note down: its named writer, or the facilitator, a teacher or an admin."""
    note = db.session.get(SessionNote, note_id)
    if note is None:
        raise NotFound(NOTE_NOT_FOUND)
    try:
        access = _session_access(actor, note.session_id)
    except NotFound:
        raise NotFound(NOTE_NOT_FOUND) from None
    if not (access.can_facilitate or (note.author_id is not None and note.author_id == actor.id)):
        raise Forbidden("Only the note's writer or the session's facilitator can take it down.")
    db.session.delete(note)


def describe_notes(actor: Actor, notes: Sequence[SessionNote]) -> list[dict]:
    return [
        {
            "id": note.id,
            "kind": note.kind,
            "body": note.body,
            "anonymous": note.author_id is None,
            "author": note.author,
            "is_mine": note.author_id is not None and note.author_id == actor.id,
        }
        for note in notes
    ]


# ---- Commitments -----------------------------------------------------------------------------


@transactional
def make_commitment(actor: Actor, session_id: str, *, body: str, follow_up_on: date) -> Commitment:
    """A member's one commitment from a session, posted to the team's wall.
    Raises Conflict (too early in the session, or already made), Unprocessable (past date)."""
    access = _session_access(actor, session_id)
    if not access.team.is_member:
        raise Forbidden("Only members of the team make commitments in its reflection.")
    session = access.session
    if ORDER.index(session.step) < ORDER.index(SessionStep.commitment):
        raise Conflict("Commitments come in the last step. Wait for the facilitator to get there.")
    if follow_up_on < team_today(access.team.team):
        raise Unprocessable(
            "Choose a follow-up date from today on.",
            errors={"follow_up_on": ["Choose today or a later date."]},
        )
    taken = db.session.scalar(
        select(Commitment.id).where(
            Commitment.session_id == session_id, Commitment.user_id == actor.id
        )
    )
    if taken:
        raise Conflict(
            "You have already made your commitment for this session. You can edit "
            "it on the commitments wall."
        )
    commitment = Commitment(
        session_id=session_id,
        team_id=session.team_id,
        user_id=actor.id,
        body=body.strip(),
        follow_up_on=follow_up_on,
    )
    db.session.add(commitment)
    db.session.flush()
    record(
        session.team_id,
        actor,
        "trust.commitment_made",
        f"committed to “{commitment.body}” (follow up {follow_up_on:%-d %b})",
        subject_id=commitment.id,
    )
    return commitment


def team_commitments(
    actor: Actor,
    team_id: str,
    *,
    status: CommitmentStatus | None = None,
    session_id: str | None = None,
    user_id: str | None = None,
) -> Select:
    """The team's commitments wall: open ones first, soonest follow-up first."""
    team_access(actor, team_id)
    open_first = case((Commitment.status == CommitmentStatus.open, 0), else_=1)
    query = (
        select(Commitment)
        .options(joinedload(Commitment.user), joinedload(Commitment.session))
        .where(Commitment.team_id == team_id)
        .order_by(open_first, Commitment.follow_up_on, Commitment.created_at, Commitment.id)
    )
    if status:
        query = query.where(Commitment.status == status)
    if session_id:
        query = query.where(Commitment.session_id == session_id)
    if user_id:
        query = query.where(Commitment.user_id == user_id)
    return query


@transactional
def update_commitment(actor: Actor, commitment_id: str, changes: dict) -> Commitment:
    """Its maker rewords it, moves the follow-up date or marks it kept or let go."""
    commitment = db.session.get(Commitment, commitment_id)
    if commitment is None:
        raise NotFound(COMMITMENT_NOT_FOUND)
    try:
        access = team_access(actor, commitment.team_id)
    except NotFound:
        raise NotFound(COMMITMENT_NOT_FOUND) from None
    if commitment.user_id != actor.id:
        raise Forbidden("Only the person who made a commitment can change it.")
    new_date = changes.get("follow_up_on", commitment.follow_up_on)
    if new_date != commitment.follow_up_on and new_date < team_today(access.team):
        raise Unprocessable(
            "Choose a follow-up date from today on.",
            errors={"follow_up_on": ["Choose today or a later date."]},
        )
    if "body" in changes:
        changes["body"] = changes["body"].strip()
    if "status" in changes and changes["status"] is not commitment.status:
        label = {"kept": "kept", "let_go": "let go of", "open": "reopened"}[changes["status"].value]
        record(
            commitment.team_id,
            actor,
            "trust.commitment_followed_up",
            f"{label} the commitment “{commitment.body}”",
            subject_id=commitment.id,
        )
    for field in ("body", "follow_up_on", "status"):
        if field in changes:
            setattr(commitment, field, changes[field])
    return commitment
