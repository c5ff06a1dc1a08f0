"""Pipeline, state and job schemas."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

from sluice.api.schemas.ids import DbId
from sluice.connectors.sdk import SyncMode
from sluice.core.pipeline_spec import DestinationConfig, SourceConfig


class PipelineFields(BaseModel):
    """Fields shared by create and update."""

    schedule_cron: str | None = Field(
        default=None, description="5-field cron, e.g. '0 * * * *'; null = manual only."
    )
    schedule_timezone: str | None = Field(default=None, description="IANA zone; default UTC.")
    enabled: bool | None = None
    sync_mode: SyncMode | None = Field(
        default=None, description="Default sync mode for streams that name none."
    )
    drift_policy: Literal["evolve", "freeze"] | None = None
    max_parallel_streams: int | None = Field(default=None, ge=1, le=32)
    retry_max_attempts: int | None = Field(default=None, ge=1, le=20)
    retry_backoff_seconds: int | None = Field(default=None, ge=0, le=3600)
    webhook_url: str | None = None
    notify_on_success: bool | None = None


class PipelineCreate(PipelineFields):
    """A new pipeline."""

    name: str = Field(min_length=1, max_length=200)
    source_connection_id: DbId
    destination_connection_id: DbId
    source_config: SourceConfig
    destination_config: DestinationConfig = Field(default_factory=DestinationConfig)


class PipelineUpdate(PipelineFields):
    """Fields to change (omitted ones are kept)."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    source_connection_id: DbId | None = None
    destination_connection_id: DbId | None = None
    source_config: SourceConfig | None = None
    destination_config: DestinationConfig | None = None


class JobSummary(BaseModel):
    """A short view of a job (for pipeline lists)."""

    id: int
    status: str
    created_at: dt.datetime
    finished_at: dt.datetime | None
    records_loaded: int


class PipelinePublic(BaseModel):
    """A pipeline."""

    id: int
    name: str
    source_connection_id: DbId
    destination_connection_id: DbId
    source_config: dict[str, Any]
    destination_config: dict[str, Any]
    sync_mode: str
    schedule_cron: str | None
    schedule_timezone: str
    next_run_at: dt.datetime | None
    enabled: bool
    drift_policy: str
    max_parallel_streams: int
    retry_max_attempts: int
    retry_backoff_seconds: int
    webhook_url: str | None
    notify_on_success: bool
    created_at: dt.datetime
    updated_at: dt.datetime
    last_job: JobSummary | None = None


class PipelinesPublic(BaseModel):
    """A list of pipelines."""

    data: list[PipelinePublic]
    count: int


class StreamStatePublic(BaseModel):
    """The sync position of one stream."""

    stream: str
    state: dict[str, Any] | None
    job_id: int | None
    state_id: int
    updated_at: dt.datetime


class PipelineStatePublic(BaseModel):
    """Current state of every stream (``history`` only when asked)."""

    pipeline_id: int
    streams: list[StreamStatePublic]


class StateReset(BaseModel):
    """Which streams to reset (all when omitted)."""

    streams: list[str] | None = None


class StateRollback(BaseModel):
    """Make an earlier state row current again."""

    state_id: DbId


class JobPublic(BaseModel):
    """A job with its timings and counters per stream."""

    id: int
    kind: str
    pipeline_id: int | None
    connection_id: int | None
    status: str
    trigger: str
    attempt: int
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    heartbeat_at: dt.datetime | None
    duration_seconds: float | None
    worker: str | None
    cancel_requested: bool
    records_extracted: int
    records_loaded: int
    records_failed: int
    streams: dict[str, dict[str, Any]]
    error: str | None
    result: dict[str, Any] | None


class JobsPublic(BaseModel):
    """A list of jobs, newest first."""

    data: list[JobPublic]
    count: int


class JobLogPublic(BaseModel):
    """One log line."""

    id: int
    created_at: dt.datetime
    level: str
    stream: str | None
    message: str


class JobLogsPublic(BaseModel):
    """Log lines, oldest first."""

    data: list[JobLogPublic]
    count: int
