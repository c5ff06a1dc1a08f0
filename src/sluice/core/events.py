"""Live events (job status, per-stream progress, log lines) for WebSocket clients.

Embedded deployments use :class:`InProcessEventBus`; the distributed deployment swaps in a
Redis pub/sub bus with the same protocol, so API replicas see events from any worker.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Protocol

log = logging.getLogger(__name__)

Event = dict[str, Any]
Listener = Callable[[Event], None]


class EventBus(Protocol):
    """Publish events; subscribe listeners that are called for every event."""

    def publish(self, event: Event) -> None:
        """Deliver ``event`` to every listener (best effort, never raises)."""
        ...

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` for each event from now on; returns the unsubscribe function."""
        ...


class InProcessEventBus:
    """Fan-out to listeners in this process. Listeners must be quick and must not block."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: list[Listener] = []

    def publish(self, event: Event) -> None:
        """Call every listener; a failing listener is logged and skipped."""
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(event)
            except Exception:
                log.exception("event listener failed")

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Register ``listener``; the returned function removes it."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe
