"""The embedded scheduler: a thread in the server process running the same tick as Beat."""

from __future__ import annotations

import logging
import threading

from sluice.core.runtime import Runtime
from sluice.core.scheduler import Submit, tick

log = logging.getLogger(__name__)


class EmbeddedScheduler:
    """Calls :func:`sluice.core.scheduler.tick` every ``scheduler_interval_seconds``."""

    def __init__(self, runtime: Runtime, submit: Submit) -> None:
        self._runtime = runtime
        self._submit = submit
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="sluice-scheduler", daemon=True)

    def start(self) -> None:
        """Start ticking in the background."""
        self._thread.start()

    def stop(self) -> None:
        """Stop after the current tick."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def _loop(self) -> None:
        while not self._stop.wait(self._runtime.settings.scheduler_interval_seconds):
            try:
                tick(self._runtime, self._submit)
            except Exception:
                log.exception("scheduler tick failed")
