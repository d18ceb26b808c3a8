"""Helpers for the evidence tests: uploads as the web app sends them, and what got stored."""

from __future__ import annotations

import io
import struct
import zlib

from sqlalchemy import func, select

from api.evidence.models import Evidence
from api.extensions import db
from api.storage import LocalStorage


def stored_files(store: LocalStorage) -> list[str]:
    """Every file under the store's root, half-written ones in .incoming included."""
    if not store.root.exists():
        return []
    return sorted(str(p.relative_to(store.root)) for p in store.root.rglob("*") if p.is_file())


def evidence_count() -> int:
    return db.session.scalar(select(func.count(Evidence.id))) or 0


def evidence_url(cycle) -> str:
    return f"/api/v1/cycles/{cycle.id}/evidence"


def upload(client, cycle, content: bytes, name: str = "photo.png", **fields):
    """POST a multipart upload, as the web app's form does."""
    return client.post(evidence_url(cycle), data={"file": (io.BytesIO(content), name), **fields})


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def html_bytes() -> bytes:
    return b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
