"""``create_celery(settings)``: the Celery app for the distributed deployment.

Task arguments are job ids only. Tasks are acknowledged late and rejected when their worker is
lost, so the broker redelivers them; :func:`sluice.core.jobs.claim` makes a redelivered task a
no-op once its job has started, and the scheduler's reaper fails jobs whose worker died.
"""

from __future__ import annotations

from typing import Any

from sluice.settings import SluiceSettings

RUN_JOB_TASK = "sluice.run_job"


def create_celery(settings: SluiceSettings) -> Any:
    """A Celery app on ``settings.broker_url`` (no result backend: results live in the DB)."""
    from celery import Celery

    if not settings.broker_url:
        msg = "SLUICE_BROKER_URL is not set: the distributed deployment needs a Redis broker"
        raise RuntimeError(msg)
    app = Celery("sluice", broker=settings.broker_url)
    app.conf.update(
        task_default_queue=settings.celery_queue,
        task_serializer="json",
        accept_content=["json"],
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_ignore_result=True,
        worker_prefetch_multiplier=1,
        worker_hijack_root_logger=False,
        broker_connection_retry_on_startup=True,
        broker_transport_options={"visibility_timeout": 6 * 3600},
        timezone="UTC",
        enable_utc=True,
    )
    return app
