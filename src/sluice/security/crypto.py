"""Key derivation and wrapping: PBKDF2-HMAC-SHA256 over the master password, Fernet for data.

Nothing here touches the database; :mod:`sluice.security.keyring` stores what this produces.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

KDF_NAME = "pbkdf2-sha256"
SALT_BYTES = 16


class WrongPasswordError(Exception):
    """The master password does not unwrap the data key."""


@dataclass(frozen=True)
class WrappedKey:
    """A data key encrypted under a password-derived key, with what is needed to derive it."""

    kdf: str
    iterations: int
    salt: str  # urlsafe base64
    wrapped: str  # Fernet token


def derive_key(password: str, salt: bytes, iterations: int) -> bytes:
    """A Fernet key (urlsafe base64 of 32 bytes) derived from ``password``."""
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=iterations)
    return base64.urlsafe_b64encode(kdf.derive(password.encode("utf-8")))


def new_data_key() -> bytes:
    """A fresh random 32-byte Fernet data encryption key (DEK)."""
    return Fernet.generate_key()


def wrap_key(dek: bytes, password: str, iterations: int) -> WrappedKey:
    """Encrypt ``dek`` under a key derived from ``password`` with a fresh random salt."""
    salt = os.urandom(SALT_BYTES)
    kek = derive_key(password, salt, iterations)
    token = Fernet(kek).encrypt(dek).decode("ascii")
    return WrappedKey(
        kdf=KDF_NAME,
        iterations=iterations,
        salt=base64.urlsafe_b64encode(salt).decode("ascii"),
        wrapped=token,
    )


def unwrap_key(wrapped: WrappedKey, password: str) -> bytes:
    """Recover the DEK; :class:`WrongPasswordError` if ``password`` is not the one it was wrapped
    with (Fernet's HMAC makes a wrong key detectable, never a silent garbage key)."""
    if wrapped.kdf != KDF_NAME:
        msg = f"unsupported key derivation {wrapped.kdf!r}"
        raise ValueError(msg)
    salt = base64.urlsafe_b64decode(wrapped.salt.encode("ascii"))
    kek = derive_key(password, salt, wrapped.iterations)
    try:
        return Fernet(kek).decrypt(wrapped.wrapped.encode("ascii"))
    except InvalidToken as exc:
        raise WrongPasswordError from exc


class Cipher:
    """Encrypts and decrypts values with the DEK (Fernet: AES-128-CBC + HMAC-SHA256)."""

    def __init__(self, dek: bytes) -> None:
        self._fernet = Fernet(dek)

    def encrypt(self, plaintext: bytes) -> str:
        """Ciphertext as ASCII text, safe to store in a TEXT column."""
        return self._fernet.encrypt(plaintext).decode("ascii")

    def decrypt(self, ciphertext: str) -> bytes:
        """The plaintext; ``cryptography.fernet.InvalidToken`` if tampered or another key."""
        return self._fernet.decrypt(ciphertext.encode("ascii"))
