"""A cycle's reflection."""

from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("reflections", __name__, url_prefix="/api/v1", description="A cycle's reflection")
