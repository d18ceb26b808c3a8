"""The application factory."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, send_from_directory
from werkzeug.routing import UnicodeConverter

from api import (
    authentication,
    cli,
    error_handlers,
    frontend,
    json_bodies,
    openapi,
    postgres,
    security_headers,
    sqlite,
)
from api.actor import CLIENT_SCOPE_HELP
from api.blueprints import BLUEPRINTS, FLASK_BLUEPRINTS
from api.config import Config
from api.cycles import service as cycles
from api.extensions import db, limiter, rest_api
from api.notices import write_notices
from api.notifications import notices
from api.organizations import service as organizations
from api.proxies import TrustedProxies
from api.teams import service as teams
from api.webhooks import events as webhook_events


def create_app(config: type[Config] | None = None) -> Flask:
    config = config or Config
    config.validate()
    app = Flask(
        __name__,
        static_folder=None,
        instance_path=str(Path(__file__).resolve().parent.parent / "instance"),
    )
    app.config.from_object(config)
    # X-Forwarded-For and -Proto count only from the proxies named in TRUSTED_PROXIES.
    app.wsgi_app = TrustedProxies(app.wsgi_app, app.config)  # type: ignore[method-assign]

    # A path segment never holds U+0000: nothing stored has it, and PostgreSQL cannot even
    # compare it (a 500). Such a path matches no route: 404.
    app.url_map.converters["default"] = app.url_map.converters["string"] = PathSegment

    import api.models  # noqa: F401  (every table registered before anything uses the metadata)

    _connect_hooks()

    db.init_app(app)
    with app.app_context():
        sqlite.tune(db.engine)
        postgres.tune(app, db.engine)
    limiter.init_app(app)
    rest_api.init_app(app, spec_kwargs=openapi.spec_kwargs(app.view_functions, CLIENT_SCOPE_HELP))
    for blueprint in BLUEPRINTS:
        rest_api.register_blueprint(blueprint)
    webhook_events.document(rest_api.spec)
    for blueprint in FLASK_BLUEPRINTS:
        app.register_blueprint(blueprint)
    error_handlers.init_app(app)
    json_bodies.init_app(app)
    authentication.init_app(app)
    security_headers.init_app(app)
    cli.init_app(app)
    frontend.init_app(app)
    _serve_swagger_ui(app)
    return app


def _connect_hooks() -> None:
    """The calls that would point up the layers, turned round (api/hooks.py): a lower package
    names the moment, the one above says what happens then."""
    write_notices.connect(notices.write)
    teams.member_leaving.connect(cycles.release_open_work)
    organizations.leaving_organization.connect(teams.leave_organization_teams)


class PathSegment(UnicodeConverter):
    """Werkzeug's default converter, refusing NUL characters."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.regex = self.regex.replace("[^/]", "[^/\\x00]")


def _serve_swagger_ui(app: Flask) -> None:
    """Swagger UI from the flask-swagger-ui package's files: the docs work with no internet."""
    import flask_swagger_ui

    dist = Path(flask_swagger_ui.__file__).parent / "dist"

    @app.route("/api/docs/static/<path:filename>")
    def swagger_ui_static(filename: str):
        return send_from_directory(dist, filename)
