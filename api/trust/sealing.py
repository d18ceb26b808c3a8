"""Sealing one person's answers while their round is open.

A sealed answer is AES-256-GCM over the answers padded to one fixed size, with a random nonce and
the round's id as associated data; the key is derived from the app's SECRET_KEY and the round's
id, so the database alone never holds what opens it. Every sealed answer has the same length,
so not even the length of a comment shows. Rotating SECRET_KEY while a round is open makes its
sealed answers unreadable: closing then counts them as set aside (docs/privacy.md).
"""

from __future__ import annotations

import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

#: every sealed answer's plaintext is padded to this many bytes (a 2,000-character comment
#: whose every character JSON escapes to six bytes still fits)
PADDED_SIZE = 16 * 1024
NONCE_SIZE = 12


class Unreadable(Exception):
    """A sealed answer that does not open with this app's key (the key changed)."""


def _key(survey_id: str) -> bytes:
    secret = current_app.config["SECRET_KEY"]
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"eaa.trust.sealed-answers",
        info=survey_id.encode(),
    ).derive(secret.encode() if isinstance(secret, str) else secret)


def seal(survey_id: str, content: dict) -> bytes:
    plain = json.dumps(content, separators=(",", ":"), sort_keys=True).encode()
    if len(plain) > PADDED_SIZE:
        raise ValueError("answers too large to seal")
    padded = plain + b" " * (PADDED_SIZE - len(plain))
    nonce = os.urandom(NONCE_SIZE)
    return nonce + AESGCM(_key(survey_id)).encrypt(nonce, padded, survey_id.encode())


def unseal(survey_id: str, sealed: bytes) -> dict:
    try:
        padded = AESGCM(_key(survey_id)).decrypt(
            sealed[:NONCE_SIZE], sealed[NONCE_SIZE:], survey_id.encode()
        )
    except InvalidTag:
        raise Unreadable from None
    return json.loads(padded.rstrip(b" "))
