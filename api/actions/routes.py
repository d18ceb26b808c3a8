"""The action plan."""

from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("actions", __name__, url_prefix="/api/v1", description="The action plan")
