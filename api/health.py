"""A liveness and readiness check for load balancers and compose.

The database is essential: without it the check answers 503 so a load balancer stops sending
traffic here. Redis is not: without it the API still serves (rate limits fall back to memory,
reminders wait in the database), so the check answers 200 with status "degraded".
"""

from __future__ import annotations

import contextlib
import logging

import marshmallow as ma
import redis
from flask import current_app
from redis.backoff import NoBackoff
from redis.retry import Retry
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from api.blueprint import PUBLIC, Blueprint
from api.extensions import db
from api.schemas import Schema

log = logging.getLogger(__name__)
blp = Blueprint("health", __name__, url_prefix="/api/v1", description="Service health")

OK, UNREACHABLE = "ok", "unreachable"
#: a health check answers fast: a load balancer gives up after a few seconds
REDIS_TIMEOUT_SECONDS = 1.0


class HealthSchema(Schema):
    status = ma.fields.String(
        dump_only=True,
        metadata={
            "description": "ok; degraded (serving, but Redis is unreachable); "
            "or down (the database is unreachable, answered with 503)",
            "enum": ["ok", "degraded", "down"],
        },
    )
    database = ma.fields.String(dump_only=True, metadata={"enum": [OK, UNREACHABLE]})
    redis = ma.fields.String(
        dump_only=True,
        metadata={
            "description": "Present when the service runs with Redis (REDIS_URL)",
            "enum": [OK, UNREACHABLE],
        },
    )


def _database_state() -> str:
    try:
        db.session.execute(text("SELECT 1"))
        return OK
    except SQLAlchemyError as error:
        log.warning("health: database unreachable: %s", error)
        with contextlib.suppress(SQLAlchemyError):
            db.session.rollback()
        db.session.remove()
        return UNREACHABLE


def _redis_client(url: str) -> redis.Redis:
    clients = current_app.extensions.setdefault("health_redis", {})
    if url not in clients:
        clients[url] = redis.Redis.from_url(
            url,
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
            socket_timeout=REDIS_TIMEOUT_SECONDS,
            retry=Retry(NoBackoff(), 0),
        )
    return clients[url]


def _redis_state(url: str) -> str:
    try:
        _redis_client(url).ping()
        return OK
    except redis.RedisError as error:
        log.warning("health: redis unreachable: %s", error)
        return UNREACHABLE


@blp.route("/health", methods=["GET"], access=PUBLIC)
@blp.response(200, HealthSchema, description="Serving (status ok or degraded)")
@blp.alt_response(503, schema=HealthSchema, description="Not serving: the database is down")
def health():
    """Say whether the service, its database and Redis answer."""
    body = {"status": OK, "database": _database_state()}
    if current_app.config.get("REDIS_URL"):
        body["redis"] = _redis_state(current_app.config["REDIS_URL"])
    if body["database"] != OK:
        body["status"] = "down"
        return body, 503, {"Retry-After": "5"}
    if body.get("redis", OK) != OK:
        body["status"] = "degraded"
    return body
