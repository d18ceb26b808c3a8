"""What the sniffer lets in, from the bytes alone."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from api.storage import ALLOWED_CONTENT_TYPES, SNIFF_BYTES, ForbiddenFileType, sniff_content_type


def test_each_allowed_kind_of_file_is_recognised_from_its_bytes(allowed_sample):
    data, content_type = allowed_sample

    assert sniff_content_type(data) == content_type
    assert content_type in ALLOWED_CONTENT_TYPES


def _zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            archive.writestr(name, "content")
    return buffer.getvalue()


ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 100
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 118 + b"PE\x00\x00"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"<!DOCTYPE html><html><body><script>alert(1)</script>", id="html"),
        pytest.param(b"\n  <script>fetch('/api/v1/me')</script>", id="script tag"),
        pytest.param(b"<html lang='en'>", id="html without doctype"),
        pytest.param(b"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'/>", id="svg"),
        pytest.param(b"<svg onload='alert(1)'></svg>", id="bare svg"),
        pytest.param(b"#!/bin/sh\nrm -rf ~\n", id="shell script"),
        pytest.param(b"\xef\xbb\xbf#!/usr/bin/env python3\n", id="script after a BOM"),
        pytest.param(ELF, id="elf executable"),
        pytest.param(WINDOWS_EXE, id="windows executable"),
        pytest.param(_zip("payload.exe", "readme.txt"), id="plain zip"),
        pytest.param(_zip("META-INF/MANIFEST.MF", "Main.class"), id="java archive"),
        pytest.param(
            _zip("[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"),
            id="macro-enabled word document",
        ),
        pytest.param(b"Plain start then a NUL\x00byte", id="text with a NUL byte"),
        pytest.param("Café in Latin-1".encode("latin-1"), id="text that is not UTF-8"),
        pytest.param(b"\x1a\x45\xdf\xa3\x42\x82\x88matroska" + b"\x00" * 40, id="matroska"),
        pytest.param(
            b"\x1a\x45\xdf\xa3\x42\x82\x84webm" + b"\x86\x85V_VP9" + b"\0" * 9, id="webm video"
        ),
        pytest.param(b"OggS\x00\x02" + b"\x00" * 20 + b"\x80theora" + b"\x00" * 30, id="ogg video"),
        pytest.param(
            b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp41"
            b"\x00\x00\x00\x2dmoov\x00\x00\x00\x25hdlr\x00\x00\x00\x00\x00\x00\x00\x00vide",
            id="mp4 with a video track",
        ),
        pytest.param(b"%!PS-Adobe-3.0\x00\x00binary", id="postscript with binary"),
        pytest.param(b"{\\rtf1\x00", id="binary junk"),
    ],
)
def test_files_outside_the_allow_list_are_refused(data):
    with pytest.raises(ForbiddenFileType):
        sniff_content_type(data)


def test_refusal_names_what_can_be_added_in_plain_words():
    with pytest.raises(ForbiddenFileType) as refused:
        sniff_content_type(ELF)

    assert refused.value.detail == (
        "This kind of file can't be added. "
        "Try a photo, PDF, office document, plain text or audio file."
    )
    assert refused.value.status == 415
    assert refused.value.detected == "ELF executable"


def test_ole_file_whose_contents_are_no_office_document_is_refused():
    header = bytearray(1024)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<H", header, 0x1E, 9)
    struct.pack_into("<I", header, 0x30, 0)
    name = "\u4840\u3b3f\u4577".encode("utf-16-le")  # an installer database's stream
    header[512 : 512 + len(name)] = name

    with pytest.raises(ForbiddenFileType):
        sniff_content_type(bytes(header))


def test_legacy_office_file_whose_contents_lie_past_the_first_bytes_is_accepted():
    header = bytearray(SNIFF_BYTES)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<H", header, 0x1E, 9)
    struct.pack_into("<I", header, 0x30, 400)  # directory far beyond what we sniff

    assert sniff_content_type(bytes(header)) == "application/vnd.ms-office"


@pytest.mark.parametrize(
    "text",
    ["<3 our class did great today", "Notes:\n<b is not a tag here", "a < b and c > d"],
)
def test_text_that_merely_contains_angle_brackets_is_plain_text(text):
    assert sniff_content_type(text.encode()) == "text/plain"


def test_text_cut_in_the_middle_of_a_character_is_still_text():
    data = ("é" * (SNIFF_BYTES // 2)).encode()[: SNIFF_BYTES - 1]

    assert sniff_content_type(data) == "text/plain"


def test_pdf_header_later_in_the_file_does_not_make_it_a_pdf():
    with pytest.raises(ForbiddenFileType):
        sniff_content_type(b"<html><body>%PDF-1.4</body></html>")
