"""School days: weekdays, inside a term once there are terms, outside holidays and breaks."""

from __future__ import annotations

from datetime import date

from api.calendar import service as calendar
from api.calendar.models import NonSchoolDay, Term
from api.extensions import db

# December 2026: Monday 7th … Friday 11th, Monday 14th … Friday 18th.


def add(model, org, name, starts_on, ends_on):
    db.session.add(model(organization_id=org.id, name=name, starts_on=starts_on, ends_on=ends_on))
    db.session.commit()


def test_without_a_calendar_school_days_are_monday_to_friday(make_org):
    org = make_org()
    assert calendar.is_school_day(org.id, date(2026, 12, 7))
    assert not calendar.is_school_day(org.id, date(2026, 12, 12))  # Saturday
    assert not calendar.is_school_day(org.id, date(2026, 12, 13))  # Sunday
    assert calendar.school_days(org.id, date(2026, 12, 10), date(2026, 12, 15)) == [
        date(2026, 12, 10),
        date(2026, 12, 11),
        date(2026, 12, 14),
        date(2026, 12, 15),
    ]
    assert calendar.next_school_day(org.id, date(2026, 12, 11)) == date(2026, 12, 14)
    assert calendar.count_school_days(org.id, date(2026, 12, 7), date(2026, 12, 18)) == 10


def test_a_holiday_or_break_is_not_a_school_day(make_org):
    org = make_org()
    add(NonSchoolDay, org, "Staff day", date(2026, 12, 9), date(2026, 12, 9))
    add(NonSchoolDay, org, "Winter break", date(2026, 12, 21), date(2027, 1, 1))
    assert not calendar.is_school_day(org.id, date(2026, 12, 9))
    assert calendar.count_school_days(org.id, date(2026, 12, 7), date(2026, 12, 11)) == 4
    assert calendar.next_school_day(org.id, date(2026, 12, 18)) == date(2027, 1, 4)
    assert calendar.count_school_days(org.id, date(2026, 12, 19), date(2027, 1, 3)) == 0


def test_once_there_are_terms_only_days_inside_one_are_school_days(make_org):
    org = make_org()
    add(Term, org, "Autumn", date(2026, 9, 1), date(2026, 12, 18))
    add(Term, org, "Spring", date(2027, 1, 11), date(2027, 4, 2))
    assert calendar.is_school_day(org.id, date(2026, 12, 18))
    assert not calendar.is_school_day(org.id, date(2026, 12, 21))
    assert not calendar.is_school_day(org.id, date(2027, 1, 4))
    assert calendar.next_school_day(org.id, date(2026, 12, 18)) == date(2027, 1, 11)


def test_another_organizations_calendar_changes_nothing(make_org):
    org, other = make_org(), make_org()
    add(NonSchoolDay, other, "Their holiday", date(2026, 12, 7), date(2026, 12, 11))
    add(Term, other, "Their term", date(2027, 1, 1), date(2027, 2, 1))
    assert calendar.count_school_days(org.id, date(2026, 12, 7), date(2026, 12, 11)) == 5


def test_an_empty_or_backwards_range_has_no_school_days(make_org):
    org = make_org()
    assert calendar.school_days(org.id, date(2026, 12, 11), date(2026, 12, 7)) == []
    assert calendar.count_school_days(org.id, date(2026, 12, 12), date(2026, 12, 13)) == 0


def test_past_the_last_term_the_next_weekday_stands_in(make_org):
    org = make_org()
    add(Term, org, "Only term", date(2026, 9, 1), date(2026, 12, 18))
    # Friday 2027-06-04: no term ahead, so Monday is next rather than never.
    assert calendar.next_school_day(org.id, date(2027, 6, 4)) == date(2027, 6, 7)


def test_calendar_adds_school_days_over_weekends_and_breaks(make_org):
    org = make_org()
    add(NonSchoolDay, org, "Winter break", date(2026, 12, 21), date(2027, 1, 1))
    loaded = calendar.calendar_for(org.id)
    assert loaded.add_school_days(date(2026, 12, 17), 2) == date(2027, 1, 4)
    assert loaded.add_school_days(date(2026, 12, 17), 0) == date(2026, 12, 17)
