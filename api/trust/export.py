"""CSV of a team's trust results: one row per closed, released round, group and component.

Only what the results page shows goes in — released rounds, means, answer distributions and
counts — never a comment or anything about who answered. A round still open has no row.
"""

from __future__ import annotations

import csv
import io

from api.access import team_access
from api.actor import Actor
from api.trust.questions import SCALE
from api.trust.results import released_summaries
from api.trust.surveys import team_today

HEADER = [
    "period",
    "opens_on",
    "closes_on",
    "group",
    "component",
    "eligible",
    "responses",
    "mean",
    "change_since_previous",
    *(f"answers_scored_{score}" for score in SCALE),
]
#: a spreadsheet would run a cell starting with these as a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def team_results_csv(actor: Actor, team_id: str) -> str:
    """The team's released results as CSV text (anyone who sees the team)."""
    access = team_access(actor, team_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for summary in released_summaries(access.team_id, team_today(access.team)):
        dates = [summary["opens_on"].isoformat(), summary["closes_on"].isoformat()]
        for component in summary["components"]:
            writer.writerow(
                [
                    _cell(summary["period"]),
                    *dates,
                    "all",
                    component["component"].value,
                    summary["eligible_count"],
                    component["count"],
                    component["mean"],
                    component["change"],
                    *(bucket["count"] for bucket in component["distribution"]),
                ]
            )
        for group in summary["groups"]:
            for component in group["components"]:
                writer.writerow(
                    [
                        _cell(summary["period"]),
                        *dates,
                        group["group"].value,
                        component["component"].value,
                        "",
                        group["count"],
                        component["mean"],
                        "",
                        *([""] * len(SCALE)),
                    ]
                )
    return buffer.getvalue()
