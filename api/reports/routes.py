"""Cycle reports as PDF: a cycle, or a puzzle with all its cycles, for people who never sign in."""

from __future__ import annotations

import re

from flask import Response

from api.actor import CYCLES_READ, current_actor
from api.blueprint import Blueprint
from api.evidence.storage import current_storage
from api.reports import pdf, service

blp = Blueprint(
    "reports",
    __name__,
    url_prefix="/api/v1",
    description="Printable reports of cycles and puzzles",
    client_reads=CYCLES_READ,
)


def _pdf(report: service.PuzzleReport, name: str) -> Response:
    file_name = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "report"
    return Response(
        pdf.report_pdf(report),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{file_name}.pdf"'},
    )


@blp.route("/cycles/<cycle_id>/report.pdf", methods=["GET"])
@blp.response(200, {"type": "string", "format": "binary"}, content_type="application/pdf")
def cycle_report(cycle_id):
    """Download a cycle as a PDF: puzzle, team, evidence with thumbnails, notes and what they
    cite, the action plan with outcomes, the reflection and the history."""
    report = service.cycle_report(current_actor(), cycle_id, current_storage())
    number = report.cycles[0].cycle.number
    return _pdf(report, f"{report.team.name} cycle {number}")


@blp.route("/puzzles/<puzzle_id>/report.pdf", methods=["GET"])
@blp.response(200, {"type": "string", "format": "binary"}, content_type="application/pdf")
def puzzle_report(puzzle_id):
    """Download a puzzle of practice with every one of its cycles as one PDF."""
    report = service.puzzle_report(current_actor(), puzzle_id, current_storage())
    return _pdf(report, f"{report.team.name} puzzle")
