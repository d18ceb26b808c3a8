from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from api.actions.models import Action
from api.cycles.models import PhaseDueDate
from api.extensions import db
from api.notifications import reminders
from api.notifications.models import Notification
from tests.cycles.helpers import add_action

TUESDAY_AFTERNOON = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
TODAY = TUESDAY_AFTERNOON.date()


def notifications_for(user) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification).where(Notification.user_id == user.id).order_by(Notification.kind)
        )
    )


def test_action_due_in_two_days_reminds_its_student_owner_once(database, make_cycle, school):
    cycle = make_cycle(school.team, state="action")
    action = add_action(cycle, owner=school.student, title="Collect exit tickets")
    action.due_on = TODAY + timedelta(days=2)
    db.session.commit()
    first = reminders.scan(TUESDAY_AFTERNOON)
    again = reminders.scan(TUESDAY_AFTERNOON + timedelta(hours=1))
    assert len(first) == 1 and again == []
    [notification] = notifications_for(school.student)
    assert notification.kind == "action.due_soon"
    assert "Collect exit tickets" in notification.title
    assert notification.link == f"/cycles/{cycle.id}"


def test_overdue_action_reminds_its_owner_and_done_actions_do_not(database, make_cycle, school):
    cycle = make_cycle(school.team, state="action")
    late = add_action(cycle, owner=school.teacher, title="Model a reflection")
    late.due_on = TODAY - timedelta(days=1)
    finished = add_action(cycle, owner=school.teacher, title="Already done")
    finished.due_on, finished.status = TODAY - timedelta(days=1), "done"
    db.session.commit()
    reminders.scan(TUESDAY_AFTERNOON)
    assert [(n.kind, n.subject_id) for n in notifications_for(school.teacher)] == [
        ("action.overdue", late.id)
    ]


def test_phase_due_date_reminds_the_facilitators(database, make_cycle, school):
    cycle = make_cycle(school.team, state="evidence", facilitators=[school.student, school.teacher])
    db.session.add(PhaseDueDate(cycle_id=cycle.id, phase="evidence", due_on=TODAY))
    db.session.add(PhaseDueDate(cycle_id=cycle.id, phase="analysis", due_on=TODAY))
    db.session.commit()
    reminders.scan(TUESDAY_AFTERNOON)
    for person in (school.student, school.teacher):
        assert [n.kind for n in notifications_for(person)] == ["phase.due_soon"]
    assert notifications_for(school.students[1]) == []


def test_stalled_cycle_tells_facilitators_and_the_coach(database, make_cycle, school):
    cycle = make_cycle(school.team, state="analysis", facilitators=[school.student])
    # Sunday 8 November: 12 school days since (the team's stall days are 10 school days)
    cycle.last_activity_at = TUESDAY_AFTERNOON - timedelta(days=16)
    quiet_but_fine = make_cycle(
        school.team, state="evidence", facilitators=[school.student], number=2, puzzle=cycle.puzzle
    )
    # Friday 13 November: 11 days, but only 7 school days
    quiet_but_fine.last_activity_at = TUESDAY_AFTERNOON - timedelta(days=11)
    db.session.commit()
    reminders.scan(TUESDAY_AFTERNOON)
    assert [(n.kind, n.subject_id) for n in notifications_for(school.student)] == [
        ("cycle.stalled", cycle.id)
    ]
    assert [n.kind for n in notifications_for(school.coach)] == ["cycle.stalled"]


def test_coaches_get_one_weekly_digest_on_monday(database, make_cycle, school):
    make_cycle(school.team, state="evidence")
    monday = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    reminders.scan(monday)
    reminders.scan(monday + timedelta(hours=3))
    digests = [n for n in notifications_for(school.coach) if n.kind == "digest.coach_weekly"]
    assert len(digests) == 1
    assert "Grade 7 Science: cycles in progress" in digests[0].body
    reminders.scan(TUESDAY_AFTERNOON)
    assert len([n for n in notifications_for(school.coach) if n.kind == "digest.coach_weekly"]) == 1


def test_local_date_decides_what_is_due(database, make_org, make_user, make_team, make_cycle):
    org = make_org(time_zone="Pacific/Auckland")
    owner = make_user(org)
    team = make_team(org, teachers=[owner])
    cycle = make_cycle(team, state="action")
    action = add_action(cycle, owner=owner)
    # 23:00 UTC on the 24th is already the 25th in Auckland: due on the 27th is two days away.
    action.due_on = date(2026, 11, 27)
    db.session.commit()
    late_evening_utc = datetime(2026, 11, 24, 23, 0, tzinfo=UTC)
    assert len(reminders.scan(late_evening_utc)) == 1


def test_unknown_time_zone_in_the_database_does_not_stop_the_scan(database, make_cycle, school):
    school.org.time_zone = "Atlantis/Lost"
    cycle = make_cycle(school.team, state="action")
    action = add_action(cycle, owner=school.student)
    action.due_on = TODAY + timedelta(days=1)
    db.session.commit()
    assert len(reminders.scan(TUESDAY_AFTERNOON)) == 1


def test_scan_of_many_actions_makes_one_reminder_each(database, make_cycle, school):
    cycle = make_cycle(school.team, state="action")
    db.session.add_all(
        [
            Action(
                cycle_id=cycle.id,
                team_id=school.team.id,
                title=f"Action {n}",
                owner_id=school.student.id,
                due_on=TODAY + timedelta(days=1),
            )
            for n in range(reminders.BATCH + 5)
        ]
    )
    db.session.commit()
    assert len(reminders.scan(TUESDAY_AFTERNOON)) == reminders.BATCH + 5
    assert db.session.scalar(select(func.count(Notification.id))) == reminders.BATCH + 5


FRIDAY_AFTERNOON = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)


def test_due_soon_counts_school_days_over_the_weekend_and_a_holiday(database, make_cycle, school):
    from api.calendar.models import NonSchoolDay

    db.session.add(
        NonSchoolDay(
            organization_id=school.org.id,
            name="Staff day",
            starts_on=date(2026, 11, 30),
            ends_on=date(2026, 11, 30),
        )
    )
    cycle = make_cycle(school.team, state="action")
    # Friday: Monday is a staff day, so Tuesday and Wednesday are the next two school days.
    soon = add_action(cycle, owner=school.student, title="Due Wednesday")
    soon.due_on = date(2026, 12, 2)
    later = add_action(cycle, owner=school.student, title="Due Thursday")
    later.due_on = date(2026, 12, 3)
    db.session.commit()
    reminders.scan(FRIDAY_AFTERNOON)
    assert [(n.kind, n.subject_id) for n in notifications_for(school.student)] == [
        ("action.due_soon", soon.id)
    ]


def test_a_cycle_quiet_over_a_break_is_not_stalled(database, make_cycle, school):
    from api.calendar.models import NonSchoolDay

    db.session.add(
        NonSchoolDay(
            organization_id=school.org.id,
            name="Autumn break",
            starts_on=date(2026, 11, 9),
            ends_on=date(2026, 11, 20),
        )
    )
    cycle = make_cycle(school.team, state="analysis", facilitators=[school.student])
    cycle.last_activity_at = TUESDAY_AFTERNOON - timedelta(days=16)
    db.session.commit()
    reminders.scan(TUESDAY_AFTERNOON)
    assert [n.kind for n in notifications_for(school.student)] == []
