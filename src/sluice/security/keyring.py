"""The master-password keyring: the DEK lives only in this process's memory while unlocked.

The database holds the DEK wrapped by a key derived from the master password (PBKDF2-HMAC-SHA256,
iterations stored beside it). The password itself is never stored or logged. Changing the password
re-wraps the same DEK, so data encrypted before stays readable without re-encrypting it.
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy import select
from sqlalchemy.orm import Session

from sluice.db.base import utcnow
from sluice.db.models import KeyringRecord
from sluice.errors import (
    AuthenticationError,
    ConflictError,
    InvalidInputError,
    LockedError,
    NotInitializedError,
)
from sluice.security.crypto import (
    Cipher,
    WrappedKey,
    WrongPasswordError,
    new_data_key,
    unwrap_key,
    wrap_key,
)
from sluice.security.throttle import FailureThrottle

log = logging.getLogger(__name__)

KEYRING_ID = 1
MIN_MASTER_PASSWORD = 8


class Keyring:
    """Holds the unlocked DEK for one process. Thread-safe."""

    def __init__(
        self, *, iterations: int = 600_000, throttle: FailureThrottle | None = None
    ) -> None:
        self._iterations = iterations
        self._throttle = throttle or FailureThrottle()
        self._lock = threading.Lock()
        self._cipher: Cipher | None = None

    @property
    def is_unlocked(self) -> bool:
        """Whether the DEK is in memory."""
        return self._cipher is not None

    def cipher(self) -> Cipher:
        """The DEK cipher; :class:`LockedError` while locked."""
        cipher = self._cipher
        if cipher is None:
            msg = "Sluice is locked: unlock it with the master password to use credentials"
            raise LockedError(msg)
        return cipher

    @staticmethod
    def is_initialized(session: Session) -> bool:
        """Whether a wrapped DEK exists."""
        return session.get(KeyringRecord, KEYRING_ID) is not None

    def create(self, session: Session, master_password: str) -> None:
        """Generate a DEK, store it wrapped by ``master_password``, and stay unlocked."""
        _check_strength(master_password)
        if self.is_initialized(session):
            msg = "the keyring is already set up"
            raise ConflictError(msg)
        dek = new_data_key()
        wrapped = wrap_key(dek, master_password, self._iterations)
        session.add(
            KeyringRecord(
                id=KEYRING_ID,
                kdf=wrapped.kdf,
                iterations=wrapped.iterations,
                salt=wrapped.salt,
                wrapped_dek=wrapped.wrapped,
            )
        )
        session.flush()
        with self._lock:
            self._cipher = Cipher(dek)
        log.info("keyring created and unlocked")

    def unlock(self, session: Session, master_password: str) -> None:
        """Unwrap the DEK into memory. Wrong passwords are slowed down and logged."""
        dek = self._unwrap(self._record(session), master_password, "wrong master password")
        with self._lock:
            self._cipher = Cipher(dek)
        log.info("keyring unlocked")

    def lock(self) -> None:
        """Forget the DEK; credentials cannot be decrypted until the next unlock."""
        with self._lock:
            self._cipher = None
        log.info("keyring locked")

    def change_password(self, session: Session, current: str, new: str) -> None:
        """Re-wrap the DEK under ``new``; needs ``current``. Encrypted data is untouched."""
        _check_strength(new, field="new_password")
        record = self._record(session)
        dek = self._unwrap(record, current, "the current master password is wrong")
        wrapped = wrap_key(dek, new, self._iterations)
        record.kdf = wrapped.kdf
        record.iterations = wrapped.iterations
        record.salt = wrapped.salt
        record.wrapped_dek = wrapped.wrapped
        record.rotated_at = utcnow()
        session.flush()
        with self._lock:
            self._cipher = Cipher(dek)
        log.info("master password changed (data key re-wrapped)")

    def _unwrap(self, record: KeyringRecord, password: str, wrong: str) -> bytes:
        """The DEK, or :class:`AuthenticationError` (``wrong``); failures are throttled and
        logged (never the password)."""
        self._throttle.check("unlock", "unlock")
        try:
            dek = unwrap_key(_wrapped(record), password)
        except WrongPasswordError:
            failures = self._throttle.failed("unlock")
            log.warning("wrong master password (%d failures in a row)", failures)
            raise AuthenticationError(wrong) from None
        self._throttle.succeeded("unlock")
        return dek

    @staticmethod
    def _record(session: Session) -> KeyringRecord:
        record = session.scalars(
            select(KeyringRecord).where(KeyringRecord.id == KEYRING_ID)
        ).first()
        if record is None:
            msg = "Sluice is not set up yet: run first-run setup"
            raise NotInitializedError(msg)
        return record


def _wrapped(record: KeyringRecord) -> WrappedKey:
    return WrappedKey(
        kdf=record.kdf, iterations=record.iterations, salt=record.salt, wrapped=record.wrapped_dek
    )


def _check_strength(password: str, *, field: str = "master_password") -> None:
    if len(password) < MIN_MASTER_PASSWORD:
        msg = f"the master password must be at least {MIN_MASTER_PASSWORD} characters long"
        raise InvalidInputError(msg, field=field)
