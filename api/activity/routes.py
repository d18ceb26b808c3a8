"""The team's activity feed."""

from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("activity", __name__, url_prefix="/api/v1", description="The team's activity feed")
