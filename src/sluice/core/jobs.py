"""Job lifecycle: pending → running → success | failed | cancelled, logs, cancellation.

The state machine lives here so every executor (in-process or Celery) applies the same rules.
"""

from __future__ import annotations

import datetime as dt
import enum
import time
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from sluice.db.base import utcnow
from sluice.db.models import Job, JobLog, Pipeline
from sluice.errors import ConflictError, InvalidInputError, NotFoundError


class JobStatus(enum.StrEnum):
    """Where a job is in its life."""

    PENDING = "pending"
    RUNNING = "running"
    SUCCESS = "success"
    FAILED = "failed"
    CANCELLED = "cancelled"


ACTIVE = (JobStatus.PENDING.value, JobStatus.RUNNING.value)
FINISHED = (JobStatus.SUCCESS.value, JobStatus.FAILED.value, JobStatus.CANCELLED.value)


def get_job(session: Session, job_id: int) -> Job:
    """The job; :class:`NotFoundError` if there is none."""
    job = session.get(Job, job_id)
    if job is None:
        raise NotFoundError(f"no job with id {job_id}")
    return job


def active_job(session: Session, pipeline_id: int) -> Job | None:
    """The pipeline's pending or running sync job, if any."""
    return session.scalars(
        select(Job).where(
            Job.pipeline_id == pipeline_id, Job.kind == "sync", Job.status.in_(ACTIVE)
        )
    ).first()


def list_jobs(
    session: Session,
    *,
    pipeline_id: int | None = None,
    status: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[Job]:
    """Jobs, newest first, optionally for one pipeline and/or one status."""
    if status is not None and status not in {s.value for s in JobStatus}:
        allowed = ", ".join(s.value for s in JobStatus)
        raise InvalidInputError(f"unknown status {status!r} (one of {allowed})", field="status")
    query = select(Job).order_by(Job.id.desc()).limit(min(max(limit, 1), 500)).offset(offset)
    if pipeline_id is not None:
        query = query.where(Job.pipeline_id == pipeline_id)
    if status is not None:
        query = query.where(Job.status == status)
    return list(session.scalars(query))


def create_sync_job(session: Session, pipeline: Pipeline, *, trigger: str = "manual") -> Job:
    """A pending job for ``pipeline``; :class:`ConflictError` if one is already active."""
    existing = active_job(session, pipeline.id)
    if existing is not None:
        msg = f"pipeline {pipeline.name!r} already has job {existing.id} {existing.status}"
        raise ConflictError(msg)
    job = Job(kind="sync", pipeline_id=pipeline.id, status=JobStatus.PENDING.value, trigger=trigger)
    session.add(job)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:  # lost a race with another trigger
        msg = f"pipeline {pipeline.name!r} already has an active job"
        raise ConflictError(msg) from exc
    return job


def create_connection_job(session: Session, connection_id: int, kind: str) -> Job:
    """A pending metadata job (``discover`` or ``check``) for a connection."""
    job = Job(kind=kind, connection_id=connection_id, status=JobStatus.PENDING.value)
    session.add(job)
    session.flush()
    return job


def claim(session: Session, job_id: int, *, worker: str) -> bool:
    """Move a pending job to running for ``worker``; ``False`` if it is not pending any more
    (already taken, cancelled, or finished), so a redelivered task never runs a job twice."""
    now = utcnow()
    result = session.execute(
        update(Job)
        .where(Job.id == job_id, Job.status == JobStatus.PENDING.value)
        .values(status=JobStatus.RUNNING.value, started_at=now, heartbeat_at=now, worker=worker)
    )
    session.flush()
    return bool(getattr(result, "rowcount", 0))


def heartbeat(session: Session, job_id: int, stats: dict[str, Any] | None = None) -> bool:
    """Record that the job is alive (and its latest per-stream stats); return whether a cancel
    was requested."""
    job = get_job(session, job_id)
    job.heartbeat_at = utcnow()
    if stats is not None:
        job.stream_stats = stats
        job.records_extracted = sum(int(s.get("records_extracted", 0)) for s in stats.values())
        job.records_loaded = sum(int(s.get("records_loaded", 0)) for s in stats.values())
    session.flush()
    return job.cancel_requested


def finish(
    session: Session,
    job_id: int,
    *,
    status: JobStatus,
    error: str | None = None,
    stats: dict[str, Any] | None = None,
    result: dict[str, Any] | None = None,
) -> Job:
    """Record the end of a job (only a running or pending job can finish)."""
    job = get_job(session, job_id)
    if job.status in FINISHED:
        return job
    job.status = status.value
    job.finished_at = utcnow()
    job.error = error
    if stats is not None:
        job.stream_stats = stats
        job.records_extracted = sum(int(s.get("records_extracted", 0)) for s in stats.values())
        job.records_loaded = sum(int(s.get("records_loaded", 0)) for s in stats.values())
        job.records_failed = sum(int(s.get("records_failed", 0)) for s in stats.values())
    if result is not None:
        job.result = result
    session.flush()
    return job


def request_cancel(session: Session, job_id: int) -> Job:
    """Cancel a pending job at once, or ask a running one to stop (it stops between batches,
    on whatever machine runs it). Finished jobs answer 409."""
    job = get_job(session, job_id)
    if job.status in FINISHED:
        raise ConflictError(f"job {job.id} already finished ({job.status})")
    job.cancel_requested = True
    if job.status == JobStatus.PENDING.value:
        job.status = JobStatus.CANCELLED.value
        job.finished_at = utcnow()
        job.error = "cancelled before it started"
    session.flush()
    return job


def append_log(
    session: Session, job_id: int, level: str, message: str, stream: str | None = None
) -> JobLog:
    """Add a log line to a job."""
    row = JobLog(job_id=job_id, level=level, message=message, stream=stream)
    session.add(row)
    session.flush()
    return row


def job_logs(
    session: Session, job_id: int, *, after_id: int = 0, limit: int = 1000
) -> list[JobLog]:
    """The job's log lines after ``after_id``, oldest first."""
    get_job(session, job_id)
    return list(
        session.scalars(
            select(JobLog)
            .where(JobLog.job_id == job_id, JobLog.id > after_id)
            .order_by(JobLog.id)
            .limit(min(max(limit, 1), 10_000))
        )
    )


def duration_seconds(job: Job) -> float | None:
    """How long the job ran (so far, if still running)."""
    if job.started_at is None:
        return None
    end = job.finished_at or dt.datetime.now(dt.UTC)
    return (end - job.started_at).total_seconds()


def wait_until_finished(
    sessions: sessionmaker[Session], job_id: int, *, timeout: float, poll: float = 0.1
) -> Job:
    """Poll the job until it finished or ``timeout`` seconds passed; return its latest row."""
    deadline = time.monotonic() + max(timeout, 0.0)
    while True:
        with sessions() as session:
            job = get_job(session, job_id)
        if job.status in FINISHED or time.monotonic() >= deadline:
            return job
        time.sleep(poll)


def latest_sync_jobs(session: Session, pipeline_ids: list[int]) -> dict[int, Job]:
    """The newest sync job of each given pipeline, in one query (pipelines without one are
    absent)."""
    if not pipeline_ids:
        return {}
    newest = (
        select(func.max(Job.id))
        .where(Job.pipeline_id.in_(pipeline_ids), Job.kind == "sync")
        .group_by(Job.pipeline_id)
    )
    found = session.scalars(select(Job).where(Job.id.in_(newest)))
    return {job.pipeline_id: job for job in found if job.pipeline_id is not None}
