"""Organizations are founded by the platform operator (a CLI command), never by a signed-in
person: no student can found a school to squat a principal's address."""

from __future__ import annotations

from sqlalchemy import func, select

from api.audit.models import AuditEvent
from api.extensions import db
from api.organizations.models import Organization, OrgMembership
from api.users.models import User


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_no_signed_in_person_can_found_an_organization(client_for, school):
    before = count(Organization), count(User)
    for person in (school.student, school.teacher, school.admin):
        response = client_for(person).post(
            "/api/v1/organizations", json={"name": "Squat", "time_zone": "UTC"}
        )
        assert response.status_code == 405
        assert response.mimetype == "application/problem+json"
        assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert (count(Organization), count(User)) == before


def test_the_operator_creates_a_school_with_a_new_admin_who_then_sets_a_password(
    app, database, anonymous
):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "organizations",
            "create",
            "--name",
            "Cedar Middle",
            "--admin-email",
            "Principal@Cedar.example",
            "--admin-name",
            "Pat Principal",
            "--time-zone",
            "America/Chicago",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Forgot your password" in result.output
    organization = db.session.scalar(
        select(Organization).where(Organization.name == "Cedar Middle")
    )
    assert organization.time_zone == "America/Chicago"
    admin = db.session.scalar(select(User).where(User.email == "principal@cedar.example"))
    assert admin.password_hash is None and admin.display_name == "Pat Principal"
    membership = db.session.scalar(
        select(OrgMembership).where(OrgMembership.organization_id == organization.id)
    )
    assert membership.user_id == admin.id and membership.is_admin
    assert (
        db.session.scalar(
            select(AuditEvent.action).where(AuditEvent.organization_id == organization.id)
        )
        == "organization.created"
    )


def test_the_operator_can_make_an_existing_person_the_admin(app, database, school):
    people = count(User)
    result = app.test_cli_runner().invoke(
        args=[
            "organizations",
            "create",
            "--name",
            "District 9",
            "--admin-email",
            school.teacher.email,
        ]
    )
    assert result.exit_code == 0, result.output
    assert "existing account" in result.output
    assert count(User) == people  # nobody new
    organizations = db.session.scalars(
        select(OrgMembership.organization_id).where(OrgMembership.user_id == school.teacher.id)
    ).all()
    assert len(organizations) == 2


def test_a_bad_time_zone_creates_nothing(app, database):
    before = count(Organization), count(User)
    result = app.test_cli_runner().invoke(
        args=[
            "organizations",
            "create",
            "--name",
            "X",
            "--admin-email",
            "a@x.example",
            "--time-zone",
            "Mars/Olympus",
        ]
    )
    assert result.exit_code != 0
    assert "time zone" in result.output.lower()
    assert (count(Organization), count(User)) == before
