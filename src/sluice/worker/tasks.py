"""The Celery task, bound to this worker process's runtime (keyring, DB) and event bus."""

from __future__ import annotations

import logging
from typing import Any

from sluice.core.events import EventBus
from sluice.core.runtime import Runtime
from sluice.worker.celery_app import RUN_JOB_TASK
from sluice.worker.execute import execute_job

log = logging.getLogger(__name__)


def register_tasks(app: Any, runtime: Runtime, events: EventBus) -> None:
    """Register ``sluice.run_job`` on ``app``; it runs the job with this process's keyring."""

    @app.task(name=RUN_JOB_TASK, acks_late=True, reject_on_worker_lost=True)  # type: ignore[untyped-decorator]
    def run_job(job_id: int) -> str | None:
        status = execute_job(
            runtime,
            int(job_id),
            events=events,
            heartbeat_interval=runtime.settings.heartbeat_seconds,
        )
        return status.value if status else None
