"""Evidence files, texts and links."""

from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint(
    "evidence", __name__, url_prefix="/api/v1", description="Evidence files, texts and links"
)
