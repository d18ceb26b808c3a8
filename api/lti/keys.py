"""The tool's own RSA key pair: platforms fetch the public half from /lti/jwks."""

from __future__ import annotations

import json
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import current_app
from jwcrypto.jwk import JWK


def _generate() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def _from_file(path: str) -> str:
    """Read the key file, made once (0600) when missing; a racing process reads the winner's."""
    file = Path(path)
    if not file.exists():
        file.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(_generate())
    return file.read_text()


def tool_private_key() -> str:
    """The tool's private key in PEM: LTI_PRIVATE_KEY, else LTI_PRIVATE_KEY_FILE, else in memory."""
    cached = current_app.extensions.get("lti_private_key")
    if cached is None:
        config = current_app.config
        cached = config["LTI_PRIVATE_KEY"] or (
            _from_file(config["LTI_PRIVATE_KEY_FILE"])
            if config["LTI_PRIVATE_KEY_FILE"]
            else _generate()
        )
        current_app.extensions["lti_private_key"] = cached
    return cached


def tool_public_jwk() -> dict:
    key = JWK.from_pem(tool_private_key().encode())
    public = json.loads(key.export_public())
    return {**public, "kid": key.thumbprint(), "alg": "RS256", "use": "sig"}


def tool_jwks() -> dict:
    return {"keys": [tool_public_jwk()]}
