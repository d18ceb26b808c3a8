"""Cycles, transitions and history."""

from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint(
    "cycles", __name__, url_prefix="/api/v1", description="Cycles, transitions and history"
)
