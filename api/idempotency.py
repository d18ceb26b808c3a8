"""`Idempotency-Key` on POSTs: a machine may retry a request without doing the work twice.

The first request with a key runs and its response is kept for 24 hours; a replay with the same
body gets that response again (with `Idempotent-Replayed: true`); the same key with a different
body is refused with 422. Keys belong to the caller (a person or an integration client).
Only successful responses are kept, so a refused request can be fixed and sent again.

    @blp.route("/things", methods=["POST"])
    @idempotent
    @blp.arguments(ThingCreateSchema)
    @blp.response(201, ThingSchema)
    def create_thing(data): ...
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from datetime import datetime, timedelta
from functools import wraps

from flask import Response, make_response, request
from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from api.actor import Actor, current_actor
from api.db import Base, CreatedMixin, IdMixin, utcnow
from api.errors import BadRequest, Conflict, Unprocessable
from api.extensions import db
from api.transactions import transaction, transactional

HEADER = "Idempotency-Key"
KEEP_FOR = timedelta(hours=24)
MAX_KEY_LENGTH = 255
DIFFERENT_REQUEST = "This Idempotency-Key was used with a different request."
FINGERPRINT_CHUNK = 1024 * 1024


class IdempotencyRecord(IdMixin, CreatedMixin, Base):
    """A request made with an Idempotency-Key, and the response it got."""

    __tablename__ = "idempotency_records"
    __table_args__ = (UniqueConstraint("owner", "key"),)

    #: "user:<id>" or "client:<id>": keys of different callers never meet
    owner: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(MAX_KEY_LENGTH))
    #: sha256 of method, path, query and body
    request_hash: Mapped[str] = mapped_column(String(64))
    #: None while the first request is still running
    status_code: Mapped[int | None] = mapped_column(Integer)
    content_type: Mapped[str | None] = mapped_column(String(100))
    body: Mapped[str | None] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    client_id: Mapped[str | None] = mapped_column(
        ForeignKey("integration_clients.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )


def _owner(actor: Actor) -> str:
    return f"client:{actor.client_id}" if actor.is_client else f"user:{actor.id}"


def _body_fingerprint(hasher) -> None:
    if request.mimetype == "multipart/form-data":
        # Multipart boundaries are random: compare the fields and the files' contents instead.
        for name, value in sorted(request.form.items(multi=True)):
            hasher.update(f"form:{name}={value}\n".encode())
        for name, upload in sorted(request.files.items(multi=True), key=lambda item: item[0]):
            # In chunks: an upload may be hundreds of megabytes (werkzeug spooled it to disk).
            content = hashlib.sha256()
            while chunk := upload.stream.read(FINGERPRINT_CHUNK):
                content.update(chunk)
            upload.stream.seek(0)
            hasher.update(f"file:{name}:{upload.filename}:".encode())
            hasher.update(content.digest())
        return
    body = request.get_data(cache=True)
    if request.is_json:
        # Malformed JSON is hashed as sent; the view refuses it itself.
        with contextlib.suppress(ValueError):
            body = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    hasher.update(body)


def request_fingerprint() -> str:
    hasher = hashlib.sha256()
    hasher.update(f"{request.method} {request.path}?{request.query_string.decode()}\n".encode())
    _body_fingerprint(hasher)
    return hasher.hexdigest()


def _replay(record: IdempotencyRecord) -> Response:
    response = Response(record.body or "", status=record.status_code)
    response.headers["Content-Type"] = record.content_type or "application/json"
    response.headers["Idempotent-Replayed"] = "true"
    return response


STILL_RUNNING = "A request with this Idempotency-Key is still running. Try again soon."


def _claim(actor: Actor, key: str, fingerprint: str) -> IdempotencyRecord | Response:
    """Find the key's earlier request, or claim the key for this one. The claim is an operation
    of its own, before the view's: a retry sent meanwhile must already see it."""
    try:
        with transaction():
            return _find_or_claim(_owner(actor), actor, key, fingerprint)
    except IntegrityError:
        raise Conflict(STILL_RUNNING) from None


def _find_or_claim(
    owner: str, actor: Actor, key: str, fingerprint: str
) -> IdempotencyRecord | Response:
    found = db.session.scalar(
        select(IdempotencyRecord).where(
            IdempotencyRecord.owner == owner, IdempotencyRecord.key == key
        )
    )
    if found is not None and found.expires_at <= utcnow():
        db.session.delete(found)
        db.session.flush()
        found = None
    if found is not None:
        if found.request_hash != fingerprint:
            raise Unprocessable(DIFFERENT_REQUEST, errors={HEADER: [DIFFERENT_REQUEST]})
        if found.status_code is None:
            raise Conflict(STILL_RUNNING)
        return _replay(found)
    record = IdempotencyRecord(
        owner=owner,
        key=key,
        request_hash=fingerprint,
        expires_at=utcnow() + KEEP_FOR,
        client_id=actor.client_id,
        user_id=actor.id,
    )
    db.session.add(record)
    db.session.flush()
    return record


def _release(record_id: str) -> None:
    """Give the key back (the view failed or refused): what the view left is rolled back, and
    the claim deleted, in an operation of its own."""
    db.session.rollback()
    with transaction():
        db.session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.id == record_id))


def idempotent(view):
    """Honour an Idempotency-Key header on this POST view (see the module's docstring)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return view(*args, **kwargs)
        key = key.strip()
        if not key or len(key) > MAX_KEY_LENGTH:
            raise BadRequest(f"Send an {HEADER} of 1 to {MAX_KEY_LENGTH} characters.")
        claimed = _claim(current_actor(), key, request_fingerprint())
        if isinstance(claimed, Response):
            return claimed
        record_id = claimed.id
        try:
            response = make_response(view(*args, **kwargs))
        except BaseException:
            _release(record_id)
            raise
        if not 200 <= response.status_code < 300:
            _release(record_id)
            return response
        with transaction():  # the view's operation has committed; the kept response is another
            record = db.session.get(IdempotencyRecord, record_id)
            if record is not None:
                record.status_code = response.status_code
                record.content_type = response.content_type
                record.body = response.get_data(as_text=True)
        return response

    wrapper.idempotent = True  # type: ignore[attr-defined]  (the OpenAPI document says so)
    return wrapper


@transactional
def forget_expired() -> int:
    """Delete records older than 24 hours (for a periodic task); returns how many."""
    result = db.session.execute(
        delete(IdempotencyRecord).where(IdempotencyRecord.expires_at <= utcnow())
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
