"""The embedded executor: jobs run on a thread pool inside the server process."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from sluice.core.events import EventBus
from sluice.core.runtime import Runtime
from sluice.engine.ports import CancelFlag
from sluice.worker.execute import execute_job

log = logging.getLogger(__name__)


class InProcessExecutor:
    """Runs up to ``max_jobs`` jobs at once in this process."""

    def __init__(self, runtime: Runtime, events: EventBus, *, max_jobs: int = 4) -> None:
        self._runtime = runtime
        self._events = events
        self._pool = ThreadPoolExecutor(max_workers=max_jobs, thread_name_prefix="sluice-job")
        self._lock = threading.Lock()
        self._running: dict[int, CancelFlag] = {}
        self._futures: dict[int, Future[None]] = {}

    def submit(self, job_id: int) -> None:
        """Queue the job on the pool."""
        self._events.publish({"type": "job", "job_id": job_id, "status": "pending"})
        flag = CancelFlag()
        with self._lock:
            self._running[job_id] = flag
            self._futures[job_id] = self._pool.submit(self._run, job_id, flag)

    def cancel(self, job_id: int) -> None:
        """Stop the job at its next batch boundary, if it runs here."""
        with self._lock:
            flag = self._running.get(job_id)
        if flag is not None:
            flag.cancel()

    def wait(self, job_id: int, timeout: float | None = None) -> None:
        """Block until the job submitted here finished (tests and the CLI)."""
        with self._lock:
            future = self._futures.get(job_id)
        if future is not None:
            future.result(timeout=timeout)

    def shutdown(self, *, wait: bool = False) -> None:
        """Cancel running jobs and stop the pool."""
        with self._lock:
            flags = list(self._running.values())
        if not wait:
            for flag in flags:
                flag.cancel()
        self._pool.shutdown(wait=True, cancel_futures=not wait)

    def _run(self, job_id: int, flag: CancelFlag) -> None:
        try:
            execute_job(
                self._runtime,
                job_id,
                events=self._events,
                cancel=flag,
                heartbeat_interval=self._runtime.settings.heartbeat_seconds,
            )
        except Exception:
            log.exception("job %s failed outside the engine", job_id)
        finally:
            with self._lock:
                self._running.pop(job_id, None)
