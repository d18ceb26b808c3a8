"""Serves the no-build single-page app from frontend/ (see api/static_assets.py for how)."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, abort, current_app, request
from werkzeug.routing import PathConverter

from api import static_assets

FRONTEND = Path(__file__).resolve().parent.parent / "frontend"
EXTENSION = "static_assets"


class PagePath(PathConverter):
    """Any path but the API's: an unknown /api/… path is a 404 (or 405) for every method."""

    regex = r"(?!api(?:/|$))[^/].*?"


def assets() -> static_assets.StaticAssets:
    """The app's files as read at start-up (the CSP reads the import map's hash from here)."""
    return current_app.extensions[EXTENSION]


def init_app(app: Flask, folder: Path = FRONTEND) -> None:
    app.url_map.converters["page"] = PagePath
    app.extensions[EXTENSION] = static_assets.load(folder)
    # In development a changed file is picked up on the next page load, with no restart.
    reread = app.config.get("ENV_NAME") == "development"

    @app.route("/", defaults={"path": ""})
    @app.route("/<page:path>")
    def spa(path: str):
        if reread and not path.startswith(("js/", "css/")):
            app.extensions[EXTENSION] = static_assets.load(folder)
        asset, hashed = assets().find(path)
        if asset is not None:
            return asset.response(
                request, static_assets.IMMUTABLE if hashed else static_assets.REVALIDATE
            )
        if static_assets.StaticAssets.looks_hashed(path):
            abort(404)  # a hash no file has (a deploy ago, or made up) is never a page
        # Every other path is a page of the app: the router in app.js takes it from here.
        return assets().index.response(request, static_assets.REVALIDATE)
