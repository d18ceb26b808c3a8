"""Fixtures for the relationship tests: a school whose "today" the test can move."""

from __future__ import annotations

import datetime as dt

import pytest

from api.calendar import days


@pytest.fixture()
def school_day(monkeypatch):
    """school_day(date) makes that date "today" at every school (a Monday by default)."""
    current = {"day": dt.date(2026, 11, 2)}
    monkeypatch.setattr(days, "school_today", lambda organization: current["day"])

    def set_today(day: dt.date) -> dt.date:
        current["day"] = day
        return day

    return set_today


@pytest.fixture()
def teacher(client_for, school):
    return client_for(school.teacher)
