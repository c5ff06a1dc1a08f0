"""``create_app(settings)``: the FastAPI application, built without import-time side effects."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.routing import APIRoute

from sluice import __version__
from sluice.api.errors import install_error_handlers
from sluice.api.routes import auth, connections, connectors, health, jobs, pipelines, system, ws
from sluice.api.web import mount_web_ui
from sluice.core.runtime import Runtime
from sluice.settings import SluiceSettings
from sluice.worker.embedded import EmbeddedScheduler
from sluice.worker.factory import create_event_bus, create_executor

log = logging.getLogger(__name__)


def _operation_id(route: APIRoute) -> str:
    tag = route.tags[0] if route.tags else "default"
    return f"{tag}-{route.name}"


def create_app(
    settings: SluiceSettings, *, runtime: Runtime | None = None, run_scheduler: bool = False
) -> FastAPI:
    """Build the app. The lifespan creates the runtime (unless given), refuses to serve an
    unmigrated database, unlocks from ``SLUICE_MASTER_PASSWORD_FILE`` when set, picks the
    executor and event bus from settings (in-process, or Celery + Redis), and with
    ``run_scheduler`` also runs the embedded scheduler loop (``sluice up``)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        rt = runtime or Runtime.create(settings)
        rt.require_migrated()
        rt.unlock_from_file()
        app.state.runtime = rt
        app.state.events = create_event_bus(settings)
        executor = create_executor(rt, app.state.events)
        app.state.executor = executor
        scheduler = EmbeddedScheduler(rt, executor.submit) if run_scheduler else None
        if scheduler is not None:
            scheduler.start()
        try:
            yield
        finally:
            if scheduler is not None:
                scheduler.stop()
            executor.shutdown(wait=False)
            if runtime is None:
                rt.close()

    app = FastAPI(
        title="Sluice",
        version=__version__,
        description="Self-hosted data integration: connections, pipelines, jobs.",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        lifespan=lifespan,
        generate_unique_id_function=_operation_id,
    )
    install_error_handlers(app)
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    for router in (
        health.router,
        system.router,
        auth.router,
        connectors.router,
        connections.router,
        pipelines.router,
        jobs.router,
        ws.router,
    ):
        app.include_router(router)
    web_dir = settings.web_dir or Path(__file__).parent / "static"
    mount_web_ui(app, web_dir)
    return app
