"""The bench replays a recorded page for every team with that team's own ids and token."""

from __future__ import annotations

import re

from bench import load, pages
from bench.district import District, TeamSeed


def team(number: int) -> TeamSeed:
    seed = TeamSeed(
        id=f"{number:024x}",
        teacher_ids=[f"{number + 100:024x}"],
        student_ids=[],
        token=f"tok{number}",
    )
    seed.number = number
    seed.analysis_cycle_id = f"{number + 200:024x}"
    seed.other_open_cycle_id = f"{number + 300:024x}"
    seed.closed_cycle_ids = [f"{number + 400:024x}"]
    for cycle, state in (
        (seed.analysis_cycle_id, "analysis"),
        (seed.other_open_cycle_id, "evidence"),
        (seed.closed_cycle_ids[0], "closed"),
    ):
        seed.cycle_states[cycle] = state
        seed.puzzle_ids[cycle] = f"{number + 500:024x}"
    return seed


def test_recorded_ids_become_placeholders_and_each_team_gets_its_own():
    district = District("f" * 24, [team(1), team(2)], "coach", [], {})
    recorded_team = district.teams[0]
    values = pages.placeholders(district, recorded_team, recorded_team.analysis_cycle_id)
    path = f"/api/v1/teams/{recorded_team.id}/activity?cycle_id={recorded_team.analysis_cycle_id}"
    template = pages._template(path, values)
    assert template == "/api/v1/teams/{team}/activity?cycle_id={cycle}"
    cycle_page = pages.Recording(
        "cycle page", "/cycles/{cycle}", [("GET", template), ("POST", "/x")]
    )
    recordings = {
        f"cycle page ({state})": cycle_page for state in ("analysis", "evidence", "closed")
    }
    recordings["team page"] = pages.Recording(
        "team page", "/teams/{team}", [("GET", "/api/v1/teams/{team}")]
    )

    found = {
        name: (script, per_page)
        for name, _, script, per_page in load.page_scenarios(district, recordings)
    }

    assert set(found) == {"cycle page", "team page"}  # no trust page was recorded
    script, per_page = found["cycle page"]
    assert per_page == 1  # the POST is not replayed
    sent = re.findall(r'\{"GET", "([^"]+)", "Bearer (\w+)"\}', script)
    assert len(sent) == 6  # 2 teams × 3 cycles
    for seed in district.teams:
        for cycle in (seed.analysis_cycle_id, seed.other_open_cycle_id, *seed.closed_cycle_ids):
            assert (f"/api/v1/teams/{seed.id}/activity?cycle_id={cycle}", seed.token) in sent
