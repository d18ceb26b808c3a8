"""The coach dashboard as CSV: one row per open cycle, for a spreadsheet or a principal."""

from __future__ import annotations

import csv
import io

from api.coaching.service import TeamBoard

HEADER = [
    "team",
    "cycle",
    "puzzle",
    "phase",
    "days_in_phase",
    "phase_due_on",
    "phase_overdue",
    "overdue_actions",
    "stalled",
    "facilitated_by_student",
    "evidence",
    "notes",
    "actions",
    "student_facilitated_share",
]


def _cell(value) -> str:
    """Text a spreadsheet shows as text: a leading = + - @ would start a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def dashboard_csv(boards: list[TeamBoard]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for board in boards:
        share = board.student_facilitated_share
        share_text = "" if share is None else f"{share:.2f}"
        if not board.cycles:
            writer.writerow([_cell(board.team.name), *([""] * (len(HEADER) - 2)), share_text])
        for cycle in board.cycles:
            counts = cycle["counts"]
            writer.writerow(
                [
                    _cell(board.team.name),
                    cycle["number"],
                    _cell(cycle["puzzle_question"]),
                    cycle["state_label"],
                    cycle["days_in_phase"],
                    cycle["phase_due_on"].isoformat() if cycle["phase_due_on"] else "",
                    "yes" if cycle["phase_overdue"] else "no",
                    cycle["overdue_actions"],
                    "yes" if cycle["stalled"] else "no",
                    "yes" if cycle["facilitated_by_student"] else "no",
                    counts.evidence,
                    counts.notes,
                    counts.actions,
                    share_text,
                ]
            )
    return buffer.getvalue()
