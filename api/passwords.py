"""Password hashing with argon2id."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from api.errors import Unprocessable

_hasher = PasswordHasher()
#: verified against when the account does not exist, so timing does not reveal which accounts do
_DUMMY_HASH = _hasher.hash("not-a-real-password")

MIN_LENGTH = 8


def check_new_password(password: str, field: str = "password") -> None:
    """The one rule for new passwords; raises Unprocessable naming `field` when it is broken."""
    if len(password) < MIN_LENGTH:
        raise Unprocessable(
            "Password too short.", errors={field: [f"Use at least {MIN_LENGTH} characters."]}
        )


def set_hashing_cost(*, time_cost: int, memory_cost: int, parallelism: int) -> None:
    """Change argon2's cost (the test suite makes hundreds of accounts and uses the cheapest)."""
    global _hasher, _DUMMY_HASH
    _hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)
    _DUMMY_HASH = _hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
