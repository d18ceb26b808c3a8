"""Serves the no-build single-page app from frontend/."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, send_from_directory
from werkzeug.routing import PathConverter

FRONTEND = Path(__file__).resolve().parent.parent / "frontend"


class PagePath(PathConverter):
    """Any path but the API's: an unknown /api/… path is a 404 (or 405) for every method."""

    regex = r"(?!api(?:/|$))[^/].*?"


def init_app(app: Flask) -> None:
    app.url_map.converters["page"] = PagePath

    @app.route("/", defaults={"path": ""})
    @app.route("/<page:path>")
    def spa(path: str):
        target = FRONTEND / path
        if path and target.is_file():
            return send_from_directory(FRONTEND, path)
        # Every other path is a page of the app: the router in app.js takes it from here.
        response = send_from_directory(FRONTEND, "index.html")
        response.headers["Cache-Control"] = "no-cache"
        return response
