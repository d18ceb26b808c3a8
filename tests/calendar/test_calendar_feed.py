"""A person's due dates as an iCalendar feed at a secret, resettable address."""

from __future__ import annotations

from datetime import date, timedelta

import icalendar

from api.cycles.models import PhaseDueDate
from api.extensions import db
from api.trust.models import TrustSurvey
from tests.cycles.helpers import add_action
from tests.support.client import ApiClient


def make_feed(client) -> str:
    response = client.post("/api/v1/me/calendar-feed")
    assert response.status_code == 201, response.get_json()
    url = response.get_json()["url"]
    assert url.endswith(".ics")
    return url[url.index("/api/v1/") :]


def events(app, path: str) -> dict[str, icalendar.Event]:
    response = ApiClient(app).get(path)  # calendar apps don't sign in
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.get_data())
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_the_feed_has_my_actions_phase_due_dates_and_survey_closings(
    app, client_for, make_cycle, school
):
    today = date.today()
    cycle = make_cycle(school.team, state="evidence", facilitators=[school.student])
    mine = add_action(cycle, owner=school.student, title="Collect exit tickets")
    add_action(cycle, owner=school.teacher, title="Someone else's action")
    db.session.add(PhaseDueDate(cycle_id=cycle.id, phase="analysis", due_on=today + timedelta(9)))
    db.session.add(
        TrustSurvey(
            team_id=school.team.id,
            period="Autumn",
            opens_on=today,
            closes_on=today + timedelta(days=5),
        )
    )
    db.session.commit()
    found = events(app, make_feed(client_for(school.student)))
    assert "Due: Collect exit tickets" in found
    assert found["Due: Collect exit tickets"].decoded("dtstart") == mine.due_on
    assert "Due: Someone else's action" not in found
    assert "Grade 7 Science, cycle 1: analysis phase due" in found
    assert "Grade 7 Science: trust survey “Autumn” closes" in found


def test_resetting_the_address_stops_the_old_one(app, client_for, school):
    student = client_for(school.student)
    old = make_feed(student)
    new = make_feed(student)
    assert old != new
    assert ApiClient(app).get(old).status_code == 404
    assert ApiClient(app).get(new).status_code == 200
    assert student.get("/api/v1/me/calendar-feed").get_json()["url"] is None
    assert student.delete("/api/v1/me/calendar-feed").status_code == 204
    assert ApiClient(app).get(new).status_code == 404
    assert student.get("/api/v1/me/calendar-feed").get_json()["active"] is False


def test_a_made_up_address_is_404_and_another_persons_dates_never_show(
    app, client_for, make_cycle, school
):
    assert ApiClient(app).get("/api/v1/calendar-feeds/not-a-real-secret.ics").status_code == 404
    cycle = make_cycle(school.team, state="evidence")
    add_action(cycle, owner=school.students[1], title="Priya's action")
    found = events(app, make_feed(client_for(school.student)))
    assert "Due: Priya's action" not in found
    outsider = events(app, make_feed(client_for(school.outsider)))
    assert outsider == {}


def test_a_turned_off_account_has_no_feed(app, client_for, school):
    path = make_feed(client_for(school.teacher))
    client_for(school.admin).post(
        f"/api/v1/organizations/{school.org.id}/people/{school.teacher.id}/deactivate"
    )
    assert ApiClient(app).get(path).status_code == 404
