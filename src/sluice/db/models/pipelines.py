"""Pipelines (source → destination flows) and their incremental sync state history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sluice.db.base import Base, UTCDateTime, utcnow


class Pipeline(Base):
    """A source → destination flow with its stream selection and schedule."""

    __tablename__ = "pipelines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    source_connection_id: Mapped[int] = mapped_column(
        ForeignKey("connections.id", ondelete="RESTRICT"), index=True
    )
    destination_connection_id: Mapped[int] = mapped_column(
        ForeignKey("connections.id", ondelete="RESTRICT"), index=True
    )
    source_config: Mapped[dict[str, Any]] = mapped_column(JSON)
    destination_config: Mapped[dict[str, Any]] = mapped_column(JSON)
    sync_mode: Mapped[str] = mapped_column(String(32), default="full_refresh")
    schedule_cron: Mapped[str | None] = mapped_column(String(120), nullable=True)
    schedule_timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    next_run_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    drift_policy: Mapped[str] = mapped_column(String(16), default="evolve")
    max_parallel_streams: Mapped[int] = mapped_column(Integer, default=2)
    retry_max_attempts: Mapped[int] = mapped_column(Integer, default=3)
    retry_backoff_seconds: Mapped[int] = mapped_column(Integer, default=10)
    webhook_url: Mapped[str | None] = mapped_column(Text, nullable=True)
    notify_on_success: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class PipelineState(Base):
    """One advance of one stream's sync position; the newest row per stream is current.

    Rows are never updated, so every job's advances can be inspected and rolled back.
    """

    __tablename__ = "pipeline_states"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pipeline_id: Mapped[int] = mapped_column(
        ForeignKey("pipelines.id", ondelete="CASCADE"), index=True
    )
    stream_name: Mapped[str] = mapped_column(String(300))
    state_data: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    job_id: Mapped[int | None] = mapped_column(
        ForeignKey("jobs.id", ondelete="SET NULL"), nullable=True, index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
