"""Password hashing with Argon2id (memory-hard), so that a stolen database does not give away
passwords."""

import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()

MIN_LENGTH = 10


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether the password matches. With no hash (no such account, or one that may not sign
    in) it is checked against a hash no password matches, so that the answer takes as long
    as for a real account and the time does not tell which names exist."""
    try:
        matched = _hasher.verify(password_hash or _unmatchable_hash(), password)
    except (VerificationError, InvalidHashError):
        return False
    return matched and password_hash is not None


@cache
def _unmatchable_hash() -> str:
    """Made once per process, from a random password that is thrown away."""
    return _hasher.hash(secrets.token_urlsafe(32))
