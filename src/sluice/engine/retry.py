"""Bounded exponential backoff for streams that fail with a retryable (transient) error."""

from __future__ import annotations

from dataclasses import dataclass

from sluice.connectors.sdk import ConnectorError


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently a stream is retried.

    A stream gets at most ``max_attempts`` attempts in total (``1`` disables retries). Only
    errors whose class says ``retryable`` (:class:`~sluice.connectors.sdk.TransientError`) are
    retried; anything else fails the stream at once. The delay before retry ``n`` (1-based) is
    ``initial_delay * multiplier ** (n - 1)``, capped at ``max_delay``.
    """

    max_attempts: int = 3
    initial_delay: float = 1.0
    multiplier: float = 2.0
    max_delay: float = 60.0

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if self.initial_delay < 0 or self.max_delay < 0 or self.multiplier < 1:
            raise ValueError("delays must be >= 0 and multiplier >= 1")

    def is_retryable(self, exc: BaseException) -> bool:
        """Whether ``exc`` is worth another attempt."""
        return isinstance(exc, ConnectorError) and exc.retryable

    def should_retry(self, exc: BaseException, attempt: int) -> bool:
        """Whether to retry after attempt number ``attempt`` (1-based) failed with ``exc``."""
        return self.is_retryable(exc) and attempt < self.max_attempts

    def delay(self, attempt: int) -> float:
        """Seconds to wait after failed attempt ``attempt`` (1-based) before the next one."""
        return float(min(self.max_delay, self.initial_delay * self.multiplier ** (attempt - 1)))


NO_RETRY = RetryPolicy(max_attempts=1, initial_delay=0.0)
"""A policy that never retries."""
