"""Celery Beat with our database-driven scheduler: the pipelines table is the schedule.

Edits to a pipeline's cron take effect on the next tick, without a restart. Several beat
processes may run at once; :func:`sluice.core.scheduler.tick` fires each due run only once.
"""

from __future__ import annotations

import logging
from typing import Any

from celery.beat import Scheduler

from sluice.core.scheduler import tick

log = logging.getLogger(__name__)


class DatabaseScheduler(Scheduler):  # type: ignore[misc]
    """Beat scheduler whose only schedule is "run :func:`tick` every interval".

    The app must carry ``app.sluice_context = (runtime, submit)`` before beat starts.
    """

    def tick(self, *args: Any, **kwargs: Any) -> float:
        """Fire due pipelines, retry failed jobs, reap lost ones; return the sleep time."""
        runtime, submit = self.app.sluice_context
        try:
            tick(runtime, submit)
        except Exception:
            log.exception("scheduler tick failed")
        return float(runtime.settings.scheduler_interval_seconds)
