"""The scheduling loop's logic, shared by the embedded loop and the Celery Beat scheduler.

One :func:`tick` at a given ``now``:

1. fails running jobs whose heartbeat is older than the worker-lost bound ("worker lost");
2. starts every enabled pipeline whose ``next_run_at`` has passed — at most one run per
   pipeline however long the downtime was — and moves ``next_run_at`` past ``now``;
3. retries failed jobs per the pipeline's retry policy (max attempts, exponential backoff);
4. hands out again pending jobs that no worker picked up within the worker-lost bound.

Safe to run from several schedulers at once: a pipeline fires only for the scheduler whose
conditional ``UPDATE … WHERE next_run_at = <seen value>`` wins, and the one-active-job index
stops any second job.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sluice.core import jobs, scheduling
from sluice.core.runtime import Runtime
from sluice.db.models import Job, Pipeline
from sluice.errors import ConflictError

log = logging.getLogger(__name__)

Submit = Callable[[int], None]


@dataclass
class TickResult:
    """What one tick did (job ids)."""

    fired: list[int] = field(default_factory=list)
    retried: list[int] = field(default_factory=list)
    lost: list[int] = field(default_factory=list)
    resubmitted: list[int] = field(default_factory=list)


def reap_lost_jobs(session: Session, *, now: dt.datetime, lost_after: float) -> list[int]:
    """Fail running jobs whose last heartbeat is older than ``lost_after`` seconds."""
    cutoff = now - dt.timedelta(seconds=lost_after)
    stale = session.scalars(
        select(Job).where(Job.status == jobs.JobStatus.RUNNING.value, Job.heartbeat_at < cutoff)
    ).all()
    lost = []
    for job in stale:
        seen = job.heartbeat_at.isoformat() if job.heartbeat_at else "never"
        reason = f"worker lost: no heartbeat from {job.worker or 'its worker'} since {seen}"
        done = session.execute(
            update(Job)
            .where(Job.id == job.id, Job.status == jobs.JobStatus.RUNNING.value)
            .values(status=jobs.JobStatus.FAILED.value, finished_at=now, error=reason)
        )
        if getattr(done, "rowcount", 0):
            jobs.append_log(session, job.id, "ERROR", reason)
            lost.append(job.id)
    session.flush()
    return lost


def stale_pending(session: Session, *, now: dt.datetime, older_than: float) -> list[int]:
    """Pending jobs nobody picked up for ``older_than`` seconds (a lost broker message, or an
    embedded server restarted before running them): hand them out again. Safe because a job is
    claimed only once; ``heartbeat_at`` records the resubmission so it repeats at most once per
    interval."""
    cutoff = now - dt.timedelta(seconds=older_than)
    stale = session.scalars(
        select(Job).where(
            Job.status == jobs.JobStatus.PENDING.value,
            Job.created_at < cutoff,
            (Job.heartbeat_at.is_(None)) | (Job.heartbeat_at < cutoff),
        )
    ).all()
    for job in stale:
        job.heartbeat_at = now
        jobs.append_log(session, job.id, "WARNING", "no worker picked this job up; resubmitted")
    session.flush()
    return [job.id for job in stale]


def fire_due(session: Session, *, now: dt.datetime) -> list[int]:
    """Create a pending job for every due pipeline; return the new job ids."""
    due = session.scalars(
        select(Pipeline).where(
            Pipeline.enabled.is_(True),
            Pipeline.next_run_at.is_not(None),
            Pipeline.next_run_at <= now,
        )
    ).all()
    created = []
    for pipeline in due:
        seen = pipeline.next_run_at
        following = scheduling.next_run(pipeline.schedule_cron, pipeline.schedule_timezone, now)
        claimed = session.execute(
            update(Pipeline)
            .where(Pipeline.id == pipeline.id, Pipeline.next_run_at == seen)
            .values(next_run_at=following)
            .execution_options(synchronize_session=False)
        )
        if not getattr(claimed, "rowcount", 0):
            continue  # another scheduler took this fire time
        try:
            job = jobs.create_sync_job(session, pipeline, trigger="schedule")
        except ConflictError:
            log.info("pipeline %r is still running; skipping its %s run", pipeline.name, seen)
            continue
        created.append(job.id)
    session.flush()
    return created


def retry_failed(session: Session, *, now: dt.datetime) -> list[int]:
    """A new attempt for each pipeline whose newest job failed with attempts left, once the
    backoff (``retry_backoff_seconds * 2**(attempt-1)``) has passed."""
    newest = session.execute(
        select(Pipeline, Job)
        .join(Job, Job.pipeline_id == Pipeline.id)
        .where(
            Pipeline.enabled.is_(True),
            Job.kind == "sync",
            Job.id
            == select(Job.id)
            .where(Job.pipeline_id == Pipeline.id, Job.kind == "sync")
            .order_by(Job.id.desc())
            .limit(1)
            .correlate(Pipeline)
            .scalar_subquery(),
        )
    ).all()
    created = []
    for pipeline, job in newest:
        if job.status != jobs.JobStatus.FAILED.value or job.attempt >= pipeline.retry_max_attempts:
            continue
        if job.cancel_requested or job.finished_at is None:
            continue
        wait = pipeline.retry_backoff_seconds * 2 ** (job.attempt - 1)
        if job.finished_at + dt.timedelta(seconds=wait) > now:
            continue
        try:
            retry = jobs.create_sync_job(session, pipeline, trigger="retry")
        except ConflictError:
            continue
        retry.attempt = job.attempt + 1
        jobs.append_log(
            session, retry.id, "INFO", f"attempt {retry.attempt} after job {job.id} failed"
        )
        created.append(retry.id)
    session.flush()
    return created


def tick(runtime: Runtime, submit: Submit, *, now: dt.datetime | None = None) -> TickResult:
    """One pass of the scheduler; new jobs are committed, then handed to ``submit``."""
    moment = now or dt.datetime.now(dt.UTC)
    result = TickResult()
    with runtime.unit_of_work() as session:
        result.lost = reap_lost_jobs(
            session, now=moment, lost_after=runtime.settings.worker_lost_seconds
        )
    with runtime.unit_of_work() as session:
        result.resubmitted = stale_pending(
            session, now=moment, older_than=runtime.settings.worker_lost_seconds
        )
    with runtime.unit_of_work() as session:
        result.fired = fire_due(session, now=moment)
    with runtime.unit_of_work() as session:
        result.retried = retry_failed(session, now=moment)
    for job_id in result.resubmitted + result.fired + result.retried:
        submit(job_id)
    if result.fired or result.retried or result.lost:
        log.info(
            "scheduler: fired %s, retried %s, lost %s", result.fired, result.retried, result.lost
        )
    return result
