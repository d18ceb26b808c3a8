"""Fixtures for the storage tests: a real S3 API (moto's server over HTTP) and sample files."""

from __future__ import annotations

import io
import struct
import wave
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from api.storage import LocalStorage, S3Storage, Storage


@pytest.fixture(autouse=True)
def _aws_test_credentials(aws_test_credentials) -> None:
    """Every storage test runs with the fake credentials (see tests/conftest.py)."""


@pytest.fixture
def make_s3_storage(s3_endpoint: str, bucket: str) -> Callable[..., S3Storage]:
    def make(**options) -> S3Storage:
        return S3Storage(bucket, endpoint_url=s3_endpoint, region="us-east-1", **options)

    return make


@pytest.fixture
def local_root(tmp_path: Path) -> Path:
    return tmp_path / "files"


@pytest.fixture(params=["local", "s3"])
def storage(request: pytest.FixtureRequest, local_root: Path) -> Storage:
    if request.param == "local":
        return LocalStorage(local_root)
    return request.getfixturevalue("make_s3_storage")()


@pytest.fixture
def stored_names(request: pytest.FixtureRequest, storage: Storage) -> Callable[[], list[str]]:
    """Everything the backend holds now: files under the root, or objects and pending
    multipart uploads in the bucket."""
    if isinstance(storage, LocalStorage):
        root = storage.root
        return lambda: sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    client = request.getfixturevalue("s3_client")
    bucket = request.getfixturevalue("bucket")

    def names() -> list[str]:
        objects = client.list_objects_v2(Bucket=bucket).get("Contents", [])
        pending = client.list_multipart_uploads(Bucket=bucket).get("Uploads", [])
        return sorted(item["Key"] for item in objects + pending)

    return names


# Tiny but real samples of each allowed kind of file ------------------------------------------


def png_bytes() -> bytes:
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def jpeg_bytes() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def gif_bytes() -> bytes:
    return (
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00"
        b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    )


def webp_bytes() -> bytes:
    payload = b"WEBPVP8L" + struct.pack("<I", 5) + b"\x2f\x00\x00\x00\x00\x00"
    return b"RIFF" + struct.pack("<I", len(payload)) + payload


def pdf_bytes() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )


def ooxml_bytes(folder: str, main_part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr(f"{folder}/{main_part}", '<?xml version="1.0"?><document/>')
    return buffer.getvalue()


def odf_bytes(mimetype: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def ole_bytes(stream_name: str) -> bytes:
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<H", header, 0x1E, 9)  # 512-byte sectors
    struct.pack_into("<I", header, 0x30, 0)  # directory in the first sector
    directory = bytearray(512)
    root = "Root Entry".encode("utf-16-le") + b"\0\0"
    directory[: len(root)] = root
    entry = stream_name.encode("utf-16-le") + b"\0\0"
    directory[128 : 128 + len(entry)] = entry
    return bytes(header + directory)


def wav_bytes() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as recording:
        recording.setnchannels(1)
        recording.setsampwidth(2)
        recording.setframerate(8000)
        recording.writeframes(b"\x00\x00" * 800)
    return buffer.getvalue()


def mp3_bytes() -> bytes:
    return b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + b"\x00" * 413


def mp3_without_tag_bytes() -> bytes:
    return b"\xff\xfb\x90\x64" + b"\x00" * 413


def m4a_bytes() -> bytes:
    ftyp = b"ftypM4A " + b"\x00\x00\x00\x00" + b"M4A mp42isom"
    return struct.pack(">I", len(ftyp) + 4) + ftyp + b"\x00\x00\x00\x08free"


def ogg_bytes() -> bytes:
    return b"OggS\x00\x02" + b"\x00" * 20 + b"\x01\x1e\x01vorbis" + b"\x00" * 30


def webm_bytes() -> bytes:
    return (
        b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08"
        b"\x42\x82\x84webm\x42\x87\x81\x04\x42\x85\x81\x02" + b"\x86\x86A_OPUS" + b"\x00" * 20
    )


def text_bytes() -> bytes:
    return "Exit ticket: I can explain my thinking ✏️ — Ms. Ñúñez\n".encode()


ALLOWED_SAMPLES: dict[str, tuple[Callable[[], bytes], str]] = {
    "png": (png_bytes, "image/png"),
    "jpeg": (jpeg_bytes, "image/jpeg"),
    "gif": (gif_bytes, "image/gif"),
    "webp": (webp_bytes, "image/webp"),
    "pdf": (pdf_bytes, "application/pdf"),
    "docx": (
        lambda: ooxml_bytes("word", "document.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (
        lambda: ooxml_bytes("xl", "workbook.xml"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "pptx": (
        lambda: ooxml_bytes("ppt", "presentation.xml"),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    "odt": (
        lambda: odf_bytes("application/vnd.oasis.opendocument.text"),
        "application/vnd.oasis.opendocument.text",
    ),
    "doc": (lambda: ole_bytes("WordDocument"), "application/msword"),
    "xls": (lambda: ole_bytes("Workbook"), "application/vnd.ms-excel"),
    "text": (text_bytes, "text/plain"),
    "mp3": (mp3_bytes, "audio/mpeg"),
    "mp3 without tag": (mp3_without_tag_bytes, "audio/mpeg"),
    "m4a": (m4a_bytes, "audio/mp4"),
    "wav": (wav_bytes, "audio/wav"),
    "ogg": (ogg_bytes, "audio/ogg"),
    "webm": (webm_bytes, "audio/webm"),
}


@pytest.fixture(params=sorted(ALLOWED_SAMPLES))
def allowed_sample(request: pytest.FixtureRequest) -> tuple[bytes, str]:
    make, content_type = ALLOWED_SAMPLES[request.param]
    return make(), content_type
