import io

from sqlalchemy import func, select

from api.extensions import db
from api.organizations.models import OrgMembership
from api.roster.models import TeamExternalId
from api.teams.models import Membership, Role, Team
from api.users.models import ExternalIdentity, User
from tests.integrations.client_helpers import machine_for

# The OneRoster 1.1 headers, as a district's SIS exports them.
USER_COLUMNS = (
    "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,"
    "givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password"
)
CLASS_COLUMNS = (
    "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,"
    "location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods"
)
ENROLLMENT_COLUMNS = (
    "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,"
    "primary,beginDate,endDate"
)
USERS = (
    USER_COLUMNS
    + """
t-1,active,,true,org-1,teacher,,,Rosa,Diaz,,,rosa.diaz@district.example,,,,,
s-1,active,,true,org-1,student,jamal.k,,Jamal,King,,,,,,,07,
s-2,active,,true,org-1,student,,,Mei,Chen,,,,,,,07,
p-1,active,,true,org-1,parent,,,Pat,King,,,pat@home.example,,,s-1,,
"""
)
CLASSES = (
    CLASS_COLUMNS
    + """
c-1,active,,Science 7B,07,course-1,SCI7B,scheduled,Room 4,org-1,term-1,Science,,1
"""
)
ENROLLMENTS = (
    ENROLLMENT_COLUMNS
    + """
e-1,active,,c-1,org-1,t-1,teacher,true,,
e-2,active,,c-1,org-1,s-1,student,false,,
e-3,active,,c-1,org-1,s-2,student,false,,
e-5,active,,c-1,org-1,p-1,guardian,false,,
"""
)
#: an enrollment in a class the files don't have: the row fails
UNKNOWN_CLASS = "e-4,active,,c-404,org-1,s-2,student,false,,\n"


def files(users=USERS, classes=CLASSES, enrollments=ENROLLMENTS) -> dict:
    sent = {}
    for name, text in (
        ("users.csv", users),
        ("classes.csv", classes),
        ("enrollments.csv", enrollments),
    ):
        if text is not None:
            sent[name] = (io.BytesIO(text.encode()), name)
    return sent


def url(school, dry_run: bool) -> str:
    return (
        f"/api/v1/organizations/{school.org.id}/roster/oneroster"
        f"?dry_run={'true' if dry_run else 'false'}&source=district-sis"
    )


def snapshot() -> tuple:
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (User, ExternalIdentity, Team, TeamExternalId, Membership, OrgMembership)
    )


def test_a_dry_run_reports_what_would_change_and_writes_nothing(app, client_for, school):
    machine = machine_for(app, client_for(school.admin), school.org.id)
    before = snapshot()
    response = machine.post(url(school, dry_run=True), data=files())
    assert response.status_code == 200, response.get_json()
    report = response.get_json()
    assert report["dry_run"] is True
    assert report["counts"] == {
        "users": {"created": 3, "skipped": 1},
        "teams": {"created": 1},
        "memberships": {"created": 3, "skipped": 1},
    }
    assert all("id" not in row for row in report["rows"])
    assert snapshot() == before


def test_a_real_run_creates_people_teams_and_roles(app, client_for, school):
    machine = machine_for(app, client_for(school.admin), school.org.id)
    report = machine.post(url(school, dry_run=False), data=files()).get_json()
    assert report["dry_run"] is False
    assert report["counts"]["memberships"] == {"created": 3, "skipped": 1}
    team = db.session.scalar(select(Team).where(Team.name == "Science 7B"))
    roles = dict(
        db.session.execute(
            select(User.display_name, Membership.role)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.team_id == team.id)
        ).all()
    )
    assert roles == {
        "Rosa Diaz": Role.teacher,
        "Jamal King": Role.student,
        "Mei Chen": Role.student,
    }
    mei = db.session.scalar(select(User).where(User.display_name == "Mei Chen"))
    assert mei.email is None and mei.username == "district-sis-s-2"
    assert db.session.scalar(select(User).where(User.display_name == "Pat King")) is None
    guardian = next(row for row in report["rows"] if row["sourced_id"] == "e-5")
    assert guardian["status"] == "skipped" and "guardian" in guardian["note"]
    again = machine.post(url(school, dry_run=False), data=files()).get_json()
    assert again["counts"]["users"] == {"unchanged": 3, "skipped": 1}
    assert again["counts"]["memberships"] == {"unchanged": 3, "skipped": 1}


def test_a_row_that_fails_stops_the_whole_import_and_the_dry_run_said_so(app, client_for, school):
    machine = machine_for(app, client_for(school.admin), school.org.id)
    before = snapshot()
    bad = files(enrollments=ENROLLMENTS + UNKNOWN_CLASS)
    dry = machine.post(url(school, dry_run=True), data=bad).get_json()
    assert dry["counts"]["memberships"] == {"created": 3, "error": 1, "skipped": 1}
    [failed] = [row for row in dry["rows"] if row["status"] == "error"]
    assert failed["sourced_id"] == "e-4" and failed["line"] == 6
    assert "team_external_id" in failed["errors"]
    real = machine.post(
        url(school, dry_run=False), data=files(enrollments=ENROLLMENTS + UNKNOWN_CLASS)
    )
    assert real.status_code == 422
    assert real.mimetype == "application/problem+json"
    body = real.get_json()
    assert "nothing was imported" in body["detail"]
    assert body["counts"] == dry["counts"]
    assert [row["sourced_id"] for row in body["rows"] if row["status"] == "error"] == ["e-4"]
    assert "enrollments.csv line 6" in body["errors"]
    assert snapshot() == before


def test_an_archived_team_in_an_import_is_a_row_error_and_nothing_lands(app, client_for, school):
    admin = client_for(school.admin)
    machine = machine_for(app, admin, school.org.id)
    machine.post(url(school, dry_run=False), data=files(enrollments=None))
    team = db.session.scalar(select(Team).where(Team.name == "Science 7B"))
    assert admin.patch(f"/api/v1/teams/{team.id}", json={"archived": True}).status_code == 200
    before = snapshot()
    response = machine.post(url(school, dry_run=False), data=files())
    assert response.status_code == 422
    failed = [row for row in response.get_json()["rows"] if row["status"] == "error"]
    assert failed and all("archived" in row["note"] for row in failed)
    assert snapshot() == before


def test_enrollments_marked_tobedeleted_take_people_off_the_team(app, client_for, school):
    machine = machine_for(app, client_for(school.admin), school.org.id)
    machine.post(url(school, dry_run=False), data=files())
    dropped = ENROLLMENTS.replace("e-2,active", "e-2,tobedeleted")
    report = machine.post(url(school, dry_run=False), data=files(enrollments=dropped)).get_json()
    assert report["counts"]["memberships"]["removed"] == 1
    jamal = db.session.scalar(select(User).where(User.display_name == "Jamal King"))
    assert db.session.scalar(select(Membership).where(Membership.user_id == jamal.id)) is None


def test_files_missing_columns_are_refused_and_nothing_is_written(app, client_for, school):
    machine = machine_for(app, client_for(school.admin), school.org.id)
    before = snapshot()
    broken = CLASSES.replace("title", "name")
    response = machine.post(url(school, dry_run=False), data=files(classes=broken))
    assert response.status_code == 422
    assert response.get_json()["errors"] == {"classes.csv": ["Missing columns: title."]}
    assert snapshot() == before


def test_an_import_with_no_files_is_refused(app, client_for, school):
    machine = machine_for(app, client_for(school.admin), school.org.id)
    response = machine.post(url(school, dry_run=False), data={})
    assert response.status_code == 422
    assert "file" in response.get_json()["errors"]


def test_only_roster_writers_may_import(app, client_for, school):
    reader = machine_for(app, client_for(school.admin), school.org.id, scopes=["roster:read"])
    before = snapshot()
    assert reader.post(url(school, dry_run=False), data=files()).status_code == 403
    assert (
        client_for(school.teacher).post(url(school, dry_run=True), data=files()).status_code == 403
    )
    assert snapshot() == before


def test_a_replayed_import_is_not_applied_twice(app, client_for, school):
    machine = machine_for(app, client_for(school.admin), school.org.id)
    headers = {"Idempotency-Key": "import-monday"}
    first = machine.post(url(school, dry_run=False), data=files(), headers=headers)
    after_first = snapshot()
    replay = machine.post(url(school, dry_run=False), data=files(), headers=headers)
    assert replay.get_json() == first.get_json()
    assert snapshot() == after_first
    changed = machine.post(url(school, dry_run=False), data=files(users=None), headers=headers)
    assert changed.status_code == 422
