"""The app's one evidence store, built from STORAGE_URL on first use."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from api.storage import Storage, storage_from_url


def current_storage() -> Storage:
    """The store the app's config names (local files by default, or S3), made once per app.

    Tests and tools may put their own store in ``app.extensions["storage"]`` first.
    """
    extensions = current_app.extensions
    if "storage" not in extensions:
        config = current_app.config
        extensions["storage"] = storage_from_url(
            config.get("STORAGE_URL"), Path(config["STORAGE_ROOT"])
        )
    return extensions["storage"]
