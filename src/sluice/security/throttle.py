"""Slows down repeated failures (wrong master password, wrong login) with a growing delay."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from sluice.errors import TooManyAttemptsError


class FailureThrottle:
    """After ``free_failures`` failures for a key, each further attempt must wait
    ``base_delay * 2**(extra failures)`` seconds (capped at ``max_delay``) after the last one.

    A success resets the key. Thread-safe; per process.
    """

    def __init__(
        self,
        *,
        free_failures: int = 5,
        base_delay: float = 1.0,
        max_delay: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._free = free_failures
        self._base = base_delay
        self._max = max_delay
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, tuple[int, float]] = {}

    def check(self, key: str, what: str) -> None:
        """Raise :class:`TooManyAttemptsError` if ``key`` must still wait."""
        with self._lock:
            count, last = self._failures.get(key, (0, 0.0))
        wait = self._delay(count) - (self._clock() - last)
        if wait > 0:
            msg = f"too many failed {what} attempts; try again in {int(wait) + 1} s"
            raise TooManyAttemptsError(msg, retry_after=wait)

    def failed(self, key: str) -> int:
        """Record a failure; return how many in a row ``key`` has now."""
        with self._lock:
            count, _ = self._failures.get(key, (0, 0.0))
            self._failures[key] = (count + 1, self._clock())
            return count + 1

    def succeeded(self, key: str) -> None:
        """Forget ``key``'s failures."""
        with self._lock:
            self._failures.pop(key, None)

    def _delay(self, count: int) -> float:
        if count < self._free:
            return 0.0
        return float(min(self._max, self._base * 2 ** (count - self._free)))
