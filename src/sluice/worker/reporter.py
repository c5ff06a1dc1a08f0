"""The engine ``Reporter`` for a job: log lines into ``job_logs``, progress into memory (the
job monitor persists it with each heartbeat), and everything onto the live event bus."""

from __future__ import annotations

import logging
import threading
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from sluice.core import jobs
from sluice.core.events import EventBus
from sluice.engine.result import StreamResult

log = logging.getLogger(__name__)


class JobReporter:
    """Collects per-stream stats of one job; thread-safe (streams run in parallel)."""

    def __init__(self, sessions: sessionmaker[Session], job_id: int, events: EventBus) -> None:
        self._sessions = sessions
        self._job_id = job_id
        self._events = events
        self._lock = threading.Lock()
        self._stats: dict[str, dict[str, Any]] = {}

    def stats(self) -> dict[str, dict[str, Any]]:
        """A copy of the per-stream stats so far."""
        with self._lock:
            return {k: dict(v) for k, v in self._stats.items()}

    def stream_started(self, stream: str) -> None:
        """Mark ``stream`` running."""
        with self._lock:
            self._stats[stream] = {
                "status": "running",
                "records_extracted": 0,
                "records_loaded": 0,
                "records_failed": 0,
                "rows_per_second": 0.0,
                "error": None,
            }
        self._events.publish(
            {"type": "stream", "job_id": self._job_id, "stream": stream, "status": "running"}
        )

    def progress(
        self, stream: str, rows_extracted: int, rows_loaded: int, rows_per_second: float
    ) -> None:
        """Record running totals and publish them."""
        with self._lock:
            entry = self._stats.setdefault(stream, {"status": "running"})
            entry.update(
                records_extracted=rows_extracted,
                records_loaded=rows_loaded,
                rows_per_second=round(rows_per_second, 1),
            )
        self._events.publish(
            {
                "type": "progress",
                "job_id": self._job_id,
                "stream": stream,
                "records_extracted": rows_extracted,
                "records_loaded": rows_loaded,
                "rows_per_second": round(rows_per_second, 1),
            }
        )

    def stream_finished(self, result: StreamResult) -> None:
        """Record the stream's final counters and status."""
        with self._lock:
            self._stats[result.stream] = {
                "status": result.status.value,
                "records_extracted": result.records_extracted,
                "records_loaded": result.records_loaded,
                "records_failed": result.records_failed,
                "rows_per_second": round(result.records_loaded / result.duration_seconds, 1)
                if result.duration_seconds > 0
                else 0.0,
                "duration_seconds": round(result.duration_seconds, 3),
                "attempts": result.attempts,
                "binary_copy": result.binary_copy,
                "error": result.error,
            }
            stats = dict(self._stats[result.stream])
        self._events.publish(
            {"type": "stream", "job_id": self._job_id, "stream": result.stream, **stats}
        )

    def log(self, level: int, message: str) -> None:
        """Store a log line and publish it."""
        name = logging.getLevelName(level)
        try:
            with self._sessions() as session:
                row = jobs.append_log(session, self._job_id, name, message)
                session.commit()
                log_id = row.id
        except Exception:
            log.exception("could not store a log line of job %s", self._job_id)
            log_id = None
        self._events.publish(
            {"type": "log", "job_id": self._job_id, "id": log_id, "level": name, "message": message}
        )
