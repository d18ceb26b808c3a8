"""Evidence files, texts and links."""

from __future__ import annotations

from flask import current_app, request, send_file

from api.actor import CYCLES_READ, current_actor
from api.blueprint import Blueprint
from api.cycles.access import item_etag
from api.errors import Unprocessable
from api.evidence import service
from api.evidence.schemas import (
    EvidenceCreateSchema,
    EvidenceFileSchema,
    EvidenceQueryArgsSchema,
    EvidenceSchema,
    EvidenceUpdateSchema,
    EvidenceUploadSchema,
    FileQueryArgsSchema,
)
from api.evidence.storage import current_storage
from api.idempotency import idempotent
from api.openapi import IF_MATCH
from api.pagination import page_of
from api.schemas import POLLED_LIST_ARGUMENTS
from api.storage import FileTooLarge

#: room for the other form fields and the multipart framing around the file
FORM_OVERHEAD_BYTES = 1024 * 1024
#: what a previewed file may do in the browser: show itself, nothing more
PREVIEW_POLICY = "default-src 'none'; img-src 'self'; media-src 'self'; sandbox"
PROBLEM = {
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
}


class EvidenceBlueprint(Blueprint):
    # One URL takes JSON (texts, links) or a multipart upload (files): webargs' json_or_form
    # location, documented as the JSON body; the multipart body is added with @blp.doc.
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = {
        **Blueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
        "json_or_form": "application/json",
    }


blp = EvidenceBlueprint(
    "evidence",
    __name__,
    url_prefix="/api/v1",
    description="Evidence files, texts and links",
    client_reads=CYCLES_READ,
)


@blp.before_request
def limit_upload_size():
    """Refuse an upload that says it is too big before reading it, and cap one that doesn't say."""
    if request.endpoint not in ("evidence.add_evidence", "evidence.replace_file"):
        return
    max_bytes = current_app.config["MAX_UPLOAD_BYTES"]
    request.max_content_length = max_bytes + FORM_OVERHEAD_BYTES
    if request.content_length is not None and request.content_length > request.max_content_length:
        raise FileTooLarge(max_bytes)


def _incoming_file() -> service.IncomingFile | None:
    unknown = sorted(set(request.files) - {"file"})
    if unknown:
        errors = {name: ["Unknown field."] for name in unknown}
        raise Unprocessable("Send the file in a field named 'file'.", errors=errors)
    uploads = request.files.getlist("file")
    if len(uploads) > 1:
        message = "Upload one file at a time."
        raise Unprocessable(message, errors={"file": [message]})
    # A browser sends an empty, nameless part when no file was chosen.
    if not uploads or not uploads[0].filename:
        return None
    return service.IncomingFile(stream=uploads[0].stream, name=uploads[0].filename)


@blp.route("/cycles/<cycle_id>/evidence", methods=["GET"])
@blp.arguments(EvidenceQueryArgsSchema, **POLLED_LIST_ARGUMENTS)
@blp.response(200, EvidenceSchema(many=True))
@blp.paginate()
def list_evidence(args, cycle_id, pagination_parameters):
    """List a cycle's evidence, newest first; filter by kind, group, tag or student voice."""
    query = service.cycle_evidence(current_actor(), cycle_id, **args)
    return [service.describe(evidence) for evidence in page_of(query, pagination_parameters)]


@blp.route("/cycles/<cycle_id>/evidence", methods=["POST"])
@idempotent
@blp.arguments(EvidenceCreateSchema, location="json_or_form")
@blp.doc(
    requestBody={"content": {"multipart/form-data": {"schema": EvidenceUploadSchema}}},
    responses={
        "413": {"description": "The file is bigger than the upload limit", **PROBLEM},
        "415": {"description": "This kind of file can't be added (read from its bytes)", **PROBLEM},
    },
)
@blp.response(201, EvidenceSchema)
def add_evidence(data, cycle_id):
    """Add evidence to an open cycle: a file (multipart/form-data), or a text or link (JSON)."""
    evidence = service.add_evidence(
        current_actor(),
        cycle_id,
        data,
        _incoming_file(),
        storage=current_storage(),
        max_bytes=current_app.config["MAX_UPLOAD_BYTES"],
    )
    return service.describe(evidence)


@blp.route("/evidence/<evidence_id>", methods=["GET"])
@blp.response(200, EvidenceSchema)
def get_evidence(evidence_id):
    """Get one piece of evidence; a file's bytes are at its `download_url`."""
    evidence = service.get_evidence(current_actor(), evidence_id)
    return service.describe(evidence), {"ETag": item_etag(evidence)}


@blp.route("/evidence/<evidence_id>", methods=["PATCH"])
@blp.doc(parameters=[IF_MATCH])
@blp.arguments(EvidenceUpdateSchema)
@blp.response(200, EvidenceSchema)
def update_evidence(data, evidence_id):
    """Edit evidence's title, description, kind, tags or date (who added it, teachers, admins);
    412 when If-Match is older than the evidence."""
    evidence = service.update_evidence(
        current_actor(), evidence_id, data, if_match=request.headers.get("If-Match")
    )
    return service.describe(evidence), {"ETag": item_etag(evidence)}


@blp.route("/evidence/<evidence_id>", methods=["DELETE"])
@blp.response(204)
def delete_evidence(evidence_id):
    """Delete evidence and its file (who added it while the cycle is open; teachers, admins)."""
    service.delete_evidence(current_actor(), evidence_id, storage=current_storage())


@blp.route("/evidence/<evidence_id>/file", methods=["GET"])
@blp.arguments(FileQueryArgsSchema, location="query")
@blp.response(
    200,
    {"type": "string", "format": "binary"},
    # Served as the type sniffed from the bytes at upload: image/png, audio/mpeg, application/pdf…
    content_type="*/*",
    description="The file's bytes, with the type read from them",
)
@blp.alt_response(
    206,
    schema={"type": "string", "format": "binary"},
    content_type="*/*",
    description="The part asked for with a Range header (Content-Range says which)",
)
def download_file(args, evidence_id):
    """Download an evidence file; `inline=1` previews images, audio and PDFs in a browser."""
    evidence, file = service.open_file(current_actor(), evidence_id, storage=current_storage())
    inline = args["inline"] and service.may_show_inline(evidence)
    response = send_file(
        file,
        mimetype=evidence.content_type,
        as_attachment=not inline,
        download_name=service.download_name(evidence),
        conditional=False,
    )
    response.content_length = evidence.size
    # The sha256 names these exact bytes; with the size known, audio players can seek.
    response.set_etag(evidence.sha256 or evidence.id)
    response.make_conditional(request, accept_ranges=True, complete_length=evidence.size)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    response.cache_control.no_store = True  # someone's evidence: never kept in a cache
    if evidence.content_type != "application/pdf":
        # Browsers' PDF viewers don't run in a sandbox; the other files need no rights at all.
        response.headers["Content-Security-Policy"] = PREVIEW_POLICY
    return response


@blp.route("/evidence/<evidence_id>/file", methods=["PUT"])
@blp.doc(parameters=[IF_MATCH])
@blp.doc(
    requestBody={
        "required": True,
        "content": {"multipart/form-data": {"schema": EvidenceFileSchema}},
    },
    responses={
        "413": {"description": "The file is bigger than the upload limit", **PROBLEM},
        "415": {"description": "This kind of file can't be added (read from its bytes)", **PROBLEM},
    },
)
@blp.response(200, EvidenceSchema)
def replace_file(evidence_id):
    """Put a new file in place of the evidence's file (multipart `file`); the old bytes are
    deleted from storage."""
    evidence = service.replace_file(
        current_actor(),
        evidence_id,
        _incoming_file(),
        storage=current_storage(),
        max_bytes=current_app.config["MAX_UPLOAD_BYTES"],
        if_match=request.headers.get("If-Match"),
    )
    return service.describe(evidence), {"ETag": item_etag(evidence)}


@blp.route("/evidence/<evidence_id>/file", methods=["DELETE"])
@blp.doc(parameters=[IF_MATCH])
@blp.response(200, EvidenceSchema)
def remove_file(evidence_id):
    """Take the file off evidence that keeps its text or link; the bytes are deleted."""
    evidence = service.remove_file(
        current_actor(),
        evidence_id,
        storage=current_storage(),
        if_match=request.headers.get("If-Match"),
    )
    return service.describe(evidence), {"ETag": item_etag(evidence)}
