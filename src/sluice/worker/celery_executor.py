"""The distributed executor: jobs are sent to Celery workers as ``sluice.run_job(job_id)``."""

from __future__ import annotations

from typing import Any

from sluice.core.events import EventBus
from sluice.worker.celery_app import RUN_JOB_TASK


class CeleryExecutor:
    """Submits job ids to the broker; cancellation travels through the jobs table."""

    def __init__(self, app: Any, events: EventBus) -> None:
        self._app = app
        self._events = events

    def submit(self, job_id: int) -> None:
        """Enqueue the job for any worker."""
        self._app.send_task(RUN_JOB_TASK, args=[job_id])
        self._events.publish({"type": "job", "job_id": job_id, "status": "pending"})

    def cancel(self, job_id: int) -> None:
        """Nothing to do here: the worker's heartbeat picks up ``cancel_requested``."""

    def shutdown(self, *, wait: bool = False) -> None:
        """Nothing to release."""
