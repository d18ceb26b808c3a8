"""Comments on cycles, from members and coaches."""

from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint(
    "comments",
    __name__,
    url_prefix="/api/v1",
    description="Comments on cycles, from members and coaches",
)
