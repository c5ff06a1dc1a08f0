"""Picks the deployment's parts from settings: embedded or distributed."""

from __future__ import annotations

from sluice.core.events import EventBus, InProcessEventBus
from sluice.core.runtime import Runtime
from sluice.settings import SluiceSettings
from sluice.worker.base import Executor


def create_event_bus(settings: SluiceSettings) -> EventBus:
    """Redis pub/sub when a broker is configured, else in-process."""
    if settings.broker_url:
        from sluice.worker.redis_events import RedisEventBus

        return RedisEventBus(settings.broker_url, channel=f"{settings.celery_queue}:events")
    return InProcessEventBus()


def create_executor(runtime: Runtime, events: EventBus) -> Executor:
    """Celery when ``SLUICE_BROKER_URL`` is set, else the in-process thread pool."""
    if runtime.settings.broker_url:
        from sluice.worker.celery_app import create_celery
        from sluice.worker.celery_executor import CeleryExecutor

        return CeleryExecutor(create_celery(runtime.settings), events)
    from sluice.worker.inprocess import InProcessExecutor

    return InProcessExecutor(runtime, events, max_jobs=runtime.settings.max_concurrent_jobs)
