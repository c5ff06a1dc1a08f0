"""Password hashing (argon2id) and opaque random tokens stored as SHA-256 digests."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()

TOKEN_PREFIX = "slc_"  # noqa: S105 - a public marker, not a secret


def hash_password(password: str) -> str:
    """An argon2id hash with a random salt, in PHC string format."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``; never raises for a mismatch."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    """A new opaque bearer token (256 bits of randomness), shown to its owner once."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """SHA-256 hex digest of ``token``: what is stored and looked up."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
