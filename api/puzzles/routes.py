"""Puzzles of practice and the starter library."""

from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint(
    "puzzles",
    __name__,
    url_prefix="/api/v1",
    description="Puzzles of practice and the starter library",
)
