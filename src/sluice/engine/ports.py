"""The small ports the engine needs from whoever runs it, plus in-memory implementations.

The services layer implements these on the metadata DB (state), the live-event bus (reporter)
and the job row (cancellation); tests and the CLI use the in-memory versions below. Every port
may be called from several worker threads at once (one per stream running in parallel), so
implementations must be thread-safe.
"""

from __future__ import annotations

import logging
import threading
from typing import Protocol, runtime_checkable

from sluice.connectors.sdk import Checkpoint
from sluice.engine.result import StreamResult


@runtime_checkable
class StateStore(Protocol):
    """Where stream checkpoints live between runs."""

    def load(self, stream_name: str) -> Checkpoint | None:
        """The last saved checkpoint of ``stream_name``, or ``None`` if it never saved one."""
        ...

    def save(self, stream_name: str, checkpoint: Checkpoint) -> None:
        """Persist ``checkpoint`` as the stream's new state.

        The engine calls this only after the destination committed every batch the checkpoint
        covers, so a stored checkpoint never skips rows. It is called once per commit.
        """
        ...


@runtime_checkable
class Reporter(Protocol):
    """Receives progress and logs of a run (for live UI events, progress bars, job logs)."""

    def stream_started(self, stream: str) -> None:
        """``stream`` started its first attempt."""
        ...

    def progress(
        self, stream: str, rows_extracted: int, rows_loaded: int, rows_per_second: float
    ) -> None:
        """Running totals of ``stream`` (throttled; always sent at each commit and at the end)."""
        ...

    def stream_finished(self, result: StreamResult) -> None:
        """``stream`` ended (success, failed or cancelled) with these counters."""
        ...

    def log(self, level: int, message: str) -> None:
        """A log line for the job; ``level`` is a :mod:`logging` level."""
        ...


@runtime_checkable
class CancelToken(Protocol):
    """Tells the engine whether the run was asked to stop."""

    def is_cancelled(self) -> bool:
        """``True`` once cancellation was requested; it never goes back to ``False``."""
        ...


class MemoryStateStore:
    """A thread-safe in-memory :class:`StateStore` that also keeps every save in ``history``."""

    def __init__(self, initial: dict[str, Checkpoint] | None = None) -> None:
        self._lock = threading.Lock()
        self._state: dict[str, Checkpoint] = dict(initial or {})
        self.history: list[tuple[str, Checkpoint]] = []

    def load(self, stream_name: str) -> Checkpoint | None:
        """The last saved checkpoint of ``stream_name``."""
        with self._lock:
            return self._state.get(stream_name)

    def save(self, stream_name: str, checkpoint: Checkpoint) -> None:
        """Store ``checkpoint`` and append it to ``history``."""
        with self._lock:
            self._state[stream_name] = checkpoint
            self.history.append((stream_name, checkpoint))

    def snapshot(self) -> dict[str, Checkpoint]:
        """A copy of the current state of every stream."""
        with self._lock:
            return dict(self._state)


class NullReporter:
    """A :class:`Reporter` that forwards log lines to :mod:`logging` and drops the rest."""

    def __init__(self, logger: logging.Logger | None = None) -> None:
        self._logger = logger or logging.getLogger("sluice.engine")

    def stream_started(self, stream: str) -> None:
        """Ignored."""

    def progress(
        self, stream: str, rows_extracted: int, rows_loaded: int, rows_per_second: float
    ) -> None:
        """Ignored."""

    def stream_finished(self, result: StreamResult) -> None:
        """Ignored."""

    def log(self, level: int, message: str) -> None:
        """Sent to the ``sluice.engine`` logger."""
        self._logger.log(level, message)


class CancelFlag:
    """A :class:`CancelToken` backed by :class:`threading.Event`; call :meth:`cancel` to stop."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        """Request cancellation; running streams stop at their next batch boundary."""
        self._event.set()

    def is_cancelled(self) -> bool:
        """Whether :meth:`cancel` was called."""
        return self._event.is_set()

    def wait(self, timeout: float) -> bool:
        """Block up to ``timeout`` seconds or until cancelled; return whether cancelled."""
        return self._event.wait(timeout)
