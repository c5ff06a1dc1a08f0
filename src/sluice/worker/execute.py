"""Runs one job, wherever it runs: the same function for the in-process and Celery executors.

It claims the pending job (so a redelivered task never runs it twice), decrypts the connection
configs with this process's keyring, plans the pipeline's streams, runs the engine with state,
progress, heartbeat and cancellation wired to the metadata DB, and records the outcome.
"""

from __future__ import annotations

import logging
import os
import socket
from typing import Any

from sqlalchemy.orm import Session

from sluice.connectors.sdk import Catalog, Connector
from sluice.connectors.sdk.errors import ConnectorError
from sluice.core import connections as conns
from sluice.core import jobs, notify, pipelines
from sluice.core.events import EventBus
from sluice.core.jobs import JobStatus
from sluice.core.pipeline_spec import SourceConfig
from sluice.core.runtime import Runtime
from sluice.core.state import DbStateStore
from sluice.db.models import Job, Pipeline
from sluice.engine.ports import CancelFlag
from sluice.engine.result import StreamStatus, SyncResult
from sluice.engine.run import run_sync
from sluice.errors import LockedError, SluiceError
from sluice.worker.monitor import JobMonitor
from sluice.worker.reporter import JobReporter

log = logging.getLogger(__name__)

LOCKED_MESSAGE = (
    "this worker is locked: it cannot decrypt credentials. Unlock it with the master password "
    "(POST /api/system/unlock for the embedded server, or SLUICE_MASTER_PASSWORD_FILE for "
    "separate workers) and run the pipeline again"
)


def worker_name() -> str:
    """``host:pid`` of this process, recorded on the jobs it runs."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _publish_status(events: EventBus, job_id: int, status: str, **extra: Any) -> None:
    events.publish({"type": "job", "job_id": job_id, "status": status, **extra})


def execute_job(
    runtime: Runtime,
    job_id: int,
    *,
    events: EventBus,
    cancel: CancelFlag | None = None,
    heartbeat_interval: float = 2.0,
) -> JobStatus | None:
    """Run job ``job_id`` to the end; return its final status, or ``None`` if it was not
    pending (already claimed by another worker, cancelled, or finished)."""
    with runtime.unit_of_work() as session:
        if not jobs.claim(session, job_id, worker=worker_name()):
            return None
        job = jobs.get_job(session, job_id)
        kind, pipeline_id, connection_id = job.kind, job.pipeline_id, job.connection_id
    _publish_status(events, job_id, JobStatus.RUNNING.value, pipeline_id=pipeline_id)
    flag = cancel or CancelFlag()
    reporter = JobReporter(runtime.sessions, job_id, events)
    status, error, result = JobStatus.FAILED, None, None
    metadata: dict[str, Any] | None = None
    try:
        with JobMonitor(runtime, job_id, flag, reporter.stats, interval=heartbeat_interval):
            if kind == "sync" and pipeline_id is not None:
                result = _run_pipeline(runtime, job_id, pipeline_id, reporter, flag)
                status, error = _outcome(result)
            elif kind in ("discover", "check") and connection_id is not None:
                status, error, metadata = run_metadata_job(runtime, kind, connection_id)
            else:
                error = f"unknown job kind {kind!r}"
    except LockedError:
        error = LOCKED_MESSAGE
    except (SluiceError, ConnectorError) as exc:
        error = str(exc)
    except Exception as exc:
        log.exception("job %s crashed", job_id)
        error = f"internal error: {type(exc).__name__}: {exc}"
    if error and status is JobStatus.FAILED and result is None:
        reporter.log(logging.ERROR, error)
    with runtime.unit_of_work() as session:
        job = jobs.finish(
            session,
            job_id,
            status=status,
            error=error,
            stats=reporter.stats(),
            result=_result_json(result) if result is not None else metadata,
        )
        _notify(runtime, session, job)
        final = {
            "records_extracted": job.records_extracted,
            "records_loaded": job.records_loaded,
            "records_failed": job.records_failed,
        }
    _publish_status(events, job_id, status.value, pipeline_id=pipeline_id, error=error, **final)
    return status


def _notify(runtime: Runtime, session: Session, job: Job) -> None:
    if job.pipeline_id is None:
        return
    pipeline = session.get(Pipeline, job.pipeline_id)
    if pipeline is not None and notify.should_notify(pipeline, job):
        payload = notify.webhook_payload(pipeline, job, runtime.settings.base_url)
        notify.send_webhook(str(pipeline.webhook_url), payload)


def run_metadata_job(
    runtime: Runtime, kind: str, connection_id: int
) -> tuple[JobStatus, str | None, dict[str, Any]]:
    """Discover or test a connection on this worker; the result lands in the metadata DB."""
    cipher = runtime.keyring.cipher()
    with runtime.unit_of_work() as session:
        conn = conns.get_connection(session, connection_id)
        connector, config = conns.parsed_config(cipher, conn)
        is_source, name = conn.is_source, conn.name
    if kind == "check":
        ok, message = conns.run_check(connector, config, is_source=is_source)
        with runtime.unit_of_work() as session:
            outcome = conns.record_test(
                session, conns.get_connection(session, connection_id), ok=ok, message=message
            )
        data = {"ok": ok, "message": message, "tested_at": outcome.tested_at.isoformat()}
        return JobStatus.SUCCESS, None, data
    try:
        catalog = conns.run_discover(connector, config)
    except ConnectorError as exc:
        return JobStatus.FAILED, f"discovery of {name!r} failed: {exc}", {}
    with runtime.unit_of_work() as session:
        cached = conns.store_catalog(session, connection_id, catalog)
    data = {"streams": len(catalog.streams), "discovered_at": cached.discovered_at.isoformat()}
    return JobStatus.SUCCESS, None, data


def _outcome(result: SyncResult) -> tuple[JobStatus, str | None]:
    if result.status is StreamStatus.SUCCESS:
        return JobStatus.SUCCESS, None
    errors = "; ".join(f"{name}: {msg}" for name, msg in result.errors.items())
    if result.status is StreamStatus.CANCELLED:
        return JobStatus.CANCELLED, errors or "cancelled"
    return JobStatus.FAILED, errors or "failed"


def _result_json(result: SyncResult | None) -> dict[str, Any] | None:
    if result is None:
        return None
    return {
        "status": result.status.value,
        "streams": [
            {
                "stream": s.stream,
                "status": s.status.value,
                "records_extracted": s.records_extracted,
                "records_loaded": s.records_loaded,
                "records_failed": s.records_failed,
                "attempts": s.attempts,
                "error": s.error,
                "checkpoint": s.checkpoint.to_json() if s.checkpoint else None,
                "duration_seconds": round(s.duration_seconds, 3),
                "binary_copy": s.binary_copy,
            }
            for s in result.streams
        ],
    }


def _run_pipeline(
    runtime: Runtime, job_id: int, pipeline_id: int, reporter: JobReporter, cancel: CancelFlag
) -> SyncResult:
    cipher = runtime.keyring.cipher()
    with runtime.unit_of_work() as session:
        pipeline = pipelines.get_pipeline(session, pipeline_id)
        src_conn = conns.get_connection(session, pipeline.source_connection_id)
        dst_conn = conns.get_connection(session, pipeline.destination_connection_id)
        src_connector, src_config = conns.parsed_config(cipher, src_conn)
        dst_connector, dst_config = conns.parsed_config(cipher, dst_conn)
        source_config = pipelines.parse_source_config(pipeline.source_config)
        session.expunge(pipeline)
    reporter.log(logging.INFO, f"discovering {src_conn.name!r}")
    catalog, query_specs = _discover(src_connector, src_config, source_config)
    streams = pipelines.configured_streams(pipeline, catalog, query_specs)
    plan = pipelines.sync_plan(pipeline, streams)
    reporter.log(
        logging.INFO,
        f"moving {len(plan.streams)} stream(s) from {src_conn.name!r} to {dst_conn.name!r}",
    )
    return run_sync(
        lambda: src_connector.create_source(src_config),
        lambda: dst_connector.create_destination(dst_config),
        plan,
        state_store=DbStateStore(runtime.sessions, pipeline_id, job_id),
        reporter=reporter,
        cancel=cancel,
    )


def _discover(
    connector: Connector, config: Any, source_config: SourceConfig
) -> tuple[Catalog, dict[str, Any]]:
    with connector.create_source(config) as source:
        catalog = source.discover() if source_config.streams else Catalog(())
        specs = {q.name: source.query_stream(q.name, q.sql) for q in source_config.queries}
    return catalog, specs
