"""A OneRoster 1.1 CSV bundle as the spec binds it: one zip with manifest.csv and the files.

manifest.csv says which files are there and whether each is `bulk` (the whole roster) or
`delta` (changes only); orgs.csv must name this organization as its school; academic sessions
become the school calendar's terms, courses name the teams of their classes; users, classes
and enrollments go through the OneRoster import (api.roster.oneroster). Every file and column
the import does not use is listed in the report, demographics.csv by design.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from api.errors import Unprocessable

MANIFEST = "manifest.csv"
#: what the import reads; everything else in a bundle is reported as not used
USED_FILES = (
    "orgs.csv",
    "academicSessions.csv",
    "courses.csv",
    "classes.csv",
    "users.csv",
    "enrollments.csv",
)
#: why a file of the OneRoster binding is left out
NOT_USED_REASONS = {
    "demographics.csv": "Demographics are never imported: inquiry teams don't need them.",
    "lineItems.csv": "Gradebook data is not part of inquiry cycles.",
    "results.csv": "Gradebook data is not part of inquiry cycles.",
    "categories.csv": "Gradebook data is not part of inquiry cycles.",
    "resources.csv": "Resources are not imported.",
    "classResources.csv": "Resources are not imported.",
    "courseResources.csv": "Resources are not imported.",
}
#: the columns each used file is read for; the others are listed in the report
USED_COLUMNS = {
    "orgs.csv": ("sourcedId", "status", "name", "type"),
    "academicSessions.csv": ("sourcedId", "status", "title", "type", "startDate", "endDate"),
    "courses.csv": ("sourcedId", "status", "title"),
    "classes.csv": ("sourcedId", "status", "title", "courseSourcedId", "schoolSourcedId"),
    "users.csv": (
        "sourcedId",
        "status",
        "role",
        "givenName",
        "familyName",
        "email",
        "username",
    ),
    "enrollments.csv": ("sourcedId", "status", "classSourcedId", "userSourcedId", "role"),
}
MAX_FILES = 50
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
PROCESSING = ("bulk", "delta", "absent")
#: academic session types that are terms of the school year (a schoolYear spans them)
TERM_TYPES = {"term", "semester", "gradingperiod"}


@dataclass
class Bundle:
    """What a bundle holds: the manifest's word for each file, and the files' bytes."""

    manifest: dict[str, str]
    files: dict[str, bytes]
    not_used_files: list[dict[str, str]] = field(default_factory=list)

    def processing(self, name: str) -> str:
        """bulk, delta or absent, as the manifest says for file.<name>"""
        return self.manifest.get(f"file.{name.removesuffix('.csv')}", "absent")

    @property
    def mode(self) -> str:
        """Bulk when the manifest says the enrollments are the whole roster."""
        return "bulk" if self.processing("enrollments.csv") == "bulk" else "delta"


def _refuse(reason: str) -> Unprocessable:
    return Unprocessable("This OneRoster bundle can't be imported.", errors={"bundle": [reason]})


def read_bundle(upload) -> Bundle:
    """Open the zip, read its manifest and the files it lists.

    Raises Unprocessable for a file that is not a zip, a bundle without manifest.csv, a
    manifest with values OneRoster does not have, files it lists but lacks, or one too big.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(upload.read()))
    except zipfile.BadZipFile:
        raise _refuse("Send the bundle as a .zip file (OneRoster's CSV binding).") from None
    members = {
        info.filename.rsplit("/", 1)[-1]: info for info in archive.infolist() if not info.is_dir()
    }
    if len(members) > MAX_FILES or sum(i.file_size for i in members.values()) > MAX_UNPACKED_BYTES:
        raise _refuse("This bundle is too big. Send at most 50 files and 200 MB unpacked.")
    if MANIFEST not in members:
        raise _refuse("The bundle has no manifest.csv. OneRoster bundles start with one.")
    manifest = _manifest(archive.read(members[MANIFEST]))
    bundle = Bundle(manifest=manifest, files={})
    for name, info in sorted(members.items()):
        if name == MANIFEST:
            continue
        if name in USED_FILES:
            if bundle.processing(name) == "absent":
                bundle.not_used_files.append(
                    {"file": name, "reason": "The manifest says this file is absent."}
                )
                continue
            bundle.files[name] = archive.read(info)
        else:
            reason = NOT_USED_REASONS.get(name, "Not a file this import reads.")
            bundle.not_used_files.append({"file": name, "reason": reason})
    missing = [
        name
        for name in USED_FILES
        if bundle.processing(name) != "absent" and name not in bundle.files
    ]
    if missing:
        raise _refuse(f"The manifest lists {', '.join(missing)} but the bundle lacks them.")
    return bundle


def _manifest(raw: bytes) -> dict[str, str]:
    try:
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    except (UnicodeDecodeError, csv.Error):
        raise _refuse("manifest.csv can't be read: save it as UTF-8 CSV.") from None
    if rows and set(rows[0]) != {"propertyName", "value"}:
        raise _refuse("manifest.csv needs the columns propertyName and value.")
    manifest = {(row["propertyName"] or "").strip(): (row["value"] or "").strip() for row in rows}
    version = manifest.get("oneroster.version")
    if version and not version.startswith("1.1"):
        raise _refuse(f"This is OneRoster {version}; this import reads OneRoster 1.1.")
    wrong = sorted(
        name
        for name, value in manifest.items()
        if name.startswith("file.") and value not in PROCESSING
    )
    if wrong:
        raise _refuse(f"In manifest.csv, {', '.join(wrong)} must be bulk, delta or absent.")
    return manifest


def unused_columns(name: str, columns: list[str]) -> list[str]:
    used = set(USED_COLUMNS.get(name, ()))
    return [column for column in columns if column and column not in used]


def session_dates(row: dict[str, str]) -> tuple[date, date]:
    """An academic session's first and last day (YYYY-MM-DD); ValueError when unreadable."""
    return date.fromisoformat(row["startDate"]), date.fromisoformat(row["endDate"])


def describe(bundle: Bundle) -> dict[str, Any]:
    return {
        "manifest": bundle.manifest,
        "mode": bundle.mode,
    }
