"""Pipelines: CRUD, run, and incremental state."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from sluice.api.deps import CurrentUser, ExecutorDep, OptionalCipherDep, SessionDep
from sluice.api.routes.jobs import job_public
from sluice.api.schemas.errors import PROTECTED_ERRORS
from sluice.api.schemas.ids import MAX_ID, IdPath
from sluice.api.schemas.pipelines import (
    JobPublic,
    JobSummary,
    PipelineCreate,
    PipelinePublic,
    PipelinesPublic,
    PipelineStatePublic,
    PipelineUpdate,
    StateReset,
    StateRollback,
    StreamStatePublic,
)
from sluice.core import jobs, pipelines, state
from sluice.core.pipelines import PipelineInput
from sluice.db.models import Job, Pipeline
from sluice.errors import LockedError

router = APIRouter(prefix="/api/pipelines", tags=["pipelines"], responses=PROTECTED_ERRORS)


def _public(pipeline: Pipeline, session: SessionDep, last: Job | None = None) -> PipelinePublic:
    """The API view; ``last`` (the newest sync job) is looked up when not given."""
    if last is None:
        last = jobs.latest_sync_jobs(session, [pipeline.id]).get(pipeline.id)
    return PipelinePublic(
        id=pipeline.id,
        name=pipeline.name,
        source_connection_id=pipeline.source_connection_id,
        destination_connection_id=pipeline.destination_connection_id,
        source_config=pipeline.source_config,
        destination_config=pipeline.destination_config,
        sync_mode=pipeline.sync_mode,
        schedule_cron=pipeline.schedule_cron,
        schedule_timezone=pipeline.schedule_timezone,
        next_run_at=pipeline.next_run_at,
        enabled=pipeline.enabled,
        drift_policy=pipeline.drift_policy,
        max_parallel_streams=pipeline.max_parallel_streams,
        retry_max_attempts=pipeline.retry_max_attempts,
        retry_backoff_seconds=pipeline.retry_backoff_seconds,
        webhook_url=pipeline.webhook_url,
        notify_on_success=pipeline.notify_on_success,
        created_at=pipeline.created_at,
        updated_at=pipeline.updated_at,
        last_job=JobSummary(
            id=last.id,
            status=last.status,
            created_at=last.created_at,
            finished_at=last.finished_at,
            records_loaded=last.records_loaded,
        )
        if last
        else None,
    )


def _input(body: PipelineCreate | PipelineUpdate) -> PipelineInput:
    given = body.model_fields_set
    return PipelineInput(
        name=body.name,
        source_connection_id=body.source_connection_id,
        destination_connection_id=body.destination_connection_id,
        source_config=body.source_config.model_dump(mode="json", exclude_none=True)
        if body.source_config is not None
        else None,
        destination_config=body.destination_config.model_dump(
            mode="json", by_alias=True, exclude_none=True
        )
        if body.destination_config is not None
        else None,
        sync_mode=body.sync_mode,
        schedule_cron=body.schedule_cron,
        schedule_timezone=body.schedule_timezone,
        enabled=body.enabled,
        drift_policy=body.drift_policy,
        max_parallel_streams=body.max_parallel_streams,
        retry_max_attempts=body.retry_max_attempts,
        retry_backoff_seconds=body.retry_backoff_seconds,
        webhook_url=body.webhook_url,
        notify_on_success=body.notify_on_success,
        clear_schedule="schedule_cron" in given and body.schedule_cron is None,
    )


@router.get("")
def list_all(_user: CurrentUser, session: SessionDep) -> PipelinesPublic:
    """Every pipeline with its last job and next scheduled run."""
    found = pipelines.list_pipelines(session)
    latest = jobs.latest_sync_jobs(session, [p.id for p in found])  # one query, not one each
    return PipelinesPublic(
        data=[_public(p, session, latest.get(p.id)) for p in found], count=len(found)
    )


@router.post("", status_code=201)
def create(
    body: PipelineCreate, _user: CurrentUser, session: SessionDep, cipher: OptionalCipherDep
) -> PipelinePublic:
    """Create a pipeline; streams are checked against the source's discovered catalog."""
    return _public(pipelines.create_pipeline(session, cipher, _input(body)), session)


@router.get("/{pipeline_id}")
def get_one(pipeline_id: IdPath, _user: CurrentUser, session: SessionDep) -> PipelinePublic:
    """One pipeline."""
    return _public(pipelines.get_pipeline(session, pipeline_id), session)


@router.patch("/{pipeline_id}")
def update(
    pipeline_id: IdPath,
    body: PipelineUpdate,
    _user: CurrentUser,
    session: SessionDep,
    cipher: OptionalCipherDep,
) -> PipelinePublic:
    """Change fields (omitted ones are kept); the result is validated as a whole."""
    return _public(pipelines.update_pipeline(session, cipher, pipeline_id, _input(body)), session)


@router.delete("/{pipeline_id}", status_code=204)
def delete(pipeline_id: IdPath, _user: CurrentUser, session: SessionDep) -> None:
    """Delete a pipeline with its jobs and state (not while a job is active)."""
    pipelines.delete_pipeline(session, pipeline_id)


@router.post("/{pipeline_id}/run", status_code=202)
def run(
    pipeline_id: IdPath,
    _user: CurrentUser,
    session: SessionDep,
    executor: ExecutorDep,
    cipher: OptionalCipherDep,
) -> JobPublic:
    """Start a job now (202 with the pending job); 409 if one is already active, 423 if locked."""
    if cipher is None:
        msg = "Sluice is locked: unlock it with the master password to run pipelines"
        raise LockedError(msg)
    pipeline = pipelines.get_pipeline(session, pipeline_id)
    job = jobs.create_sync_job(session, pipeline, trigger="manual")
    session.commit()
    executor.submit(job.id)
    return job_public(job)


def _states(pipeline_id: IdPath, rows: list[state.StreamState]) -> PipelineStatePublic:
    return PipelineStatePublic(
        pipeline_id=pipeline_id,
        streams=[
            StreamStatePublic(
                stream=r.stream,
                state=r.state,
                job_id=r.job_id,
                state_id=r.state_id,
                updated_at=r.updated_at,
            )
            for r in rows
        ],
    )


@router.get("/{pipeline_id}/state")
def get_state(pipeline_id: IdPath, _user: CurrentUser, session: SessionDep) -> PipelineStatePublic:
    """The current sync position of every stream."""
    pipelines.get_pipeline(session, pipeline_id)
    return _states(pipeline_id, state.current_state(session, pipeline_id))


@router.get("/{pipeline_id}/state/history")
def get_state_history(
    pipeline_id: IdPath,
    _user: CurrentUser,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    before_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> PipelineStatePublic:
    """State advances of every stream, newest first (with the job that made each); pass the
    last ``state_id`` as ``before_id`` for older ones."""
    pipelines.get_pipeline(session, pipeline_id)
    return _states(
        pipeline_id, state.history(session, pipeline_id, limit=limit, before_id=before_id)
    )


@router.post("/{pipeline_id}/state/reset")
def reset_state(
    pipeline_id: IdPath, _user: CurrentUser, session: SessionDep, body: StateReset | None = None
) -> PipelineStatePublic:
    """Forget the position of the given streams (all by default): the next run starts over."""
    pipeline = pipelines.get_pipeline(session, pipeline_id)
    if jobs.active_job(session, pipeline.id) is not None:
        from sluice.errors import ConflictError

        raise ConflictError("a job is running: cancel it before resetting the state")
    state.reset(session, pipeline_id, body.streams if body else None)
    return _states(pipeline_id, state.current_state(session, pipeline_id))


@router.post("/{pipeline_id}/state/rollback")
def rollback_state(
    pipeline_id: IdPath, body: StateRollback, _user: CurrentUser, session: SessionDep
) -> PipelineStatePublic:
    """Make an earlier recorded position of one stream current again."""
    pipelines.get_pipeline(session, pipeline_id)
    state.rollback_to(session, pipeline_id, body.state_id)
    return _states(pipeline_id, state.current_state(session, pipeline_id))
