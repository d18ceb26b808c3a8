"""Serves the no-build single-page app from frontend/."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, abort, send_from_directory

FRONTEND = Path(__file__).resolve().parent.parent / "frontend"


def init_app(app: Flask) -> None:
    @app.route("/", defaults={"path": ""})
    @app.route("/<path:path>")
    def spa(path: str):
        if path.startswith("api/"):
            abort(404)
        target = FRONTEND / path
        if path and target.is_file():
            return send_from_directory(FRONTEND, path)
        # Every other path is a page of the app: the router in app.js takes it from here.
        response = send_from_directory(FRONTEND, "index.html")
        response.headers["Cache-Control"] = "no-cache"
        return response
