"""A liveness and readiness check for load balancers and compose."""

from __future__ import annotations

import marshmallow as ma
from flask_smorest import Blueprint
from sqlalchemy import text

from api.auth.actor import public
from api.extensions import db
from api.schemas import Schema

blp = Blueprint("health", __name__, url_prefix="/api/v1", description="Service health")


class HealthSchema(Schema):
    status = ma.fields.String(dump_only=True, metadata={"description": "ok or degraded"})
    database = ma.fields.String(dump_only=True)


@blp.route("/health", methods=["GET"])
@public
@blp.response(200, HealthSchema)
def health():
    """Say whether the service and its database answer."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok", "database": "ok"}
