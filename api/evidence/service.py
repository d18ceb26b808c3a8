"""Evidence a team collects in a cycle: a file streamed to the store, a text, or a link."""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import PurePosixPath
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from flask import url_for
from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

from api.activity.service import record
from api.actor import Actor
from api.cycles.access import (
    CycleAccess,
    cycle_access,
    cycle_item,
    note_activity,
    require_unchanged,
)
from api.db import utcnow
from api.errors import Forbidden, ForbiddenFileType, NotFound, Unprocessable
from api.evidence.models import EVIDENCE_GROUPS, Evidence, EvidenceKind, EvidenceTag
from api.extensions import db
from api.storage import ReadableStream, Storage, StorageError, StoredFile
from api.storage.sniffing import is_runnable_name
from api.transactions import on_commit, transaction, transactional
from api.webhooks.models import EventType
from api.webhooks.outbox import emit

log = logging.getLogger(__name__)

EVIDENCE_NOT_FOUND = "We couldn't find that evidence."
NO_FILE = "This evidence has no file to download."
ONE_SOURCE = "Add one thing at a time: a file, a text or a link."
NEEDS_TITLE = "Give it a short title."
LINK_HINT = "Paste a link that starts with http:// or https://."
FUTURE_DATE = "The day it was collected can't be in the future."
NAME_MAX = 255
#: file types a browser may show in the page instead of saving (previews)
INLINE_TYPES = re.compile(r"^(image/|audio/|application/pdf$)")
#: characters Windows or macOS refuse in a file name
_RESERVED_NAME_CHARACTERS = re.compile(r'[<>:"/\\|?*]')


@dataclass(frozen=True)
class IncomingFile:
    """An upload as the web layer hands it over: a stream to read once, and the client's name."""

    stream: ReadableStream
    name: str | None


def clean_file_name(name: str | None) -> str:
    """The client's file name, safe to store and to send back in Content-Disposition.

    Keeps letters of every language; drops folders and invisible characters (controls, and
    direction marks that make "exe.png" of "png.exe"); replaces characters systems refuse.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(c for c in name if not unicodedata.category(c).startswith("C"))
    name = _RESERVED_NAME_CHARACTERS.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    if not name:
        return "file"
    if len(name) > NAME_MAX:
        suffix = PurePosixPath(name).suffix[:20]
        name = name[: NAME_MAX - len(suffix)] + suffix
    return name


def _title_from_file_name(name: str) -> str:
    stem = PurePosixPath(name).stem.strip() or name
    return stem[:200]


def _default_kind(content_type: str | None, *, text: bool, url: bool) -> EvidenceKind:
    if url:
        return EvidenceKind.link
    if text:
        return EvidenceKind.note
    if content_type and content_type.startswith("image/"):
        return EvidenceKind.photo
    if content_type and content_type.startswith("audio/"):
        return EvidenceKind.audio
    return EvidenceKind.student_work


def _check_link(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or re.search(r"\s", url):
        raise Unprocessable(LINK_HINT, errors={"url": [LINK_HINT]})
    return url


def _check_collected_on(value: date | None) -> date | None:
    # A day of grace: the person's day may already be tomorrow in UTC terms, or not yet.
    if value is not None and value > utcnow().date() + timedelta(days=1):
        raise Unprocessable(FUTURE_DATE, errors={"collected_on": [FUTURE_DATE]})
    return value


def _sources(data: dict, file: IncomingFile | None) -> list[str]:
    given = ["file"] if file is not None else []
    given += [name for name in ("text", "url") if data.get(name)]
    if not given:
        raise Unprocessable(ONE_SOURCE, errors={"file": [ONE_SOURCE]})
    if len(given) > 1:
        raise Unprocessable(ONE_SOURCE, errors={name: [ONE_SOURCE] for name in given[1:]})
    return given


def _set_tags(evidence: Evidence, tags: list[str]) -> None:
    # Reuse rows whose tag stays (maybe re-cased): deleting and re-adding one tag in a flush
    # would break its uniqueness.
    existing = {row.tag.casefold(): row for row in evidence.tags}
    rows = []
    for tag in tags:
        row = existing.get(tag.casefold()) or EvidenceTag(tag=tag)
        row.tag = tag
        rows.append(row)
    evidence.tags = rows


def cycle_evidence(
    actor: Actor,
    cycle_id: str,
    *,
    kind: EvidenceKind | None = None,
    group: str | None = None,
    tag: str | None = None,
    student_voice: bool | None = None,
    updated_since: datetime | None = None,
) -> Select:
    """A cycle's evidence, newest first, with tags and who added it loaded in two queries;
    `updated_since` keeps what was added or changed since.

    Raises NotFound when the actor may not see the cycle's team.
    """
    return evidence_of(
        cycle_access(actor, cycle_id),
        kind=kind,
        group=group,
        tag=tag,
        student_voice=student_voice,
        updated_since=updated_since,
    )


def evidence_of(
    access: CycleAccess,
    *,
    kind: EvidenceKind | None = None,
    group: str | None = None,
    tag: str | None = None,
    student_voice: bool | None = None,
    updated_since: datetime | None = None,
) -> Select:
    """The evidence of a cycle the caller may see (`cycle_evidence` once its access is known)."""
    query = (
        select(Evidence)
        .options(selectinload(Evidence.tags), joinedload(Evidence.added_by))
        .where(Evidence.cycle_id == access.cycle.id)
        .order_by(Evidence.created_at.desc(), Evidence.id.desc())
    )
    if kind is not None:
        query = query.where(Evidence.kind == kind)
    if group is not None:
        kinds = [kind for kind, kind_group in EVIDENCE_GROUPS.items() if kind_group == group]
        query = query.where(Evidence.kind.in_(kinds))
    if tag:
        query = query.where(
            Evidence.id.in_(
                select(EvidenceTag.evidence_id).where(
                    func.lower(EvidenceTag.tag) == tag.strip().lower()
                )
            )
        )
    if student_voice is not None:
        query = query.where(Evidence.student_voice.is_(student_voice))
    if updated_since is not None:
        query = query.where(Evidence.updated_at >= updated_since)
    return query


def add_evidence(
    actor: Actor,
    cycle_id: str,
    data: dict,
    file: IncomingFile | None,
    *,
    storage: Storage,
    max_bytes: int,
) -> Evidence:
    """Add a file, a text or a link to an open cycle (members and org admins).

    The file is streamed to ``storage``, checked by its bytes and size on the way; if the row
    can't be written the stored file is removed again, so nothing is left half-added.
    Raises NotFound, Forbidden (coaches), Conflict (the cycle has ended), Unprocessable, and
    the storage errors (EmptyFile, FileTooLarge, ForbiddenFileType, StorageUnavailable).
    """
    access = cycle_access(actor, cycle_id)
    access.require_contribute()
    (source,) = _sources(data, file)
    title = (data.get("title") or "").strip()
    if source != "file" and not title:
        raise Unprocessable(NEEDS_TITLE, errors={"title": [NEEDS_TITLE]})
    url = _check_link(data["url"]) if source == "url" else None
    collected_on = _check_collected_on(data.get("collected_on"))
    evidence = Evidence(
        cycle_id=access.cycle.id,
        team_id=access.cycle.team_id,
        title=title,
        description=(data.get("description") or "").strip(),
        collected_on=collected_on,
        student_voice=bool(data.get("student_voice")),
        text=data["text"].strip() if source == "text" else None,
        url=url,
        added_by_id=actor.id,
    )
    _set_tags(evidence, data.get("tags") or [])
    if file is None:
        with transaction():
            return _save(access, actor, evidence, data.get("kind"))
    if is_runnable_name(clean_file_name(file.name)):
        # Refused by name before a byte is stored: a program is a program, whatever it holds.
        raise ForbiddenFileType(detected="a runnable file name")
    stored = storage.save(file.stream, max_bytes=max_bytes)
    try:
        with transaction():
            _attach(evidence, stored, clean_file_name(file.name))
            return _save(access, actor, evidence, data.get("kind"))
    except BaseException:
        _discard(storage, stored.key)
        raise


def _attach(evidence: Evidence, stored: StoredFile, name: str) -> None:
    evidence.storage_key = stored.key
    evidence.original_name = name
    evidence.content_type = stored.content_type
    evidence.size = stored.size
    evidence.sha256 = stored.sha256
    evidence.title = evidence.title or _title_from_file_name(name)


def _save(
    access: CycleAccess, actor: Actor, evidence: Evidence, kind: EvidenceKind | None
) -> Evidence:
    evidence.kind = kind or _default_kind(
        evidence.content_type, text=evidence.text is not None, url=evidence.url is not None
    )
    db.session.add(evidence)
    db.session.flush()
    record(
        access.cycle.team_id,
        actor,
        "evidence.added",
        f"added evidence “{evidence.title}”",
        cycle_id=access.cycle.id,
        subject_id=evidence.id,
    )
    note_activity(access.cycle)
    emit(access.team.team.organization_id, EventType.evidence_added, _webhook_data(evidence))
    return evidence


def _webhook_data(evidence: Evidence) -> dict[str, Any]:
    """What an evidence.added webhook carries: ids and labels, never the file or text itself."""
    return {
        "evidence_id": evidence.id,
        "cycle_id": evidence.cycle_id,
        "team_id": evidence.team_id,
        "kind": evidence.kind.value,
        "title": evidence.title,
        "student_voice": evidence.student_voice,
        "has_file": evidence.storage_key is not None,
        "added_by_id": evidence.added_by_id,
    }


def _discard(storage: Storage, key: str) -> None:
    """Remove a stored file whose row is gone or never came; a failure here is only logged."""
    try:
        storage.delete(key)
    except StorageError:
        log.warning("could not remove stored evidence file %s; it is now unreferenced", key)


def _evidence_in_reach(actor: Actor, evidence_id: str) -> tuple[Evidence, CycleAccess]:
    return cycle_item(actor, Evidence, evidence_id, EVIDENCE_NOT_FOUND)


def _require_editor(evidence: Evidence, access: CycleAccess, actor: Actor) -> None:
    """Whoever added it (while still on the team), the team's teachers and org admins."""
    added_it = evidence.added_by_id == actor.id and access.team.can_contribute
    if not (added_it or access.team.can_manage):
        raise Forbidden("Only the person who added this evidence or the team's teachers can.")


def get_evidence(actor: Actor, evidence_id: str) -> Evidence:
    """One piece of evidence; NotFound unless the actor can see its team (coaches can)."""
    return _evidence_in_reach(actor, evidence_id)[0]


@transactional
def update_evidence(
    actor: Actor, evidence_id: str, data: dict, *, if_match: str | None = None
) -> Evidence:
    """Change its title, description, kind, tags, date or student-voice flag.

    Raises NotFound, Forbidden (not the person who added it, nor a teacher or admin),
    Conflict (the cycle has ended), StaleVersion (If-Match older than the evidence),
    Unprocessable (an empty title, a date in the future).
    """
    evidence, access = _evidence_in_reach(actor, evidence_id)
    _require_editor(evidence, access, actor)
    access.require_open()
    require_unchanged(evidence, if_match, "evidence")
    old_title = evidence.title
    if "title" in data:
        if not data["title"].strip():
            raise Unprocessable(NEEDS_TITLE, errors={"title": [NEEDS_TITLE]})
        evidence.title = data["title"].strip()
    if "description" in data:
        evidence.description = data["description"].strip()
    if "kind" in data:
        evidence.kind = data["kind"]
    if "collected_on" in data:
        evidence.collected_on = _check_collected_on(data["collected_on"])
    if "student_voice" in data:
        evidence.student_voice = data["student_voice"]
    if "tags" in data:
        _set_tags(evidence, data["tags"])
    record(
        access.cycle.team_id,
        actor,
        "evidence.updated",
        f"renamed evidence “{old_title}” to “{evidence.title}”"
        if evidence.title != old_title
        else f"edited evidence “{evidence.title}”",
        cycle_id=evidence.cycle_id,
        subject_id=evidence.id,
    )
    note_activity(access.cycle)
    return evidence


@transactional
def delete_evidence(actor: Actor, evidence_id: str, *, storage: Storage) -> None:
    """Delete evidence and its stored file; notes that cited it no longer do.

    Whoever added it may while the cycle is open; the team's teachers and org admins may at
    any time (a family may ask for a photo to be taken down after the cycle has ended).
    Raises NotFound, Forbidden, Conflict.
    """
    evidence, access = _evidence_in_reach(actor, evidence_id)
    _require_editor(evidence, access, actor)
    if not access.team.can_manage:
        access.require_open()
    key = evidence.storage_key
    record(
        access.cycle.team_id,
        actor,
        "evidence.removed",
        f"removed evidence “{evidence.title}”",
        cycle_id=evidence.cycle_id,
        subject_id=evidence.id,
    )
    note_activity(access.cycle)
    db.session.delete(evidence)
    # Only once the row is gone: a failed commit must not leave a row without its file.
    if key:
        on_commit(lambda: _discard(storage, key))


def replace_file(
    actor: Actor,
    evidence_id: str,
    file: IncomingFile | None,
    *,
    storage: Storage,
    max_bytes: int,
    if_match: str | None = None,
) -> Evidence:
    """Put a new file in place of the evidence's file (or give a text or link one); the old
    file's stored bytes are deleted once the change is committed.

    Raises what update_evidence raises, and the storage errors of an upload.
    """
    evidence, access = _evidence_in_reach(actor, evidence_id)
    _require_editor(evidence, access, actor)
    access.require_open()
    require_unchanged(evidence, if_match, "evidence")
    if file is None:
        message = "Choose a file first."
        raise Unprocessable(message, errors={"file": [message]})
    old_key = evidence.storage_key
    stored = storage.save(file.stream, max_bytes=max_bytes)
    try:
        with transaction():
            name = clean_file_name(file.name)
            _attach(evidence, stored, name)
            evidence.updated_at = utcnow()
            record(
                access.cycle.team_id,
                actor,
                "evidence.file_replaced",
                f"put “{name}” in as the file of “{evidence.title}”",
                cycle_id=evidence.cycle_id,
                subject_id=evidence.id,
            )
            note_activity(access.cycle)
            if old_key:
                on_commit(lambda: _discard(storage, old_key))
    except BaseException:
        _discard(storage, stored.key)
        raise
    return evidence


@transactional
def remove_file(
    actor: Actor, evidence_id: str, *, storage: Storage, if_match: str | None = None
) -> Evidence:
    """Take the file off; its stored bytes are deleted. The evidence stays, with its title,
    description and tags, as a text (to fill in or delete).

    Raises NotFound (no file), Forbidden, Conflict (ended), StaleVersion.
    """
    evidence, access = _evidence_in_reach(actor, evidence_id)
    _require_editor(evidence, access, actor)
    access.require_open()
    require_unchanged(evidence, if_match, "evidence")
    key = evidence.storage_key
    if key is None:
        raise NotFound(NO_FILE)
    record(
        access.cycle.team_id,
        actor,
        "evidence.file_removed",
        f"removed the file “{evidence.original_name}” from “{evidence.title}”",
        cycle_id=evidence.cycle_id,
        subject_id=evidence.id,
    )
    for field in ("storage_key", "original_name", "content_type", "size", "sha256"):
        setattr(evidence, field, None)
    if evidence.url is None:
        evidence.text = evidence.text or ""
    evidence.updated_at = utcnow()
    note_activity(access.cycle)
    on_commit(lambda: _discard(storage, key))
    return evidence


def open_file(actor: Actor, evidence_id: str, *, storage: Storage) -> tuple[Evidence, BinaryIO]:
    """The evidence and its stored file, opened for reading (the caller closes it).

    Raises NotFound (not visible, or no file) and FileMissing / StorageUnavailable.
    """
    evidence = get_evidence(actor, evidence_id)
    if not evidence.storage_key:
        raise NotFound(NO_FILE)
    return evidence, storage.open(evidence.storage_key)


def download_name(evidence: Evidence) -> str:
    """The name a download is saved under: one that can't run when opened (a file kept before
    runnable names were refused gets .txt added)."""
    name = evidence.original_name or "file"
    return f"{name}.txt" if is_runnable_name(name) else name


def may_show_inline(evidence: Evidence) -> bool:
    """Images, audio and PDFs may be previewed in the browser; anything else is saved."""
    return bool(evidence.content_type and INLINE_TYPES.match(evidence.content_type))


def describe(evidence: Evidence) -> dict[str, Any]:
    """The evidence as the API shows it (its storage key stays inside)."""
    has_file = evidence.storage_key is not None
    return {
        "id": evidence.id,
        "cycle_id": evidence.cycle_id,
        "kind": evidence.kind,
        "group": EVIDENCE_GROUPS[evidence.kind],
        "title": evidence.title,
        "description": evidence.description,
        "collected_on": evidence.collected_on,
        "tags": sorted((row.tag for row in evidence.tags), key=str.casefold),
        "student_voice": evidence.student_voice,
        "has_file": has_file,
        "original_name": evidence.original_name,
        "content_type": evidence.content_type,
        "size": evidence.size,
        "sha256": evidence.sha256,
        "download_url": (
            url_for("evidence.download_file", evidence_id=evidence.id) if has_file else None
        ),
        "text": evidence.text,
        "url": evidence.url,
        "updated_at": evidence.updated_at,
        "added_by": evidence.added_by,
        "created_at": evidence.created_at,
    }
