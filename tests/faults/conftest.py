"""Fixtures that break things on purpose: an app of the test's own, wired through a proxy to
PostgreSQL or to a redis-server the test kills; the shared services are never touched."""

from __future__ import annotations

import contextlib

import pytest

from api.app import create_app
from api.config import TestConfig
from api.extensions import db, limiter
from tests.faults.proxy import TcpProxy
from tests.faults.redis_server import REDIS_SERVER, RedisServer


@pytest.fixture()
def make_fault_app():
    """make_fault_app(SQLALCHEMY_DATABASE_URI=..., REDIS_URL=...) → an app of the test's own.

    The rate limiter is one object shared by every app in this process; whatever the test's app
    did to it (pointed it at a dead Redis, marked its storage dead) is undone afterwards."""
    saved_limiter = dict(limiter.__dict__)
    apps = []

    def make(**settings):
        config = type("FaultConfig", (TestConfig,), settings)
        app = create_app(config)
        apps.append(app)
        return app

    yield make
    for app in apps:
        with app.app_context(), contextlib.suppress(Exception):
            db.session.remove()
            db.engine.dispose()
    limiter.__dict__.clear()
    limiter.__dict__.update(saved_limiter)


@pytest.fixture()
def redis_server(tmp_path):
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.kill()


@pytest.fixture()
def tcp_proxy():
    proxies: list[TcpProxy] = []

    def make(host: str, port: int) -> TcpProxy:
        proxy = TcpProxy(host, port)
        proxies.append(proxy)
        return proxy

    yield make
    for proxy in proxies:
        proxy.close()
