"""Heartbeat and remote cancellation for a running job.

A background thread writes the job's heartbeat and latest per-stream stats every ``interval``
seconds and reads back ``cancel_requested``, so a cancel made on any API replica reaches the
machine running the job within one interval.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any, Self

from sluice.core import jobs
from sluice.core.runtime import Runtime
from sluice.engine.ports import CancelFlag

log = logging.getLogger(__name__)


class JobMonitor:
    """Context manager running the heartbeat thread of one job."""

    def __init__(
        self,
        runtime: Runtime,
        job_id: int,
        cancel: CancelFlag,
        stats: Callable[[], dict[str, Any]],
        *,
        interval: float = 2.0,
    ) -> None:
        self._runtime = runtime
        self._job_id = job_id
        self._cancel = cancel
        self._stats = stats
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._loop, name=f"sluice-heartbeat-{job_id}", daemon=True
        )

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def beat(self) -> None:
        """One heartbeat now: persist stats, pick up a cancel request."""
        with self._runtime.unit_of_work() as session:
            if jobs.heartbeat(session, self._job_id, self._stats()):
                self._cancel.cancel()

    def _loop(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                self.beat()
            except Exception:
                log.exception("heartbeat of job %s failed", self._job_id)
