"""Decide what a file is from its bytes, against an allow-list.

The client's declared type and the file name are never consulted: a page of HTML or a program
renamed ``report.pdf`` is still HTML or a program. Each allowed type has an explicit check here;
puremagic names what a rejected file looked like (for logs) and vetoes markup posing as text.
"""

from __future__ import annotations

import codecs
import re
import struct
from collections.abc import Callable
from pathlib import PurePosixPath

import puremagic

from api.errors import ForbiddenFileType

#: How many leading bytes the sniffer wants to see (fewer when the file is shorter).
SNIFF_BYTES = 64 * 1024

PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
WEBP = "image/webp"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
PPT = "application/vnd.ms-powerpoint"
#: A legacy Office file whose table of contents lies past the sniffed bytes.
LEGACY_OFFICE = "application/vnd.ms-office"
TEXT = "text/plain"
MP3 = "audio/mpeg"
MP4_AUDIO = "audio/mp4"
WAV = "audio/wav"
OGG = "audio/ogg"
WEBM = "audio/webm"

ALLOWED_CONTENT_TYPES: frozenset[str] = frozenset(
    {PNG, JPEG, GIF, WEBP, PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP, DOC, XLS, PPT, LEGACY_OFFICE}
    | {TEXT, MP3, MP4_AUDIO, WAV, OGG, WEBM}
)

Check = Callable[[bytes], str | None]


def sniff_content_type(head: bytes) -> str:
    """Return the content type of a file from its first bytes (ideally ``SNIFF_BYTES`` of them).

    Raises ``ForbiddenFileType`` when the bytes are not one of the allowed kinds.
    """
    for check in _CHECKS:
        content_type = check(head)
        if content_type is not None:
            return content_type
    raise ForbiddenFileType(detected=describe(head))


#: File names a computer runs or a browser renders as a page when opened: never kept as
#: evidence, whatever their bytes look like (a program saved as text is still a program).
_RUNNABLE = """
    .js .mjs .cjs .jse .vbs .vbe .wsf .wsh .ws .hta .ps1 .psm1 .psd1 .bat .cmd .com .exe .dll .msi
    .msp .scr .pif .cpl .msc .lnk .reg .inf .scf .jar .class .apk .app .deb .rpm .sh .bash .zsh
    .csh .ksh .command .py .pyw .pl .rb .php .phtml .asp .aspx .jsp .cgi .html .htm .xhtml .shtml
    .mht .mhtml .svg .svgz .xml .xsl .xslt .swf .url .desktop .appimage
"""
RUNNABLE_EXTENSIONS = frozenset(_RUNNABLE.split())


def is_runnable_name(name: str) -> bool:
    """True when the name ends in an extension a computer runs, or a browser renders as a page,
    when opened ("report.pdf.exe", "notes.HTML", "poster.svg")."""
    suffix = PurePosixPath(name.lower().rstrip(" .")).suffix.strip()
    return suffix in RUNNABLE_EXTENSIONS


def describe(head: bytes) -> str:
    """Name what the bytes look like, as well as puremagic can tell; for logs only."""
    try:
        matches = puremagic.magic_string(head)
    except (puremagic.PureError, ValueError):
        matches = []
    return matches[0].name if matches else "unknown"


# Images -------------------------------------------------------------------------------------


def _image(head: bytes) -> str | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    return None


def _pdf(head: bytes) -> str | None:
    # Readers accept the header anywhere in the first KB; we insist on the start, so a page of
    # HTML with "%PDF-" tucked inside is not waved through.
    return PDF if head.startswith(b"%PDF-") else None


# Office documents ---------------------------------------------------------------------------

_ZIP_LOCAL_HEADER = b"PK\x03\x04"
_ODF_TYPES = {ODT.encode(): ODT, ODS.encode(): ODS, ODP.encode(): ODP}
_OOXML_FOLDERS = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))


def _zip_entry_names(head: bytes) -> list[str]:
    """Names of the zip entries whose local headers fall inside ``head``, in order."""
    names = []
    offset = head.find(_ZIP_LOCAL_HEADER)
    while offset != -1 and offset + 30 <= len(head):
        (name_length,) = struct.unpack_from("<H", head, offset + 26)
        raw_name = head[offset + 30 : offset + 30 + name_length]
        names.append(raw_name.decode("utf-8", errors="replace"))
        offset = head.find(_ZIP_LOCAL_HEADER, offset + 30)
    return names


def _zip_document(head: bytes) -> str | None:
    if not head.startswith(_ZIP_LOCAL_HEADER):
        return None
    # OpenDocument stores an uncompressed "mimetype" entry first, its content right after.
    (name_length, extra_length) = struct.unpack_from("<HH", head, 26) if len(head) >= 30 else (0, 0)
    if head[30 : 30 + name_length] == b"mimetype":
        start = 30 + name_length + extra_length
        for declared, content_type in _ODF_TYPES.items():
            if head[start : start + len(declared)] == declared:
                return content_type
        return None
    names = _zip_entry_names(head)
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        return None  # macro-enabled documents carry code; leave them out
    for folder, content_type in _OOXML_FOLDERS:
        if any(name.startswith(folder) for name in names):
            return content_type
    return None  # a plain zip, a jar, an apk, an epub...


_OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_STREAMS = (
    ("WordDocument", DOC),
    ("Workbook", XLS),
    ("Book", XLS),
    ("PowerPoint Document", PPT),
)


def _legacy_office(head: bytes) -> str | None:
    if not head.startswith(_OLE_HEADER) or len(head) < 512:
        return None
    for stream_name, content_type in _OLE_STREAMS:
        if stream_name.encode("utf-16-le") + b"\0\0" in head:
            return content_type
    sector_size = 1 << struct.unpack_from("<H", head, 0x1E)[0]
    (first_directory_sector,) = struct.unpack_from("<I", head, 0x30)
    directory_offset = (first_directory_sector + 1) * sector_size
    if directory_offset + sector_size <= len(head):
        return None  # we can read its table of contents and it is no Office file (an .msi...)
    return LEGACY_OFFICE


# Audio --------------------------------------------------------------------------------------

_OGG_AUDIO_CODECS = (b"\x01vorbis", b"OpusHead", b"\x7fFLAC", b"Speex   ")
_MP4_BRANDS = {
    b"M4A ", b"M4B ", b"mp41", b"mp42", b"isom", b"iso2", b"iso5", b"iso6", b"dash",
    b"3gp4", b"3gp5", b"3gp6", b"3g2a",
}  # fmt: skip
_MP4_VIDEO_TRACK = re.compile(rb"hdlr.{8}vide", re.DOTALL)
_WEBM_VIDEO_CODECS = (b"V_VP8", b"V_VP9", b"V_AV1", b"V_MPEG4")


def _mp3_frame(head: bytes) -> bool:
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version = (head[1] >> 3) & 0b11
    layer = (head[1] >> 1) & 0b11
    bitrate = head[2] >> 4
    sample_rate = (head[2] >> 2) & 0b11
    return version != 0b01 and layer == 0b01 and bitrate not in (0, 0xF) and sample_rate != 0b11


def _audio(head: bytes) -> str | None:
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return WAV
    if head.startswith(b"ID3") or _mp3_frame(head):
        return MP3
    if head.startswith(b"OggS"):
        first_pages = head[:4096]
        if b"\x80theora" not in first_pages and any(c in first_pages for c in _OGG_AUDIO_CODECS):
            return OGG
        return None
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        if b"webm" in head[:64] and not any(codec in head for codec in _WEBM_VIDEO_CODECS):
            return WEBM
        return None
    if head[4:8] == b"ftyp" and head[8:12] in _MP4_BRANDS:
        # With the index at the front we can see a video track; with it at the end we can't.
        return None if _MP4_VIDEO_TRACK.search(head) else MP4_AUDIO
    return None


# Plain text ---------------------------------------------------------------------------------

# The tags a browser's own sniffer treats as HTML (WHATWG MIME Sniffing), plus XML and SVG.
_MARKUP_START = re.compile(
    rb"<(!doctype html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p"
    rb"|!--|\?xml|svg)[\s>/]",
    re.IGNORECASE,
)
_MARKUP_WORDS = ("html", "xml", "javascript", "ecmascript")


def is_utf8_text(data: bytes, *, final: bool) -> bool:
    """True when ``data`` is UTF-8 without NUL bytes (a character cut at the end is fine
    unless ``final``)."""
    if b"\0" in data:
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=final)
    except UnicodeDecodeError:
        return False
    return True


#: Text that a shell, Windows or a web server would run: a shebang, a batch file, PHP, ASP.
_SCRIPT_START = re.compile(rb"(#!|@echo\b|@rem\b|<\?php|<%|<job\b|<package\b)", re.IGNORECASE)


def _looks_like_markup_or_script(head: bytes) -> bool:
    start = head.removeprefix(codecs.BOM_UTF8).lstrip()
    if _SCRIPT_START.match(start[:64]) or _MARKUP_START.match(start[:64]):
        return True
    try:
        matches = puremagic.magic_string(head)
    except (puremagic.PureError, ValueError):
        return False
    return any(word in match.mime_type for match in matches for word in _MARKUP_WORDS)


def _text(head: bytes) -> str | None:
    # The upload keeps checking the rest of a text file as it streams (see UploadReader).
    if is_utf8_text(head, final=False) and not _looks_like_markup_or_script(head):
        return TEXT
    return None


_CHECKS: tuple[Check, ...] = (_image, _pdf, _zip_document, _legacy_office, _audio, _text)
