"""Comments on a cycle: how members and the team's coaches talk about the work. A comment can
answer another one and can be about one piece of evidence or one note of the same cycle."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from api.activity.service import record
from api.actor import Actor
from api.analysis.models import AnalysisNote
from api.comments.models import Comment
from api.cycles.access import (
    CycleAccess,
    cycle_access,
    cycle_item,
    note_activity,
    require_unchanged,
)
from api.db import utcnow
from api.errors import Forbidden, Unprocessable
from api.evidence.models import Evidence
from api.extensions import db
from api.notices import tell
from api.transactions import transactional

COMMENT_NOT_FOUND = "We couldn't find that comment."


def cycle_comments(actor: Actor, cycle_id: str) -> Select:
    """A cycle's comments, oldest first, like a conversation."""
    return comments_of(cycle_access(actor, cycle_id))


def comments_of(access: CycleAccess) -> Select:
    """The comments of a cycle the caller may see (`cycle_comments` once its access is known)."""
    return (
        select(Comment)
        .options(joinedload(Comment.author))
        .where(Comment.cycle_id == access.cycle.id)
        .order_by(Comment.created_at, Comment.id)
    )


def _in_cycle(model, item_id: str | None, cycle_id: str, field: str, words: str):
    """The evidence, note or comment a new comment points at: of the same cycle, or refused."""
    if item_id is None:
        return None
    item = db.session.get(model, item_id)
    if item is None or item.cycle_id != cycle_id:
        message = f"Choose {words} of this cycle."
        raise Unprocessable(message, errors={field: [message]})
    return item


def _tell(actor: Actor, access: CycleAccess, comment: Comment, parent, evidence, note) -> None:
    cycle = access.cycle
    name = actor.user.display_name if actor.user else "Someone"
    about = f" on “{evidence.title}”" if evidence else " on a note" if note else ""
    organization_id = access.team.team.organization_id

    def tell_about_comment(people: list[str | None], kind: str, title: str) -> None:
        tell(
            people,
            actor=actor,
            organization_id=organization_id,
            kind=kind,
            title=title,
            body=comment.body[:300],
            link=f"/cycles/{cycle.id}#comment-{comment.id}",
            subject_type="comment",
            subject_id=comment.id,
        )

    if parent is not None:
        tell_about_comment([parent.author_id], "comment.reply", f"{name} replied to your comment")
    if access.team.is_coach:
        # The coach's words reach whoever runs the cycle, and whoever made what they are about.
        told = {parent.author_id} if parent is not None else set()
        people = [f.user_id for f in cycle.facilitators]
        people += [evidence.added_by_id] if evidence else []
        people += [note.author_id] if note else []
        tell_about_comment(
            [person for person in people if person not in told],
            "comment.coach",
            f"{name}, your coach, commented{about} in cycle {cycle.number}",
        )


@transactional
def add_comment(
    actor: Actor,
    cycle_id: str,
    *,
    body: str,
    parent_id: str | None = None,
    evidence_id: str | None = None,
    note_id: str | None = None,
) -> Comment:
    """Anyone who can see the team comments (members, coaches, admins), even on ended cycles.
    A reply keeps the evidence or note of the comment it answers.

    Raises NotFound, Unprocessable (empty, or pointing at something of another cycle)."""
    access = cycle_access(actor, cycle_id, with_people=True)
    cycle = access.cycle
    text = body.strip()
    if not text:
        raise Unprocessable("Write something first.", errors={"body": ["Write something first."]})
    parent = _in_cycle(Comment, parent_id, cycle.id, "parent_id", "a comment")
    if parent is not None and evidence_id is None and note_id is None:
        evidence_id, note_id = parent.evidence_id, parent.note_id
    evidence = _in_cycle(Evidence, evidence_id, cycle.id, "evidence_id", "evidence")
    note = _in_cycle(AnalysisNote, note_id, cycle.id, "note_id", "a note")
    if evidence is not None and note is not None:
        message = "A comment is about one piece of evidence or one note, not both."
        raise Unprocessable(message, errors={"note_id": [message]})
    comment = Comment(
        cycle_id=cycle.id,
        author_id=actor.id,
        body=text,
        parent_id=parent.id if parent else None,
        evidence_id=evidence.id if evidence else None,
        note_id=note.id if note else None,
    )
    db.session.add(comment)
    db.session.flush()
    about = (
        f" on “{evidence.title}”"
        if evidence
        else " on a note"
        if note
        else f" on cycle {cycle.number}"
    )
    record(
        cycle.team_id,
        actor,
        "comment.added",
        f"replied to a comment{about}" if parent else f"commented{about}",
        cycle_id=cycle.id,
        subject_id=comment.id,
    )
    _tell(actor, access, comment, parent, evidence, note)
    note_activity(cycle)
    return comment


def _own_comment(actor: Actor, comment_id: str, verb: str) -> tuple[Comment, CycleAccess]:
    comment, access = cycle_item(actor, Comment, comment_id, COMMENT_NOT_FOUND)
    if comment.author_id != actor.id:
        raise Forbidden(f"Only the person who wrote a comment can {verb} it.")
    return comment, access


@transactional
def update_comment(
    actor: Actor, comment_id: str, *, body: str, if_match: str | None = None
) -> Comment:
    """Its author changes a comment's words; it then shows as edited.

    Raises NotFound, Forbidden (not the author), StaleVersion, Unprocessable (empty)."""
    comment, access = _own_comment(actor, comment_id, "change")
    require_unchanged(comment, if_match, "comment")
    text = body.strip()
    if not text:
        raise Unprocessable("Write something first.", errors={"body": ["Write something first."]})
    if text != comment.body:
        comment.body = text
        comment.edited_at = utcnow()
        record(
            access.cycle.team_id,
            actor,
            "comment.edited",
            "edited a comment",
            cycle_id=access.cycle.id,
            subject_id=comment.id,
        )
        note_activity(access.cycle)
    db.session.flush()
    return comment


@transactional
def delete_comment(actor: Actor, comment_id: str) -> None:
    """Only a comment's author deletes it; its replies stay."""
    comment, access = _own_comment(actor, comment_id, "delete")
    record(
        access.cycle.team_id,
        actor,
        "comment.removed",
        f"deleted a comment on cycle {access.cycle.number}",
        cycle_id=access.cycle.id,
        subject_id=comment.id,
    )
    note_activity(access.cycle)
    db.session.delete(comment)
