"""A report as HTML (one template, escaped by Jinja) and as PDF (WeasyPrint)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from api.reports.service import PuzzleReport

TEMPLATES = Path(__file__).with_name("templates")
_environment = Environment(
    loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"])
)


def report_html(report: PuzzleReport) -> str:
    return _environment.get_template("cycle_report.html").render(report=report)


def report_pdf(report: PuzzleReport) -> bytes:
    # Imported here: WeasyPrint loads Pango at import, which only the report needs.
    from weasyprint import HTML

    # No base URL: the report's pictures are inline data, and nothing is fetched from outside.
    return HTML(string=report_html(report), base_url=None).write_pdf()
