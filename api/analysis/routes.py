"""Analysis notes that cite evidence."""

from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint(
    "analysis", __name__, url_prefix="/api/v1", description="Analysis notes that cite evidence"
)
