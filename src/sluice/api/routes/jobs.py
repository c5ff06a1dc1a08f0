"""Jobs: list, inspect, logs, cancel."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from sluice.api.deps import CurrentUser, ExecutorDep, SessionDep
from sluice.api.schemas.errors import PROTECTED_ERRORS
from sluice.api.schemas.ids import MAX_ID, IdPath, IdQuery
from sluice.api.schemas.pipelines import JobLogPublic, JobLogsPublic, JobPublic, JobsPublic
from sluice.core import jobs
from sluice.core.jobs import JobStatus
from sluice.db.models import Job

router = APIRouter(prefix="/api/jobs", tags=["jobs"], responses=PROTECTED_ERRORS)


def job_public(job: Job) -> JobPublic:
    """The API view of a job."""
    return JobPublic(
        id=job.id,
        kind=job.kind,
        pipeline_id=job.pipeline_id,
        connection_id=job.connection_id,
        status=job.status,
        trigger=job.trigger,
        attempt=job.attempt,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        heartbeat_at=job.heartbeat_at,
        duration_seconds=jobs.duration_seconds(job),
        worker=job.worker,
        cancel_requested=job.cancel_requested,
        records_extracted=job.records_extracted,
        records_loaded=job.records_loaded,
        records_failed=job.records_failed,
        streams=job.stream_stats or {},
        error=job.error,
        result=job.result,
    )


@router.get("")
def list_all(
    _user: CurrentUser,
    session: SessionDep,
    pipeline_id: IdQuery = None,
    status: JobStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> JobsPublic:
    """Jobs, newest first; filter by pipeline and/or status."""
    found = jobs.list_jobs(
        session,
        pipeline_id=pipeline_id,
        status=status.value if status else None,
        limit=limit,
        offset=offset,
    )
    return JobsPublic(data=[job_public(j) for j in found], count=len(found))


@router.get("/{job_id}")
def get_one(job_id: IdPath, _user: CurrentUser, session: SessionDep) -> JobPublic:
    """One job: status, timings, counters per stream, error."""
    return job_public(jobs.get_job(session, job_id))


@router.get("/{job_id}/logs")
def logs(
    job_id: IdPath,
    _user: CurrentUser,
    session: SessionDep,
    after_id: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
) -> JobLogsPublic:
    """The job's log lines after ``after_id``, oldest first."""
    rows = jobs.job_logs(session, job_id, after_id=after_id, limit=limit)
    data = [
        JobLogPublic(
            id=r.id, created_at=r.created_at, level=r.level, stream=r.stream, message=r.message
        )
        for r in rows
    ]
    return JobLogsPublic(data=data, count=len(data))


@router.post("/{job_id}/cancel", status_code=202)
def cancel(
    job_id: IdPath, _user: CurrentUser, session: SessionDep, executor: ExecutorDep
) -> JobPublic:
    """Cancel a pending job, or ask a running one to stop at its next batch (409 if finished)."""
    job = jobs.request_cancel(session, job_id)
    session.commit()
    executor.cancel(job_id)
    return job_public(job)
