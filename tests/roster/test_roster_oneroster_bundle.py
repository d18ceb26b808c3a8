"""A OneRoster 1.1 bundle as the CSV binding has it: a zip with manifest.csv and its files."""

from __future__ import annotations

import io
import zipfile

import pytest
from sqlalchemy import select

from api.calendar.models import Term
from api.extensions import db
from api.teams.models import Membership, Team
from tests.integrations.client_helpers import machine_for
from tests.roster.test_roster_oneroster import CLASSES, ENROLLMENTS, USERS, snapshot

ORGS = """sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId
district-1,active,,Lakeside District,district,,
org-1,active,,Maple Grove,school,MG,district-1
"""
SESSIONS = """\
sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear
year-1,active,,2026-27,schoolYear,2026-08-24,2027-06-18,,2027
term-1,active,,Fall 2026,term,2026-08-24,2026-12-18,year-1,2027
term-2,active,,Spring 2027,term,2027-01-11,2027-06-18,year-1,2027
"""
COURSES = """\
sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects
course-1,active,,year-1,Life Science,SCI7,07,org-1,Science
"""
DEMOGRAPHICS = """sourcedId,status,dateLastModified,birthDate,sex
s-1,active,,2014-03-02,male
"""


def manifest(**processing) -> str:
    files = {
        "orgs": "bulk",
        "academicSessions": "bulk",
        "courses": "bulk",
        "classes": "bulk",
        "users": "bulk",
        "enrollments": "bulk",
        "demographics": "bulk",
        **processing,
    }
    lines = ["propertyName,value", "manifest.version,1.0", "oneroster.version,1.1"]
    lines += [f"file.{name},{value}" for name, value in files.items()]
    lines += ["source.systemName,District SIS"]
    return "\n".join(lines) + "\n"


def bundle(**overrides) -> io.BytesIO:
    contents = {
        "manifest.csv": manifest(),
        "orgs.csv": ORGS,
        "academicSessions.csv": SESSIONS,
        "courses.csv": COURSES,
        "classes.csv": CLASSES,
        "users.csv": USERS,
        "enrollments.csv": ENROLLMENTS,
        "demographics.csv": DEMOGRAPHICS,
        **overrides,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in contents.items():
            if text is not None:
                archive.writestr(name, text)
    buffer.seek(0)
    return buffer


def send(machine, school, archive, dry_run=False):
    return machine.post(
        f"/api/v1/organizations/{school.org.id}/roster/oneroster"
        f"?dry_run={'true' if dry_run else 'false'}&source=district-sis",
        data={"oneroster.zip": (archive, "oneroster.zip")},
    )


@pytest.fixture()
def machine(app, client_for, school):
    return machine_for(app, client_for(school.admin), school.org.id)


def test_a_bundle_imports_the_school_its_terms_courses_classes_people_and_roles(machine, school):
    response = send(machine, school, bundle())
    assert response.status_code == 200, response.get_json()
    report = response.get_json()
    assert report["mode"] == "bulk"
    assert report["manifest"]["oneroster.version"] == "1.1"
    assert report["counts"]["schools"] == {"mapped": 1, "skipped": 1}
    assert report["counts"]["terms"] == {"created": 2, "skipped": 1}
    assert report["counts"]["users"] == {"created": 3, "skipped": 1}
    assert report["counts"]["memberships"] == {"created": 3, "skipped": 1, "removed": 0}
    terms = db.session.execute(
        select(Term.name, Term.starts_on, Term.ends_on)
        .where(Term.organization_id == school.org.id)
        .order_by(Term.starts_on)
    ).all()
    assert [(name, str(start), str(end)) for name, start, end in terms] == [
        ("Fall 2026", "2026-08-24", "2026-12-18"),
        ("Spring 2027", "2027-01-11", "2027-06-18"),
    ]
    team = db.session.scalar(select(Team).where(Team.name == "Science 7B"))
    assert team.description == "Course: Life Science"
    members = db.session.scalar(
        select(db.func.count()).select_from(Membership).where(Membership.team_id == team.id)
    )
    assert members == 3


def test_every_file_and_column_not_used_is_listed_with_demographics_left_out_by_design(
    machine, school
):
    report = send(machine, school, bundle(**{"lineItems.csv": "sourcedId\nx\n"})).get_json()
    not_used = {entry["file"]: entry["reason"] for entry in report["not_used"]["files"]}
    assert set(not_used) == {"demographics.csv", "lineItems.csv"}
    assert "never imported" in not_used["demographics.csv"]
    columns = report["not_used"]["columns"]
    assert "password" in columns["users.csv"] and "sms" in columns["users.csv"]
    assert "givenName" not in columns["users.csv"]
    assert "identifier" in columns["orgs.csv"]
    assert "schoolYear" in columns["academicSessions.csv"]
    assert "termSourcedIds" in columns["classes.csv"]


def test_an_unknown_column_is_listed_not_dropped_silently(machine, school):
    users = USERS.replace("password", "password,favouriteColour").replace(",07,\n", ",07,,blue\n")
    report = send(machine, school, bundle(**{"users.csv": users})).get_json()
    assert "favouriteColour" in report["not_used"]["columns"]["users.csv"]


def test_a_school_that_is_not_this_organization_is_refused_with_a_reason(machine, school):
    before = snapshot()
    other = ORGS.replace("Maple Grove", "Oak Hill")
    response = send(machine, school, bundle(**{"orgs.csv": other}), dry_run=True)
    assert response.status_code == 200
    rows = [row for row in response.get_json()["rows"] if row["status"] == "error"]
    assert rows[0]["file"] == "orgs.csv"
    assert "Oak Hill" in rows[0]["note"] and "Maple Grove" in rows[0]["note"]
    # Its classes are refused too: nothing of another school lands here.
    assert any(row["file"] == "classes.csv" for row in rows)
    assert snapshot() == before


def test_a_delta_manifest_keeps_enrollments_the_files_do_not_list(machine, school):
    assert send(machine, school, bundle()).status_code == 200
    fewer = ENROLLMENTS.replace("e-3,active,,c-1,org-1,s-2,student,false,,\n", "")
    delta = bundle(**{"manifest.csv": manifest(enrollments="delta"), "enrollments.csv": fewer})
    report = send(machine, school, delta).get_json()
    assert report["mode"] == "delta"
    assert "removed" not in report["counts"]["memberships"]
    bulk = bundle(**{"enrollments.csv": fewer})
    report = send(machine, school, bulk).get_json()
    assert report["counts"]["memberships"]["removed"] == 1


def test_a_file_the_manifest_calls_absent_is_not_read(machine, school):
    archive = bundle(**{"manifest.csv": manifest(users="absent", enrollments="absent")})
    report = send(machine, school, archive).get_json()
    assert "users" not in report["counts"]
    assert {"users.csv", "enrollments.csv"} <= {e["file"] for e in report["not_used"]["files"]}


@pytest.mark.parametrize(
    ("archive", "reason"),
    [
        (io.BytesIO(b"not a zip at all"), ".zip"),
        (bundle(**{"manifest.csv": None}), "manifest.csv"),
        (bundle(**{"manifest.csv": manifest(users="sometimes")}), "bulk, delta or absent"),
        (bundle(**{"classes.csv": None}), "lacks them"),
        (
            bundle(
                **{
                    "manifest.csv": manifest().replace(
                        "oneroster.version,1.1", "oneroster.version,1.2"
                    )
                }
            ),
            "OneRoster 1.2",
        ),
    ],
)
def test_a_bundle_that_is_not_oneroster_1_1_is_refused_and_nothing_is_written(
    machine, school, archive, reason
):
    before = snapshot()
    response = send(machine, school, archive)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert reason in response.get_json()["errors"]["bundle"][0]
    assert snapshot() == before


def test_a_bundle_and_single_files_together_are_refused(machine, school):
    response = machine.post(
        f"/api/v1/organizations/{school.org.id}/roster/oneroster",
        data={
            "oneroster.zip": (bundle(), "oneroster.zip"),
            "users.csv": (io.BytesIO(USERS.encode()), "users.csv"),
        },
    )
    assert response.status_code == 422
    assert "bundle" in response.get_json()["errors"]
