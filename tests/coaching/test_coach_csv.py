"""The coach dashboard as CSV: a row per open cycle, formulas defused."""

from __future__ import annotations

import csv
import io

from api.extensions import db
from tests.cycles.helpers import add_evidence


def rows(response) -> list[dict]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_the_dashboard_downloads_as_a_row_per_open_cycle(client_for, make_cycle, school):
    cycle = make_cycle(school.team, state="analysis", facilitators=[school.student])
    add_evidence(cycle)
    make_cycle(school.team, state="closed", number=2, puzzle=cycle.puzzle)
    [row] = rows(client_for(school.coach).get("/api/v1/coach/dashboard.csv"))
    assert row["team"] == "Grade 7 Science"
    assert row["phase"] == "Analysis"
    assert row["evidence"] == "1"
    assert row["facilitated_by_student"] == "yes"


def test_a_puzzle_that_starts_like_a_formula_is_kept_as_text(client_for, make_cycle, school):
    cycle = make_cycle(school.team, state="evidence")
    cycle.puzzle.question = '=HYPERLINK("http://evil.example")'
    db.session.commit()
    [row] = rows(client_for(school.coach).get("/api/v1/coach/dashboard.csv"))
    assert row["puzzle"].startswith("'=")


def test_someone_who_coaches_nobody_gets_only_the_header(client_for, school):
    assert rows(client_for(school.teacher).get("/api/v1/coach/dashboard.csv")) == []
