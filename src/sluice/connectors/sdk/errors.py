"""Typed connector errors: they tell the engine whether to retry, fail, or blame the config."""

from __future__ import annotations


class ConnectorError(Exception):
    """Base class of every error a connector raises on purpose."""

    retryable: bool = False


class TransientError(ConnectorError):
    """A failure that may go away on its own (network blip, lock timeout, server restart).

    The engine retries the stream with backoff before giving up.
    """

    retryable = True


class TerminalError(ConnectorError):
    """A failure that retrying cannot fix (missing table, permission denied, bad data)."""


class ConfigError(TerminalError):
    """The connector's configuration is wrong. ``field`` names the offending setting if known."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class SchemaDriftError(TerminalError):
    """The source schema changed in a way the pipeline's drift policy does not allow."""
