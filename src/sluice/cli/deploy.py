"""``sluice worker`` and ``sluice scheduler``: the distributed deployment's processes."""

from __future__ import annotations

import socket
from typing import Annotated

import typer
from rich.console import Console

console = Console(stderr=True)


def _runtime_for_distributed() -> tuple[object, object]:
    from sluice.cli.main import configure_logging, load_settings
    from sluice.core.runtime import Runtime

    settings = load_settings()
    configure_logging(settings)
    if not settings.broker_url:
        console.print("[red]SLUICE_BROKER_URL is not set (e.g. redis://host:6379/0).[/red]")
        raise typer.Exit(1)
    runtime = Runtime.create(settings)
    runtime.require_migrated()
    if not runtime.unlock_from_file():
        console.print(
            "[yellow]This process is locked: jobs that need credentials will fail with a "
            "'worker is locked' message. Set SLUICE_MASTER_PASSWORD_FILE to unlock at "
            "start.[/yellow]"
        )
    return settings, runtime


def worker(
    concurrency: Annotated[
        int | None, typer.Option(help="Jobs run at once (default SLUICE_MAX_CONCURRENT_JOBS).")
    ] = None,
    name: Annotated[str | None, typer.Option(help="Worker name (default sluice@host).")] = None,
) -> None:
    """Start a Celery worker that runs jobs (needs SLUICE_BROKER_URL and the metadata DB)."""
    from sluice.core.runtime import Runtime
    from sluice.settings import SluiceSettings
    from sluice.worker.celery_app import create_celery
    from sluice.worker.redis_events import RedisEventBus
    from sluice.worker.tasks import register_tasks

    settings, runtime = _runtime_for_distributed()
    assert isinstance(settings, SluiceSettings)  # noqa: S101 - narrows for mypy
    assert isinstance(runtime, Runtime)  # noqa: S101
    app = create_celery(settings)
    register_tasks(
        app,
        runtime,
        RedisEventBus(str(settings.broker_url), channel=f"{settings.celery_queue}:events"),
    )
    app.worker_main(
        [
            "worker",
            "--pool=threads",
            f"--concurrency={concurrency or settings.max_concurrent_jobs}",
            f"--loglevel={settings.log_level}",
            "-n",
            name or f"sluice@{socket.gethostname()}",
            "-Q",
            settings.celery_queue,
            "--without-gossip",
            "--without-mingle",
        ]
    )


def scheduler() -> None:
    """Start Celery Beat with Sluice's database-driven scheduler (run one, or more for HA)."""
    from sluice.core.runtime import Runtime
    from sluice.settings import SluiceSettings
    from sluice.worker.beat import DatabaseScheduler
    from sluice.worker.celery_app import create_celery
    from sluice.worker.celery_executor import CeleryExecutor
    from sluice.worker.redis_events import RedisEventBus

    settings, runtime = _runtime_for_distributed()
    assert isinstance(settings, SluiceSettings)  # noqa: S101
    assert isinstance(runtime, Runtime)  # noqa: S101
    app = create_celery(settings)
    executor = CeleryExecutor(
        app, RedisEventBus(str(settings.broker_url), channel=f"{settings.celery_queue}:events")
    )
    app.sluice_context = (runtime, executor.submit)
    beat = app.Beat(scheduler=DatabaseScheduler, max_interval=settings.scheduler_interval_seconds)
    beat.run()
