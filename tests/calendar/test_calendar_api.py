"""Editing the calendar (admins), reading it (members), importing an iCalendar file."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from api.audit.models import AuditEvent
from api.calendar.models import NonSchoolDay, Term
from api.extensions import db

HOLIDAYS = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Maple Grove//Calendar//EN\r
BEGIN:VEVENT\r
UID:winter-2026@maple.example\r
SUMMARY:Winter break\r
DTSTART;VALUE=DATE:20261221\r
DTEND;VALUE=DATE:20270104\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:staff-day@maple.example\r
SUMMARY:Staff training day\r
DTSTART;VALUE=DATE:20261209\r
END:VEVENT\r
END:VCALENDAR\r
"""


def count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


def upload(client, org_id, data: bytes, kind: str | None = None, name="school.ics"):
    url = f"/api/v1/organizations/{org_id}/calendar/import"
    if kind:
        url += f"?kind={kind}"
    return client.post(
        url, data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data"
    )


def test_admin_adds_renames_and_deletes_a_term(client_for, school):
    admin = client_for(school.admin)
    url = f"/api/v1/organizations/{school.org.id}/terms"
    created = admin.post(
        url, json={"name": "Autumn term", "starts_on": "2026-09-01", "ends_on": "2026-12-18"}
    )
    assert created.status_code == 201, created.get_json()
    term = created.get_json()
    assert term["starts_on"] == "2026-09-01" and term["ends_on"] == "2026-12-18"
    renamed = admin.patch(f"{url}/{term['id']}", json={"name": "Fall term"})
    assert renamed.get_json()["name"] == "Fall term"
    assert [t["name"] for t in client_for(school.teacher).get(url).get_json()] == ["Fall term"]
    assert admin.delete(f"{url}/{term['id']}").status_code == 204
    assert admin.get(url).get_json() == []
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.organization_id == school.org.id)
    ).all()
    assert {"calendar.term_created", "calendar.term_updated", "calendar.term_deleted"} <= set(
        actions
    )


def test_a_break_that_ends_before_it_starts_is_422_and_nothing_is_saved(client_for, school):
    admin = client_for(school.admin)
    url = f"/api/v1/organizations/{school.org.id}/non-school-days"
    response = admin.post(
        url, json={"name": "Backwards", "starts_on": "2026-12-10", "ends_on": "2026-12-01"}
    )
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert "ends_on" in response.get_json()["errors"]
    assert count(NonSchoolDay) == 0
    day = admin.post(
        url, json={"name": "Snow day", "starts_on": "2026-12-10", "ends_on": "2026-12-10"}
    ).get_json()
    moved = admin.patch(f"{url}/{day['id']}", json={"ends_on": "2026-12-01"})
    assert moved.status_code == 422
    assert db.session.get(NonSchoolDay, day["id"]).ends_on.isoformat() == "2026-12-10"


def test_only_admins_change_the_calendar_and_outsiders_see_nothing(client_for, school):
    url = f"/api/v1/organizations/{school.org.id}/non-school-days"
    body = {"name": "Day off", "starts_on": "2026-12-10", "ends_on": "2026-12-10"}
    assert client_for(school.teacher).post(url, json=body).status_code == 403
    assert client_for(school.student).post(url, json=body).status_code == 403
    assert client_for(school.outsider).get(url).status_code == 404
    assert client_for(school.outsider).post(url, json=body).status_code == 404
    assert count(NonSchoolDay) == 0


def test_an_entry_of_another_organization_is_404(client_for, school):
    other = client_for(school.outsider)
    made = other.post(
        f"/api/v1/organizations/{school.outsider_org.id}/terms",
        json={"name": "Theirs", "starts_on": "2026-09-01", "ends_on": "2026-12-18"},
    ).get_json()
    response = client_for(school.admin).delete(
        f"/api/v1/organizations/{school.org.id}/terms/{made['id']}"
    )
    assert response.status_code == 404
    assert db.session.get(Term, made["id"]) is not None


def test_ical_import_makes_breaks_and_a_second_import_updates_them(client_for, school):
    admin = client_for(school.admin)
    first = upload(admin, school.org.id, HOLIDAYS)
    assert first.status_code == 200, first.get_json()
    assert first.get_json()["counts"] == {"created": 2, "updated": 0, "unchanged": 0}
    listed = admin.get(f"/api/v1/organizations/{school.org.id}/non-school-days").get_json()
    assert [(d["name"], d["starts_on"], d["ends_on"]) for d in listed] == [
        ("Staff training day", "2026-12-09", "2026-12-09"),
        ("Winter break", "2026-12-21", "2027-01-03"),
    ]
    moved = HOLIDAYS.replace(b"DTEND;VALUE=DATE:20270104", b"DTEND;VALUE=DATE:20270105")
    second = upload(admin, school.org.id, moved)
    assert second.get_json()["counts"] == {"created": 0, "updated": 1, "unchanged": 1}
    assert count(NonSchoolDay) == 2
    days = admin.get(
        f"/api/v1/organizations/{school.org.id}/calendar/school-days"
        "?start=2026-12-07&end=2027-01-08"
    ).get_json()
    # 7–18 Dec less the staff day (9), then 5–8 Jan: 9 + 4
    assert days["count"] == 13
    assert "2027-01-04" not in days["days"] and "2027-01-05" in days["days"]


def test_ical_import_as_terms(client_for, school):
    response = upload(client_for(school.admin), school.org.id, HOLIDAYS, kind="term")
    assert response.status_code == 200
    assert count(Term) == 2 and count(NonSchoolDay) == 0


def test_a_file_that_is_not_icalendar_is_422_and_imports_nothing(client_for, school):
    admin = client_for(school.admin)
    for data in (b"name,date\nWinter,2026-12-21\n", b"\xff\xd8\xff\xe0 jpeg", b""):
        response = upload(admin, school.org.id, data, name="holidays.csv")
        assert response.status_code == 422, data
        assert response.mimetype == "application/problem+json"
        assert "file" in response.get_json()["errors"]
    vcard = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Someone\r\nEND:VCARD\r\n"
    assert upload(admin, school.org.id, vcard).status_code == 422
    assert count(NonSchoolDay) == 0


def test_one_bad_event_imports_nothing_and_names_the_event(client_for, school):
    broken = HOLIDAYS.replace(b"DTSTART;VALUE=DATE:20261209", b"DTSTART:not-a-date")
    response = upload(client_for(school.admin), school.org.id, broken)
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert any("Staff training day" in key for key in errors), errors
    assert count(NonSchoolDay) == 0


def test_teachers_cannot_import_a_calendar(client_for, school):
    assert upload(client_for(school.teacher), school.org.id, HOLIDAYS).status_code == 403
    assert count(NonSchoolDay) == 0


def test_import_without_a_file_or_with_an_unknown_kind_is_422(client_for, school):
    admin = client_for(school.admin)
    url = f"/api/v1/organizations/{school.org.id}/calendar/import"
    assert admin.post(url, data={}, content_type="multipart/form-data").status_code == 422
    assert upload(admin, school.org.id, HOLIDAYS, kind="party").status_code == 422
    assert count(NonSchoolDay) == 0
