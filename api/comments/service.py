"""Comments on a cycle: how members and the team's coaches talk about the work."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from api.activity.service import record
from api.actor import Actor
from api.comments.models import Comment
from api.cycles.access import cycle_access, cycle_item, note_activity
from api.errors import Forbidden, Unprocessable
from api.extensions import db
from api.transactions import transactional

COMMENT_NOT_FOUND = "We couldn't find that comment."


def cycle_comments(actor: Actor, cycle_id: str) -> Select:
    """A cycle's comments, oldest first, like a conversation."""
    cycle_access(actor, cycle_id)
    return (
        select(Comment)
        .options(joinedload(Comment.author))
        .where(Comment.cycle_id == cycle_id)
        .order_by(Comment.created_at, Comment.id)
    )


@transactional
def add_comment(actor: Actor, cycle_id: str, *, body: str) -> Comment:
    """Anyone who can see the team comments (members, coaches, admins), even on ended cycles."""
    access = cycle_access(actor, cycle_id)
    cycle = access.cycle
    text = body.strip()
    if not text:
        raise Unprocessable("Write something first.", errors={"body": ["Write something first."]})
    comment = Comment(cycle_id=cycle.id, author_id=actor.id, body=text)
    db.session.add(comment)
    db.session.flush()
    record(
        cycle.team_id,
        actor,
        "comment.added",
        f"commented on cycle {cycle.number}",
        cycle_id=cycle.id,
        subject_id=comment.id,
    )
    note_activity(cycle)
    return comment


@transactional
def delete_comment(actor: Actor, comment_id: str) -> None:
    """Only a comment's author deletes it."""
    comment, access = cycle_item(actor, Comment, comment_id, COMMENT_NOT_FOUND)
    if comment.author_id != actor.id:
        raise Forbidden("Only the person who wrote a comment can delete it.")
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
