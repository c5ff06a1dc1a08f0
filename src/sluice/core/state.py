"""Incremental sync state: an append-only history per pipeline and stream.

The newest row of a stream is its current state. Rows are only ever added, so each job's
advances can be inspected, and a reset or rollback is itself a new row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sluice.connectors.sdk import Checkpoint
from sluice.db.models import PipelineState
from sluice.errors import NotFoundError


@dataclass(frozen=True)
class StreamState:
    """The current state of one stream."""

    stream: str
    state: dict[str, Any] | None
    job_id: int | None
    state_id: int
    updated_at: dt.datetime


def _row(row: PipelineState) -> StreamState:
    return StreamState(
        stream=row.stream_name,
        state=row.state_data,
        job_id=row.job_id,
        state_id=row.id,
        updated_at=row.created_at,
    )


def current_state(session: Session, pipeline_id: int) -> list[StreamState]:
    """The newest state row of every stream of the pipeline, by stream name."""
    newest = (
        select(PipelineState.stream_name, func.max(PipelineState.id).label("max_id"))
        .where(PipelineState.pipeline_id == pipeline_id)
        .group_by(PipelineState.stream_name)
        .subquery()
    )
    rows = session.scalars(
        select(PipelineState)
        .join(newest, PipelineState.id == newest.c.max_id)
        .order_by(PipelineState.stream_name)
    )
    return [_row(r) for r in rows]


def history(
    session: Session, pipeline_id: int, *, limit: int = 200, before_id: int | None = None
) -> list[StreamState]:
    """State advances of the pipeline, newest first; ``before_id`` pages to older ones."""
    query = select(PipelineState).where(PipelineState.pipeline_id == pipeline_id)
    if before_id is not None:
        query = query.where(PipelineState.id < before_id)
    rows = session.scalars(query.order_by(PipelineState.id.desc()).limit(limit))
    return [_row(r) for r in rows]


def reset(session: Session, pipeline_id: int, streams: list[str] | None = None) -> list[str]:
    """Forget the position of ``streams`` (all by default): the next run reads from scratch."""
    names = streams or [s.stream for s in current_state(session, pipeline_id)]
    for name in names:
        session.add(PipelineState(pipeline_id=pipeline_id, stream_name=name, state_data=None))
    session.flush()
    return names


def rollback_to(session: Session, pipeline_id: int, state_id: int) -> StreamState:
    """Make an earlier state row of this pipeline current again (as a new row)."""
    old = session.get(PipelineState, state_id)
    if old is None or old.pipeline_id != pipeline_id:
        raise NotFoundError(f"no state {state_id} for pipeline {pipeline_id}")
    row = PipelineState(
        pipeline_id=pipeline_id, stream_name=old.stream_name, state_data=old.state_data
    )
    session.add(row)
    session.flush()
    return _row(row)


class DbStateStore:
    """The engine's ``StateStore`` over ``pipeline_states``; each save is its own transaction,
    committed after the destination commit the engine just made."""

    def __init__(self, sessions: sessionmaker[Session], pipeline_id: int, job_id: int) -> None:
        self._sessions = sessions
        self._pipeline_id = pipeline_id
        self._job_id = job_id

    def load(self, stream_name: str) -> Checkpoint | None:
        """The stream's current checkpoint, or ``None`` (never synced, or reset)."""
        with self._sessions() as session:
            row = session.scalars(
                select(PipelineState)
                .where(
                    PipelineState.pipeline_id == self._pipeline_id,
                    PipelineState.stream_name == stream_name,
                )
                .order_by(PipelineState.id.desc())
                .limit(1)
            ).first()
        if row is None or row.state_data is None:
            return None
        return Checkpoint(row.state_data)

    def save(self, stream_name: str, checkpoint: Checkpoint) -> None:
        """Append the new position, durably, tagged with this job."""
        with self._sessions() as session:
            session.add(
                PipelineState(
                    pipeline_id=self._pipeline_id,
                    stream_name=stream_name,
                    state_data=checkpoint.to_json(),
                    job_id=self._job_id,
                )
            )
            session.commit()
