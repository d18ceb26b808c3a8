from sqlalchemy import func, select

from api.extensions import db
from api.puzzles.models import Puzzle


def puzzle_count() -> int:
    return db.session.scalar(select(func.count(Puzzle.id)))


def test_the_starter_library_offers_five_puzzles(client_for, school):
    starters = client_for(school.student).get("/api/v1/puzzle-starters").get_json()
    assert len(starters) == 5
    assert {s["focus_area"] for s in starters} >= {
        "Quality of reflection",
        "Feedback that fosters agency",
        "Students co-leading inquiry cycles",
    }


def test_team_adopts_a_starter_and_makes_it_its_own(client_for, school):
    teacher = client_for(school.teacher)
    adopted = teacher.post(
        f"/api/v1/teams/{school.team.id}/puzzles", json={"starter_key": "feedback-agency"}
    )
    assert adopted.status_code == 201
    puzzle = adopted.get_json()
    assert puzzle["starter_key"] == "feedback-agency"
    assert puzzle["question"].startswith("How might our feedback")
    edited = teacher.patch(
        f"/api/v1/puzzles/{puzzle['id']}",
        json={"question": "How might our feedback help Grade 7 take the next step?"},
    ).get_json()
    assert edited["question"] == "How might our feedback help Grade 7 take the next step?"
    assert edited["focus_area"] == "Feedback that fosters agency"


def test_student_writes_a_puzzle_but_only_teachers_archive_it(client_for, school):
    student = client_for(school.student)
    created = student.post(
        f"/api/v1/teams/{school.team.id}/puzzles",
        json={"question": "How might we make goal-setting ours?", "context": "We set goals."},
    )
    assert created.status_code == 201
    puzzle_id = created.get_json()["id"]
    refused = student.patch(f"/api/v1/puzzles/{puzzle_id}", json={"status": "archived"})
    assert refused.status_code == 403
    archived = client_for(school.teacher).patch(
        f"/api/v1/puzzles/{puzzle_id}", json={"status": "archived"}
    )
    assert archived.get_json()["status"] == "archived"
    active = student.get(f"/api/v1/teams/{school.team.id}/puzzles?status=active").get_json()
    assert puzzle_id not in [p["id"] for p in active]


def test_puzzle_needs_a_question_or_a_known_starter(client_for, school):
    teacher = client_for(school.teacher)
    url = f"/api/v1/teams/{school.team.id}/puzzles"
    before = puzzle_count()
    empty = teacher.post(url, json={"context": "no question"})
    assert empty.status_code == 422
    assert "question" in empty.get_json()["errors"]
    unknown = teacher.post(url, json={"starter_key": "made-up"})
    assert unknown.status_code == 422
    assert "starter_key" in unknown.get_json()["errors"]
    assert puzzle_count() == before


def test_coach_reads_puzzles_but_does_not_write_them(client_for, make_puzzle, school):
    make_puzzle(school.team)
    coach = client_for(school.coach)
    assert len(coach.get(f"/api/v1/teams/{school.team.id}/puzzles").get_json()) == 1
    refused = coach.post(f"/api/v1/teams/{school.team.id}/puzzles", json={"question": "Hm?"})
    assert refused.status_code == 403


def test_puzzle_shows_its_current_cycle(client_for, make_cycle, school):
    cycle = make_cycle(school.team, state="analysis")
    puzzles = client_for(school.teacher).get(f"/api/v1/teams/{school.team.id}/puzzles")
    current = puzzles.get_json()[0]
    assert current["cycle_count"] == 1
    assert current["current_cycle"] == {
        "id": cycle.id,
        "number": 1,
        "workflow": "eaa",
        "state": "analysis",
        "state_label": "Analysis",
    }
