"""Domain errors raised by core and security; ``api/errors.py`` maps them to HTTP statuses."""

from __future__ import annotations


class SluiceError(Exception):
    """Base class. ``str(error)`` is a message a person can act on, never a secret."""


class NotFoundError(SluiceError):
    """The requested object does not exist (or is not visible to the caller)."""


class ConflictError(SluiceError):
    """The request conflicts with the current state (already set up, already running...)."""


class InvalidInputError(SluiceError):
    """The input is well-formed JSON but breaks a rule. ``field`` names the offending field."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class AuthenticationError(SluiceError):
    """Credentials are missing or wrong."""


class PermissionDeniedError(SluiceError):
    """The caller is authenticated but not allowed to do this."""


class LockedError(SluiceError):
    """The keyring is locked: credentials cannot be decrypted until someone unlocks it."""


class NotInitializedError(SluiceError):
    """First-run setup has not been done yet."""


class TooManyAttemptsError(SluiceError):
    """Too many failed attempts; ``retry_after`` seconds must pass before the next one."""

    def __init__(self, message: str, *, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ExternalSystemError(SluiceError):
    """A source or destination system failed or could not be reached."""
